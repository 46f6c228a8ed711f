"""Publish a built suite folder as a Hub dataset repository, in one commit."""

from __future__ import annotations

from pathlib import Path

__all__ = ["push_to_hub"]

_PATTERNS = ["README.md", "tasks/*.jsonl", "examples/*.jsonl"]


def push_to_hub(
    folder: str | Path,
    repo_id: str,
    *,
    token: str | None = None,
    private: bool | None = None,
    revision: str | None = None,
    commit_message: str = "Upload the hf_t2l task suite",
    create_pr: bool = False,
) -> str:
    """Upload a built suite (``README.md``, ``tasks/*.jsonl``, ``examples/*.jsonl``) as a dataset.

    The repository is created if needed (``exist_ok``), then every file goes up in ONE commit with
    ``HfApi.upload_folder``; files of those kinds that the folder no longer has are deleted in the
    same commit, so the Hub copy equals the folder.

    Args:
        folder: A folder written by ``python -m tasks.t2l_suite.build``.
        repo_id: The dataset repository, ``"namespace/name"``.
        token: A Hub token; the default is the logged-in user's.
        private: Visibility for a new repository.
        revision: The branch to commit to (default: the main branch).
        commit_message: The commit's title.
        create_pr: Open a pull request instead of committing to the branch.

    Returns:
        The URL of the commit.

    Raises:
        FileNotFoundError: ``folder`` is not a built suite (no ``README.md`` or no ``tasks/``).

    Example::

        from tasks.t2l_suite.hub import push_to_hub
        push_to_hub("tasks/t2l-tasks-v2", "me/t2l-tasks-v2")
    """
    from huggingface_hub import HfApi

    folder = Path(folder)
    if not (folder / "README.md").is_file() or not (folder / "tasks").is_dir():
        raise FileNotFoundError(
            f"{folder} is not a built task suite (it needs README.md and tasks/); "
            "write one with `python -m tasks.t2l_suite.build --out FOLDER`."
        )
    api = HfApi(token=token)
    api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
    info = api.upload_folder(
        repo_id=repo_id,
        repo_type="dataset",
        folder_path=str(folder),
        revision=revision,
        commit_message=commit_message,
        allow_patterns=_PATTERNS,
        delete_patterns=_PATTERNS,
        create_pr=create_pr,
    )
    return str(info.commit_url)
