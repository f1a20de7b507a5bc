"""Ledger addresses: a file path, ``sqlite:///PATH`` or ``postgresql://...``.

A bare path (or ``sqlite:///``) is the embedded SQLite ledger; ``postgresql://`` serves a
team and is opened with the psycopg 3 driver. Passwords never reach a message, a report or
the ledger itself: ``shown`` is the address with its credentials masked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from audit.errors import InputError, InputProblem

LEDGER_ENV = "MODEL_AUDIT_LEDGER"
"""Environment variable naming the ledger when ``--ledger`` is not given."""


@dataclass(frozen=True)
class LedgerAddress:
    """A parsed ledger address."""

    sqlalchemy_url: str
    """What SQLAlchemy is given (``sqlite:///abs/path``, ``postgresql+psycopg://...``)."""
    shown: str
    """The address for people: credentials replaced by ``***``."""
    backend: str
    """``sqlite`` or ``postgresql``."""
    sqlite_path: Path | None = None


def parse_ledger_address(given: str, option: str = "--ledger") -> LedgerAddress:
    """Parse ``given``; ``InputError`` (exit 2) naming ``option`` when it is not a ledger."""
    text = given.strip()
    if not text:
        raise InputError([InputProblem(option, 0, "", "empty: give a file path or a URL")])
    if "://" not in text:
        return _sqlite(Path(text))
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        if parts.netloc:
            raise InputError(
                [InputProblem(option, 0, "", "write sqlite:///relative.db or sqlite:////abs.db")]
            )
        return _sqlite(Path(parts.path[1:] if parts.path.startswith("/") else parts.path))
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        if not parts.hostname and "host=" not in parts.query:
            raise InputError(
                [
                    InputProblem(
                        option,
                        0,
                        "",
                        "a postgresql:// URL needs a host, e.g. "
                        "postgresql://user@db.example/ledger",
                    )
                ]
            )
        url = urlunsplit(("postgresql+psycopg", parts.netloc, parts.path, parts.query, ""))
        return LedgerAddress(url, mask_credentials(text), "postgresql")
    raise InputError(
        [
            InputProblem(
                option,
                0,
                "",
                f"unsupported ledger address scheme {scheme!r}: use a file path, sqlite:///PATH "
                "or postgresql://HOST/DB",
            )
        ]
    )


def _sqlite(path: Path) -> LedgerAddress:
    absolute = path.expanduser().resolve()
    return LedgerAddress(f"sqlite:///{absolute}", str(path), "sqlite", absolute)


def mask_credentials(url: str) -> str:
    """``url`` with any password (and a ``password=`` query value) replaced by ``***``."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:***@{host}" if ":" in userinfo else f"{user}@{host}"
    query = "&".join(
        f"{k}=***" if k.lower() in ("password", "passfile") else f"{k}={v}" if sep else k
        for k, sep, v in (item.partition("=") for item in parts.query.split("&") if item)
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
