"""The one sanitiser for text that came from outside and is about to be shown.

Model cards, Hub answers, inventories and the environment are written by strangers. Before
any of their text reaches a terminal, a log line or a report (JSON, SARIF, HTML, PDF), it
goes through ``shown``:

- control characters (C0, DEL, C1), lone surrogates, line and paragraph separators and
  invisible format characters (bidi overrides, zero-width spaces) are written as escapes
  such as ``\\x1b`` or ``\\u202e``, never emitted, so a card cannot clear the screen, set a
  terminal title, hide text or put a NUL byte into a PDF;
- credentials in URLs are removed: the ``user:password@`` part and query parameters that
  carry tokens, keys or signatures;
- the value of ``HF_TOKEN`` (or ``HUGGING_FACE_HUB_TOKEN``) is replaced by its name.

The escapes are plain printable text, so ``shown`` is idempotent: applying it twice
changes nothing more than applying it once.
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from collections.abc import Iterable
from typing import Any
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

TOKEN_VARIABLES = ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "MODEL_AUDIT_SIGN_PASSPHRASE")
"""Environment variables whose values are secrets that must never be shown."""

MIN_SECRET_LENGTH = 6
"""Shorter values are not searched for (``1`` would blank every digit)."""

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})

_ESCAPES: dict[str, str] = {}

_URL = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]{1,15}://[^\s<>\"'`]+")

_SECRET_PARAMETER = re.compile(
    r"(token|key|secret|passw|pwd|sig|signature|auth|credential|session|cookie|"
    r"^code$|^x-amz-|^x-goog-)",
    re.IGNORECASE,
)


def _escape(character: str) -> str:
    escaped = _ESCAPES.get(character)
    if escaped is None:
        code = ord(character)
        if code < 0x100:
            escaped = f"\\x{code:02x}"
        elif code < 0x10000:
            escaped = f"\\u{code:04x}"
        else:
            escaped = f"\\U{code:08x}"
        _ESCAPES[character] = escaped
    return escaped


def is_unsafe_character(character: str) -> bool:
    """True for a character ``shown`` escapes: control, format, surrogate or separator."""
    return unicodedata.category(character) in _UNSAFE_CATEGORIES


def shown(text: str, secrets: Iterable[str] | None = None) -> str:
    """``text`` fit to show anywhere: unsafe characters escaped, URL credentials removed,
    secret values (``HF_TOKEN`` by default) replaced by their variable's name."""
    if not text:
        return text
    if "://" in text:
        text = _URL.sub(lambda m: redact_url(m.group(0)), text)
    for name, value in _secret_values(secrets):
        if value in text:
            text = text.replace(value, f"[{name}]")
    if text.isprintable():  # the common case, decided in C: nothing to escape
        return text
    return "".join(_escape(c) if is_unsafe_character(c) else c for c in text)


def _secret_values(secrets: Iterable[str] | None) -> list[tuple[str, str]]:
    if secrets is not None:
        return [("secret", s) for s in secrets if len(s) >= MIN_SECRET_LENGTH]
    found = []
    for name in TOKEN_VARIABLES:
        value = os.environ.get(name, "").strip()
        if len(value) >= MIN_SECRET_LENGTH:
            found.append((name, value))
    return found


def shown_everywhere(value: Any) -> Any:
    """A copy of a JSON-like document (dicts, lists, strings, numbers) with ``shown``
    applied to every string, keys included. Other values are returned as they are."""
    secrets = [value for _, value in _secret_values(None)]
    return _walk(value, secrets)


def _walk(value: Any, secrets: list[str]) -> Any:
    if isinstance(value, str):
        return shown(value, secrets)
    if isinstance(value, dict):
        return {_walk(k, secrets): _walk(v, secrets) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_walk(v, secrets) for v in value]
    return value


def redact_url(url: str) -> str:
    """``url`` without credentials: no ``user:password@``, no query parameter whose name
    says it carries a token, key, password or signature. Anything unparsable is kept as
    text but loses everything between ``://`` and an ``@``."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return re.sub(r"://[^/@]*@", "://", url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = host if ":" not in host else f"[{host}]"
        if port is not None:
            netloc += f":{port}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not _SECRET_PARAMETER.search(k)]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    return urlunsplit(SplitResult(parts.scheme, netloc, parts.path, query, parts.fragment))


def endpoint_problem(endpoint: str) -> str | None:
    """Why ``endpoint`` cannot be a Hugging Face Hub base URL, or None when it can."""
    safe = shown(endpoint)
    if not endpoint.strip():
        return "expected an http(s) URL such as https://huggingface.co; got an empty value"
    if any(c.isspace() or is_unsafe_character(c) for c in endpoint):
        return f"expected an http(s) URL without spaces or control characters; got {safe!r}"
    try:
        parts = urlsplit(endpoint)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        return f"expected an http(s) URL such as https://huggingface.co; got {safe!r} ({exc})"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"expected an http(s) URL with a host, such as https://huggingface.co; got {safe!r}"
    if parts.query or parts.fragment:
        return f"expected a base URL without '?' or '#'; got {safe!r}"
    return None


class _SafeLogRecordFactory:
    """Builds log records whose message has gone through ``shown``.

    huggingface_hub (and the HTTP and file-lock libraries under it) log warnings with URLs
    and server text in them; their handlers print to stderr. Cleaning the record itself
    cleans it for every handler, whichever library installed it.
    """

    def __init__(self, original: Any) -> None:
        self.original = original

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = self.original(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is shown as its raw format
            message = str(record.msg)
        record.msg = shown(message)
        record.args = None
        return record


def install_safe_logging() -> None:
    """Make every log record (and every warning, through logging) pass ``shown``; safe to
    call more than once."""
    factory = logging.getLogRecordFactory()
    if not isinstance(factory, _SafeLogRecordFactory):
        logging.setLogRecordFactory(_SafeLogRecordFactory(factory))
    logging.captureWarnings(True)
