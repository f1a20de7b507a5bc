"""A run's record: what the ledger keeps of one audit, built from the JSON report document.

The record is the report's facts in a stable shape: when, ``--as-of``, tool and knowledge
base versions, the inventory and every input file with its SHA-256, each model's resolution
(licence, source, revision, gated status, digests where resolution knew them), every finding
with its fingerprint, the waivers applied, the verdict and the digests of the reports written.
It is stored as canonical JSON (sorted keys, no spaces) so that its hash can be recomputed
from the stored text alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

RECORD_SCHEMA = "model-audit/ledger-run/v1"
GENESIS_HASH = "0" * 64
"""The ``previous_hash`` of a ledger's first run."""


def canonical_json(value: Any) -> str:
    """Sorted keys, no insignificant whitespace, UTF-8 as is: the text that is hashed."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def row_hash(previous_hash: str, record_text: str) -> str:
    """The chain link: SHA-256 of the previous run's hash and this run's record text."""
    return hashlib.sha256(f"{previous_hash}\n{record_text}".encode()).hexdigest()


def finding_identity(finding: Mapping[str, Any]) -> str:
    """The finding's fingerprint from the report; for reports written before fingerprints
    existed, a stand-in derived from what the finding is about (never its line)."""
    given = finding.get("fingerprint")
    if isinstance(given, str) and given:
        return given
    parts = (
        "model-audit/ledger-fallback/v1",
        str(finding.get("rule") or ""),
        str(finding.get("model") or ""),
        str(finding.get("use_case") or ""),
        str(finding.get("message") or ""),
    )
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def build_record(
    document: Mapping[str, Any],
    *,
    kind: str = "scan",
    inventory_key: str,
    inputs: Mapping[str, str] | None = None,
    reports: Mapping[str, str] | None = None,
    recorded_at: dt.datetime | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The record of one run from its report ``document``.

    ``inventory_key`` identifies the inventory across runs (its absolute path); ``inputs``
    maps every input file to its SHA-256; ``reports`` maps each report written (by option,
    ``--json``) to the SHA-256 of its bytes.
    """
    when = (recorded_at or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    summary = dict(document.get("summary", {}))
    inventory = dict(document.get("inventory", {}))
    record: dict[str, Any] = {
        "schema": RECORD_SCHEMA,
        "kind": kind,
        "recorded_at": when.isoformat(timespec="microseconds").replace("+00:00", "Z"),
        "as_of": document.get("as_of"),
        "offline": bool(document.get("offline", False)),
        "tool_version": (document.get("tool") or {}).get("version"),
        "knowledge_base_version": (document.get("knowledge_base") or {}).get("version"),
        "inventory": {
            "path": inventory.get("path"),
            "key": inventory_key,
            "sha256": inventory.get("sha256"),
        },
        "inputs": dict(sorted((inputs or {}).items())),
        "models": [_model(m) for m in document.get("models", [])],
        "findings": sorted(
            (_finding(f) for f in document.get("findings", [])),
            key=lambda f: (f["fingerprint"], f["rule"]),
        ),
        "waivers": [_waiver(w) for w in document.get("waivers", [])],
        "verdict": summary.get("status", "unknown"),
        "counts": {
            k: summary[k]
            for k in ("critical", "high", "medium", "low", "info", "waived", "unresolved")
            if k in summary
        },
        "incomplete": bool(summary.get("incomplete", False)),
        "reports": dict(sorted((reports or {}).items())),
    }
    if extra:
        record.update(extra)
    return record


def _model(model: Mapping[str, Any]) -> dict[str, Any]:
    licence = model.get("licence") or {}
    return {
        "id": model.get("id"),
        "name": model.get("name"),
        "source": model.get("source"),
        "revision": model.get("revision"),
        "licence": licence.get("id"),
        "licence_source": licence.get("source"),
        "gated": licence.get("gated", model.get("gated")),
        "digests": model.get("digests") or {},
        "lineage": list(model.get("lineage", [])),
    }


def _finding(finding: Mapping[str, Any]) -> dict[str, Any]:
    location = finding.get("location") or {}
    return {
        "fingerprint": finding_identity(finding),
        "rule": finding.get("rule"),
        "severity": finding.get("severity"),
        "model": finding.get("model"),
        "use_case": finding.get("use_case"),
        "message": finding.get("message"),
        "waived": bool(finding.get("waived", False)),
        "line": location.get("line"),
    }


def _waiver(waiver: Mapping[str, Any]) -> dict[str, Any]:
    keep = ("rule", "model", "reason", "approved_by", "expires", "status", "while_licence")
    return {k: waiver.get(k) for k in keep if k in waiver}
