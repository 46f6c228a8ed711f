"""The main job on the offline default: a description in, an adapter out, base vs adapted answers."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from peft import PeftModel
from tqdm.auto import tqdm
from transformers import AutoModelForCausalLM, AutoTokenizer

from .chat import greedy_answer
from .errors import InvalidConfigError
from .evaluation.evaluate import evaluate
from .integration import get_t2l_state
from .offline.bundled import SMOLLM2_ID, default_hypernetwork, resolve_base_model
from .quiet import loading_bars_off
from .training.data import load_task_collection

#: The held-out task of the demo (never seen in training), from the task suite v1. Chosen after the
#: held-out evaluation as one where the adapter helps; README.md lists all 29, including where it does not.
DEMO_TASK = "event_greet_person"
#: That one task (its descriptions and examples, as in tasks/t2l-tasks-v1), shipped inside the package.
DEMO_DATA = Path(__file__).resolve().parent / "demo_task"


@dataclass
class DemoResult:
    description: str
    trained: bool
    seconds_generate: float
    adapter_mb: float
    delta_w_norm: float
    answers: list[tuple[str, str, str]] = field(default_factory=list)  # (prompt, base, adapted)
    accuracy: dict[str, float] = field(default_factory=dict)  # condition -> accuracy on the held-out task


def chat_answer(model: torch.nn.Module, tokenizer: Any, prompt: str, *, max_new_tokens: int = 24) -> str:
    """Greedy answer of a chat model to one user message (see :func:`hf_t2l.chat.greedy_answer`)."""
    return greedy_answer(model, tokenizer, [prompt], max_new_tokens=max_new_tokens)[0]


def delta_w_norm(adapter) -> float:
    """Frobenius norm of scaling * B @ A summed (in quadrature) over all adapted modules."""
    total = 0.0
    for key, a in adapter.state_dict.items():
        if ".lora_A." in key:
            b = adapter.state_dict[key.replace(".lora_A.", ".lora_B.")]
            total += float((adapter.scaling * (b.float() @ a.float())).norm() ** 2)
    return total**0.5


def run_demo(
    description: str | None = None,
    prompts: tuple[str, ...] | None = None,
    *,
    emit: Callable[[str], None] = lambda s: None,
    max_examples: int = 32,
    show_progress: bool = True,
) -> DemoResult:
    """Load SmolLM2-135M-Instruct, all-MiniLM-L6-v2 and the default hypernetwork (offline), generate an
    adapter for a held-out task from its description, compare answers and the task's accuracy both ways.

    With ``description`` (your own task), the answers to your ``prompts`` are compared and nothing is
    scored; without it, the held-out task :data:`DEMO_TASK` (shipped in the package) is used, its first
    examples (or your ``prompts``) answered and its accuracy scored.
    ``show_progress`` shows a progress bar over the accuracy phase (the part that takes minutes).

    Raises:
        InvalidConfigError: ``description`` without ``prompts`` (there is nothing to answer).
    """
    if description is not None and not prompts:
        raise InvalidConfigError(
            f"the demo of your own description {description!r} needs inputs to answer: "
            "pass one or more, e.g. --input 'What is the capital of Peru?'"
        )
    base_dir = resolve_base_model(SMOLLM2_ID)
    with loading_bars_off():  # a fraction of a second each: no bars
        tokenizer = AutoTokenizer.from_pretrained(base_dir)
        model = AutoModelForCausalLM.from_pretrained(base_dir, dtype=torch.float32)  # float32: fastest on CPU
        model.eval()
        t2l, trained = default_hypernetwork()
    if not trained:
        emit(
            "NOTE: no trained default hypernetwork is installed. This demo uses a freshly initialised "
            "(UNTRAINED) "
            "hypernetwork: it writes valid adapters whose delta W is exactly 0, so the adapted answers equal "
            "the base answers. The path (description -> embedding -> adapter -> PeftModel) is the real one."
        )
    task = _demo_task() if description is None else None
    if task is not None:
        description = task.descriptions[0]
        prompts = prompts or tuple(p for p, _ in task.examples[:4])
        emit(f"Held-out task {task.task_id!r} (never seen in training).")
    t2l.get_encoder()  # load the encoder before timing generation
    start = time.perf_counter()
    peft_model = PeftModel.from_description(model, description, hypernetwork=t2l)
    seconds = time.perf_counter() - start
    adapter = get_t2l_state(peft_model).adapters["default"]
    result = DemoResult(description, trained, seconds, adapter.nbytes / 2**20, delta_w_norm(adapter))
    emit(f"Description: {description}")
    emit(
        f"Adapter: r={adapter.lora_config.r}, modules={sorted(adapter.lora_config.target_modules)}, "
        f"{adapter.num_parameters:,} parameters ({result.adapter_mb:.2f} MB), generated and loaded in "
        f"{seconds:.2f} s; size of the weight change it makes: {result.delta_w_norm:.4f} "
        "(norm of the LoRA update scaling * B @ A over all layers; 0 would leave the model unchanged)"
    )
    for prompt in prompts:
        with peft_model.disable_adapter():
            base = chat_answer(peft_model, tokenizer, prompt)
        adapted = chat_answer(peft_model, tokenizer, prompt)
        result.answers.append((prompt, base, adapted))
        emit(f"\nPrompt:  {prompt}\n  base:    {base}\n  adapted: {adapted}")
    if task is not None:
        base_model = peft_model.unload()
        conditions = ("base", "base+description", "t2l")
        emit(f"\nScoring {max_examples} examples of {task.task_id!r} under {len(conditions)} conditions")
        for condition in tqdm(conditions, desc="accuracy", unit="condition", disable=not show_progress):
            report = evaluate(
                str(DEMO_DATA),
                hypernetwork=t2l,
                conditions=(condition,),
                tasks=[task.task_id],
                seeds=1,
                max_examples=max_examples,
                base_model=base_model,
                tokenizer=tokenizer,
                show_progress=False,
            )
            result.accuracy[condition] = report.per_task[task.task_id][condition][0]
        emit(
            f"\nAccuracy on {max_examples} examples of {task.task_id!r} ({task.metric}): base model "
            f"{100 * result.accuracy['base']:.0f}%, base model with the description in its prompt "
            f"{100 * result.accuracy['base+description']:.0f}%, with the generated adapter "
            f"{100 * result.accuracy['t2l']:.0f}%"
        )
    return result


def _demo_task():
    """The demo's held-out task, from the copy shipped in the package."""
    return next(t for t in load_task_collection(str(DEMO_DATA), "heldout") if t.task_id == DEMO_TASK)
