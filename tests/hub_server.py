"""A small Hub-compatible HTTP server for tests (127.0.0.1 only).

It answers the calls the real ``huggingface_hub`` client makes to create repos, commit files, tag,
and download them (see the Hub protocol): repos with branches, tags and commit shas, blobs in a
temporary folder, bearer-token checks, and fault injection (an error status, a connection that
drops in the middle of a download or before any answer, or a server that never answers).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

GITATTRIBUTES = b"*.safetensors filter=lfs diff=lfs merge=lfs -text\n"
PREFIX = {"model": "models", "dataset": "datasets", "space": "spaces"}


@dataclass
class Commit:
    sha: str
    parent: str | None
    files: dict[str, str]  # path -> blob sha256
    message: str


@dataclass
class Repo:
    repo_id: str
    repo_type: str
    private: bool
    branches: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    commits: dict[str, Commit] = field(default_factory=dict)


@dataclass
class Fault:
    """Answer the next ``times`` requests matching ``method`` and ``path`` (a regex) with ``status``;
    or, with status "drop", send half of a download and close the connection; "reset": close the
    connection without answering; "hang": accept the request, answer nothing for ``hang_s`` seconds,
    then close the connection."""

    method: str
    path: str
    status: int | str
    times: int = 1
    hang_s: float = 30.0  # how long a "hang" holds the connection before closing it unanswered


class HubState:
    def __init__(self, root: Path, tokens: dict[str, str] | None = None) -> None:
        self.root = root
        self.blobs = root / "blobs"
        self.blobs.mkdir(parents=True, exist_ok=True)
        self.repos: dict[tuple[str, str], Repo] = {}
        self.tokens = tokens or {}  # token -> "write" | "read"; empty: no auth needed
        self.faults: list[Fault] = []
        self.log: list[tuple[str, str, int]] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()  # releases the requests held by "hang" faults
        self._n = 0

    # --- storage ----------------------------------------------------------------------------
    def put_blob(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        path = self.blobs / digest
        if not path.exists():
            path.write_bytes(data)
        return digest

    def blob(self, digest: str) -> bytes:
        return (self.blobs / digest).read_bytes()

    def new_commit(self, repo: Repo, parent: str | None, files: dict[str, str], message: str) -> Commit:
        self._n += 1
        sha = hashlib.sha1(f"{repo.repo_id}:{self._n}:{time.time_ns()}:{message}".encode()).hexdigest()
        commit = Commit(sha, parent, files, message)
        repo.commits[sha] = commit
        return commit

    def create_repo(self, repo_type: str, repo_id: str, private: bool) -> Repo:
        repo = Repo(repo_id, repo_type, private)
        commit = self.new_commit(
            repo, None, {".gitattributes": self.put_blob(GITATTRIBUTES)}, "initial commit"
        )
        repo.branches["main"] = commit.sha
        self.repos[(repo_type, repo_id)] = repo
        return repo

    def resolve(self, repo: Repo, rev: str) -> Commit | None:
        sha = repo.branches.get(rev) or repo.tags.get(rev) or (rev if rev in repo.commits else None)
        return repo.commits.get(sha) if sha else None

    def take_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.times > 0 and fault.method == method and re.search(fault.path, path):
                    fault.times -= 1
                    return fault
        return None


class HubHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: HubState  # set on the subclass made by HubServer

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    # --- plumbing -------------------------------------------------------------------------------
    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(
        self, status: int, payload=None, *, headers: dict[str, str] | None = None, head: bool = False
    ) -> None:
        data = (
            payload
            if isinstance(payload, bytes)
            else json.dumps(payload if payload is not None else {}).encode()
        )
        self.send_response(status)
        self.send_header(
            "Content-Type",
            "application/json" if not isinstance(payload, bytes) else "application/octet-stream",
        )
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if not head:
            self.wfile.write(data)
        self.state.log.append((self.command, self.path, status))

    def _error(self, status: int, code: str | None, message: str, *, head: bool = False) -> None:
        headers = {"X-Error-Message": message}
        if code:
            headers["X-Error-Code"] = code
        self._send(status, {"error": message}, headers=headers, head=head)

    def _auth(self, *, write: bool, repo: Repo | None = None) -> bool:
        """Check the bearer token; answer 401/403 and return False when refused."""
        tokens = self.state.tokens
        needed = write or (repo is not None and repo.private)
        if not tokens or not needed:
            return True
        header = self.headers.get("Authorization", "")
        token = header[7:] if header.startswith("Bearer ") else None
        if token is None or token not in tokens:
            self._error(401, None, "Invalid credentials in Authorization header")
            return False
        if write and tokens[token] != "write":
            self._error(403, None, "You don't have the rights to write to this repo")
            return False
        return True

    def _repo(self, kind: str, repo_id: str, *, head: bool = False) -> Repo | None:
        repo = self.state.repos.get((kind, repo_id))
        if repo is None:
            self._error(404, "RepoNotFound", f"Repository not found: {repo_id}", head=head)
        return repo

    def _commit(self, repo: Repo, rev: str, *, head: bool = False) -> Commit | None:
        commit = self.state.resolve(repo, unquote(rev))
        if commit is None:
            self._error(404, "RevisionNotFound", f"Invalid rev id: {rev}", head=head)
        return commit

    def _tree_entry(self, path: str, digest: str) -> dict:
        size = (self.state.blobs / digest).stat().st_size
        return {"type": "file", "path": path, "size": size, "oid": digest[:40]}

    # --- dispatch -------------------------------------------------------------------------------
    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        body = self._body() if method in ("POST", "PUT", "DELETE") else b""
        url = urlparse(self.path)
        path = url.path
        fault = self.state.take_fault(method, path)
        if fault is not None and fault.status in ("reset", "hang"):
            self.state.log.append((method, self.path, -1 if fault.status == "reset" else -2))
            if fault.status == "hang":
                self.state.stopping.wait(fault.hang_s)
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault is not None and fault.status != "drop":
            self._error(int(fault.status), None, f"injected {fault.status}", head=method == "HEAD")
            return
        m = re.fullmatch(r"/api/repos/create", path)
        if m and method == "POST":
            return self._create(json.loads(body or b"{}"))
        m = re.fullmatch(r"/api/validate-yaml", path)
        if m and method == "POST":
            return self._send(200, {})
        m = re.fullmatch(r"/api/(models|datasets|spaces)/([^/]+/[^/]+|[^/]+)(?:/revision/([^/]+))?", path)
        if m and method == "GET":
            return self._info(m.group(1), m.group(2), m.group(3) or "main")
        m = re.fullmatch(r"/api/(models|datasets|spaces)/([^/]+/[^/]+)/tree/([^/]+)(?:/(.*))?", path)
        if m and method == "GET":
            return self._tree(m.group(1), m.group(2), m.group(3), m.group(4) or "", parse_qs(url.query))
        m = re.fullmatch(r"/api/(models|datasets|spaces)/([^/]+/[^/]+)/paths-info/([^/]+)", path)
        if m and method == "POST":
            return self._paths_info(m.group(1), m.group(2), m.group(3), body)
        m = re.fullmatch(r"/api/(models|datasets|spaces)/([^/]+/[^/]+)/preupload/([^/]+)", path)
        if m and method == "POST":
            return self._preupload(m.group(1), m.group(2), m.group(3), json.loads(body or b"{}"))
        m = re.fullmatch(r"/api/(models|datasets|spaces)/([^/]+/[^/]+)/commit/([^/]+)", path)
        if m and method == "POST":
            create_pr = parse_qs(url.query).get("create_pr", ["0"])[0] in ("1", "true", "True")
            return self._commit_files(m.group(1), m.group(2), m.group(3), body, create_pr=create_pr)
        m = re.fullmatch(r"/api/(models|datasets|spaces)/([^/]+/[^/]+)/branch/([^/]+)", path)
        if m and method == "POST":
            return self._branch(m.group(1), m.group(2), m.group(3), json.loads(body or b"{}"))
        m = re.fullmatch(r"/api/(models|datasets|spaces)/([^/]+/[^/]+)/tag/([^/]+)", path)
        if m and method == "POST":
            return self._tag(m.group(1), m.group(2), m.group(3), json.loads(body or b"{}"))
        m = re.fullmatch(r"/(?:(datasets|spaces)/)?([^/]+/[^/]+)/resolve/([^/]+)/(.+)", path)
        if m and method in ("GET", "HEAD"):
            return self._resolve(
                m.group(1) or "models", m.group(2), m.group(3), unquote(m.group(4)), method, fault
            )
        self._error(404, None, f"no route for {method} {path}", head=method == "HEAD")

    # --- routes ---------------------------------------------------------------------------------
    def _kind(self, prefix: str) -> str:
        return {v: k for k, v in PREFIX.items()}[prefix]

    def _create(self, req: dict) -> None:
        if not self._auth(write=True):
            return
        repo_id = f"{req['organization']}/{req['name']}" if req.get("organization") else req["name"]
        if "/" not in repo_id:
            repo_id = f"user/{repo_id}"
        kind = req.get("type") or "model"
        url = f"http://{self.headers.get('Host')}/{'' if kind == 'model' else PREFIX[kind] + '/'}{repo_id}"
        with self.state.lock:
            if (kind, repo_id) in self.state.repos:
                return self._send(409, {"error": "You already created this repo", "url": url})
            private = bool(req.get("private")) or req.get("visibility") in ("private", "protected")
            self.state.create_repo(kind, repo_id, private)
        self._send(200, {"url": url, "name": repo_id})

    def _info(self, prefix: str, repo_id: str, rev: str) -> None:
        repo = self._repo(self._kind(prefix), repo_id)
        if repo is None or not self._auth(write=False, repo=repo):
            return
        commit = self._commit(repo, rev)
        if commit is None:
            return
        self._send(
            200,
            {
                "id": repo_id,
                "modelId": repo_id,
                "sha": commit.sha,
                "private": repo.private,
                "siblings": [{"rfilename": p} for p in sorted(commit.files)],
                "tags": [],
                "downloads": 0,
            },
        )

    def _tree(self, prefix: str, repo_id: str, rev: str, sub: str, query: dict) -> None:
        repo = self._repo(self._kind(prefix), repo_id)
        if repo is None or not self._auth(write=False, repo=repo):
            return
        commit = self._commit(repo, rev)
        if commit is None:
            return
        recursive = query.get("recursive", ["false"])[0].lower() == "true"
        sub = sub.strip("/")
        entries, dirs = [], set()
        for p, digest in sorted(commit.files.items()):
            if sub and not p.startswith(sub + "/"):
                continue
            rest = p[len(sub) + 1 :] if sub else p
            if "/" in rest and not recursive:
                dirs.add((sub + "/" if sub else "") + rest.split("/")[0])
                continue
            if recursive:
                parts = rest.split("/")[:-1]
                for i in range(len(parts)):
                    dirs.add((sub + "/" if sub else "") + "/".join(parts[: i + 1]))
            entries.append(self._tree_entry(p, digest))
        entries += [
            {"type": "directory", "path": d, "size": 0, "oid": hashlib.sha1(d.encode()).hexdigest()}
            for d in sorted(dirs)
        ]
        self._send(200, entries)

    def _paths_info(self, prefix: str, repo_id: str, rev: str, body: bytes) -> None:
        repo = self._repo(self._kind(prefix), repo_id)
        if repo is None or not self._auth(write=False, repo=repo):
            return
        commit = self._commit(repo, rev)
        if commit is None:
            return
        try:
            paths = json.loads(body).get("paths", [])
        except ValueError:
            paths = parse_qs(body.decode()).get("paths", [])
        self._send(200, [self._tree_entry(p, commit.files[p]) for p in paths if p in commit.files])

    def _preupload(self, prefix: str, repo_id: str, rev: str, req: dict) -> None:
        repo = self._repo(self._kind(prefix), repo_id)
        if repo is None or not self._auth(write=True):
            return
        files = [
            {"path": f["path"], "uploadMode": "regular", "shouldIgnore": False} for f in req.get("files", [])
        ]
        self._send(200, {"files": files, "commitOid": repo.branches.get(unquote(rev))})

    def _branch(self, prefix: str, repo_id: str, branch: str, req: dict) -> None:
        """Create a branch at ``startingPoint`` (default: the head of main); 409 if it exists."""
        repo = self._repo(self._kind(prefix), repo_id)
        if repo is None or not self._auth(write=True):
            return
        branch = unquote(branch)
        with self.state.lock:
            if branch in repo.branches:
                return self._error(409, None, f"Reference {branch} already exists")
            start = self.state.resolve(repo, req.get("startingPoint") or "main")
            if start is None:
                return self._error(404, "RevisionNotFound", f"Invalid rev id: {req.get('startingPoint')}")
            repo.branches[branch] = start.sha
        self._send(200, {})

    def _commit_files(
        self, prefix: str, repo_id: str, rev: str, body: bytes, *, create_pr: bool = False
    ) -> None:
        repo = self._repo(self._kind(prefix), repo_id)
        if repo is None or not self._auth(write=True):
            return
        branch = unquote(rev)
        with self.state.lock:
            if branch not in repo.branches:
                return self._error(404, "RevisionNotFound", f"Invalid rev id: {branch}")
            parent = repo.commits[repo.branches[branch]]
            files = dict(parent.files)
            summary = "commit"
            for line in body.splitlines():
                if not line.strip():
                    continue
                item = json.loads(line)
                key, value = item.get("key"), item.get("value", {})
                if key == "header":
                    summary = value.get("summary") or summary
                elif key == "file":
                    raw = (
                        base64.b64decode(value["content"])
                        if value.get("encoding") == "base64"
                        else value["content"].encode()
                    )
                    files[value["path"]] = self.state.put_blob(raw)
                elif key == "deletedFile":
                    files.pop(value["path"], None)
                elif key == "deletedFolder":
                    files = {
                        p: d for p, d in files.items() if not p.startswith(value["path"].rstrip("/") + "/")
                    }
                elif key == "lfsFile":
                    return self._error(400, None, "LFS uploads are not supported by this server")
            commit = self.state.new_commit(repo, parent.sha, files, summary)
            pr_url = None
            if create_pr:  # a pull request: the commit goes to a new ref refs/pr/N, the branch is unchanged
                number = 1 + sum(name.startswith("refs/pr/") for name in repo.branches)
                repo.branches[f"refs/pr/{number}"] = commit.sha
                pr_url = f"http://{self.headers.get('Host')}/{repo_id}/discussions/{number}"
            else:
                repo.branches[branch] = commit.sha
        host = self.headers.get("Host")
        self._send(
            200,
            {
                "commitOid": commit.sha,
                "commitUrl": f"http://{host}/{repo_id}/commit/{commit.sha}",
                "pullRequestUrl": pr_url,
            },
        )

    def _tag(self, prefix: str, repo_id: str, rev: str, req: dict) -> None:
        repo = self._repo(self._kind(prefix), repo_id)
        if repo is None or not self._auth(write=True):
            return
        commit = self._commit(repo, rev)
        if commit is None:
            return
        repo.tags[req["tag"]] = commit.sha
        self._send(200, {})

    def _resolve(
        self, prefix: str, repo_id: str, rev: str, file: str, method: str, fault: Fault | None
    ) -> None:
        head = method == "HEAD"
        repo = self._repo(self._kind(prefix), repo_id, head=head)
        if repo is None:
            return
        if repo.private and not self._auth(write=False, repo=repo):
            return
        commit = self._commit(repo, rev, head=head)
        if commit is None:
            return
        digest = commit.files.get(file)
        if digest is None:
            return self._error(404, "EntryNotFound", f"{file} does not exist on {rev}", head=head)
        data = self.state.blob(digest)
        headers = {"X-Repo-Commit": commit.sha, "ETag": f'"{digest[:40]}"', "Accept-Ranges": "bytes"}
        start = 0
        match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range", ""))
        if match and not head:
            start = int(match.group(1))
        if fault is not None and fault.status == "drop" and not head:
            # promise the whole body, send half of it, and hang up
            self.send_response(200)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            self.state.log.append((method, self.path, -1))
            return
        if start:
            headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
            return self._send(206, data[start:], headers=headers)
        self._send(200, data, headers=headers, head=head)


class HubServer:
    """Run the server on 127.0.0.1 in a background thread: ``with HubServer(tmp) as hub: hub.url``."""

    def __init__(self, root: Path, *, port: int = 0, tokens: dict[str, str] | None = None) -> None:
        self.state = HubState(Path(root), tokens)
        handler = type("Handler", (HubHandler,), {"state": self.state})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> HubServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.state.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def files(self, repo_id: str, rev: str = "main", repo_type: str = "model") -> dict[str, bytes]:
        repo = self.state.repos[(repo_type, repo_id)]
        commit = self.state.resolve(repo, rev)
        return {p: self.state.blob(d) for p, d in commit.files.items()}

    def commits(self, repo_id: str, repo_type: str = "model") -> int:
        return len(self.state.repos[(repo_type, repo_id)].commits)
