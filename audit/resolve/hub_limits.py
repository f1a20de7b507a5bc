"""Bounded work per Hub model: a deadline for each whole request, one for all of a model's
requests, and a cap on the bytes its files download.

- A **request** is one attempt at one answer: the model info (redirects included), or one
  file (its size check, huggingface_hub's own check, the body). It ends at its deadline
  (``MODEL_AUDIT_HUB_REQUEST_SECONDS``) however the server sends: ``run_within`` runs it on
  a worker thread and stops waiting at the deadline, and a guard on huggingface_hub's HTTP
  session ends the abandoned request at its next network read (each read's time-out is
  capped at what is left), so a body trickling one byte every 2 s ends on time.
- A **model** (one Hub repository at one revision) has a ``ModelBudget``: the seconds all
  its requests may take together, back-off waits included (``MODEL_AUDIT_HUB_MODEL_SECONDS``),
  and the bytes its files may come to (``MODEL_AUDIT_MAX_MODEL_BYTES``), counted on what is
  read: every file's size whether downloaded or found in the cache (so the answer does not
  depend on the cache), plus the body bytes of downloads that broke off.

Going past a deadline is an outage (the audit is incomplete); going past the byte cap is a
property of the repository (a finding).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from audit.settings import MODEL_BYTES, MODEL_SECONDS, REQUEST_SECONDS, human_size

if TYPE_CHECKING:
    import httpx2

Result = TypeVar("Result")


@dataclass(frozen=True)
class Deadline:
    """A moment on the monotonic clock, and the sentence that says which limit set it."""

    at: float
    message: str
    """``the whole request took over 1.5 s, the deadline set by MODEL_AUDIT_HUB_...``"""

    def remaining(self) -> float:
        """Seconds left (negative once passed)."""
        return self.at - time.monotonic()


@dataclass(frozen=True)
class Window:
    """The time one call (a look-up or a file read) may take: until the model's time is up,
    each request until its own deadline or the model's, whichever comes first."""

    ends_at: float
    model_message: str
    request_seconds: float

    def over(self) -> bool:
        """True once the model's time is up."""
        return time.monotonic() >= self.ends_at

    def allows_wait(self, seconds: float) -> bool:
        """True when waiting ``seconds`` still leaves time for another request."""
        return time.monotonic() + seconds < self.ends_at

    def deadline(self) -> Deadline:
        """The deadline of a request starting now."""
        own = time.monotonic() + self.request_seconds
        if own <= self.ends_at:
            return Deadline(own, request_message(self.request_seconds))
        return Deadline(self.ends_at, self.model_message)


def request_message(seconds: float) -> str:
    """Why a request was stopped at its own deadline."""
    variable = REQUEST_SECONDS.variable
    return f"the whole request took over {seconds:g} s, the deadline set by {variable}"


class ModelBudget:
    """What one model's Hub requests may still spend, and what they have spent.

    Calls for one model are made one after another; the lock only keeps the counts right
    should two ever overlap.
    """

    def __init__(self, repo_id: str, seconds: float, max_bytes: int, request_seconds: float):
        self.repo_id = repo_id
        self.seconds = seconds
        self.max_bytes = max_bytes
        self.request_seconds = request_seconds
        self.spent_seconds = 0.0
        self.read_bytes = 0
        self.stopped: str | None = None
        """Set once the byte cap refused a file: every later file is refused with it."""
        self._lock = threading.Lock()

    @property
    def model_message(self) -> str:
        """Why a request was stopped at the model's deadline."""
        return (
            f"the Hub requests for {self.repo_id} took over {self.seconds:g} s in all, the "
            f"deadline set by {MODEL_SECONDS.variable}"
        )

    @contextlib.contextmanager
    def call(self) -> Iterator[Window]:
        """Time one call against the model; yields the window it has."""
        started = time.monotonic()
        with self._lock:
            left = max(0.0, self.seconds - self.spent_seconds)
        try:
            yield Window(started + left, self.model_message, self.request_seconds)
        finally:
            with self._lock:
                self.spent_seconds += time.monotonic() - started

    def bytes_left(self) -> int:
        """Bytes the model's files may still come to."""
        with self._lock:
            return max(0, self.max_bytes - self.read_bytes)

    def charge(self, size: int) -> None:
        """Count ``size`` bytes read for the model."""
        with self._lock:
            self.read_bytes += max(0, size)

    def refuse(self, filename: str, size: int | None) -> str:
        """Stop reading the model's files at ``filename``; the sentence for the finding."""
        with self._lock:
            if self.stopped is None:
                what = f"{filename} ({size:,} bytes)" if size is not None else filename
                self.stopped = (
                    f"{what} and the files after it were not read: they would take the "
                    f"downloads for {self.repo_id} past {human_size(self.max_bytes)}, the cap "
                    f"set by {MODEL_BYTES.variable} ({self.read_bytes:,} bytes read)"
                )
            return self.stopped


class WorkStopped(Exception):
    """Raised inside a guarded request: its deadline passed, or its body went over the cap."""

    def __init__(self, reason: str, *, over_bytes: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.over_bytes = over_bytes


@dataclass(frozen=True)
class Outcome(Generic[Result]):
    """What a guarded request came to: its value, or why it was stopped."""

    value: Result | None
    stopped: str | None
    """The deadline's sentence, or the byte cap's, when the request was stopped."""
    over_bytes: bool
    body_bytes: int
    """Body bytes of successful GET answers that reached the machine during the request."""


class _Guard:
    def __init__(self, deadline: Deadline, max_body_bytes: int | None) -> None:
        self.deadline = deadline
        self.max_body_bytes = max_body_bytes
        self.body_bytes = 0
        self.answer_bytes = 0
        """Body bytes of successful (2xx) answers: what the model is charged. Error bodies
        are bounded but not charged (huggingface_hub asks for things of its own once per
        process, which must not change one model's verdict)."""
        self.abandoned = threading.Event()

    def check(self) -> None:
        if self.abandoned.is_set() or self.deadline.remaining() <= 0:
            raise WorkStopped(self.deadline.message)

    def count(self, size: int, *, answer: bool) -> None:
        self.body_bytes += size
        if answer:
            self.answer_bytes += size
        if self.max_body_bytes is not None and self.body_bytes > self.max_body_bytes:
            raise WorkStopped(f"more than {self.max_body_bytes:,} bytes", over_bytes=True)


_CURRENT = threading.local()
_INSTALL_LOCK = threading.Lock()


def _guard() -> _Guard | None:
    guard = getattr(_CURRENT, "guard", None)
    return guard if isinstance(guard, _Guard) else None


def _on_request(request: httpx2.Request) -> None:
    """Refuse a request once the deadline passed; cap every time-out at what is left."""
    guard = _guard()
    if guard is None:
        return
    guard.check()
    left = max(0.01, guard.deadline.remaining())
    given = request.extensions.get("timeout") or {}
    request.extensions["timeout"] = {
        phase: left if given.get(phase) is None else min(float(given[phase]), left)
        for phase in ("connect", "read", "write", "pool")
    }


def _on_response(response: httpx2.Response) -> None:
    """Watch the body of a GET: count its bytes, stop it at the deadline or the cap."""
    guard = _guard()
    if guard is not None and response.request.method == "GET":
        answer = 200 <= response.status_code < 300
        response.stream = _guarded_stream_class()(response.stream, guard, answer)


_STREAM_CLASS: list[type[Any]] = []


def _guarded_stream_class() -> type[Any]:
    """An ``httpx2.SyncByteStream`` that reads a body through the guard (built on first
    use, so importing this module does not import httpx2)."""
    if not _STREAM_CLASS:
        import httpx2

        class GuardedStream(httpx2.SyncByteStream):
            def __init__(self, inner: Any, guard: _Guard, answer: bool) -> None:
                self._inner = inner
                self._guard = guard
                self._answer = answer

            def __iter__(self) -> Iterator[bytes]:
                for chunk in self._inner:
                    self._guard.check()
                    self._guard.count(len(chunk), answer=self._answer)
                    yield chunk

            def close(self) -> None:
                self._inner.close()

        _STREAM_CLASS.append(GuardedStream)
    return _STREAM_CLASS[0]


def install_guard() -> None:
    """Add the guard's hooks to huggingface_hub's shared HTTP session (once per session;
    a session huggingface_hub rebuilds gets them again). Requests made outside
    ``run_within`` pass through untouched."""
    from huggingface_hub.utils import get_session

    session = get_session()
    if _on_request in session.event_hooks.get("request", ()):
        return
    with _INSTALL_LOCK:
        hooks = session.event_hooks
        if _on_request not in hooks.get("request", ()):
            session.event_hooks = {
                "request": [*hooks.get("request", ()), _on_request],
                "response": [*hooks.get("response", ()), _on_response],
            }


def run_within(
    deadline: Deadline, work: Callable[[], Result], *, max_body_bytes: int | None = None
) -> Outcome[Result]:
    """Run one request (``work``, which makes its HTTP calls through huggingface_hub's
    session) until it is done or ``deadline`` passes, whichever is first.

    ``max_body_bytes`` caps the body bytes of its GET answers. Exceptions of ``work`` other
    than being stopped are raised here. Ctrl-C stops the wait at once and abandons the
    request, which then ends at its next network read.
    """
    install_guard()
    guard = _Guard(deadline, max_body_bytes)
    box: list[tuple[bool, Any]] = []
    done = threading.Event()

    def target() -> None:
        _CURRENT.guard = guard
        try:
            box.append((True, work()))
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            box.append((False, exc))
        finally:
            _CURRENT.guard = None
            done.set()

    threading.Thread(target=target, name="hub-request", daemon=True).start()
    try:
        finished = done.wait(max(0.0, deadline.remaining()))
    finally:
        if not done.is_set():
            guard.abandoned.set()
    if not finished:
        return Outcome(None, deadline.message, False, guard.answer_bytes)
    ok, value = box[0]
    if ok:
        return Outcome(value, None, False, guard.answer_bytes)
    stopped = _stopped_by(value)
    if stopped is None:
        raise value
    reason = deadline.message if not stopped.over_bytes else stopped.reason
    return Outcome(None, reason, stopped.over_bytes, guard.answer_bytes)


def _stopped_by(error: BaseException) -> WorkStopped | None:
    """The ``WorkStopped`` behind ``error`` (huggingface_hub may wrap it), if any."""
    seen: BaseException | None = error
    for _ in range(8):
        if seen is None or isinstance(seen, WorkStopped):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None
