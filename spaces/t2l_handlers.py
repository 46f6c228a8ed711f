"""What the Space does when a visitor clicks: generate an adapter, ask both models, push the adapter.

Visitors' tokens go straight to the Hub client for one push: never stored, logged or shown back.
"""

from __future__ import annotations

import html
import logging
import re
import shutil
import time
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd
import t2l_backend as backend
from t2l_backend import (
    DEFAULT_MAX_NEW_TOKENS,
    MAX_DESCRIPTION_CHARS,
    MAX_NEW_TOKENS,
    MAX_PROMPT_CHARS,
    MAX_PROMPT_TOKENS,
    Choice,
    DescriptionTooLongError,
    Visitor,
)

from hf_t2l import errors as hf_errors

logger = logging.getLogger("hf_t2l.space")

#: The first two are held-out tasks of the offline default (never seen in its training).
EXAMPLE_DESCRIPTIONS = [
    "Greet the person mentioned in the sentence. Reply with exactly 'Hello, NAME!' with the person's name in "
    "place of NAME.",
    "Given a calendar year, decide whether the year is a leap year. Reply 'yes' if it is a leap year and "
    "'no' otherwise.",
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


def _visitor(value: Any) -> Visitor:
    if not isinstance(value, Visitor):  # never happens through the UI; defensive for API callers
        raise _fail("Your session has expired; reload the page.", "Session expired")
    return value


def _nearest_lines(loaded: backend.Loaded) -> list[str]:
    """The line "Closest to: ..." (the hypernetwork's nearest training tasks) and, far from all, a warning."""
    if not loaded.nearest:
        return []
    near = ", ".join(f"{_md(t.task_id, 80)} (similarity {t.similarity:.2f})" for t in loaded.nearest)
    lines = [f"- Closest to: {near}"]
    if loaded.unfamiliar:
        lines.append(
            "\n> **Note: unfamiliar description.** It is far from every task this hypernetwork was "
            "trained on. On held-out task families this distance did not predict whether an adapter "
            "works, so check the answers below."
        )
    return lines


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
            key = choice.hypernetwork_key
            t1 = time.perf_counter()
            loaded = engine.load_adapter(hypernetwork, key, description, name=visitor.pool_name)
            seconds = time.perf_counter() - t1
            adapter = engine.adapter(key, loaded.adapter_id, description)
            previous = (backend.engine_for(visitor.base_key), visitor.hypernetwork_key)
            if previous[0] is not None and (previous[0], previous[1]) != (engine, key):
                previous[0].forget(previous[1], visitor.pool_name)  # the old pool: memory stays bounded
            visitor.adapter, visitor.base_key, visitor.hypernetwork_key = loaded.adapter_id, engine.key, key
            visitor.choice_label, visitor.description, visitor.zip_path = choice.label, description, None
            visitor.count += 1
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
        how = {
            "generated": "Generated",
            "from_disk": "Read from the adapter cache (made before from the same description)",
            "in_pool": "Already loaded (made before from the same description)",
        }[loaded.served]
        lines = [
            f"**Adapter ready.** {how} in **{seconds:.2f} s**"
            + (f" (plus {load_seconds:.1f} s loading models on first use)" if load_seconds > 0.5 else "")
            + ".",
            f"- Description: {_md(description)}",
            *_nearest_lines(loaded),
            f"- Model: {_md(choice.label, 120)}",
            f"- Adapter id: `{loaded.adapter_id}` (the same description always gives this adapter)",
            (
                f"- Size: **{_size(adapter.nbytes)}**, {adapter.num_parameters:,} parameters; LoRA r={cfg.r} "
                f"on {', '.join(sorted(cfg.target_modules))}, scaling {adapter.scaling:.3g}; "
                f"total ‖ΔW‖ = {total:.4g}"
            ),
        ]
        if total == 0:
            lines.append(
                "\n> **delta W = 0**: this hypernetwork is untrained"
                + (" (hf_t2l's fallback default: no trained one is installed)" if trained is False else "")
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
        if engine is None or visitor.hypernetwork_key not in engine.pools:
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
                visitor.hypernetwork_key,
                visitor.adapter,
                ids,
                description=visitor.description,
                max_new_tokens=n,
                temperature=temp,
                seed=seed_value,
            ):
                yield base, adapted, f"Answering... ({mode})"
        except hf_errors.UnknownAdapterError:
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

        repo_id = repo_id.strip() if isinstance(repo_id, str) else ""
        if not repo_id:
            raise _Refused("Name the new repo, e.g. your-username/my-t2l-adapter.")
        engine = backend.engine_for(visitor.base_key)
        if visitor.adapter is None or engine is None or visitor.hypernetwork_key not in engine.pools:
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
            adapter = engine.adapter(visitor.hypernetwork_key, visitor.adapter, visitor.description)
            url = adapter.push_to_hub(
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
        except (hf_errors.UnknownAdapterError, DescriptionTooLongError):
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
