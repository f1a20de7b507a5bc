"""Small text files of Hub repositories (README.md, LICENSE), read with ``hf_hub_download``.

Files land in huggingface_hub's own cache, so ``--offline`` can read them again with
``local_files_only``. Every read is size-capped (the size is asked first, with a HEAD),
retried on passing failures, and ends in a ``HubTextFile``: never an exception. Each read
counts against its model's ``ModelBudget`` (``audit.resolve.hub_limits``): each attempt ends
at its deadline, and once the model's files would pass the byte cap, that file and every
later one is ``over-cap`` without a request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from audit.resolve.hub_cache import HubSettings
from audit.resolve.hub_fetch import (
    RETRIED_STATUSES,
    GaveUp,
    Retry,
    RetryPolicy,
    asked_wait,
    gated_problem,
)
from audit.resolve.hub_limits import Deadline, ModelBudget, Window, WorkStopped, run_within

FileStatus = Literal[
    "ok", "absent", "too-large", "over-cap", "gated", "not-found", "unreachable",
    "offline-miss", "invalid",
]  # fmt: skip
"""``over-cap``: not read, as the model's downloads would pass ``MODEL_AUDIT_MAX_MODEL_BYTES``."""


@dataclass(frozen=True)
class HubTextFile:
    """The outcome of reading one small text file of a Hub repository."""

    repo_id: str
    filename: str
    revision: str | None
    status: FileStatus
    text: str | None
    """The file decoded as UTF-8 (undecodable bytes replaced), when ``ok``."""
    problem: str | None
    """Why there is no text; None when ``ok`` or simply ``absent``."""
    size: int | None = None
    from_cache: bool = False
    note: str | None = None
    """Anything worth telling about an ``ok`` read (a cached copy used for want of the Hub)."""


class TextFileReader:
    """Reads small text files with ``hf_hub_download``: size-capped, retried, never raising."""

    def __init__(self, settings: HubSettings, policy: RetryPolicy, timeout_seconds: float) -> None:
        self.settings = settings
        self.policy = policy
        self._timeout = timeout_seconds
        self._problems: dict[tuple[str, str, str | None], str] = {}
        self._lock = threading.Lock()

    def problem(self, repo_id: str, filename: str, revision: str | None) -> str | None:
        """The problem recorded by the last read of this file, if any."""
        with self._lock:
            return self._problems.get((repo_id, filename, revision))

    def read(
        self,
        repo_id: str,
        filename: str,
        revision: str | None,
        max_bytes: int,
        budget: ModelBudget,
        window: Window,
    ) -> HubTextFile:
        """Read ``filename`` of ``repo_id`` within the model's ``budget`` and the call's
        ``window``; the outcome's problem is also recorded."""
        try:
            result = self._read(repo_id, filename, revision, max_bytes, budget, window)
        except Exception as exc:  # noqa: BLE001 - the promise is an answer, whatever happens
            result = HubTextFile(
                repo_id, filename, revision, "invalid", None,
                f"reading {filename} of {repo_id} failed unexpectedly: {type(exc).__name__}: {exc}",
            )  # fmt: skip
        with self._lock:
            key = (repo_id, filename, revision)
            if result.problem is None:
                self._problems.pop(key, None)
            else:
                self._problems[key] = result.problem
        return result

    def _read(
        self, repo_id: str, filename: str, revision: str | None, max_bytes: int,
        budget: ModelBudget, window: Window,
    ) -> HubTextFile:  # fmt: skip
        if not filename or filename.startswith("/") or ".." in filename.split("/"):
            problem = f"{filename!r} is not a file name inside a repository"
            return HubTextFile(repo_id, filename, revision, "invalid", None, problem)
        if budget.stopped is not None:
            return HubTextFile(repo_id, filename, revision, "over-cap", None, budget.stopped)
        if self.settings.offline:
            return _charged(self._local(repo_id, filename, revision, max_bytes, budget), budget)
        got = self.policy.run(
            lambda deadline: self._within(deadline, repo_id, filename, revision, max_bytes, budget),
            window,
        )
        if not isinstance(got, GaveUp):
            return got
        unreachable = self.policy.unreachable(got)
        kept = _charged(self._local(repo_id, filename, revision, max_bytes, budget), budget)
        if kept.status == "ok":
            return replace(kept, note=f"{unreachable}; used the copy in the local cache")
        problem = f"{filename} of {repo_id}: {unreachable}"
        return HubTextFile(repo_id, filename, revision, "unreachable", None, problem)

    def _local(
        self, repo_id: str, filename: str, revision: str | None, max_bytes: int,
        budget: ModelBudget,
    ) -> HubTextFile:  # fmt: skip
        """The copy in huggingface_hub's cache; a pure file-system look-up, never a request
        (``hf_hub_download`` would build request headers, which can reach the network)."""
        from huggingface_hub import try_to_load_from_cache

        try:
            found = try_to_load_from_cache(repo_id, filename, self.settings.files_dir, revision)
        except Exception:  # noqa: BLE001 - a name the cache cannot hold: not cached
            found = None
        if not isinstance(found, str):
            problem = f"{filename} of {repo_id} is not in the local cache (--offline)"
            return HubTextFile(repo_id, filename, revision, "offline-miss", None, problem)
        return _text_of(Path(found), repo_id, filename, revision, max_bytes, budget,
                        from_cache=True)  # fmt: skip

    def _within(
        self, deadline: Deadline, repo_id: str, filename: str, revision: str | None,
        max_bytes: int, budget: ModelBudget,
    ) -> HubTextFile | Retry:  # fmt: skip
        """One attempt, ended at ``deadline``; its bytes are charged to the model (the
        file's size when read, cached or not; what came of a download that broke off)."""
        left = budget.bytes_left()
        outcome = run_within(
            deadline,
            lambda: self._attempt(repo_id, filename, revision, max_bytes, budget),
            max_body_bytes=min(max_bytes, left),
        )
        read = outcome.value
        size = read.size or 0 if isinstance(read, HubTextFile) and read.status == "ok" else 0
        budget.charge(max(outcome.body_bytes, size))
        if outcome.over_bytes:
            if max_bytes <= left:
                return _too_large(repo_id, filename, revision, max_bytes, None)
            problem = budget.refuse(filename, None)
            return HubTextFile(repo_id, filename, revision, "over-cap", None, problem)
        if outcome.stopped is not None or read is None:
            return Retry(outcome.stopped or deadline.message)
        if isinstance(read, Retry) and read.reason == "timed out" and deadline.remaining() < 0.05:
            return Retry(deadline.message)  # the read's time-out was the deadline's
        return read

    def _attempt(
        self,
        repo_id: str,
        filename: str,
        revision: str | None,
        max_bytes: int,
        budget: ModelBudget,
    ) -> HubTextFile | Retry:
        import httpx2
        from huggingface_hub import (
            get_hf_file_metadata,
            hf_hub_download,
            hf_hub_url,
            try_to_load_from_cache,
        )
        from huggingface_hub.errors import (
            EntryNotFoundError,
            GatedRepoError,
            HfHubHTTPError,
            LocalEntryNotFoundError,
            OfflineModeIsEnabled,
            RepositoryNotFoundError,
            RevisionNotFoundError,
        )
        from huggingface_hub.utils import HFValidationError

        def outcome(status: FileStatus, problem: str | None) -> HubTextFile:
            return HubTextFile(repo_id, filename, revision, status, None, problem)

        token = self.settings.token or False
        try:
            # Our own HEAD first, without huggingface_hub's retries (it would sleep up to
            # 23 s on its own): it gives the size to check and the commit.
            url = hf_hub_url(repo_id, filename, revision=revision, endpoint=self.settings.endpoint)
            meta = get_hf_file_metadata(
                url, token=token, timeout=self._timeout, endpoint=self.settings.endpoint,
                retry_on_errors=False,
            )  # fmt: skip
            if meta.size is not None and meta.size > max_bytes:
                return _too_large(repo_id, filename, revision, max_bytes, meta.size)
            if meta.size is not None and meta.size > budget.bytes_left():
                problem = budget.refuse(filename, meta.size)
                return HubTextFile(
                    repo_id, filename, revision, "over-cap", None, problem, meta.size
                )
            cached = meta.commit_hash is not None and isinstance(
                try_to_load_from_cache(
                    repo_id, filename, self.settings.files_dir, meta.commit_hash
                ),
                str,
            )
            path = hf_hub_download(
                repo_id, filename, revision=revision, cache_dir=self.settings.files_dir,
                endpoint=self.settings.endpoint, token=token, etag_timeout=self._timeout,
                tqdm_class=silent_tqdm(),
            )  # fmt: skip
            return _text_of(Path(path), repo_id, filename, revision, max_bytes, budget,
                            from_cache=cached)  # fmt: skip
        except LocalEntryNotFoundError as exc:
            # huggingface_hub's second HEAD failed after ours: read why.
            _raise_if_stopped(exc)
            retry = _retry_reason(exc.__cause__)
            if retry is not None:
                return retry
            return outcome("invalid", f"{filename} of {repo_id} could not be fetched: {exc}")
        except GatedRepoError:
            return outcome("gated", gated_problem(self.settings, repo_id))
        except RevisionNotFoundError:
            return outcome("not-found", f"revision {revision} of {repo_id} not found on the Hub")
        except RepositoryNotFoundError:
            return outcome("not-found", f"{repo_id} not found on the Hub")
        except EntryNotFoundError:
            return outcome("absent", None)
        except HfHubHTTPError as exc:
            _raise_if_stopped(exc)
            retry = _retry_reason(exc)
            if retry is not None:
                return retry
            if exc.response is not None and exc.response.status_code == 403:
                return outcome("gated", gated_problem(self.settings, repo_id))
            return outcome("invalid", f"{filename} of {repo_id}: the Hub refused it ({exc})")
        except OfflineModeIsEnabled:
            return self._local(repo_id, filename, revision, max_bytes, budget)
        except httpx2.TransportError as exc:
            return _retry_reason(exc) or Retry(f"connection failed: {exc}")
        except HFValidationError as exc:
            return outcome("invalid", f"{repo_id!r} cannot be downloaded from: {exc}")
        except (OSError, ValueError) as exc:
            _raise_if_stopped(exc)
            return outcome("invalid", f"{filename} of {repo_id} could not be read: {exc}")


def _charged(read: HubTextFile, budget: ModelBudget) -> HubTextFile:
    """``read``, its size counted against the model when it was read."""
    if read.status == "ok":
        budget.charge(read.size or 0)
    return read


def _raise_if_stopped(error: BaseException) -> None:
    """Let a guard's stop through when huggingface_hub wrapped it in its own error."""
    cause = error.__cause__ or error.__context__
    if isinstance(cause, WorkStopped):
        raise cause


def _text_of(
    path: Path, repo_id: str, filename: str, revision: str | None, max_bytes: int,
    budget: ModelBudget, *, from_cache: bool,
) -> HubTextFile:  # fmt: skip
    """The file's text, unless it is over the file's cap or what is left of the model's
    (checked again: a HEAD can be wrong, and a cached file has had none)."""
    size = path.stat().st_size
    if size > max_bytes:
        return _too_large(repo_id, filename, revision, max_bytes, size)
    if size > budget.bytes_left():
        problem = budget.refuse(filename, size)
        return HubTextFile(repo_id, filename, revision, "over-cap", None, problem, size)
    text = path.read_bytes().decode("utf-8", errors="replace")
    return HubTextFile(repo_id, filename, revision, "ok", text, None, size, from_cache)


def _too_large(
    repo_id: str, filename: str, revision: str | None, max_bytes: int, size: int | None
) -> HubTextFile:
    shown = f"{size} bytes, over" if size is not None else "over"
    problem = f"{filename} of {repo_id} is {shown} the {max_bytes}-byte cap; not read"
    return HubTextFile(repo_id, filename, revision, "too-large", None, problem, size)


def _retry_reason(error: BaseException | None) -> Retry | None:
    """A retry when ``error`` is passing (429, 5xx, time-out, broken connection)."""
    import httpx2
    from huggingface_hub.errors import HfHubHTTPError

    if isinstance(error, HfHubHTTPError) and error.response is not None:
        status = error.response.status_code
        if status in RETRIED_STATUSES or status >= 500:
            return Retry(f"HTTP {status}", asked_wait(error.response.headers, status))
        return None
    if isinstance(error, httpx2.TimeoutException):
        return Retry("timed out")
    if isinstance(error, httpx2.TransportError):
        return Retry(f"connection failed: {error}")
    return None


_SILENT_TQDM: list[type] = []


def silent_tqdm() -> type:
    """A tqdm class that draws nothing: downloads of small files need no progress bar."""
    if not _SILENT_TQDM:
        from tqdm.auto import tqdm

        class SilentTqdm(tqdm):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                kwargs["disable"] = True
                super().__init__(*args, **kwargs)

        _SILENT_TQDM.append(SilentTqdm)
    return _SILENT_TQDM[0]
