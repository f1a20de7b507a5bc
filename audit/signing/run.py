"""Signing one ``scan``'s reports: the PDF signed in memory, then the statement over every
file of the set, all before ``audit.outputs`` writes any of them."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from audit.signing.keys import SigningKey

STATEMENT_OPTION = "--sign-key"
"""The option the statement's destination is checked and reported under."""


@dataclass(frozen=True)
class SigningRequest:
    """A loaded, checked key and where to get a timestamp (None: PAdES B-B)."""

    key: SigningKey
    tsa_url: str | None = None


def verdict_text(document: Mapping[str, Any]) -> str:
    """The verdict as the signature block shows it: ``FAIL (0 critical, 1 high, ...)``."""
    summary = document.get("summary") or {}
    counts = ", ".join(
        f"{summary.get(level, 0)} {level}" for level in ("critical", "high", "medium", "low")
    )
    status = str(summary.get("status") or "unknown").upper()
    incomplete = ", incomplete" if summary.get("incomplete") else ""
    return f"{status} ({counts}; fail on {summary.get('fail_on')}{incomplete})"


def sign_reports(
    document: Mapping[str, Any],
    contents: Mapping[str, str | bytes],
    destinations: Mapping[str, str],
    request: SigningRequest,
    inputs: Mapping[str, str],
) -> dict[str, str | bytes]:
    """``contents`` (rendered reports by option) with the PDF signed and the signed statement
    added under ``STATEMENT_OPTION``. ``destinations`` maps each option (and the statement's)
    to its path; ``inputs`` maps each input file to its SHA-256, the inventory first."""
    from audit.signing.pdf import sign_pdf
    from audit.signing.statement import Subject, build_statement, sign_envelope, subject_name

    signed: dict[str, str | bytes] = dict(contents)
    pdf = signed.get("--pdf")
    if isinstance(pdf, bytes):
        inventory = document.get("inventory") or {}
        signed["--pdf"] = sign_pdf(
            pdf,
            request.key,
            verdict=verdict_text(document),
            inventory_sha256=str(inventory.get("sha256") or ""),
            tsa_url=request.tsa_url,
        )
    statement_at = destinations[STATEMENT_OPTION]
    subjects = [
        Subject(subject_name(destinations[option], statement_at), _sha256(data), "report")
        for option, data in signed.items()
    ]
    for index, (path, digest) in enumerate(inputs.items()):
        role = "inventory" if index == 0 else "input"
        subjects.append(Subject(subject_name(path, statement_at), digest, role))
    statement = build_statement(document, subjects)
    signed[STATEMENT_OPTION] = sign_envelope(statement, request.key)
    return signed


def _sha256(data: str | bytes) -> str:
    raw = data.encode("utf-8", errors="backslashreplace") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()
