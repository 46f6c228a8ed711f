"""hf_t2l Space: describe a task, get a LoRA adapter, try it side by side, take it home.

The Gradio layout over hf_t2l (click handlers in t2l_handlers.py, model glue in t2l_backend.py). Run
it with ``python app.py``; host and port come from GRADIO_SERVER_NAME / GRADIO_SERVER_PORT (default
127.0.0.1:7860). ``build_demo()`` returns the gr.Blocks for tests.

Visitors' tokens: on a Space, the visitor signs in with gr.LoginButton (OAuth) and the push uses
their gr.OAuthToken; run locally (no SPACE_ID), a password field takes a token. Either way the token
goes straight to the Hub client for that one push: it is never put in gr.State, never logged, never
shown back, and scrubbed from any message.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
if str(Path(__file__).resolve().parent) not in sys.path:  # its modules sit next to this file
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import gradio as gr  # noqa: E402
import t2l_backend as backend  # noqa: E402
from t2l_backend import (  # noqa: E402
    DEFAULT_MAX_NEW_TOKENS,
    MAX_DESCRIPTION_CHARS,
    MAX_NEW_TOKENS,
    MAX_PROMPT_CHARS,
    Choice,
    Visitor,
    truthy,
)
from t2l_handlers import EXAMPLE_DESCRIPTIONS, EXAMPLE_PROMPTS, make_handlers  # noqa: E402

logger = logging.getLogger("hf_t2l.space")

TITLE = "Text-to-LoRA: describe a task, get a LoRA adapter"

ADVICE = """
- **Say what to do with the input**, as an instruction: *"Classify ..."*, *"Translate ..."*,
  *"Answer with ..."*.
- **Name the output you want**: *"answer with one word: positive or negative"*,
  *"give only the final number"*.
- **One task per adapter**, in one to three plain sentences. No example inputs are needed: the
  hypernetwork reads only this description.
- **Length limit**: the hypernetwork's sentence encoder reads at most 256 tokens (about 150 words) for
  the default one; longer descriptions are refused with a message, never silently cut.
- If the hypernetwork is untrained (hf_t2l's fallback default when no trained one is installed), its
  adapters have delta W = 0: the adapted answers equal the base answers, the plot is flat, and the app
  says so.
  The released reference hypernetworks (on a GPU) write real adapters.
"""

CSS = """
#t2l-title {margin-bottom: 0}
.t2l-answer textarea {font-size: 0.95rem}
"""


# --- messages ---------------------------------------------------------------------------------------


def running_on_a_space() -> bool:
    return bool(os.environ.get("SPACE_ID"))


# --- layout -----------------------------------------------------------------------------------------
def build_demo(choices: tuple[Choice, ...] | None = None, *, on_space: bool | None = None) -> gr.Blocks:
    """The app. ``choices`` default to ``t2l_backend.load_choices()``; ``on_space`` to SPACE_ID being set."""
    choices = backend.load_choices() if choices is None else tuple(choices)
    on_space = running_on_a_space() if on_space is None else on_space
    h = make_handlers(choices, on_space=on_space)
    with gr.Blocks(title="hf_t2l: Text-to-LoRA", delete_cache=(1800, 3600)) as demo:
        # one Visitor record per session (Gradio deep-copies this initial value for each session)
        visitor = gr.State(Visitor(), delete_callback=backend.cleanup_visitor)
        gr.Markdown(f"# {TITLE}", elem_id="t2l-title")
        gr.Markdown(
            "A *hypernetwork* turns a plain-language task description into a LoRA adapter for a language "
            "model in one forward pass: no data, no training. Describe a task, generate the adapter, compare "
            "the base and the adapted model on a prompt, then download the adapter or push it to your "
            "Hugging Face account. Built on hf_t2l, which brings "
            "[Text-to-LoRA](https://arxiv.org/abs/2506.06105) (Charakorn et al., "
            "ICML 2025) to the Hugging Face ecosystem."
        )
        with gr.Row(equal_height=False):
            with gr.Column(scale=1):
                gr.Markdown("### 1. Choose")
                choice = gr.Dropdown(
                    [c.label for c in choices],
                    value=choices[0].label,
                    label="Base model + hypernetwork",
                    elem_id="t2l-choice",
                    interactive=True,
                )
                description = gr.Textbox(
                    label="Task description",
                    lines=3,
                    max_length=MAX_DESCRIPTION_CHARS,
                    elem_id="t2l-description",
                    placeholder="e.g. " + EXAMPLE_DESCRIPTIONS[1],
                    info="Plain words, one to three sentences; the encoder reads at most 256 tokens "
                    "(about 150 words).",
                )
                gr.Examples(
                    [[d] for d in EXAMPLE_DESCRIPTIONS], inputs=[description], label="Example descriptions"
                )
                with gr.Accordion("How to write a good description", open=False):
                    gr.Markdown(ADVICE)
                gr.Markdown("### 2. Generate")
                gen_btn = gr.Button("Generate adapter", variant="primary", elem_id="t2l-generate")
                status = gr.Markdown(
                    "No adapter yet: describe a task and press *Generate adapter*.", elem_id="t2l-status"
                )
                plot = gr.LinePlot(
                    None,
                    x="layer",
                    y="norm",
                    color="module",
                    x_title="layer",
                    y_title="‖scaling · B·A‖ (Frobenius)",
                    y_axis_format=".3~g",
                    elem_id="t2l-plot",
                    label="‖ΔW‖ per layer and module",
                    show_label=True,
                )
            with gr.Column(scale=1):
                gr.Markdown("### 3. Try")
                prompt = gr.Textbox(
                    label="Prompt",
                    lines=2,
                    max_length=MAX_PROMPT_CHARS,
                    elem_id="t2l-prompt",
                    placeholder="e.g. " + EXAMPLE_PROMPTS[0],
                )
                gr.Examples([[p] for p in EXAMPLE_PROMPTS], inputs=[prompt], label="Example prompts")
                with gr.Accordion("Decoding (the same for both models)", open=False):
                    max_new = gr.Slider(
                        1,
                        MAX_NEW_TOKENS,
                        value=DEFAULT_MAX_NEW_TOKENS,
                        step=1,
                        label="Max new tokens",
                        elem_id="t2l-max-new-tokens",
                    )
                    temperature = gr.Slider(0.0, 2.0, value=0.0, step=0.05, label="Temperature (0 = greedy)")
                    seed = gr.Number(value=0, precision=0, label="Seed (for sampling)")
                ask_btn = gr.Button("Ask both models", variant="primary", elem_id="t2l-ask")
                with gr.Row():
                    base_box = gr.Textbox(
                        label="Base model",
                        lines=7,
                        interactive=False,
                        elem_id="t2l-base",
                        elem_classes="t2l-answer",
                    )
                    adapted_box = gr.Textbox(
                        label="With your adapter",
                        lines=7,
                        interactive=False,
                        elem_id="t2l-adapted",
                        elem_classes="t2l-answer",
                    )
                ask_status = gr.Markdown("", elem_id="t2l-ask-status")
                gr.Markdown("### 4. Take")
                download = gr.DownloadButton(
                    "Download adapter (.zip)", value=None, interactive=False, elem_id="t2l-download"
                )
                with gr.Row():
                    repo = gr.Textbox(
                        label="New Hub repo",
                        placeholder="your-username/my-t2l-adapter",
                        elem_id="t2l-repo",
                        scale=3,
                    )
                    private = gr.Checkbox(label="Private", value=True, elem_id="t2l-private", scale=1)
                if on_space:
                    gr.LoginButton()
                    token = None
                else:
                    token = gr.Textbox(
                        label="Hugging Face token (write access)",
                        type="password",
                        elem_id="t2l-token",
                        info="Used for this one push, then emptied: never stored, logged or shown.",
                    )
                push_btn = gr.Button("Push to the Hub", elem_id="t2l-push")
                push_result = gr.Markdown("", elem_id="t2l-push-result")

        def lock_button():
            return gr.Button("Generating... (please wait)", interactive=False)

        def unlock_button():
            return gr.Button("Generate adapter", interactive=True)

        generating = gen_btn.click(lock_button, None, gen_btn, queue=False, api_visibility="private").then(
            h["generate"],
            [choice, description, visitor],
            [status, plot, download, visitor],
            api_name="generate",
            show_progress_on=[status],
        )
        # the button comes back whether generation succeeded or failed (Gradio runs .then only after success)
        generating.then(unlock_button, None, gen_btn, queue=False, api_visibility="private")
        generating.failure(unlock_button, None, gen_btn, queue=False, api_visibility="private")
        ask_inputs = [prompt, max_new, temperature, seed, visitor]
        ask_outputs = [base_box, adapted_box, ask_status]
        ask_btn.click(h["ask"], ask_inputs, ask_outputs, api_name="ask", show_progress="minimal")
        prompt.submit(h["ask"], ask_inputs, ask_outputs, api_visibility="private", show_progress="minimal")
        if on_space:
            push_btn.click(h["push_space"], [repo, private, visitor], [push_result], api_name="push")
        else:
            push_btn.click(
                h["push_local"], [repo, private, token, visitor], [push_result, token], api_name="push"
            )
    # base model work is serialised per model by its lock; the queue bounds how many visitors wait
    demo.queue(default_concurrency_limit=2, max_size=32)
    return demo


def launch(demo: gr.Blocks, **kwargs: Any):
    """Launch with the Space's settings: host/port from GRADIO_SERVER_NAME / GRADIO_SERVER_PORT, no run
    history (it would record inputs, the token field among them), no tracebacks to visitors."""
    options: dict[str, Any] = {
        "show_error": False,
        "run_history": False,
        "footer_links": ["api", "gradio"],
        "theme": gr.themes.Soft(),
        "css": CSS,
        "ssr_mode": False,
    }
    options.update(kwargs)
    return demo.launch(**options)


def preload(choice: Choice) -> None:
    """Load the first choice's models in the background so the first visitor does not wait."""
    try:
        backend.get_engine(choice)
        backend.get_hypernetwork(choice)
    except Exception as e:
        logger.warning("Preloading %r failed (it will be retried on first use): %s", choice.label, e)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    choices = backend.load_choices()
    demo = build_demo(choices)
    if truthy(os.environ.get("HF_T2L_SPACE_PRELOAD", "1")):
        threading.Thread(target=preload, args=(choices[0],), daemon=True).start()
    launch(demo)


if __name__ == "__main__":
    main()
