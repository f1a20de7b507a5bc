"""Baselines: compare a report with the JSON report of an earlier run of the same inventory.

A finding is ``unchanged`` when the baseline holds the same fingerprint in the same state
(active, or waived), else ``new``: a finding whose waiver lapsed since the baseline counts
again, so a baseline never hides an expired waiver. Baseline findings whose fingerprint is
gone are ``absent`` (fixed, or their model removed). The gate then judges only new findings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from audit.errors import InputError, InputProblem
from audit.findings import Severity

REPORT_SCHEMA = "model-audit/report/v1"
MAX_BASELINE_BYTES = 512 * 1024 * 1024
"""A larger file is refused rather than read: no real report comes near it."""
_FINGERPRINT = re.compile(r"[0-9a-f]{32}")
ABSENT_KEYS = ("rule", "name", "severity", "model", "use_case", "message", "fingerprint")


@dataclass(frozen=True)
class Baseline:
    """The findings of an earlier report, by fingerprint."""

    path: str
    as_of: str
    inventory: Mapping[str, Any]
    organisation: str
    states: frozenset[tuple[str, bool]]
    """(fingerprint, waived) of every baseline finding."""
    findings: tuple[Mapping[str, Any], ...]


def load_baseline(path: str) -> Baseline:
    """Read the JSON report at ``path``; anything unusable is ``InputError`` (exit 2)."""
    import orjson

    def problem(message: str, field: str = "") -> InputError:
        return InputError([InputProblem(path, 0, field, message)])

    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BASELINE_BYTES + 1)
    except OSError as exc:
        raise problem(f"cannot read the baseline: {exc.strerror}") from exc
    if len(data) > MAX_BASELINE_BYTES:
        raise problem(f"the baseline is larger than {MAX_BASELINE_BYTES // 2**20} MB")
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise problem(f"not a JSON report ({exc}); write one with scan --json PATH") from exc
    if not isinstance(document, dict) or document.get("schema") != REPORT_SCHEMA:
        raise problem(f"expected a JSON report of model-audit (schema {REPORT_SCHEMA})", "schema")
    findings = document.get("findings")
    if not isinstance(findings, list) or not all(isinstance(f, dict) for f in findings):
        raise problem("expected a list of findings", "findings")
    for i, f in enumerate(findings):
        if not isinstance(f.get("fingerprint"), str) or not _FINGERPRINT.fullmatch(
            f["fingerprint"]
        ):
            raise problem(
                "expected a fingerprint of 32 hex digits; a report written before fingerprints "
                "existed cannot be a baseline: write it again with this version",
                f"findings[{i}].fingerprint",
            )
    given = document.get("inventory")
    inventory: dict[str, Any] = given if isinstance(given, dict) else {}
    organisation = document.get("organisation")
    return Baseline(
        path=path,
        as_of=str(document.get("as_of") or ""),
        inventory=inventory,
        organisation=str(organisation.get("name") if isinstance(organisation, dict) else ""),
        states=frozenset((f["fingerprint"], bool(f.get("waived"))) for f in findings),
        findings=tuple(findings),
    )


def check_same_inventory(baseline: Baseline, document: Mapping[str, Any]) -> None:
    """Refuse a baseline written for another inventory (exit 2): another organisation, or
    another file (its place in the repository, else its file name)."""
    inventory = document.get("inventory") or {}
    organisation = str((document.get("organisation") or {}).get("name") or "")
    ours, theirs = _identity(inventory), _identity(baseline.inventory)
    if organisation != baseline.organisation or ours != theirs:
        raise InputError(
            [
                InputProblem(
                    baseline.path,
                    0,
                    "inventory",
                    f"the baseline is a report of another inventory ({theirs[1]} of "
                    f"{baseline.organisation or 'an unnamed organisation'}; this scan audits "
                    f"{ours[1]} of {organisation}); pass a report of this inventory",
                )
            ]
        )


def _identity(inventory: Mapping[str, Any]) -> tuple[str, str]:
    source = inventory.get("source")
    if isinstance(source, str) and source:
        return ("source", source)
    return ("name", PurePosixPath(str(inventory.get("path") or "").replace("\\", "/")).name)


def apply_baseline(document: dict[str, Any], baseline: Baseline, fail_on: Severity | None) -> bool:
    """Mark each finding of ``document`` ``new`` or ``unchanged``, add the ``baseline``
    section (counts and absent findings) and set ``summary.status`` by the new findings only.

    Returns True when the gate passes: no new active finding at or above ``fail_on``.
    """
    current: set[str] = set()
    for f in document["findings"]:
        current.add(f["fingerprint"])
        known = (f["fingerprint"], bool(f.get("waived"))) in baseline.states
        f["baseline"] = "unchanged" if known else "new"
    absent = [
        {key: f.get(key) for key in ABSENT_KEYS} | {"location": f.get("location")}
        for f in baseline.findings
        if f["fingerprint"] not in current
    ]
    new_active = [f for f in document["findings"] if f["baseline"] == "new" and not f["waived"]]
    passed = fail_on is None or not any(
        Severity(f["severity"]).at_least(fail_on) for f in new_active
    )
    document["baseline"] = {
        "path": Path(baseline.path).as_posix(),
        "as_of": baseline.as_of,
        "new": sum(1 for f in document["findings"] if f["baseline"] == "new"),
        "unchanged": sum(1 for f in document["findings"] if f["baseline"] == "unchanged"),
        "absent": absent,
    }
    document["summary"]["status"] = "pass" if passed else "fail"
    return passed
