"""Benchmark: the nearest-training-task lookup against generating the adapter, on the default hypernetwork.

    python -m bench.task_index      (one row of `make bench`; prints JSON last)

Per description, for 1 and 64 descriptions at once: the lookup alone (``TaskIndex.nearest`` on the
descriptions' embeddings, plus the unfamiliarity check ``generate`` makes), ``generate`` from text (it
encodes, looks up and builds the adapters) and ``generate`` from the embeddings; measured alternately.
"""

from __future__ import annotations

import json

import torch

from ._util import best_of, paired_ratio

DESCRIPTIONS = [
    "Answer with the capital city of the given country.",
    "Count the vowels in the word.",
    "Reply in French.",
    "Write the word backwards.",
    "Is the number even? Answer yes or no.",
    "Classify the sentiment of the review as positive or negative.",
    "Convert the date to ISO format.",
    "🙂🙂🙂",
]


def measure(sizes: tuple[int, ...] = (1, 64), repeat: int = 9) -> dict:
    from hf_t2l.offline.bundled import default_hypernetwork

    torch.set_grad_enabled(False)
    t2l, trained = default_hypernetwork()
    index = t2l.task_index
    if index is None:
        raise RuntimeError("The default hypernetwork ships no task index; nothing to measure.")
    rows = []
    for n in sizes:
        texts = [f"{DESCRIPTIONS[i % len(DESCRIPTIONS)]} ({i})" for i in range(n)]
        emb = t2l.get_encoder().encode(texts)

        def lookup(emb=emb):
            return [index.is_unfamiliar(near) for near in index.nearest(emb)]

        def generate(texts=texts):
            return t2l.generate(texts)

        lookup_s, generate_s, ratio = paired_ratio(lookup, generate, repeat=repeat)
        from_embeddings_s = best_of(lambda emb=emb: t2l.generate(task_embeddings=emb), repeat=repeat)
        rows.append(
            {
                "n": n,
                "lookup_ms_per_description": 1e3 * lookup_s / n,
                "generate_ms_per_description": 1e3 * generate_s / n,
                "generate_from_embeddings_ms_per_description": 1e3 * from_embeddings_s / n,
                "lookup_vs_generate": ratio,
                "lookup_vs_generate_from_embeddings": lookup_s / from_embeddings_s,
            }
        )
    return {"tasks_in_index": len(index), "dim": index.dim, "trained": trained, "rows": rows}


def table(result: dict) -> str:
    """The markdown rows of ``make bench``."""
    lines = [
        "| descriptions | lookup (ms per description) | generate from text (ms per description) | ratio "
        "| generate from embeddings (ms per description) | ratio |",
        "|---|---|---|---|---|---|",
    ]
    for r in result["rows"]:
        lines.append(
            f"| {r['n']} | {r['lookup_ms_per_description']:.3f} | {r['generate_ms_per_description']:.2f} "
            f"| {100 * r['lookup_vs_generate']:.2f}% "
            f"| {r['generate_from_embeddings_ms_per_description']:.2f} "
            f"| {100 * r['lookup_vs_generate_from_embeddings']:.2f}% |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(json.dumps(measure()))
