"""The description style engine: per-task slots x a bank of style templates -> varied descriptions.

A task gives *slots*: actions (imperative phrases), noun phrases naming its input, its output format
(:class:`~.core.Output`) and one of its own examples. A *bank* holds sentence frames in many styles
(terse, imperative, explanatory, question, naming the output format, with an inline example, second
person, passive) and its own wording of every output format. Training families use :data:`TRAIN`;
validation and held-out families use :data:`HELDOUT`, whose wording shares no phrase with
:data:`TRAIN` (the tests check this), so that template phrasing cannot leak from training into
evaluation.

Frame placeholders: ``{action}`` / ``{Action}`` (capitalised), ``{input}`` / ``{Input}``, ``{fmt}`` (a
format sentence), ``{what}`` (a noun phrase for the answer) and ``{example}``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .core import N_DESCRIPTIONS, Example, Output, Task, rng_for

__all__ = ["HELDOUT", "TRAIN", "Bank", "bank_for", "descriptions", "what"]


@dataclass(frozen=True)
class Bank:
    """Sentence frames by style and the wording of each output kind (``{...}`` filled per task)."""

    name: str
    frames: dict[str, tuple[str, ...]]
    outputs: dict[str, tuple[str, ...]]
    example: str  # how an inline example reads: {p} prompt, {r} response


def _q(labels: tuple[str, ...], word: str) -> str:
    quoted = [f"'{x}'" for x in labels]
    return f"{', '.join(quoted[:-1])} {word} {quoted[-1]}" if len(quoted) > 1 else quoted[0]


TRAIN = Bank(
    "train",
    frames={
        "terse": ("{Action}. {fmt}", "Task: {action}. {fmt}", "{Action}; output {what}."),
        "imperative": (
            "Given {input}, {action}. {fmt}",
            "Please {action}. {fmt}",
            "Read {input} and {action}. {fmt}",
            "{Action}. {fmt} Do not explain your answer.",
        ),
        "explanatory": (
            "The input is {input}. {Action}. {fmt}",
            "This task takes {input}. The goal is to {action}. {fmt}",
            "{fmt} The task is to {action}.",
            "Here is what to do with {input}: {action}. {fmt}",
        ),
        "question": ("Can you {action}? {fmt}", "Given {input}, could you {action}? {fmt}"),
        "format": ("Output format: {what}. {Action}.", "Answer with {what}. The job: {action}."),
        "example": (
            "{Action}. {fmt} For example: {example}.",
            "Given {input}, {action}. Example: {example}. {fmt}",
        ),
        "second_person": (
            "You will receive {input}. {Action}. {fmt}",
            "Your job is to {action}. {fmt}",
            "I will give you {input}; {action}. {fmt}",
            "When you are shown {input}, {action}. {fmt}",
        ),
        "passive": (
            "You are given {input}. {Action}. {fmt}",
            "You are provided with {input} and asked to {action}. {fmt}",
        ),
    },
    outputs={
        "only": (
            "Reply with only {what}.",
            "Answer with just {what} and nothing else.",
            "Output {what} alone, with no extra text.",
        ),
        "number": (
            "Reply with only the number.",
            "Answer with just {what}, written in digits.",
            "Give {what} as a plain number and nothing else.",
        ),
        "labels": (
            "Reply with only {or_list}.",
            "Answer with exactly one label: {csv}.",
            "The only allowed answers are {and_list}.",
        ),
        "yesno": (
            "Reply '{yes}' if {cond} and '{no}' otherwise.",
            "Answer {yes} when {cond}; if not, answer {no}.",
            "Say only {yes} or {no} ({yes} means {cond}).",
        ),
        "exactly": (
            "Reply with exactly {what}.",
            "Write only {what}, nothing more.",
            "The answer must be exactly {what}.",
        ),
    },
    example='"{p}" gives "{r}"',
)

HELDOUT = Bank(
    "heldout",
    frames={
        "terse": ("{Action}. {fmt}", "Job: {action}. {fmt}", "In short: {action}. {fmt}"),
        "imperative": (
            "Kindly {action}. {fmt}",
            "Take {input} and {action}. {fmt}",
            "Look at {input}, then {action}. {fmt}",
        ),
        "explanatory": (
            "In: {input}. Out: {what}. In other words, {action}. {fmt}",
            "Purpose of this exercise: {action}. {fmt}",
            "Every item is {input}. {Action}. {fmt} No explanations.",
        ),
        "question": ("Would you {action}? {fmt}", "Are you able to {action}? {fmt}"),
        "format": ("Expected reply: {what}. To get it, {action}.", "Format of the reply: {what}. {Action}."),
        "example": ("{Action}. {fmt} Sample: {example}.", "{Action} (e.g. {example}). {fmt}"),
        "second_person": (
            "Suppose you see {input}. {Action}. {fmt}",
            "You're handed {input}. You should {action}. {fmt}",
            "Someone sends you {input}; {action}. {fmt}",
            "Now you get {input}. {Action}. {fmt}",
        ),
        "passive": (
            "{Input} will be supplied. It should be handled like so: {action}. {fmt}",
            "Objective, after receiving {input}: {action}. {fmt}",
        ),
    },
    outputs={
        "only": (
            "Only {what} belongs in the reply.",
            "Respond with {what}, no commentary.",
            "Return {what} by itself.",
        ),
        "number": (
            "Return {what} written as digits only.",
            "Respond using digits only: {what}.",
            "Print {what} as bare digits.",
        ),
        "labels": (
            "Pick a single label among {csv} and print it by itself.",
            "Choose {or_list}; return just that.",
            "Valid replies: {csv}. Print one of them by itself.",
        ),
        "yesno": (
            "Return '{yes}' when {cond}, else '{no}'.",
            "If {cond}, respond {yes}; otherwise respond {no}.",
            "Print {yes} or {no}: {yes} means {cond}.",
        ),
        "exactly": (
            "Return {what} without any text around it.",
            "Respond exactly with {what}.",
            "Print {what}, no more and no less.",
        ),
    },
    example="input {p}, output {r}",
)


def bank_for(split: str) -> Bank:
    """:data:`TRAIN` for training families, :data:`HELDOUT` for validation and held-out ones."""
    return TRAIN if split == "train" else HELDOUT


def what(output: Output, labels: list[str] | None) -> str:
    """A noun phrase for the answer (``the reversed word``; ``'yes' or 'no'``; ``one of 'a', 'b' or 'c'``)."""
    if output.kind == "labels" or (output.kind == "sentences" and not output.what and labels):
        names = output.labels or tuple(labels or ())
        return ("one of " if len(names) > 2 else "") + _q(names, "or")
    if output.kind == "yesno":
        return _q((output.yes, output.no), "or")
    text = output.what or "the answer"
    for pointer in ("that ", "those "):  # "that word" reads well only after the action names the word
        if text.startswith(pointer):
            text = "the " + text[len(pointer) :]
    return text


def _format_sentences(bank: Bank, output: Output, labels: list[str] | None) -> list[str]:
    if output.kind == "sentences":
        return list(output.sentences)
    names = output.labels
    slots = {
        "what": what(output, labels),
        "cond": output.cond,
        "yes": output.yes,
        "no": output.no,
        "or_list": _q(names, "or") if names else "",
        "and_list": _q(names, "and") if names else "",
        "csv": ", ".join(names),
    }
    return [s.format(**slots) for s in bank.outputs[output.kind]]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def descriptions(task: Task, examples: list[Example], *, n: int = N_DESCRIPTIONS) -> list[str]:
    """``n`` distinct descriptions of ``task``: every frame of its bank once, cycling through the slots.

    Hand-written ``task.extra`` descriptions come first. Raises ``ValueError`` if fewer than ``n``
    distinct texts can be made.
    """
    bank = bank_for(task.split)
    rng = rng_for("descriptions", task.task_id)
    frames = [f for style in sorted(bank.frames) for f in bank.frames[style]]
    rng.shuffle(frames)
    fmts = _format_sentences(bank, task.output, task.labels)
    answer = what(task.output, task.labels)
    out: list[str] = list(dict.fromkeys(task.extra))
    for i in range(len(frames) * max(len(task.actions), len(fmts), len(task.inputs))):
        text = _fill(frames[i % len(frames)], i, task, fmts, answer, examples, bank, rng)
        if text not in out:
            out.append(text)
        if len(out) == n:
            return out
    raise ValueError(f"Task {task.task_id!r}: only {len(out)} distinct descriptions; give more actions.")


def _fill(
    frame: str,
    i: int,
    task: Task,
    fmts: list[str],
    answer: str,
    examples: list[Example],
    bank: Bank,
    rng: random.Random,
) -> str:
    action = task.actions[i % len(task.actions)]
    fmt = fmts[(i // len(task.actions) + i) % len(fmts)]
    inp = task.inputs[(i + i // len(fmts)) % len(task.inputs)]
    example = ""
    if "{example}" in frame:
        p, r = examples[rng.randrange(len(examples))]
        example = bank.example.format(p=p, r=r)
    return frame.format(
        Action=_cap(action), action=action, fmt=fmt, what=answer, input=inp, Input=_cap(inp), example=example
    )
