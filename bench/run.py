"""Run every benchmark in a fresh process, print a table, and write bench/results/latest.json.

python bench/run.py          (or: make bench)
"""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._util import run_isolated  # noqa: E402
from bench.precision import table as precision_table  # noqa: E402
from bench.task_index import table as task_index_table  # noqa: E402


def main() -> int:
    import torch

    results = {
        "machine": f"{platform.processor() or platform.machine()}, torch {torch.__version__}, "
        f"{torch.get_num_threads()} threads, CPU"
    }
    print(f"# hf_t2l benchmarks ({results['machine']})\n")

    gen = results["generation"] = run_isolated("generation", "floor")
    print("## Generation of one adapter vs the floor (Mistral-7B shapes, q_proj+v_proj, r=8, float32)\n")
    print(
        "| variant | generate (ms) | floor: head matmuls alone (ms) | ratio | goal | matmul FLOPs vs floor "
        "| compute ops |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in gen["rows"]:
        print(
            f"| {r['variant']} | {r['ours_ms']:.1f} | {r['floor_ms']:.1f} | {r['ratio']:.2f}x | <= 1.10x "
            f"| {r['flop_ratio']:.2f}x "
            f"| {r['ops_per_adapter']} |"
        )
    for r in gen["rows"]:
        if "rank_trunk_vs_floor" in r:
            print(
                f"\n{r['variant']}: its trunk's work per rank position (mlp2 again, mlp3) alone takes "
                f"{r['rank_trunk_vs_floor']:.2f}x of the floor; the rest of its pass "
                f"{r['ratio'] - r['rank_trunk_vs_floor']:.2f}x."
            )

    bat = results["batching"] = run_isolated("generation", "batching")
    print("\n## Batching (Mistral-7B shapes, L D=128/H=512; encoder all-MiniLM-L6-v2)\n")
    print(
        "| descriptions | per adapter (ms) | vs one | per adapter with encoder (ms) | vs one "
        "| encoder alone per text (ms) |"
    )
    print("|---|---|---|---|---|---|")
    for r in bat["rows"]:
        print(
            f"| {r['n']} | {r['per_adapter_ms']:.1f} | {r['vs_single']:.2f}x | {r['with_encoder_ms']:.1f} | "
            f"{r['with_encoder_vs_single']:.2f}x | {r['encoder_only_ms']:.1f} |"
        )

    print("\n## Batching per variant (Mistral-7B shapes, D=128/H=512, from embeddings)\n")
    print("| variant | one (ms) | per adapter, 64 at once (ms) | vs one | goal |")
    print("|---|---|---|---|---|")
    for r in bat["variants"]:
        print(
            f"| {r['variant']} | {r['one_ms']:.1f} | {r['batched_per_adapter_ms']:.1f} "
            f"| {r['vs_single']:.2f}x | <= 0.9x |"
        )

    ti = results["task_index"] = run_isolated("task_index")
    print(
        f"\n## Nearest-task lookup vs generation (default hypernetwork, index of {ti['tasks_in_index']} "
        "training tasks; ratio = lookup / generate)\n"
    )
    print(task_index_table(ti))

    rd = results["ready"] = run_isolated("ready", "ready")
    print(
        "\n## Description to ready model on SmolLM2-135M (encoder and hypernetwork warm) "
        "vs the adapter from disk\n"
    )
    print("| ours | time (ms) | PEFT from disk | time (ms) | ratio | goal |")
    print("|---|---|---|---|---|---|")
    print(
        f"| from_description | {rd['from_description_s'] * 1e3:.1f} | PeftModel.from_pretrained "
        f"| {rd['from_pretrained_s'] * 1e3:.1f} | "
        f"{rd['ratio']:.2f}x | <= 1.5x |"
    )
    print(
        f"| load_description | {rd['load_description_s'] * 1e3:.1f} | load_adapter "
        f"| {rd['load_adapter_s'] * 1e3:.1f} | "
        f"{rd['add_ratio']:.2f}x | <= 1.5x |"
    )
    print(
        f"\nSwitching among 10 generated adapters: set_adapter {rd['set_adapter_ms']:.2f} ms; "
        "set_adapter + forward "
        f"{rd['switch_and_forward_ms']:.1f} ms vs forward alone {rd['forward_ms']:.1f} ms (nothing reloaded)."
    )

    pl = results["pool"] = run_isolated("pool", "ready")
    pm = results["pool_memory"] = run_isolated("pool", "memory")
    n, slots = pl["n"], pl["slots"]
    print(
        f"\n## Many adapters on SmolLM2-135M: AdapterPool ({slots} slots) vs load_description, "
        f"{n} descriptions\n"
    )
    print(f"| | 1st description -> ready (ms) | {n}th (ms) | ratio | goal | all {n} (s) |")
    print("|---|---|---|---|---|---|")
    print(
        f"| AdapterPool | {pl['pool_first_ms']:.1f} | {pl['pool_last_ms']:.1f} | {pl['pool_ratio']:.2f}x "
        f"| <= 1.2x | {pl['pool_total_s']:.1f} |"
    )
    print(
        f"| load_description | {pl['load_description_first_ms']:.1f} | "
        f"{pl['load_description_last_ms']:.1f} | {pl['load_description_ratio']:.2f}x | | "
        f"{pl['load_description_total_s']:.1f} |"
    )
    print("\n(1st and last: medians of the first 5 and the last 5; ready = loaded and active.)\n")
    print(
        f"| switching among {slots} adapters | pool.set_adapter (ms) | PEFT set_adapter (ms) | ratio | goal |"
    )
    print("|---|---|---|---|---|")
    print(
        f"| same model | {pl['pool_set_adapter_ms']:.3f} | {pl['peft_set_adapter_ms']:.3f} "
        f"| {pl['switch_ratio']:.2f}x | <= 1.1x |"
    )
    print(f"\n| peak memory, {pm['n']} adapters through {pm['slots']} slots | MB |\n|---|---|")
    print(f"| peak RSS increase over base + hypernetwork + encoder | {pm['peak_increase_mb']:.1f} |")
    print(f"| {pm['slots']} slots of LoRA weights | {pm['slots_mb']:.1f} |")
    print(
        f"| goal: {pm['slots']} adapters + 10% of (base {pm['base_mb']:.0f} MB + {pm['slots']} adapters) | "
        f"{pm['budget_mb']:.1f} ({'met' if pm['within_budget'] else 'NOT met'}) |"
    )
    print(
        f"| the same {pm['n']} adapters kept by load_description (weights alone) | {pm['unbounded_mb']:.1f} |"
    )

    cr = results["cache_read"] = run_isolated("pool", "cache")
    print(
        "\n## Read-back from the disk adapter cache: AdapterCache.get with every check (ids, LoRA settings, "
        "adapter_config.json, keys, shapes, dtypes, finiteness, content hash) vs the bare read, alternated\n"
    )
    print("| base shapes | adapters | adapter (MB) | checked (ms per adapter) | bare read (ms) | ratio |")
    print("|---|---|---|---|---|---|")
    for r in cr["rows"]:
        print(
            f"| {r['shapes']} | {r['adapters']} | {r['adapter_mb']:.2f} | {r['verified_ms']:.2f} "
            f"| {r['bare_ms']:.2f} | {r['ratio']:.2f}x |"
        )

    cold = results["cold_start"] = run_isolated("ready", "cold")
    print("\n## Cold start of `hf-t2l generate` (fresh process, SmolLM2 hypernetwork, MiniLM)\n")
    print(
        "| total CLI (s) | import hf_t2l | hypernetwork load | encoder load | embedding | generation "
        "| writing |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {cold['cli_total_s']:.2f} | {cold['import_s']:.2f} | {cold['hypernetwork_load_s']:.3f} "
        f"| {cold['encoder_load_s']:.3f} | "
        f"{cold['embedding_s']:.3f} | {cold['generation_s']:.3f} | {cold['writing_s']:.3f} |"
    )
    print(
        f"\n`import hf_t2l` {cold['import_hf_t2l_s']:.2f} s vs `import peft, transformers` "
        f"{cold['import_peft_transformers_s']:.2f} s "
        f"(ratio {cold['import_hf_t2l_s'] / cold['import_peft_transformers_s']:.2f}x); "
        "sentence-transformers or gradio imported: "
        f"{cold['hf_t2l_imports_st_or_gradio']}."
    )

    cli = results["cli_help"] = run_isolated("cli_start")
    med = list(cli["medians_s"].values())  # hf-t2l --help, generate --help, python -c pass, import torch
    print("\n## `hf-t2l --help` (fresh processes, alternated, median of 7; torch is not imported)\n")
    print("| --help (s) | generate --help (s) | python -c pass (s) | import torch (s) | vs pass | vs torch |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {med[0]:.3f} | {med[1]:.3f} | {med[2]:.3f} | {med[3]:.3f} "
        f"| {cli['help_vs_python']:.2f}x | {cli['help_vs_torch']:.3f}x |"
    )

    mx = results["mixed_batch"] = run_isolated("pool", "mixed")
    print(
        f"\n## Mixed-adapter batch on SmolLM2-135M: {mx['n']} requests with {mx['n']} different adapters, "
        f"{mx['new_tokens']} new tokens each (greedy)\n"
    )
    print("| | time (s) | tokens/s |\n|---|---|---|")
    print(
        f"| one mixed batch (pool.generate, adapters per row) | {mx['mixed_s']:.2f} "
        f"| {mx['mixed_tok_s']:.1f} |"
    )
    print(
        f"| {mx['n']} sequential single-adapter calls | {mx['sequential_s']:.2f} "
        f"| {mx['sequential_tok_s']:.1f} |"
    )
    print(
        f"\nSpeed-up {mx['speedup']:.2f}x; rows identical to the single-adapter calls: "
        f"{mx['rows_identical']}/{mx['n']}."
    )

    sv = results["serve"] = run_isolated("serve")
    print(
        f"\n## hf-t2l serve on loopback (SmolLM2-135M, default hypernetwork; {sv['per_user']} requests per "
        f"user, max_tokens {sv['max_tokens']}, adapters generated during the run)\n"
    )
    print("| users | adapters | requests | requests/s | p50 latency (s) | p95 latency (s) |")
    print("|---|---|---|---|---|---|")
    for r in sv["rows"]:
        print(
            f"| {r['users']} | {r['adapters']} | {r['requests']} | {r['requests_per_s']:.2f} | "
            f"{r['p50_s']:.2f} | {r['p95_s']:.2f} |"
        )

    mem = results["memory"] = run_isolated("memory")
    print("\n## Memory of from_description on SmolLM2-135M (float32), over the base model alone\n")
    print(
        "| peak RSS increase (MB) | hypernetwork + encoder + adapter (MB) | ratio | goal: sum + 100 MB "
        "| goal: 1.2 x sum + 50 MB |"
    )
    print("|---|---|---|---|---|")
    print(
        f"| {mem['peak_increase_mb']:.1f} | {mem['hypernetwork_mb']:.1f} + {mem['encoder_mb']:.1f} "
        f"+ {mem['adapter_mb']:.1f} = "
        f"{mem['sum_mb']:.1f} | {mem['peak_increase_mb'] / mem['sum_mb']:.2f}x | {mem['core_goal_mb']:.1f} "
        f"| {mem['fast_goal_mb']:.1f} |"
    )

    tr = results["training"] = run_isolated("training")
    print("\n## Training step on SmolLM2-135M (CPU, fp32, batch of 8, same batch and loss)\n")
    print("| T2L SFT step (s) | plain PEFT LoRA step (s) | ratio | goal | T2L examples/s | PEFT examples/s |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {tr['t2l_step_s']:.3f} | {tr['peft_step_s']:.3f} | {tr['ratio']:.2f}x | <= 1.5x | "
        f"{tr['t2l_examples_per_s']:.1f} | {tr['peft_examples_per_s']:.1f} |"
    )

    prec = results["precision"] = run_isolated("precision", "--json")
    print(f"\n## float32 vs bfloat16 on this CPU (SmolLM2-135M, {prec['threads']} threads)\n")
    print(precision_table(prec))

    out = Path(__file__).resolve().parent / "results"
    if torch.cuda.is_available():
        from bench.gpu import measure as measure_gpu
        from bench.gpu import table as gpu_table

        results["gpu"] = measure_gpu(torch.device("cuda", torch.cuda.current_device()), None)
        print("\n## On the GPU (`python -m bench.gpu`)\n")
        print(gpu_table(results["gpu"]))
    else:
        print(
            "\nNo GPU here; on a CUDA machine `python -m bench.gpu` adds the GPU rows "
            f"(last GPU run: {out / 'gpu-h200.json'})."
        )
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2))
    print(f"\nJSON: {out / 'latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
