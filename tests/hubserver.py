"""A local, Hub-shaped HTTP server for tests, with faults to inject and a request log.

It answers the three routes the ``huggingface_hub`` client uses to learn about a model:

- ``GET /api/models/{repo_id}`` and ``GET /api/models/{repo_id}/revision/{rev}``: model info
  JSON in the shape the Hub returns (``_id``, ``id``, ``modelId``, ``author``, ``sha``,
  ``lastModified``, ``private``, ``gated``, ``disabled``, ``downloads``, ``likes``, ``tags``,
  ``pipeline_tag``, ``library_name``, ``cardData``, ``siblings: [{rfilename}]``,
  ``createdAt``, ``spaces``, ``usedStorage``); ``?expand=`` narrows it like the Hub does.
- ``HEAD``/``GET /{repo_id}/resolve/{rev}/{file}``: repository files, with the headers
  ``hf_hub_download`` insists on (``ETag``, ``X-Repo-Commit``, ``Content-Length``).

Errors carry the Hub's ``X-Error-Code`` header (``RepoNotFound``, ``RevisionNotFound``,
``EntryNotFound``, ``GatedRepo``) so the real client maps them to its own exception types.

Use it as a context manager (``with HubServer() as hub: ...``) and point the client at
``hub.endpoint`` (``isolate_hub_environment`` does that for a pytest test, with a fresh
HF_HOME). Every request is recorded in ``hub.requests``. huggingface_hub may also ask for
``/api/agent-harnesses`` once per process (its agent detection): that request is recorded
with target ``other`` and answered 404, so count with ``requests_for(repo_id)`` when an
exact number matters, and compare ``requests`` with ``[]`` to prove no request at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Literal
from urllib.parse import parse_qs, unquote, urlsplit

import yaml

FaultKind = Literal["status", "slow", "malformed", "truncated", "redirect", "drop", "trickle"]
Target = Literal["api", "file", "other"]

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_CREATED = "2024-05-01T09:30:00.000Z"
_MODIFIED = "2025-02-14T16:45:12.000Z"


def front_matter(readme: str) -> dict[str, Any] | None:
    """The YAML front matter of a model card as a dict, or None when it has none."""
    match = _FRONT_MATTER.match(readme)
    if match is None:
        return None
    data = yaml.safe_load(match.group(1))
    return data if isinstance(data, dict) else None


def readme_with_front_matter(card_data: Mapping[str, Any], body: str = "# Model card\n") -> str:
    """A README.md whose front matter is ``card_data``, as the Hub would store it."""
    block = yaml.safe_dump(dict(card_data), sort_keys=False, allow_unicode=True)
    return f"---\n{block}---\n\n{body}"


@dataclass(frozen=True)
class CorpusCard:
    """A real model card from the shared corpus, ready to be served."""

    repo_id: str
    """``OWNER/NAME``, from the corpus file name ``OWNER__NAME.md``."""
    path: Path
    readme: bytes
    """The file exactly as stored (line endings included)."""
    card_data: dict[str, Any]
    """Its front matter, parsed with ``yaml.safe_load``."""


def read_corpus_card(path: Path) -> CorpusCard:
    """Read one ``model-cards/OWNER__NAME.md`` file of the shared corpus."""
    raw = path.read_bytes()
    owner, _, name = path.stem.partition("__")
    data = front_matter(raw.decode("utf-8"))
    return CorpusCard(f"{owner}/{name}", path, raw, data or {})


def corpus_cards(corpus_dir: Path) -> list[CorpusCard]:
    """Every model card of the shared corpus, sorted by file name."""
    return [read_corpus_card(p) for p in sorted((corpus_dir / "model-cards").glob("*.md"))]


@dataclass
class HubRevision:
    """One revision of a served repository: its commit, card data and files."""

    sha: str
    card_data: dict[str, Any] | None
    files: dict[str, bytes]


@dataclass
class HubModel:
    """A repository the server knows, with its revisions (``main`` and any added)."""

    repo_id: str
    object_id: str
    gated: Literal[False, "auto", "manual"]
    private: bool
    disabled: bool
    extra_tags: tuple[str, ...]
    pipeline_tag: str | None
    library_name: str | None
    downloads: int
    likes: int
    revisions: dict[str, HubRevision] = field(default_factory=dict)

    @property
    def main(self) -> HubRevision:
        """The default branch."""
        return self.revisions["main"]

    def revision(self, name: str) -> HubRevision | None:
        """A revision by branch/tag name or by commit sha."""
        if name in self.revisions:
            return self.revisions[name]
        return next((r for r in self.revisions.values() if r.sha == name), None)


@dataclass(frozen=True)
class Fault:
    """Something to do instead of (or before) answering normally."""

    kind: FaultKind
    status: int = 503
    retry_after: str | None = None
    error_code: str | None = None
    delay: float = 0.0
    location: str | None = None
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()
    get_only: bool = False
    """Left in the queue for a HEAD (a file's size check), applied to the next GET."""


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    """Header names lower-cased."""
    target: Target
    repo_id: str | None
    revision: str | None
    filename: str | None


@dataclass
class _FaultQueue:
    steps: list[Fault] = field(default_factory=list)
    forever: Fault | None = None

    def next(self, method: str) -> Fault | None:
        upcoming = self.steps[0] if self.steps else self.forever
        if upcoming is not None and upcoming.get_only and method != "GET":
            return None
        if self.steps:
            return self.steps.pop(0)
        return self.forever


class HubServer:
    """A threaded Hub look-alike on 127.0.0.1 and a random port."""

    def __init__(
        self,
        *,
        missing_status: int = 404,
        accepted_tokens: Iterable[str] = (),
        latency: float = 0.0,
    ) -> None:
        self.latency = latency
        """Seconds every answer is held back, to stand in for a distant Hub."""
        self.missing_status = missing_status
        """Status for an unknown repo: the Hub answers 404, or 401 to anonymous callers."""
        self.accepted_tokens: set[str] = set(accepted_tokens)
        """Tokens that open gated and private repositories."""
        self._models: dict[str, HubModel] = {}
        self._renamed: dict[str, str] = {}
        self._faults: dict[tuple[str, str | None], _FaultQueue] = {}
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> HubServer:
        """Start serving in a background thread; returns self."""
        handler = type("BoundHubHandler", (_HubHandler,), {"hub": self})
        httpd = _QuietServer(("127.0.0.1", 0), handler)
        self._httpd = httpd
        # A short poll interval keeps ``stop`` (and so every test's teardown) quick.
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="hubserver",
            daemon=True,
        )  # fmt: skip
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; slow responses still waiting are released at once."""
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> HubServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def endpoint(self) -> str:
        """Base URL to use as ``HF_ENDPOINT``."""
        if self._httpd is None:
            raise RuntimeError("the server is not started")
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    # -- content ----------------------------------------------------------------------------

    def add_model(
        self,
        repo_id: str,
        *,
        card_data: Mapping[str, Any] | None = None,
        files: Mapping[str, str | bytes] | None = None,
        gated: bool | Literal["auto", "manual"] = False,
        tags: Iterable[str] = (),
        pipeline_tag: str | None = None,
        library_name: str | None = None,
        sha: str | None = None,
        private: bool = False,
        disabled: bool = False,
        downloads: int = 1234,
        likes: int = 12,
    ) -> HubModel:
        """Serve a repository; a README.md is written from ``card_data`` when none is given,
        and ``card_data`` is read from the README's front matter when not given."""
        model = HubModel(
            repo_id=repo_id,
            object_id=hashlib.sha1(repo_id.encode()).hexdigest()[:24],
            gated="manual" if gated is True else gated,
            private=private,
            disabled=disabled,
            extra_tags=tuple(tags),
            pipeline_tag=pipeline_tag,
            library_name=library_name,
            downloads=downloads,
            likes=likes,
        )
        model.revisions["main"] = _revision(repo_id, "main", sha, card_data, files)
        with self._lock:
            self._models[repo_id] = model
        return model

    def add_revision(
        self,
        repo_id: str,
        revision: str,
        *,
        card_data: Mapping[str, Any] | None = None,
        files: Mapping[str, str | bytes] | None = None,
        sha: str | None = None,
    ) -> HubRevision:
        """Add a branch or tag to a served repository (also reachable by its commit sha)."""
        added = _revision(repo_id, revision, sha, card_data, files)
        with self._lock:
            self._models[repo_id].revisions[revision] = added
        return added

    def add_corpus_card(self, card: CorpusCard, **options: Any) -> HubModel:
        """Serve a real corpus model card as the README.md of its repository."""
        return self.add_model(card.repo_id, files={"README.md": card.readme}, **options)

    def rename(self, old_repo_id: str, new_repo_id: str) -> None:
        """Answer the old name with a same-host redirect to the new one, as the Hub does."""
        with self._lock:
            self._renamed[old_repo_id] = new_repo_id

    # -- faults -----------------------------------------------------------------------------

    def fail(
        self,
        repo_id: str,
        statuses: Iterable[int],
        *,
        retry_after: float | str | None = None,
        error_code: str | None = None,
        headers: Mapping[str, str] | None = None,
        file: str | None = None,
        forever: bool = False,
    ) -> None:
        """Answer the next requests with these statuses, in order (then normally).

        With ``forever`` the last status is repeated for good. ``file`` aims at a repository
        file instead of the model info route.
        """
        faults = [
            Fault(
                "status",
                status=s,
                retry_after=None if retry_after is None else str(retry_after),
                error_code=error_code,
                headers=tuple((headers or {}).items()),
            )
            for s in statuses
        ]
        self._queue(repo_id, file, faults, forever)

    def slow(
        self,
        repo_id: str,
        seconds: float,
        *,
        times: int = 1,
        file: str | None = None,
        forever: bool = False,
    ) -> None:
        """Wait ``seconds`` before answering (to trigger client time-outs)."""
        self._queue(repo_id, file, [Fault("slow", delay=seconds)] * times, forever)

    def malformed(
        self,
        repo_id: str,
        body: bytes = b'{"id": "broken", "cardData": {',
        *,
        times: int = 1,
        forever: bool = False,
    ) -> None:
        """Answer 200 with a body that is not valid JSON."""
        self._queue(repo_id, None, [Fault("malformed", body=body)] * times, forever)

    def truncate(
        self, repo_id: str, *, times: int = 1, file: str | None = None, forever: bool = False
    ) -> None:
        """Announce the full Content-Length, send half the body, then hang up."""
        self._queue(repo_id, file, [Fault("truncated")] * times, forever)

    def redirect(
        self,
        repo_id: str,
        location: str,
        *,
        status: int = 302,
        times: int = 1,
        forever: bool = False,
    ) -> None:
        """Answer with a redirect to ``location`` (for instance another host)."""
        self._queue(
            repo_id, None, [Fault("redirect", status=status, location=location)] * times, forever
        )

    def trickle(
        self,
        repo_id: str,
        every: float,
        *,
        times: int = 1,
        file: str | None = None,
        forever: bool = False,
    ) -> None:
        """Answer normally, but send the body one byte every ``every`` seconds (a Hub that
        never goes quiet long enough for a per-read time-out). On a file, a HEAD is
        answered at once and the GET trickles."""
        fault = Fault("trickle", delay=every, get_only=file is not None)
        self._queue(repo_id, file, [fault] * times, forever)

    def drop(self, repo_id: str, *, times: int = 1, forever: bool = False) -> None:
        """Close the connection without answering."""
        self._queue(repo_id, None, [Fault("drop")] * times, forever)

    def clear_faults(self) -> None:
        """Forget every injected fault."""
        with self._lock:
            self._faults.clear()

    def _queue(self, repo_id: str, file: str | None, faults: list[Fault], forever: bool) -> None:
        with self._lock:
            queue = self._faults.setdefault((repo_id, file), _FaultQueue())
            queue.steps.extend(faults)
            if forever and faults:
                queue.forever = faults[-1]

    def _next_fault(self, repo_id: str | None, file: str | None, method: str) -> Fault | None:
        if repo_id is None:
            return None
        with self._lock:
            queue = self._faults.get((repo_id, file))
            return queue.next(method) if queue is not None else None

    # -- request log ------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request so far, oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    def requests_for(self, repo_id: str, target: Target | None = None) -> list[RecordedRequest]:
        """The requests about one repository, optionally only its API or file routes."""
        return [
            r
            for r in self.requests
            if r.repo_id == repo_id and (target is None or r.target == target)
        ]

    def clear_requests(self) -> None:
        """Forget the request log."""
        with self._lock:
            self._requests.clear()

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _model(self, repo_id: str) -> HubModel | None:
        with self._lock:
            return self._models.get(repo_id)

    def _renamed_to(self, repo_id: str) -> str | None:
        with self._lock:
            return self._renamed.get(repo_id)


def _revision(
    repo_id: str,
    name: str,
    sha: str | None,
    card_data: Mapping[str, Any] | None,
    files: Mapping[str, str | bytes] | None,
) -> HubRevision:
    stored = {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in (files or {}).items()}
    if "README.md" not in stored and card_data is not None:
        stored["README.md"] = readme_with_front_matter(card_data).encode("utf-8")
    if card_data is None and "README.md" in stored:
        card_data = front_matter(stored["README.md"].decode("utf-8", errors="replace"))
    commit = sha or hashlib.sha1(f"{repo_id}@{name}".encode()).hexdigest()
    return HubRevision(commit, dict(card_data) if card_data is not None else None, stored)


def hub_tags(model: HubModel, revision: HubRevision) -> list[str]:
    """Tags the way the Hub derives them from a card: library, card tags, ``license:*``,
    ``base_model:*`` (plain and with the relation), ``dataset:*``, languages, region."""
    data = revision.card_data or {}
    tags: list[str] = []
    library = data.get("library_name") or model.library_name
    if isinstance(library, str):
        tags.append(library)
    tags.extend(_strings(data.get("tags")))
    tags.extend(model.extra_tags)
    pipeline = data.get("pipeline_tag") or model.pipeline_tag
    if isinstance(pipeline, str):
        tags.append(pipeline)
    tags.extend(f"dataset:{d}" for d in _strings(data.get("datasets")))
    tags.extend(_strings(data.get("language")))
    tags.extend(f"license:{lic}" for lic in _strings(data.get("license")))
    bases = _strings(data.get("base_model"))
    relation = data.get("base_model_relation")
    if not isinstance(relation, str):
        relation = "merge" if len(bases) > 1 else "finetune"
    for base in bases:
        tags.extend((f"base_model:{base}", f"base_model:{relation}:{base}"))
    tags.append("region:us")
    return list(dict.fromkeys(tags))


def model_info_json(model: HubModel, revision: HubRevision) -> dict[str, Any]:
    """The JSON the Hub's ``/api/models/{repo_id}`` route returns for one revision."""
    data = revision.card_data
    pipeline = (data or {}).get("pipeline_tag") or model.pipeline_tag
    library = (data or {}).get("library_name") or model.library_name
    info: dict[str, Any] = {
        "_id": model.object_id,
        "id": model.repo_id,
        "modelId": model.repo_id,
        "author": model.repo_id.split("/")[0] if "/" in model.repo_id else None,
        "sha": revision.sha,
        "lastModified": _MODIFIED,
        "private": model.private,
        "gated": model.gated,
        "disabled": model.disabled,
        "downloads": model.downloads,
        "likes": model.likes,
        "tags": hub_tags(model, revision),
        "pipeline_tag": pipeline if isinstance(pipeline, str) else None,
        "library_name": library if isinstance(library, str) else None,
        "createdAt": _CREATED,
        "siblings": [{"rfilename": name} for name in sorted(revision.files)],
        "spaces": [],
        "usedStorage": sum(len(b) for b in revision.files.values()),
    }
    if data is not None:
        info["cardData"] = data
    return info


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


class _QuietServer(ThreadingHTTPServer):
    """Threads that never block shutdown, and no tracebacks for clients that hung up."""

    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        return


class _HubHandler(BaseHTTPRequestHandler):
    hub: HubServer
    protocol_version = "HTTP/1.1"
    server_version = "hubserver/1.0"
    # Headers and body leave in one segment: no Nagle/delayed-ACK stall per answer.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    # -- routing ----------------------------------------------------------------------------

    def _serve(self, *, head: bool) -> None:
        split = urlsplit(self.path)
        parts = [unquote(p) for p in split.path.split("/")[1:]]
        target, repo_id, revision, filename = _route(parts)
        self.hub._record(
            RecordedRequest(
                method=self.command,
                path=split.path,
                query=parse_qs(split.query),
                headers={k.lower(): v for k, v in self.headers.items()},
                target=target,
                repo_id=repo_id,
                revision=revision,
                filename=filename,
            )
        )
        if self.hub.latency:
            self.hub._stopping.wait(self.hub.latency)
        self._trickle: float | None = None
        fault = self.hub._next_fault(repo_id, filename, self.command)
        if fault is not None and self._apply(fault, head=head):
            return
        if target == "api" and repo_id is not None:
            self._model_info(repo_id, revision, parse_qs(split.query), head=head)
        elif target == "file" and repo_id is not None and filename is not None:
            self._file(repo_id, revision or "main", filename, head=head)
        else:
            self._json(404, {"error": "Not found"}, head=head)

    def _apply(self, fault: Fault, *, head: bool) -> bool:
        """Carry out a fault; False when the request should then be answered normally."""
        if fault.kind == "slow":
            self.hub._stopping.wait(fault.delay)
            return False
        if fault.kind == "trickle":
            self._trickle = fault.delay
            return False
        if fault.kind == "drop":
            self.close_connection = True
            return True
        if fault.kind == "redirect":
            self._send(fault.status, b"", {"Location": fault.location or "/"}, head=head)
            return True
        if fault.kind == "malformed":
            self._send(200, fault.body or b"{", {"Content-Type": "application/json"}, head=head)
            return True
        if fault.kind == "truncated":
            body = json.dumps({"id": "x", "padding": "y" * 2048}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
            return True
        headers = dict(fault.headers)
        if fault.retry_after is not None:
            headers["Retry-After"] = fault.retry_after
        if fault.error_code is not None:
            headers["X-Error-Code"] = fault.error_code
            headers.setdefault("X-Error-Message", _ERROR_MESSAGES.get(fault.error_code, ""))
        self._json(fault.status, {"error": f"injected HTTP {fault.status}"}, headers, head=head)
        return True

    def _authorised(self) -> bool:
        auth = self.headers.get("Authorization", "")
        return auth.startswith("Bearer ") and auth[len("Bearer ") :] in self.hub.accepted_tokens

    def _model_info(
        self, repo_id: str, revision: str | None, query: dict[str, list[str]], *, head: bool
    ) -> None:
        new_name = self.hub._renamed_to(repo_id)
        if new_name is not None:
            suffix = "" if revision is None else f"/revision/{revision}"
            self._send(307, b"", {"Location": f"/api/models/{new_name}{suffix}"}, head=head)
            return
        model = self.hub._model(repo_id)
        if model is None or (model.private and not self._authorised()):
            self._repo_not_found(head=head)
            return
        chosen = model.revision(revision or "main")
        if chosen is None:
            self._json(
                404,
                {"error": f"Invalid rev id: {revision}"},
                {"X-Error-Code": "RevisionNotFound"},
                head=head,
            )
            return
        info = model_info_json(model, chosen)
        wanted = query.get("expand") or query.get("expand[]")
        if wanted:
            info = {k: v for k, v in info.items() if k in {"_id", "id", *wanted}}
        self._json(200, info, head=head)

    def _file(self, repo_id: str, revision: str, filename: str, *, head: bool) -> None:
        model = self.hub._model(repo_id)
        if model is None or (model.private and not self._authorised()):
            self._repo_not_found(head=head)
            return
        chosen = model.revision(revision)
        if chosen is None:
            self._json(
                404,
                {"error": f"Invalid rev id: {revision}"},
                {"X-Error-Code": "RevisionNotFound"},
                head=head,
            )
            return
        if model.gated and not self._authorised():
            message = (
                f"Access to model {repo_id} is restricted. You must have access to it "
                "and be authenticated to access it. Please log in."
            )
            self._json(
                401,
                {"error": message},
                {"X-Error-Code": "GatedRepo", "X-Error-Message": message},
                head=head,
            )
            return
        content = chosen.files.get(filename)
        if content is None:
            self._json(
                404,
                {"error": "Entry not found"},
                {"X-Error-Code": "EntryNotFound", "X-Repo-Commit": chosen.sha},
                head=head,
            )
            return
        etag = hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()
        self._send(
            200,
            content,
            {
                "Content-Type": "text/plain; charset=utf-8",
                "ETag": f'"{etag}"',
                "X-Repo-Commit": chosen.sha,
                "Accept-Ranges": "bytes",
            },
            head=head,
        )

    def _repo_not_found(self, *, head: bool) -> None:
        message = "Repository not found"
        self._json(
            self.hub.missing_status,
            {"error": message},
            {"X-Error-Code": "RepoNotFound", "X-Error-Message": message},
            head=head,
        )

    # -- writing ----------------------------------------------------------------------------

    def _json(
        self, status: int, payload: object, headers: Mapping[str, str] | None = None, *, head: bool
    ) -> None:
        body = json.dumps(payload, default=_json_default).encode("utf-8")
        self._send(
            status,
            body,
            {"Content-Type": "application/json; charset=utf-8", **(headers or {})},
            head=head,
        )

    def _send(self, status: int, body: bytes, headers: Mapping[str, str], *, head: bool) -> None:
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Request-Id", hashlib.sha1(self.path.encode()).hexdigest()[:16])
            self.end_headers()
            if head:
                return
            if self._trickle is None:
                self.wfile.write(body)
                return
            self.wfile.flush()
            for at in range(len(body)):
                self.wfile.write(body[at : at + 1])
                self.wfile.flush()
                if self.hub._stopping.wait(self._trickle):
                    break
            self.close_connection = True
        except OSError:
            # The client gave up (a time-out test): nothing left to tell it.
            self.close_connection = True


_ERROR_MESSAGES = {
    "GatedRepo": "Access to this model is restricted: accept its conditions on the Hub.",
    "RepoNotFound": "Repository not found",
}


def _route(parts: list[str]) -> tuple[Target, str | None, str | None, str | None]:
    """(target, repo_id, revision, filename) of a request path split on ``/``."""
    if len(parts) >= 3 and parts[0] == "api" and parts[1] == "models":
        rest = parts[2:]
        if "revision" in rest[1:]:
            at = rest.index("revision", 1)
            return "api", "/".join(rest[:at]), "/".join(rest[at + 1 :]) or None, None
        return "api", "/".join(rest), None, None
    if "resolve" in parts[1:]:
        at = parts.index("resolve", 1)
        tail = parts[at + 1 :]
        if len(tail) >= 2:
            return "file", "/".join(parts[:at]), tail[0], "/".join(tail[1:])
    return "other", None, None, None


def _json_default(value: object) -> object:
    # YAML front matter may hold dates; the Hub serialises them as ISO strings.
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


HUB_ENVIRONMENT = (
    "HF_ENDPOINT", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_OFFLINE", "HF_HUB_CACHE",
    "HF_TOKEN_PATH", "HF_HUB_DISABLE_IMPLICIT_TOKEN", "XDG_CACHE_HOME",
)  # fmt: skip
"""Variables a Hub client reads; a test clears them so the caller's setup cannot leak in."""


def isolate_hub_environment(monkeypatch: Any, hf_home: Path, endpoint: str | None = None) -> None:
    """Point a Hub client built later at ``endpoint``, with ``hf_home`` as HF_HOME and no
    token or offline switch inherited from the caller (``monkeypatch`` is pytest's)."""
    for name in HUB_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HOME", str(hf_home))
    if endpoint is not None:
        monkeypatch.setenv("HF_ENDPOINT", endpoint)
