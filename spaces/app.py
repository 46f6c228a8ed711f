"""hf_t2l Space: describe a task, get a LoRA adapter, try it side by side, take it home.

A thin Gradio UI over hf_t2l (model glue in t2l_backend.py). Run it with ``python app.py``; host and
port come from GRADIO_SERVER_NAME / GRADIO_SERVER_PORT (default 127.0.0.1:7860). ``build_demo()``
returns the gr.Blocks for tests.

Visitors' tokens: on a Space, the visitor signs in with gr.LoginButton (OAuth) and the push uses
their gr.OAuthToken; run locally (no SPACE_ID), a password field takes a token. Either way the token
goes straight to the Hub client for that one push: it is never put in gr.State, never logged, never
shown back, and scrubbed from any message.
"""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
if str(Path(__file__).resolve().parent) not in sys.path:  # t2l_backend.py sits next to this file
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import gradio as gr  # noqa: E402
import pandas as pd  # noqa: E402
import t2l_backend as backend  # noqa: E402
from t2l_backend import (  # noqa: E402
    DEFAULT_MAX_NEW_TOKENS,
    MAX_DESCRIPTION_CHARS,
    MAX_NEW_TOKENS,
    MAX_PROMPT_CHARS,
    MAX_PROMPT_TOKENS,
    Choice,
    DescriptionTooLongError,
    Visitor,
)

from hf_t2l import errors as hf_errors  # noqa: E402

logger = logging.getLogger("hf_t2l.space")

TITLE = "Text-to-LoRA: describe a task, get a LoRA adapter"

EXAMPLE_DESCRIPTIONS = [  # the first two are held-out tasks of the offline default (never seen in its training)
    "Greet the person mentioned in the sentence. Reply with exactly 'Hello, NAME!' with the person's name in place of NAME.",
    "Given a calendar year, decide whether the year is a leap year. Reply 'yes' if it is a leap year and 'no' otherwise.",
    "Answer with the capital city of the given country, and nothing else.",
    "Classify the sentiment of the given movie review as positive or negative; answer with one word.",
    "Translate the given English sentence into French.",
]
EXAMPLE_PROMPTS = [
    "On Saturday, Gina bought 7 notebooks in Lima.",
    "1996",
    "France",
    "I loved every minute of this film.",
]

ADVICE = """
- **Say what to do with the input**, as an instruction: *"Classify ..."*, *"Translate ..."*,
  *"Answer with ..."*.
- **Name the output you want**: *"answer with one word: positive or negative"*,
  *"give only the final number"*.
- **One task per adapter**, in one to three plain sentences. No example inputs are needed: the
  hypernetwork reads only this description.
- **Length limit**: the hypernetwork's sentence encoder reads at most 256 tokens (about 150 words) for
  the default one; longer descriptions are refused with a message, never silently cut.
- If the hypernetwork is untrained (hf_t2l's embedded default until a trained one ships), its adapters
  have delta W = 0: the adapted answers equal the base answers, the plot is flat, and the app says so.
  The released reference hypernetworks (on a GPU) write real adapters.
"""

CSS = """
#t2l-title {margin-bottom: 0}
.t2l-answer textarea {font-size: 0.95rem}
"""


# --- messages ---------------------------------------------------------------------------------------
def _fail(message: str, title: str = "Error") -> gr.Error:
    """A message for the visitor (HTML-escaped: it may quote their input), shown by Gradio as an alert."""
    return gr.Error(html.escape(message, quote=False), title=title, duration=15, print_exception=False)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def _md(text: str, limit: int = 240) -> str:
    """Plain text made safe to show inside Markdown (no markup, no HTML)."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def _size(nbytes: int) -> str:
    return f"{nbytes / 2**20:.2f} MB" if nbytes >= 2**20 else f"{nbytes / 2**10:.1f} kB"


# --- handlers ---------------------------------------------------------------------------------------
def _visitor(value: Any) -> Visitor:
    if not isinstance(value, Visitor):  # never happens through the UI; defensive for API callers
        raise _fail("Your session has expired; reload the page.", "Session expired")
    return value


class _Refused(Exception):
    """A push that cannot happen, with the reason to show."""


def make_handlers(choices: tuple[Choice, ...], *, on_space: bool = False) -> dict[str, Any]:
    by_label = {c.label: c for c in choices}

    def generate(choice_label: str, description: str, visitor: Visitor, progress=gr.Progress()):  # noqa: B008
        """Generate a LoRA adapter from a task description with the chosen hypernetwork."""
        visitor = _visitor(visitor)
        if visitor.busy:
            raise _fail(
                "An adapter is already being generated for you. Wait until it is ready, then try again.",
                "Busy",
            )
        choice = by_label.get(choice_label)
        if choice is None:
            raise _fail(f"Unknown choice {choice_label!r}; pick one from the list.", "Choose a model")
        if not isinstance(description, str) or not description.strip():
            raise _fail(
                "The description is empty. Describe the task in a sentence, e.g. "
                f"'{EXAMPLE_DESCRIPTIONS[0]}'",
                "Describe the task",
            )
        description = description.strip()
        if len(description) > MAX_DESCRIPTION_CHARS:
            raise _fail(
                f"The description is too long: {len(description):,} characters, the limit is "
                f"{MAX_DESCRIPTION_CHARS:,}. Keep it to one to three sentences.",
                "Description too long",
            )
        visitor.busy = True
        try:
            progress(0.05, desc="Starting")
            t0 = time.perf_counter()
            engine = backend.get_engine(choice, on_load=lambda s: progress(0.2, desc=s))
            hypernetwork, trained = backend.get_hypernetwork(choice, on_load=lambda s: progress(0.5, desc=s))
            load_seconds = time.perf_counter() - t0
            progress(0.7, desc="Writing the adapter (one pass of the hypernetwork)")
            name = visitor.new_adapter_name()
            t1 = time.perf_counter()
            adapter = engine.add_adapter(hypernetwork, description, name)
            seconds = time.perf_counter() - t1
            previous = (backend.engine_for(visitor.base_key), visitor.adapter)
            visitor.adapter, visitor.base_key, visitor.choice_label = name, engine.key, choice.label
            visitor.description, visitor.zip_path = description, None
            if previous[0] is not None:  # this visitor's previous adapter and files go: memory stays bounded
                previous[0].retire(previous[1])
            progress(0.85, desc="Packing the download")
            folder = backend.visitor_dir(visitor)
            shutil.rmtree(folder, ignore_errors=True)
            zip_path = backend.write_zip(
                adapter, folder / str(visitor.count), f"t2l-{backend.slug(description)}"
            )
            visitor.zip_path = str(zip_path)
            table = backend.delta_w_table(adapter)
        except DescriptionTooLongError as e:
            if e.tokens and e.limit:
                msg = (
                    f"The description is too long: {e.tokens} tokens, and this hypernetwork's encoder reads "
                    "at most "
                    f"{e.limit} tokens (about {int(e.limit * 0.6)} words). Shorten it and generate again."
                )
            else:
                msg = (
                    "The description is longer than this hypernetwork's encoder reads. "
                    "Shorten it and generate again."
                )
            raise _fail(msg, "Description too long") from None
        except gr.Error:
            raise
        except hf_errors.InvalidDescriptionError as e:
            raise _fail(str(e), "Describe the task") from None
        except (hf_errors.T2LError, OSError) as e:
            logger.warning("Generation failed for %r: %s", choice.label, e)
            raise _fail(f"Could not generate with {choice.label}: {e}", "Could not generate") from None
        except Exception as e:
            logger.exception("Generation failed")
            raise _fail(
                f"Something went wrong while generating ({type(e).__name__}). Please try again.", "Error"
            ) from None
        finally:
            visitor.busy = False

        total = sum(r["norm"] ** 2 for r in table) ** 0.5
        cfg = adapter.lora_config
        lines = [
            f"**Adapter ready.** Generated in **{seconds:.2f} s**"
            + (f" (plus {load_seconds:.1f} s loading models on first use)" if load_seconds > 0.5 else "")
            + ".",
            f"- Description: {_md(description)}",
            f"- Model: {_md(choice.label, 120)}",
            (
                f"- Size: **{_size(adapter.nbytes)}**, {adapter.num_parameters:,} parameters; LoRA r={cfg.r} "
                f"on {', '.join(sorted(cfg.target_modules))}, scaling {adapter.scaling:.3g}; "
                f"total ‖ΔW‖ = {total:.4g}"
            ),
        ]
        if total == 0:
            lines.append(
                "\n> **delta W = 0**: this hypernetwork is untrained"
                + (" (hf_t2l's default until a trained one ships)" if trained is False else "")
                + ", so the adapted model answers exactly like the base model."
            )
        status = "\n".join(lines)
        plot = pd.DataFrame(table, columns=["layer", "module", "norm"])
        download = gr.DownloadButton(
            label=f"Download adapter (.zip, {_size(Path(zip_path).stat().st_size)})",
            value=str(zip_path),
            interactive=True,
        )
        return status, plot, download, visitor

    def ask(prompt: str, max_new_tokens: float, temperature: float, seed: float, visitor: Visitor):
        """Answer a prompt with the base model and with your adapter, side by side, streamed."""
        visitor = _visitor(visitor)
        if not isinstance(prompt, str) or not prompt.strip():
            raise _fail("The prompt is empty. Type something for both models to answer.", "Type a prompt")
        if len(prompt) > MAX_PROMPT_CHARS:
            raise _fail(
                f"The prompt is too long: {len(prompt):,} characters, the limit is {MAX_PROMPT_CHARS:,}.",
                "Prompt too long",
            )
        if visitor.adapter is None:
            raise _fail("Generate an adapter first (step 2), then ask.", "No adapter yet")
        engine = backend.engine_for(visitor.base_key)
        if engine is None or not engine.has(visitor.adapter):
            raise _fail(
                "Your adapter has expired (the server keeps a limited number). Generate it again.",
                "Adapter expired",
            )
        try:
            n = max(1, min(MAX_NEW_TOKENS, int(max_new_tokens or DEFAULT_MAX_NEW_TOKENS)))
            temp = max(0.0, min(2.0, float(temperature or 0.0)))
            seed_value = int(seed or 0) % 2**32
        except (TypeError, ValueError, OverflowError):
            raise _fail(
                "Max new tokens, temperature and seed must be numbers.", "Decoding settings"
            ) from None
        ids = engine.prompt_ids(prompt)
        if ids.shape[1] > MAX_PROMPT_TOKENS:
            raise _fail(
                f"The prompt is too long: {ids.shape[1]} tokens, the limit is {MAX_PROMPT_TOKENS}.",
                "Prompt too long",
            )
        mode = "greedy" if temp == 0 else f"sampling, temperature {temp:g}, seed {seed_value}"
        start = time.perf_counter()
        base = adapted = ""
        try:
            for base, adapted in engine.stream(
                visitor.adapter, ids, max_new_tokens=n, temperature=temp, seed=seed_value
            ):
                yield base, adapted, f"Answering... ({mode})"
        except KeyError:
            raise _fail("Your adapter has expired. Generate it again.", "Adapter expired") from None
        except Exception as e:
            logger.exception("Answering failed")
            raise _fail(
                f"Something went wrong while answering ({type(e).__name__}). Please try again.", "Error"
            ) from None
        yield (
            base,
            adapted,
            (
                f"Done in {time.perf_counter() - start:.1f} s; same settings for both: {mode}, "
                f"at most {n} new tokens."
            ),
        )

    def push(visitor: Visitor, repo_id: str, private: bool, token: str | None, username: str | None) -> str:
        """Push the visitor's adapter; return the message to show (a link, or why nothing was pushed).

        Refusals are returned (and shown as a warning), not raised, so that the outputs, and with them
        the cleared token field, are always processed on the server.
        """
        token = token.strip() if isinstance(token, str) else None
        try:
            if not token:
                how = (
                    "Sign in with Hugging Face (button above)"
                    if on_space
                    else "Paste a Hugging Face token with write access"
                )
                raise _Refused(f"{how} to push the adapter to your account.")
            return _push(_visitor(visitor), repo_id, private, token, username)
        except _Refused as e:
            message = str(e)
        except gr.Error as e:
            message = e.message
        except Exception as e:  # no message text: it could carry request details
            logger.warning("Push failed: %s", type(e).__name__)
            message = f"Could not push ({type(e).__name__}); nothing was pushed. Try again later."
        if token:
            message = message.replace(token, "hf_***")
        gr.Warning(html.escape(message, quote=False), title="Not pushed")
        return f"**Not pushed.** {_md(message, 400)}"

    def _push(visitor: Visitor, repo_id: str, private: bool, token: str, username: str | None) -> str:
        from huggingface_hub import HfApi

        from hf_t2l.hub import push_generated_adapter

        repo_id = repo_id.strip() if isinstance(repo_id, str) else ""
        if not repo_id:
            raise _Refused("Name the new repo, e.g. your-username/my-t2l-adapter.")
        engine = backend.engine_for(visitor.base_key)
        if visitor.adapter is None or engine is None or not engine.has(visitor.adapter):
            raise _Refused("Generate an adapter first (step 2), then push it.")
        if "/" not in repo_id:
            if not username:
                try:
                    username = HfApi().whoami(token=token)["name"]
                except Exception:
                    username = None
            if not username:
                raise _Refused(f"Write the repo as your-username/{repo_id}.")
            repo_id = f"{username}/{repo_id}"
        try:
            url = push_generated_adapter(
                engine.adapter(visitor.adapter),
                repo_id,
                token=token,
                private=bool(private),
                commit_message="Upload a Text-to-LoRA adapter made with the hf_t2l Space",
            )
        except hf_errors.InvalidRepoIdError:
            raise _Refused(
                f"'{repo_id}' is not a valid repo name: use your-username/name with letters, digits, "
                "'-', '_' or '.' "
                "(at most 96 characters)."
            ) from None
        except hf_errors.HubAuthenticationError:
            raise _Refused(
                f"The Hub refused the push to '{repo_id}': the token is invalid, expired, or has no write "
                "access "
                f"to '{repo_id.split('/')[0]}'. Use a token with write access"
                + (" (sign out and in again)." if on_space else ".")
            ) from None
        except hf_errors.HubError as e:
            raise _Refused(f"The Hub could not take the push: {e}") from None
        except KeyError:
            raise _Refused("Your adapter has expired. Generate it again.") from None
        repo_url = url.split("/commit/")[0]
        visibility = "private" if private else "public"
        return (
            f"**Pushed** to [{_md(repo_id, 200)}]({repo_url}) ({visibility}), [commit]({url}). "
            "Load it with `PeftModel.from_pretrained(base, repo_id)`."
        )

    def push_local(repo_id: str, private: bool, token: str, visitor: Visitor) -> tuple[str, str]:
        """Push your adapter to the Hub with your token. The token is used for this push only: the field is
        emptied afterwards (also in the server's copy of the page)."""
        return push(visitor, repo_id, private, token, None), ""

    def push_space(
        repo_id: str,
        private: bool,
        visitor: Visitor,
        profile: gr.OAuthProfile | None,
        oauth_token: gr.OAuthToken | None,
    ) -> str:
        """Push your adapter to the Hub with your Hugging Face login."""
        return push(
            visitor,
            repo_id,
            private,
            oauth_token.token if oauth_token else None,
            profile.username if profile else None,
        )

    return {"generate": generate, "ask": ask, "push_local": push_local, "push_space": push_space}


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
    if backend._truthy(os.environ.get("HF_T2L_SPACE_PRELOAD", "1")):
        threading.Thread(target=preload, args=(choices[0],), daemon=True).start()
    launch(demo)


if __name__ == "__main__":
    main()
