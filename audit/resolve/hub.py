"""Ask the Hugging Face Hub what it knows about a model, and read small files from it.

``HubClient.lookup`` never raises: every outcome is a ``HubLookup`` with a status and, when
something went wrong, a sentence fit for a finding. Requests go through huggingface_hub's
own HTTP session and headers; files through ``hf_hub_download`` and its cache.

Behaviour, in short:

- 404 → ``not-found``; 401/403 for a gated repo → ``gated`` (accept the licence or set
  ``HF_TOKEN``); a 401 that says the repo was not found → ``not-found``, since the Hub
  answers so for private repos too.
- 408, 429 and 5xx, time-outs, refused or broken connections and truncated bodies are
  retried with exponential back-off (``Retry-After`` honoured up to ``max_wait_seconds``)
  up to ``max_attempts`` times, then → ``unreachable``. If an earlier answer is cached, it
  is used instead and ``note`` says so.
- A body that is not JSON or not a model description, or a redirect to another host
  (never followed) → ``invalid``.
- Answers (``ok``, ``not-found``, ``gated``) are kept on disk; ``offline`` reads only that
  cache and huggingface_hub's file cache, and otherwise answers ``offline-miss``.

huggingface_hub is imported inside methods so ``model-audit --help`` never loads it.
"""

from __future__ import annotations

import email.utils
import json
import re
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urljoin, urlsplit

from audit.resolve.hub_cache import AnswerCache, CachedAnswer, HubSettings, info_from_local_snapshot
from audit.resolve.hub_files import HubTextFile, TextFileReader

HubStatus = Literal["ok", "not-found", "gated", "unreachable", "offline-miss", "invalid"]

EXPAND = (
    "author", "cardData", "createdAt", "disabled", "downloads", "gated", "lastModified",
    "library_name", "likes", "pipeline_tag", "private", "sha", "siblings", "tags",
)  # fmt: skip
"""Model-info fields we ask for; the Hub then leaves out large ones (spaces, config...)."""
MAX_INFO_BYTES = 16 * 1024 * 1024
MAX_REDIRECTS = 5
COMMIT_SHA = re.compile(r"[0-9a-f]{40}")
_REPO_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,95}")

__all__ = ["HubCard", "HubClient", "HubLookup", "HubStatus", "HubTextFile", "card_from_info"]


@dataclass(frozen=True)
class HubCard:
    """What the Hub says about one repository at one revision."""

    repo_id: str
    """The repository id as the Hub spells it (it may differ in case from the request)."""
    revision: str
    """The revision asked for (``main`` when none was)."""
    sha: str | None
    """Commit the answer describes."""
    card_data: Mapping[str, Any]
    """``cardData``: the README front matter (license, license_name, base_model...)."""
    tags: tuple[str, ...]
    """Including the Hub's derived ``license:*`` and ``base_model:*`` tags."""
    gated: bool
    """The repo asks users to accept conditions (``gated`` is ``auto``, ``manual`` or true)."""
    eu_disallowed: bool
    """``extra_gated_eu_disallowed`` is set in the card: EU users are refused."""
    siblings: tuple[str, ...]
    """File names in the repository."""
    pipeline_tag: str | None


@dataclass(frozen=True)
class HubLookup:
    """The outcome of asking about one repository."""

    repo_id: str
    revision: str | None
    status: HubStatus
    card: HubCard | None
    """Set when ``status`` is ``ok``."""
    problem: str | None
    """Why there is no card, as a sentence for a finding; None when ``ok``."""
    from_cache: bool
    """The answer came from the local cache, not from the Hub just now."""
    note: str | None = None
    """Anything worth telling about an ``ok`` answer (a stale cache used, a rebuilt card)."""


def card_from_info(info: Mapping[str, Any], revision: str | None) -> HubCard | None:
    """A ``HubCard`` from model-info JSON, or None when it does not describe a model."""
    repo_id = info.get("id") or info.get("modelId")
    if not isinstance(repo_id, str) or not repo_id:
        return None
    raw_card = info.get("cardData")
    card_data = dict(raw_card) if isinstance(raw_card, Mapping) else {}
    gated = info.get("gated")
    siblings = info.get("siblings")
    sha = info.get("sha")
    pipeline = info.get("pipeline_tag")
    return HubCard(
        repo_id=repo_id,
        revision=revision or "main",
        sha=sha if isinstance(sha, str) else None,
        card_data=card_data,
        tags=tuple(t for t in info.get("tags") or () if isinstance(t, str)),
        gated=gated is True or (isinstance(gated, str) and gated.lower() not in ("", "false")),
        eu_disallowed=_truthy(card_data.get("extra_gated_eu_disallowed")),
        siblings=tuple(
            s["rfilename"]
            for s in (siblings if isinstance(siblings, list) else ())
            if isinstance(s, Mapping) and isinstance(s.get("rfilename"), str)
        ),
        pipeline_tag=pipeline if isinstance(pipeline, str) else None,
    )


def _truthy(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "yes"))


def repo_id_problem(repo_id: object) -> str | None:
    """Why ``repo_id`` cannot name a Hub repository, or None when it can.

    Looser than huggingface_hub's validator on purpose (older repos exist whose names end
    in ``-``), but strict enough that the id cannot escape its URL path.
    """
    if not isinstance(repo_id, str) or not repo_id:
        return "an empty Hub repo id"
    parts = repo_id.split("/")
    if len(parts) > 2 or not all(_REPO_PART.fullmatch(p) for p in parts) or ".." in repo_id:
        return (
            f"{repo_id!r} is not a Hub repo id: expected 'name' or 'owner/name' of letters, "
            "digits, '-', '_' and '.', at most 96 characters each"
        )
    return None


@dataclass(frozen=True)
class _Answer:
    """What one request (or the whole retry loop) came to."""

    outcome: Literal["ok", "not-found", "gated", "invalid", "unreachable", "offline", "retry"]
    info: dict[str, Any] | None = None
    problem: str | None = None
    """The final sentence; for ``retry``, the short reason (``HTTP 503``)."""
    wait: float | None = None
    """For ``retry``: how long the server asked us to wait."""


class HubClient:
    """A Hub client for model-info look-ups and small text files, with retries and a cache.

    Reads ``HF_ENDPOINT``, ``HF_TOKEN``, ``HF_HUB_OFFLINE``, ``HF_HOME`` and ``HF_HUB_CACHE``
    when constructed; explicit arguments win. ``sleep`` is how the client waits between
    attempts (tests pass a recorder).
    """

    def __init__(
        self,
        *,
        offline: bool = False,
        endpoint: str | None = None,
        token: str | None = None,
        cache_dir: Path | None = None,
        max_attempts: int = 4,
        backoff_seconds: float = 0.5,
        timeout_seconds: float = 10.0,
        max_wait_seconds: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = HubSettings.resolve(
            offline=offline, endpoint=endpoint, token=token, cache_dir=cache_dir
        )
        self.max_attempts = max(1, max_attempts)
        self.backoff_seconds = max(0.0, backoff_seconds)
        self.timeout_seconds = timeout_seconds
        self.max_wait_seconds = max_wait_seconds
        self._sleep = sleep
        self._cache = AnswerCache(self.settings.answers_dir, self.settings.endpoint)
        self._files = TextFileReader(
            self.settings, self.max_attempts, self._wait_before, sleep, timeout_seconds
        )

    @property
    def offline(self) -> bool:
        """True when no request leaves the machine."""
        return self.settings.offline

    @property
    def endpoint(self) -> str:
        """The Hub base URL in use."""
        return self.settings.endpoint

    def repo_url(self, repo_id: str) -> str:
        """The repository's page, where its licence is accepted."""
        return f"{self.settings.endpoint}/{repo_id}"

    # -- look-ups ---------------------------------------------------------------------------

    def lookup(self, repo_id: str, revision: str | None = None) -> HubLookup:
        """What the Hub says about ``repo_id`` at ``revision``; never raises."""
        try:
            return self._lookup(repo_id, revision)
        except Exception as exc:  # noqa: BLE001 - the promise is an answer, whatever happens
            return HubLookup(
                repo_id, revision, "invalid", None,
                f"asking the Hub about {repo_id} failed unexpectedly: "
                f"{type(exc).__name__}: {exc}",
                False,
            )  # fmt: skip

    def lookup_many(
        self, refs: Sequence[tuple[str, str | None]], *, progress: bool = False, workers: int = 8
    ) -> dict[tuple[str, str | None], HubLookup]:
        """Look up every ``(repo_id, revision)`` concurrently, each distinct one once.

        With ``progress``, a progress bar is drawn on stderr, but only when stderr is a
        terminal: CI logs and redirected output stay clean.
        """
        unique = list(dict.fromkeys(refs))
        results: dict[tuple[str, str | None], HubLookup] = {}
        if not unique:
            return results
        bar = _ProgressBar(len(unique)) if progress and sys.stderr.isatty() else None
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(unique)))) as pool:
            futures = {pool.submit(self.lookup, repo, rev): (repo, rev) for repo, rev in unique}
            try:
                for future in as_completed(futures):
                    results[futures[future]] = future.result()
                    if bar is not None:
                        bar.advance(futures[future][0])
            finally:
                if bar is not None:
                    bar.close()
        return {ref: results[ref] for ref in unique}

    def _lookup(self, repo_id: str, revision: str | None) -> HubLookup:
        invalid = repo_id_problem(repo_id)
        if invalid is not None:
            return HubLookup(repo_id, revision, "invalid", None, invalid, False)
        if self.offline:
            return self._offline(repo_id, revision)
        if revision is not None and COMMIT_SHA.fullmatch(revision):
            # A commit never changes: an answer we already have is the answer.
            cached = self._cache.read(repo_id, revision)
            if cached is not None:
                return self._from_cached(repo_id, revision, cached)
        answer = self._fetch(repo_id, revision)
        if answer.outcome == "ok" and answer.info is not None:
            card = card_from_info(answer.info, revision)
            if card is not None:
                self._cache.write(repo_id, revision, "ok", answer.info, None)
                if revision is None and card.sha:
                    self._cache.write(repo_id, card.sha, "ok", answer.info, None)
                return HubLookup(repo_id, revision, "ok", card, None, False)
            answer = _Answer("invalid", problem=f"the Hub's answer for {repo_id} has no model id")
        if answer.outcome in ("not-found", "gated"):
            self._cache.write(repo_id, revision, answer.outcome, None, answer.problem)
            return HubLookup(repo_id, revision, answer.outcome, None, answer.problem, False)
        if answer.outcome == "offline":
            return self._offline(repo_id, revision)
        if answer.outcome == "unreachable":
            cached = self._cache.read(repo_id, revision)
            if cached is not None and cached.status == "ok":
                found = self._from_cached(repo_id, revision, cached)
                note = f"{answer.problem}; used the answer cached at {cached.fetched_at}"
                return HubLookup(repo_id, revision, found.status, found.card, None, True, note)
            return HubLookup(repo_id, revision, "unreachable", None, answer.problem, False)
        return HubLookup(repo_id, revision, "invalid", None, answer.problem, False)

    def _from_cached(self, repo_id: str, revision: str | None, cached: CachedAnswer) -> HubLookup:
        if cached.status == "ok" and cached.info is not None:
            card = card_from_info(cached.info, revision)
            if card is not None:
                return HubLookup(repo_id, revision, "ok", card, None, True)
        return HubLookup(repo_id, revision, cached.status, None, cached.problem, True)

    def _offline(self, repo_id: str, revision: str | None) -> HubLookup:
        cached = self._cache.read(repo_id, revision)
        if cached is not None:
            return self._from_cached(repo_id, revision, cached)
        info = info_from_local_snapshot(self.settings.files_dir, repo_id, revision)
        card = card_from_info(info, revision) if info is not None else None
        if card is not None:
            note = (
                f"built offline from the README.md of commit {card.sha} in the local Hugging "
                "Face cache: gating and the full file list are unknown"
            )
            return HubLookup(repo_id, revision, "ok", card, None, True, note)
        return HubLookup(
            repo_id, revision, "offline-miss", None, "not in the local cache (--offline)", True
        )

    # -- HTTP -------------------------------------------------------------------------------

    def _fetch(self, repo_id: str, revision: str | None) -> _Answer:
        """Ask for model info, retrying what is worth retrying."""
        url = f"{self.settings.endpoint}/api/models/{repo_id}"
        if revision is not None:
            url += f"/revision/{quote(revision, safe='')}"
        reason = ""
        attempts = 0
        while attempts < self.max_attempts:
            attempts += 1
            answer = self._attempt(url, repo_id, revision)
            if answer.outcome != "retry":
                return answer
            reason = answer.problem or "no answer"
            if attempts == self.max_attempts:
                break
            wait = self._wait_before(attempts, answer.wait)
            if wait is None:
                return _Answer(
                    "unreachable",
                    problem=f"Hub unreachable: it asked to wait {answer.wait:g} s ({reason}), "
                    f"longer than the {self.max_wait_seconds:g} s we wait",
                )
            self._sleep(wait)
        return _Answer(
            "unreachable", problem=f"Hub unreachable after {attempts} attempts ({reason})"
        )

    def _wait_before(self, attempt: int, asked: float | None) -> float | None:
        """Seconds to wait before attempt ``attempt + 1``; None when the server asks too much."""
        if asked is not None:
            return None if asked > self.max_wait_seconds else max(0.0, asked)
        return min(self.backoff_seconds * 2.0 ** (attempt - 1), self.max_wait_seconds)

    def _attempt(self, url: str, repo_id: str, revision: str | None) -> _Answer:
        import httpx2
        from huggingface_hub.errors import OfflineModeIsEnabled

        target = url
        try:
            for _ in range(MAX_REDIRECTS + 1):
                status, headers, body = self._get(target)
                if status in (301, 302, 303, 307, 308):
                    location = headers.get("location")
                    if not location:
                        return _Answer("invalid", problem=f"the Hub redirected {target} nowhere")
                    following = urljoin(target, location)
                    if _origin(following) != _origin(target):
                        return _Answer(
                            "invalid",
                            problem=f"the Hub redirected {target} to another host "
                            f"({following}); not followed",
                        )
                    target = following
                    continue
                return self._interpret(status, headers, body, repo_id, revision)
            return _Answer("invalid", problem=f"more than {MAX_REDIRECTS} redirects from {url}")
        except _TooLarge:
            return _Answer(
                "invalid", problem=f"the Hub's answer for {repo_id} exceeds {MAX_INFO_BYTES} bytes"
            )
        except OfflineModeIsEnabled:
            return _Answer("offline")
        except httpx2.TimeoutException:
            return _Answer("retry", problem=f"timed out after {self.timeout_seconds:g} s")
        except httpx2.RemoteProtocolError as exc:
            return _Answer("retry", problem=f"the connection broke off: {exc}")
        except httpx2.TransportError as exc:
            return _Answer("retry", problem=f"connection failed: {exc}")

    def _get(self, url: str) -> tuple[int, Mapping[str, str], bytes]:
        from huggingface_hub import __version__ as hub_version
        from huggingface_hub.utils import build_hf_headers, get_session

        from audit import __version__

        headers = build_hf_headers(
            token=self.settings.token or False,
            library_name="model-audit",
            library_version=__version__,
            user_agent={"hf_hub": hub_version},
        )
        request = get_session().stream(
            "GET", url, headers=headers, params={"expand": list(EXPAND)},
            timeout=self.timeout_seconds, follow_redirects=False,
        )  # fmt: skip
        with request as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > MAX_INFO_BYTES:
                raise _TooLarge
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_INFO_BYTES:
                    raise _TooLarge
                chunks.append(chunk)
            return response.status_code, response.headers, b"".join(chunks)

    def _interpret(
        self, status: int, headers: Mapping[str, str], body: bytes, repo_id: str,
        revision: str | None,
    ) -> _Answer:  # fmt: skip
        if 200 <= status < 300:
            try:
                data = json.loads(body)
            except ValueError:
                preview = body[:60].decode("utf-8", errors="replace")
                return _Answer(
                    "invalid",
                    problem=f"the Hub's answer for {repo_id} is not valid JSON "
                    f"({len(body)} bytes starting {preview!r})",
                )
            if not isinstance(data, dict):
                return _Answer(
                    "invalid", problem=f"the Hub's answer for {repo_id} is not a model description"
                )
            return _Answer("ok", info=data)
        if status in (408, 429) or status >= 500:
            return _Answer("retry", problem=f"HTTP {status}", wait=_asked_wait(headers, status))
        return self._refusal(status, headers, repo_id, revision)

    def _refusal(
        self, status: int, headers: Mapping[str, str], repo_id: str, revision: str | None
    ) -> _Answer:
        """Map a 4xx answer the way the Hub means it (its ``X-Error-Code`` first)."""
        code = headers.get("x-error-code", "")
        message = headers.get("x-error-message", "")
        if message == "Invalid credentials in Authorization header":
            return _Answer(
                "invalid",
                problem=f"the Hub rejected the token (HTTP {status}): fix or unset HF_TOKEN",
            )
        if code == "GatedRepo" or status == 403:
            return _Answer("gated", problem=self.gated_problem(repo_id))
        if code == "RevisionNotFound":
            return _Answer("not-found", problem=f"revision {revision} not found on the Hub")
        if message == "Access to this resource is disabled.":
            return _Answer("not-found", problem="disabled on the Hub")
        if status == 401:
            hint = "" if self.settings.token else "; if it is private, set HF_TOKEN"
            return _Answer("not-found", problem=f"not found on the Hub{hint}")
        if status in (404, 410) or code == "RepoNotFound":
            return _Answer("not-found", problem="not found on the Hub")
        detail = f": {message}" if message else ""
        return _Answer("invalid", problem=f"the Hub refused the request (HTTP {status}{detail})")

    def gated_problem(self, repo_id: str) -> str:
        """The sentence for a gated repository."""
        if self.settings.token:
            return (
                f"gated on the Hub: the token in HF_TOKEN has no access; accept the licence "
                f"at {self.repo_url(repo_id)} with that account"
            )
        return f"gated on the Hub: accept the licence at {self.repo_url(repo_id)} or set HF_TOKEN"

    # -- files ------------------------------------------------------------------------------

    def fetch_text_file(
        self, repo_id: str, filename: str, revision: str | None = None,
        max_bytes: int = 1_048_576,
    ) -> HubTextFile:  # fmt: skip
        """A small text file of a repository with its status; never raises."""
        return self._files.read(repo_id, filename, revision, max_bytes, self.gated_problem)

    def read_text_file(
        self, repo_id: str, filename: str, revision: str | None = None,
        max_bytes: int = 1_048_576,
    ) -> str | None:  # fmt: skip
        """The file's text, or None when absent, too large or unreadable (see ``file_problem``)."""
        return self.fetch_text_file(repo_id, filename, revision, max_bytes).text

    def file_problem(self, repo_id: str, filename: str, revision: str | None = None) -> str | None:
        """Why the last read of this file gave no text, if it was a problem (absence is not)."""
        return self._files.problem(repo_id, filename, revision)


class _TooLarge(Exception):
    """The model-info answer is over ``MAX_INFO_BYTES``."""


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


def _asked_wait(headers: Mapping[str, str], status: int) -> float | None:
    """Seconds the server asked us to wait: ``Retry-After`` (seconds or a date), or the
    Hub's ``RateLimit`` header on a 429."""
    value = headers.get("retry-after", "").strip()
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None and when.tzinfo is not None:
            return max(0.0, when.timestamp() - time.time())
    if status == 429:
        from huggingface_hub.utils import parse_ratelimit_headers

        limits = parse_ratelimit_headers(headers)
        if limits is not None and limits.remaining == 0:
            return float(limits.reset_in_seconds)
    return None


class _ProgressBar:
    """A rich progress bar on stderr, for ``lookup_many``."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._lock = threading.Lock()
        self._progress = Progress(
            TextColumn("Hub look-ups"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=Console(stderr=True), transient=True,
        )  # fmt: skip
        self._task = self._progress.add_task("", total=total)
        self._progress.start()

    def advance(self, repo_id: str) -> None:
        with self._lock:
            self._progress.update(self._task, advance=1, description=repo_id)

    def close(self) -> None:
        self._progress.stop()
