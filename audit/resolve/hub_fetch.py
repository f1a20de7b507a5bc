"""Model-info requests to the Hub, and the retry policy every Hub request follows.

One GET of ``/api/models/{repo_id}[/revision/{rev}]`` through huggingface_hub's own HTTP
session and headers. Redirects are followed by hand so that one to another host can be
refused; the body is read with a size cap; status codes are read the way the Hub means them
(its ``X-Error-Code`` header first).
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal, TypeVar
from urllib.parse import quote, urljoin, urlsplit

from audit.resolve.hub_cache import HubSettings
from audit.resolve.hub_limits import Deadline, Window, run_within

EXPAND = (
    "author", "cardData", "createdAt", "disabled", "downloads", "gated", "lastModified",
    "library_name", "likes", "pipeline_tag", "private", "sha", "siblings", "tags",
)  # fmt: skip
"""Model-info fields we ask for; the Hub then leaves out large ones (spaces, config...)."""
MAX_INFO_BYTES = 16 * 1024 * 1024
MAX_REDIRECTS = 5
RETRIED_STATUSES = frozenset({408, 429})
"""Besides every 5xx: the Hub's answers that mean 'not now' rather than 'no'."""

Result = TypeVar("Result")


@dataclass(frozen=True)
class Retry:
    """An attempt that failed for a passing reason (``HTTP 503``, a time-out)."""

    reason: str
    wait: float | None = None
    """Seconds the server asked us to wait (``Retry-After``), if it did."""


@dataclass(frozen=True)
class GaveUp:
    """The retry loop ended without an answer."""

    attempts: int
    reason: str
    """The last attempt's reason."""
    asked: float | None = None
    """Set when we stopped early because the server asked for a longer wait than we allow."""


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential back-off: ``backoff_seconds`` doubled after each attempt, a server's
    ``Retry-After`` honoured instead, every wait capped at ``max_wait_seconds``."""

    max_attempts: int
    backoff_seconds: float
    max_wait_seconds: float
    sleep: Callable[[float], None] = time.sleep

    def wait_before(self, attempt: int, asked: float | None) -> float | None:
        """Seconds to wait after attempt number ``attempt``; None when the server asks for
        more than ``max_wait_seconds`` (waiting that long would stall the audit)."""
        if asked is not None:
            return None if asked > self.max_wait_seconds else max(0.0, asked)
        return min(self.backoff_seconds * 2.0 ** (attempt - 1), self.max_wait_seconds)

    def run(self, attempt: Callable[[Deadline], Result | Retry], window: Window) -> Result | GaveUp:
        """Call ``attempt`` with each request's deadline until it returns something other
        than ``Retry``, or give up: after ``max_attempts``, or when the model's time
        (``window``) is up or would be before the next attempt."""
        tries = 0
        while True:
            if window.over():
                return GaveUp(tries, window.model_message)
            tries += 1
            got = attempt(window.deadline())
            if not isinstance(got, Retry):
                return got
            if tries >= self.max_attempts:
                return GaveUp(tries, got.reason)
            wait = self.wait_before(tries, got.wait)
            if wait is None:
                return GaveUp(tries, got.reason, got.wait)
            if not window.allows_wait(wait):
                return GaveUp(tries, window.model_message)
            self.sleep(wait)

    def unreachable(self, gave_up: GaveUp) -> str:
        """The sentence for a finding: ``Hub unreachable after 4 attempts (HTTP 503)``."""
        if gave_up.asked is not None:
            return (
                f"Hub unreachable: it asked to wait {gave_up.asked:g} s ({gave_up.reason}), "
                f"longer than the {self.max_wait_seconds:g} s we wait"
            )
        if gave_up.attempts == 0:
            return f"Hub not asked ({gave_up.reason})"
        plural = "s" if gave_up.attempts != 1 else ""
        return f"Hub unreachable after {gave_up.attempts} attempt{plural} ({gave_up.reason})"


InfoOutcome = Literal["ok", "not-found", "gated", "invalid", "unreachable", "offline"]


@dataclass(frozen=True)
class InfoAnswer:
    """What asking for one model's info came to."""

    outcome: InfoOutcome
    info: dict[str, Any] | None = None
    """The model-info JSON, for ``ok``."""
    problem: str | None = None
    moved_to: str | None = None
    """The repo id a same-host redirect led to (a renamed repository), if one did."""


def gated_problem(settings: HubSettings, repo_id: str) -> str:
    """The sentence for a gated repository: where to accept the licence, or the token."""
    url = f"{settings.endpoint}/{repo_id}"
    if settings.token:
        return (
            f"gated on the Hub: the token in HF_TOKEN has no access; accept the licence "
            f"at {url} with that account"
        )
    return f"gated on the Hub: accept the licence at {url} or set HF_TOKEN"


class ModelInfoFetcher:
    """Asks the Hub for model info; every failure becomes an ``InfoAnswer``."""

    def __init__(self, settings: HubSettings, policy: RetryPolicy, timeout_seconds: float) -> None:
        self.settings = settings
        self.policy = policy
        self.timeout_seconds = timeout_seconds

    def fetch(self, repo_id: str, revision: str | None, window: Window) -> InfoAnswer:
        """Model info for ``repo_id`` at ``revision``, retried per the policy, each attempt
        ending at its deadline and all of them within ``window``."""
        url = f"{self.settings.endpoint}/api/models/{repo_id}"
        if revision is not None:
            url += f"/revision/{quote(revision, safe='')}"
        got = self.policy.run(lambda deadline: self._within(deadline, url, repo_id, revision),
                              window)  # fmt: skip
        if isinstance(got, GaveUp):
            return InfoAnswer("unreachable", problem=self.policy.unreachable(got))
        return got

    def _within(
        self, deadline: Deadline, url: str, repo_id: str, revision: str | None
    ) -> InfoAnswer | Retry:
        outcome = run_within(deadline, lambda: self._attempt(url, repo_id, revision, deadline))
        if outcome.stopped is not None or outcome.value is None:
            return Retry(outcome.stopped or deadline.message)
        return outcome.value

    def _attempt(
        self, url: str, repo_id: str, revision: str | None, deadline: Deadline
    ) -> InfoAnswer | Retry:
        import httpx2
        from huggingface_hub.errors import OfflineModeIsEnabled

        target = url
        try:
            for _ in range(MAX_REDIRECTS + 1):
                status, headers, body = self._get(target)
                if status not in (301, 302, 303, 307, 308):
                    answer = self._interpret(status, headers, body, repo_id, revision)
                    if target != url and isinstance(answer, InfoAnswer):
                        answer = replace(answer, moved_to=_repo_of(target))
                    return answer
                location = headers.get("location")
                if not location:
                    return InfoAnswer("invalid", problem=f"the Hub redirected {target} nowhere")
                following = urljoin(target, location)
                # A renamed repo redirects on the same host; anything else is not the Hub.
                if _origin(following) != _origin(target):
                    return InfoAnswer(
                        "invalid",
                        problem=f"the Hub redirected {target} to another host "
                        f"({following}); not followed",
                    )
                target = following
            return InfoAnswer("invalid", problem=f"more than {MAX_REDIRECTS} redirects from {url}")
        except _TooLarge:
            return InfoAnswer(
                "invalid", problem=f"the Hub's answer for {repo_id} exceeds {MAX_INFO_BYTES} bytes"
            )
        except OfflineModeIsEnabled:
            return InfoAnswer("offline", problem="offline mode is on (HF_HUB_OFFLINE)")
        except httpx2.TimeoutException:
            if deadline.remaining() < 0.05:  # the time-out was the deadline's, not a read's
                return Retry(deadline.message)
            return Retry(f"timed out after {self.timeout_seconds:g} s")
        except httpx2.RemoteProtocolError as exc:
            return Retry(f"the connection broke off: {exc}")
        except httpx2.TransportError as exc:
            return Retry(f"connection failed: {exc}")

    def _get(self, url: str) -> tuple[int, Mapping[str, str], bytes]:
        from huggingface_hub.utils import build_hf_headers, get_session

        from audit import __version__

        headers = build_hf_headers(
            token=self.settings.token or False,
            library_name="model-audit",
            library_version=__version__,
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
    ) -> InfoAnswer | Retry:  # fmt: skip
        if 200 <= status < 300:
            try:
                data = json.loads(body)
            except ValueError:
                preview = body[:60].decode("utf-8", errors="replace")
                return InfoAnswer(
                    "invalid",
                    problem=f"the Hub's answer for {repo_id} is not valid JSON "
                    f"({len(body)} bytes starting {preview!r})",
                )
            if not isinstance(data, dict):
                return InfoAnswer(
                    "invalid", problem=f"the Hub's answer for {repo_id} is not a model description"
                )
            return InfoAnswer("ok", info=data)
        if status in RETRIED_STATUSES or status >= 500:
            return Retry(f"HTTP {status}", asked_wait(headers, status))
        return self._refusal(status, headers, repo_id, revision)

    def _refusal(
        self, status: int, headers: Mapping[str, str], repo_id: str, revision: str | None
    ) -> InfoAnswer:
        """Read a 4xx answer the way the Hub means it."""
        code = headers.get("x-error-code", "")
        message = headers.get("x-error-message", "")
        if message == "Invalid credentials in Authorization header":
            return InfoAnswer(
                "invalid",
                problem=f"the Hub rejected the token (HTTP {status}): fix or unset HF_TOKEN",
            )
        if code == "GatedRepo" or status == 403:
            return InfoAnswer("gated", problem=gated_problem(self.settings, repo_id))
        if code == "RevisionNotFound":
            return InfoAnswer("not-found", problem=f"revision {revision} not found on the Hub")
        if message == "Access to this resource is disabled.":
            return InfoAnswer("not-found", problem="disabled on the Hub")
        if status == 401:
            # The Hub answers 401 for a missing repo and for a private one alike.
            hint = "" if self.settings.token else "; if it is private, set HF_TOKEN"
            return InfoAnswer("not-found", problem=f"not found on the Hub{hint}")
        if status in (404, 410) or code == "RepoNotFound":
            return InfoAnswer("not-found", problem="not found on the Hub")
        detail = f": {message}" if message else ""
        return InfoAnswer("invalid", problem=f"the Hub refused the request (HTTP {status}{detail})")


class _TooLarge(Exception):
    """The model-info answer is over ``MAX_INFO_BYTES``."""


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


def asked_wait(headers: Mapping[str, str], status: int) -> float | None:
    """Seconds the server asked us to wait: ``Retry-After`` (seconds or an HTTP date), or
    on a 429 the Hub's ``RateLimit`` header; None when it did not say."""
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


def _repo_of(url: str) -> str | None:
    """The repo id of a model-info URL (``.../api/models/<owner>/<name>[/revision/...]``)."""
    from urllib.parse import unquote, urlsplit

    path = unquote(urlsplit(url).path)
    marker = "/api/models/"
    if marker not in path:
        return None
    rest = path.split(marker, 1)[1].split("/revision/", 1)[0]
    return rest.strip("/") or None
