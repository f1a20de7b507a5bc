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
- Work per model is bounded (``audit.resolve.hub_limits``): each request ends at its
  deadline, all requests of one repository at the model's, and its files at the byte cap;
  a deadline passed is ``unreachable`` (an outage), a file over the cap ``over-cap``.
- Answers (``ok``, ``not-found``, ``gated``) are kept on disk; ``offline`` reads only that
  cache and huggingface_hub's file cache, and otherwise answers ``offline-miss``.

huggingface_hub is imported inside methods so ``model-audit --help`` never loads it.
"""

from __future__ import annotations

import re
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from audit.resolve.hub_cache import AnswerCache, CachedAnswer, HubSettings, info_from_local_snapshot
from audit.resolve.hub_fetch import InfoAnswer, ModelInfoFetcher, RetryPolicy
from audit.resolve.hub_files import HubTextFile, TextFileReader
from audit.resolve.hub_limits import ModelBudget
from audit.safe_text import redact_url, shown

HubStatus = Literal["ok", "not-found", "gated", "unreachable", "offline-miss", "invalid"]

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


def _describes_another(card: HubCard, repo_id: str) -> bool:
    """True when an answer is about another repository than ``repo_id``.

    The Hub spells ids its own way (case, and ``gpt2`` for a top-level repo asked as
    ``gpt2``), so the comparison ignores case; anything else is another repository.
    """
    return card.repo_id.lower() != repo_id.lower()


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


class HubClient:
    """A Hub client for model-info look-ups and small text files, with retries and a cache.

    Reads ``HF_ENDPOINT``, ``HF_TOKEN``, ``HF_HUB_OFFLINE``, ``HF_HOME`` and ``HF_HUB_CACHE``
    when constructed, and the work limits ``MODEL_AUDIT_HUB_REQUEST_SECONDS``,
    ``MODEL_AUDIT_HUB_MODEL_SECONDS`` and ``MODEL_AUDIT_MAX_MODEL_BYTES``; explicit
    arguments win. ``timeout_seconds`` is the most one network read may wait (also capped
    by the request's deadline). ``sleep`` is how the client waits between attempts (tests
    pass a recorder).
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
        request_seconds: float | None = None,
        model_seconds: float | None = None,
        model_bytes: int | None = None,
    ) -> None:
        from audit.settings import MODEL_BYTES, MODEL_SECONDS, REQUEST_SECONDS

        given = (request_seconds, model_seconds, model_bytes)
        self.request_seconds = REQUEST_SECONDS.value() if given[0] is None else given[0]
        self.model_seconds = MODEL_SECONDS.value() if given[1] is None else given[1]
        self.model_bytes = MODEL_BYTES.value() if given[2] is None else given[2]
        self._budgets: dict[tuple[str, str | None], ModelBudget] = {}
        self._budgets_lock = threading.Lock()
        self.settings = HubSettings.resolve(
            offline=offline, endpoint=endpoint, token=token, cache_dir=cache_dir
        )
        self.retry = RetryPolicy(max(1, max_attempts), max(0.0, backoff_seconds),
                                 max_wait_seconds, sleep)  # fmt: skip
        # keyed by the endpoint without credentials: a password must not reach the disk
        self._cache = AnswerCache(self.settings.answers_dir, redact_url(self.settings.endpoint))
        self._info = ModelInfoFetcher(self.settings, self.retry, timeout_seconds)
        self._files = TextFileReader(self.settings, self.retry, timeout_seconds)

    @property
    def offline(self) -> bool:
        """True when no request leaves the machine."""
        return self.settings.offline

    @property
    def endpoint(self) -> str:
        """The Hub base URL in use."""
        return self.settings.endpoint

    def budget(self, repo_id: str, revision: str | None = None) -> ModelBudget:
        """The work budget of one model (``repo_id`` at ``revision``, as asked for): every
        look-up and file read for it counts against this one, unless told otherwise."""
        key = (repo_id, revision)
        with self._budgets_lock:
            found = self._budgets.get(key)
            if found is None:
                found = ModelBudget(repo_id, self.model_seconds, self.model_bytes,
                                    self.request_seconds)  # fmt: skip
                self._budgets[key] = found
            return found

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
        bar = _ProgressBar(len(unique)) if progress and _stderr_is_terminal() else None
        pool = ThreadPoolExecutor(max_workers=max(1, min(workers, len(unique))))
        futures = {pool.submit(self.lookup, repo, rev): (repo, rev) for repo, rev in unique}
        try:
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                if bar is not None:
                    bar.advance(futures[future][0])
        except BaseException:  # Ctrl-C: never wait for look-ups still under way
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            if bar is not None:
                bar.close()
        pool.shutdown(wait=True)
        return {ref: results[ref] for ref in unique}

    def _lookup(self, repo_id: str, revision: str | None) -> HubLookup:
        invalid = repo_id_problem(repo_id)
        if invalid is not None:
            return HubLookup(repo_id, revision, "invalid", None, invalid, False)
        if self.offline:
            return self._offline(repo_id, revision)
        if revision is not None and COMMIT_SHA.fullmatch(revision):
            # A commit never changes: an answer we already have is the answer.
            # (A refusal is asked again: a token may have been granted access since.)
            cached = self._cache.read(repo_id, revision)
            if cached is not None and cached.status == "ok":
                return self._from_cached(repo_id, revision, cached)
        with self.budget(repo_id, revision).call() as window:
            answer = self._info.fetch(repo_id, revision, window)
        if answer.outcome == "ok" and answer.info is not None:
            card = card_from_info(answer.info, revision)
            if card is not None and _describes_another(card, answer.moved_to or repo_id):
                return HubLookup(
                    repo_id, revision, "invalid", None,
                    f"the Hub's answer for {repo_id} describes another repository "
                    f"({card.repo_id}); refused",
                    False,
                )  # fmt: skip
            if card is not None:
                self._cache.write(repo_id, revision, "ok", answer.info, None)
                if revision is None and card.sha:
                    self._cache.write(repo_id, card.sha, "ok", answer.info, None)
                return HubLookup(repo_id, revision, "ok", card, None, False)
            answer = InfoAnswer(
                "invalid", problem=f"the Hub's answer for {repo_id} has no model id"
            )
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
            if card is not None:  # only accepted answers are cached (see ``_lookup``)
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

    # -- files ------------------------------------------------------------------------------

    def fetch_text_file(
        self, repo_id: str, filename: str, revision: str | None = None,
        max_bytes: int = 1_048_576, *, budget: ModelBudget | None = None,
    ) -> HubTextFile:  # fmt: skip
        """A small text file of a repository with its status; never raises. It counts
        against ``budget`` (by default the budget of ``repo_id`` at ``revision``)."""
        spend = budget if budget is not None else self.budget(repo_id, revision)
        with spend.call() as window:
            return self._files.read(repo_id, filename, revision, max_bytes, spend, window)

    def read_text_file(
        self, repo_id: str, filename: str, revision: str | None = None,
        max_bytes: int = 1_048_576, *, budget: ModelBudget | None = None,
    ) -> str | None:  # fmt: skip
        """The file's text, or None when absent, too large or unreadable (see ``file_problem``)."""
        return self.fetch_text_file(repo_id, filename, revision, max_bytes, budget=budget).text

    def file_problem(self, repo_id: str, filename: str, revision: str | None = None) -> str | None:
        """Why the last read of this file gave no text, if it was a problem (absence is not)."""
        return self._files.problem(repo_id, filename, revision)


def _stderr_is_terminal() -> bool:
    stream = sys.stderr
    return stream is not None and hasattr(stream, "isatty") and stream.isatty()


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
            self._progress.update(self._task, advance=1, description=shown(repo_id))

    def close(self) -> None:
        self._progress.stop()
