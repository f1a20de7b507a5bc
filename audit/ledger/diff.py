"""What changed between two audits: findings new, fixed and changed, licence changes per
model, waivers added, expired and removed.

Findings are matched by fingerprint, which does not move when unrelated entries are edited;
a finding present in both runs whose severity, waived state or message differs is "changed".
Either side may be a ledger run's record or a JSON report (``model-audit/report/v1``), both
read through ``audit.ledger.record``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from audit.ledger.record import finding_identity

SEVERITY_ORDER = ("critical", "high", "medium", "low", "info")


@dataclass(frozen=True)
class Side:
    """One side of a diff: a label for people and the record's findings, models, waivers."""

    label: str
    as_of: str | None
    findings: tuple[Mapping[str, Any], ...]
    models: tuple[Mapping[str, Any], ...]
    waivers: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class FindingChange:
    """A finding in both runs that is not the same any more."""

    old: Mapping[str, Any]
    new: Mapping[str, Any]
    what: tuple[str, ...]
    """``severity``, ``waived``, ``message``: what differs."""


@dataclass(frozen=True)
class LicenceChange:
    """A model whose resolved licence (or its source) differs between the runs."""

    model: str
    old: str | None
    new: str | None
    old_source: str | None
    new_source: str | None


@dataclass(frozen=True)
class AuditDiff:
    """The differences from ``old`` to ``new``."""

    old: Side
    new: Side
    new_findings: tuple[Mapping[str, Any], ...]
    fixed_findings: tuple[Mapping[str, Any], ...]
    changed_findings: tuple[FindingChange, ...]
    licence_changes: tuple[LicenceChange, ...]
    models_added: tuple[str, ...]
    models_removed: tuple[str, ...]
    waivers_added: tuple[Mapping[str, Any], ...]
    waivers_removed: tuple[Mapping[str, Any], ...]
    waivers_expired: tuple[Mapping[str, Any], ...]
    """Waivers active (or new) before and expired or lapsed now."""

    @property
    def empty(self) -> bool:
        """True when nothing differs."""
        return not any(
            (
                self.new_findings,
                self.fixed_findings,
                self.changed_findings,
                self.licence_changes,
                self.models_added,
                self.models_removed,
                self.waivers_added,
                self.waivers_removed,
                self.waivers_expired,
            )
        )


def side_of(label: str, record: Mapping[str, Any]) -> Side:
    """A diff side from a ledger record or a JSON report document."""
    models = []
    for model in record.get("models", []):
        licence = model.get("licence")
        if isinstance(licence, Mapping):  # a report document
            models.append(
                {
                    "id": model.get("id"),
                    "licence": licence.get("id"),
                    "source": licence.get("source"),
                }
            )
        else:
            models.append(
                {"id": model.get("id"), "licence": licence, "source": model.get("licence_source")}
            )
    findings = [
        {**f, "fingerprint": finding_identity(f), "line": (f.get("location") or {}).get("line")}
        if "location" in f
        else {**f, "fingerprint": finding_identity(f)}
        for f in record.get("findings", [])
    ]
    return Side(
        label,
        record.get("as_of"),
        tuple(findings),
        tuple(models),
        tuple(record.get("waivers", [])),
    )


def diff_audits(old: Side, new: Side) -> AuditDiff:
    """Compare two audits in git's order: what ``new`` has that ``old`` had not, and back."""
    old_by = {f["fingerprint"]: f for f in old.findings}
    new_by = {f["fingerprint"]: f for f in new.findings}
    added = tuple(_ordered(f for k, f in new_by.items() if k not in old_by))
    fixed = tuple(_ordered(f for k, f in old_by.items() if k not in new_by))
    changed = []
    for key in sorted(set(old_by) & set(new_by)):
        a, b = old_by[key], new_by[key]
        what = tuple(
            field
            for field in ("severity", "waived", "message")
            if bool(a.get(field)) != bool(b.get(field))
            or (field != "waived" and a.get(field) != b.get(field))
        )
        if what:
            changed.append(FindingChange(a, b, what))
    old_models = {m["id"]: m for m in old.models}
    new_models = {m["id"]: m for m in new.models}
    licence_changes = tuple(
        LicenceChange(
            m,
            old_models[m]["licence"],
            new_models[m]["licence"],
            old_models[m]["source"],
            new_models[m]["source"],
        )
        for m in sorted(set(old_models) & set(new_models))
        if (old_models[m]["licence"], old_models[m]["source"])
        != (new_models[m]["licence"], new_models[m]["source"])
    )
    old_waivers = {_waiver_key(w): w for w in old.waivers}
    new_waivers = {_waiver_key(w): w for w in new.waivers}
    expired = tuple(
        new_waivers[k]
        for k in sorted(set(old_waivers) & set(new_waivers))
        if _lapsed(new_waivers[k]) and not _lapsed(old_waivers[k])
    )
    return AuditDiff(
        old=old,
        new=new,
        new_findings=added,
        fixed_findings=fixed,
        changed_findings=tuple(changed),
        licence_changes=licence_changes,
        models_added=tuple(sorted(set(new_models) - set(old_models))),
        models_removed=tuple(sorted(set(old_models) - set(new_models))),
        waivers_added=tuple(new_waivers[k] for k in sorted(set(new_waivers) - set(old_waivers))),
        waivers_removed=tuple(old_waivers[k] for k in sorted(set(old_waivers) - set(new_waivers))),
        waivers_expired=expired,
    )


def _ordered(findings: Any) -> list[Mapping[str, Any]]:
    def key(f: Mapping[str, Any]) -> tuple[int, str, str, str]:
        severity = str(f.get("severity") or "info")
        rank = SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else 9
        return (rank, str(f.get("rule")), str(f.get("model") or ""), str(f["fingerprint"]))

    return sorted(findings, key=key)


def _waiver_key(waiver: Mapping[str, Any]) -> tuple[str, str, str]:
    return (str(waiver.get("rule")), str(waiver.get("model") or ""), str(waiver.get("reason")))


def _lapsed(waiver: Mapping[str, Any]) -> bool:
    return waiver.get("status") in ("expired", "lapsed")


def diff_to_json(diff: AuditDiff) -> dict[str, Any]:
    """The diff as plain JSON types (``model-audit/diff/v1``)."""
    return {
        "schema": "model-audit/diff/v1",
        "old": {"label": diff.old.label, "as_of": diff.old.as_of},
        "new": {"label": diff.new.label, "as_of": diff.new.as_of},
        "findings": {
            "new": [_brief(f) for f in diff.new_findings],
            "fixed": [_brief(f) for f in diff.fixed_findings],
            "changed": [
                {"before": _brief(c.old), "after": _brief(c.new), "what": list(c.what)}
                for c in diff.changed_findings
            ],
        },
        "licence_changes": [
            {
                "model": c.model,
                "before": c.old,
                "after": c.new,
                "source_before": c.old_source,
                "source_after": c.new_source,
            }
            for c in diff.licence_changes
        ],
        "models": {"added": list(diff.models_added), "removed": list(diff.models_removed)},
        "waivers": {
            "added": [dict(w) for w in diff.waivers_added],
            "removed": [dict(w) for w in diff.waivers_removed],
            "expired": [dict(w) for w in diff.waivers_expired],
        },
        "empty": diff.empty,
    }


def _brief(finding: Mapping[str, Any]) -> dict[str, Any]:
    keep = ("fingerprint", "rule", "severity", "model", "use_case", "message", "waived", "line")
    return {k: finding.get(k) for k in keep}
