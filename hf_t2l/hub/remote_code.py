"""Consent before running code from a repo.

A hypernetwork's config names other repos: its encoder and its base model. Loading either with
``trust_remote_code=True`` imports Python files from that repo. hf_t2l only ever passes the value the
caller gave (default False, as transformers); a config may record that its encoder needs remote code,
but that record only shapes the error message, it never switches the code on.
"""

from __future__ import annotations

from typing import Any

from ..errors import RemoteCodeNotTrustedError

__all__ = ["not_trusted", "is_refusal", "check_encoder_consent", "load_auto_config"]


def not_trusted(repo: Any, *, what: str, reason: str = "") -> RemoteCodeNotTrustedError:
    """The error for ``repo`` whose code would run without the caller's consent."""
    why = f" ({reason})" if reason else ""
    return RemoteCodeNotTrustedError(
        f"Loading the {what} {str(repo)!r} would run Python code from that repo{why}, and hf_t2l runs no "
        f"code from a repo unless you allow it. If you trust {str(repo)!r}, pass trust_remote_code=True "
        "(e.g. PeftModel.from_description(..., trust_remote_code=True) or "
        "TextToLoRA.from_pretrained(..., trust_remote_code=True); CLI: --trust-remote-code); "
        "otherwise use a hypernetwork whose encoder and base model need no custom code."
    )


def is_refusal(error: BaseException) -> bool:
    """True for the error transformers raises when a repo needs ``trust_remote_code=True``."""
    return isinstance(error, ValueError) and "trust_remote_code" in str(error)


def check_encoder_consent(encoder: str, *, needs_remote_code: bool, trust_remote_code: bool) -> None:
    """Refuse, before anything is downloaded, an encoder that its config says needs remote code.

    Raises:
        RemoteCodeNotTrustedError: the config says so and ``trust_remote_code`` is not True.
    """
    if needs_remote_code and trust_remote_code is not True:
        reason = "the hypernetwork's config says it needs trust_remote_code"
        raise not_trusted(encoder, what="encoder", reason=reason)


def load_auto_config(source: Any, *, revision: str | None = None, trust_remote_code: bool = False) -> Any:
    """``AutoConfig.from_pretrained`` with the caller's ``trust_remote_code`` and a named refusal.

    Raises:
        RemoteCodeNotTrustedError: the config needs remote code and ``trust_remote_code`` is not True.
    """
    from transformers import AutoConfig

    try:
        trust = trust_remote_code is True
        return AutoConfig.from_pretrained(str(source), revision=revision, trust_remote_code=trust)
    except ValueError as e:
        if is_refusal(e) and trust_remote_code is not True:
            reason = "its config.json maps to custom code"
            raise not_trusted(source, what="base model config", reason=reason) from e
        raise
