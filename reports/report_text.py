"""Findings as the HTML and PDF reports word them, and small readers of untrusted values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reports.report_people import primary_first

SEVERITY_ORDER: tuple[str, ...] = ("critical", "high", "medium", "low", "info")
"""Severities, most serious first (as ``audit.findings.SEVERITIES``)."""

FAMILY_TITLES: Mapping[str, str] = {
    "licence": "Licence",
    "gdpr": "GDPR",
    "ai-act": "EU AI Act",
    "advisory": "Advisory",
    "inventory": "Inventory",
}
"""Report titles of the rule families, in report order."""

EVIDENCE_LIMIT = 20
"""Evidence lines shown per finding; the rest are counted in a closing line."""


@dataclass(frozen=True)
class FindingView:
    """One finding as the report prints it."""

    order: int
    """Position in the document (the engine's order: most severe first)."""
    anchor: str
    rule: str
    name: str
    family: str
    family_title: str
    severity: str
    model: str | None
    use_case: str | None
    message: str
    evidence: tuple[str, ...]
    citation: str
    remediation: str
    location: str
    path: str
    """The inventory file of ``location`` (empty when unknown)."""
    line: int
    """The line of ``location`` (0 when unknown)."""
    waived: bool
    waiver_note: str
    """Empty, or how a waiver applies: accepted (who, until when, why) or expired."""
    waiver_expired: bool


def as_text(value: Any, default: str) -> str:
    """``value`` as display text: ``default`` for None or empty, ``str()`` otherwise."""
    if value is None or value == "":
        return default
    return value if isinstance(value, str) else str(value)


def text_list(value: Any) -> tuple[str, ...]:
    """A list of display strings from a list of anything (anything else gives nothing)."""
    if not isinstance(value, (list, tuple)):
        return ()
    return tuple(as_text(item, "") for item in value if item is not None)


def as_mapping(value: Any) -> Mapping[str, Any]:
    """``value`` if it is a mapping, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def mappings(value: Any) -> list[Mapping[str, Any]]:
    """The mappings of a list (anything else gives an empty list)."""
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def location_text(location: Any) -> str:
    """``path:line`` of a document location (``path`` alone when the line is unknown)."""
    if not isinstance(location, Mapping):
        return ""
    path = as_text(location.get("path"), "")
    line = location.get("line")
    return f"{path}:{line}" if isinstance(line, int) and line > 0 else path


def severity_of(value: Any) -> str:
    """A known severity name; unknown values are shown as ``info`` rather than failing."""
    return value if value in SEVERITY_ORDER else "info"


def finding_view(finding: Mapping[str, Any], order: int) -> FindingView:
    """Prepare one document finding for display."""
    waiver = finding.get("waiver") if isinstance(finding.get("waiver"), Mapping) else None
    expired = bool(waiver and waiver.get("expired"))
    waived = bool(finding.get("waived")) and not expired
    evidence = primary_first(text_list(finding.get("evidence")))
    if len(evidence) > EVIDENCE_LIMIT:
        hidden = len(evidence) - EVIDENCE_LIMIT
        evidence = (*evidence[:EVIDENCE_LIMIT], f"… and {hidden:,} more evidence lines not shown")
    family = as_text(finding.get("family"), "other")
    return FindingView(
        order=order,
        anchor=f"finding-{order + 1}",
        rule=as_text(finding.get("rule"), "?"),
        name=as_text(finding.get("name"), ""),
        family=family,
        family_title=FAMILY_TITLES.get(family, family),
        severity=severity_of(finding.get("severity")),
        model=finding.get("model") if isinstance(finding.get("model"), str) else None,
        use_case=finding.get("use_case") if isinstance(finding.get("use_case"), str) else None,
        message=as_text(finding.get("message"), ""),
        evidence=evidence,
        citation=as_text(finding.get("citation"), ""),
        remediation=as_text(finding.get("remediation"), ""),
        location=location_text(finding.get("location")),
        path=as_text(as_mapping(finding.get("location")).get("path"), ""),
        line=_line(as_mapping(finding.get("location")).get("line")),
        waived=waived,
        waiver_note=_waiver_note(waiver, waived),
        waiver_expired=expired,
    )


def _line(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _waiver_note(waiver: Mapping[str, Any] | None, waived: bool) -> str:
    if waiver is None:
        return ""
    approver = as_text(waiver.get("approved_by"), "an unnamed approver")
    reason = as_text(waiver.get("reason"), "no reason given")
    expires = as_text(waiver.get("expires"), "")
    if waived:
        until = f" until {expires}" if expires else " without expiry"
        return f"Risk accepted by {approver}{until}: {reason}"
    return (
        f"A waiver by {approver} expired on {expires}; the finding counts again. "
        f"Its reason was: {reason}"
    )
