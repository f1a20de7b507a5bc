"""What the HTML and PDF reports show, computed from the report document.

The template only lays out what this module prepares, so every optional key of the document
(``obligations``, ``data_flows``, the ``ai_act`` annotation) is read here, defensively, and
the template can run with ``StrictUndefined``. Every string of the document is first cut to
``FIELD_LIMIT`` characters (``clip_strings``) so one enormous field cannot swamp the layout.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from reports.report_groups import EvidenceEntry, FindingGroup, ModelNames, group_findings
from reports.report_history import SinceView, since_view, trend_chart
from reports.report_models import model_fact_lines
from reports.report_people import UnverifiedNote, note_unverified, readable_document
from reports.report_routing import RoutingView, build_routing
from reports.report_sections import (
    ModelSection,
    ObligationsBlock,
    ObligationsGroup,
    WaiverRow,
    build_model_sections,
    build_obligations,
    build_waivers,
    group_obligations,
)
from reports.report_text import (
    FAMILY_TITLES,
    SEVERITY_ORDER,
    FindingView,
    as_text,
    finding_view,
    severity_of,
)
from reports.svg_chart import findings_chart

FIELD_LIMIT = 2000
"""Characters of one text field the report shows; the rest is replaced by a note."""

SHORT_LIMIT = 80
"""Characters of the organisation name in the running header and the PDF metadata."""

COVER_LIMIT = 200
"""Characters of the organisation name on the cover page."""


@dataclass(frozen=True)
class SeverityCount:
    """Active findings of one severity."""

    severity: str
    count: int


@dataclass(frozen=True)
class AreaCounts:
    """Active findings of one area (rule family), by severity."""

    family: str
    title: str
    counts: tuple[SeverityCount, ...]
    total: int


@dataclass(frozen=True)
class InventoryRow:
    """One line of the inventory table."""

    model_id: str
    name: str
    anchor: str
    """Anchor of the model's section; empty when the model has none (no findings)."""
    licence: str
    licence_source: str
    licence_verified: bool
    findings: int
    lineage: tuple[str, ...]
    hosting: str
    regions: tuple[str, ...]
    data_tags: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class RuleRow:
    """One rule of the catalogue evaluated in this audit."""

    id: str
    name: str
    family: str
    severity: str
    summary: str
    citation: str


@dataclass(frozen=True)
class ReportView:
    """Everything the report template shows, in display order."""

    title: str
    organisation: str
    organisation_cover: str
    organisation_short: str
    country: str
    as_of: str
    as_of_long: str
    created: str
    """``as_of`` at 00:00 UTC, W3C format, for the PDF creation date."""
    tool: str
    tool_version: str
    knowledge_base: str
    schema: str
    offline: bool
    inventory_path: str
    inventory_sha256: str
    verdict: str
    gate: str
    verdict_reason: str
    severity_counts: tuple[SeverityCount, ...]
    waived: int
    model_count: int
    unresolved: int
    unverified_licences: tuple[str, ...]
    """Ids of the models whose licence nobody verified (declared only, or unresolved)."""
    areas: tuple[AreaCounts, ...]
    chart: str
    """Inline SVG markup drawn from ``areas``; built only from numbers and fixed labels."""
    top_findings: tuple[FindingGroup, ...]
    """The most serious groups of active findings, one per rule where possible."""
    inventory: tuple[InventoryRow, ...]
    general_findings: tuple[FindingView, ...]
    models: tuple[ModelSection, ...]
    model_pages: tuple[ModelSection, ...]
    """Models with findings or problems: the only ones with a section of their own."""
    model_findings: Mapping[str, tuple[tuple[str, str, str], ...]]
    """Per model id: (rule, severity, group anchor) of each of its findings."""
    model_facts: Mapping[str, tuple[str, ...]]
    """Per model id with a section: its particulars as lines of plain text."""
    groups: tuple[FindingGroup, ...]
    evidence: tuple[EvidenceEntry, ...]
    finding_count: int
    routing: RoutingView
    obligations: tuple[ObligationsBlock, ...]
    obligation_groups: tuple[ObligationsGroup, ...]
    waivers: tuple[WaiverRow, ...]
    stale_waivers: tuple[WaiverRow, ...]
    rules: tuple[RuleRow, ...]
    field_limit: int
    unverified_notes: tuple[UnverifiedNote, ...]
    """Unverified facts of the document, each explained once (appendix A)."""
    since: SinceView | None = None
    """Changes since the last audit in the ledger (scan --ledger), else None."""
    trend_chart: str = ""
    """Inline SVG of active findings per severity over the last runs; empty without one."""


def clip_strings(value: Any, limit: int = FIELD_LIMIT) -> Any:
    """A copy of ``value`` where every string longer than ``limit`` is cut and says so."""
    if isinstance(value, str):
        if len(value) <= limit:
            return value
        return (
            f"{value[:limit]} [… truncated: {len(value):,} characters, the first {limit:,} shown]"
        )
    if isinstance(value, Mapping):
        return {key: clip_strings(item, limit) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [clip_strings(item, limit) for item in value]
    return value


def build_view(document: Mapping[str, Any]) -> ReportView:
    """Prepare ``document`` for the report template; missing optional keys become empty."""
    doc: dict[str, Any]
    doc, notes = note_unverified(readable_document(clip_strings(dict(document))))
    summary = doc.get("summary") or {}
    organisation = doc.get("organisation") or {}
    findings = [finding_view(f, i) for i, f in enumerate(doc.get("findings") or [])]
    active = [f for f in findings if not f.waived]
    by_severity = Counter(f.severity for f in active)
    models = build_model_sections(doc.get("models") or [], findings)
    org_name = as_text(organisation.get("name"), "unnamed organisation")
    fail_on = as_text(summary.get("fail_on"), "high")
    as_of = as_text(doc.get("as_of"), "")
    areas = _areas(active)
    waivers = build_waivers(doc.get("waivers") or [])
    names = {m.id: ModelNames(m.id, m.name, m.anchor) for m in models}
    grouped = group_findings(findings, names)
    pages = tuple(m for m in models if m.findings or m.problems)
    with_page = {m.id for m in pages}
    reported: dict[str, dict[str, str]] = {}
    for f in findings:
        if f.model:
            reported.setdefault(f.model, {}).setdefault(f.name, f.rule)
    obligations = build_obligations(doc.get("models") or [], reported)
    return ReportView(
        title=f"AI model compliance audit: {org_name}"[: SHORT_LIMIT + 40],
        organisation=org_name,
        organisation_cover=_shorten(org_name, COVER_LIMIT),
        organisation_short=_shorten(org_name, SHORT_LIMIT),
        country=as_text(organisation.get("country"), ""),
        as_of=as_of,
        as_of_long=_long_date(as_of),
        created=f"{as_of}T00:00:00Z" if _is_date(as_of) else "",
        tool=as_text((doc.get("tool") or {}).get("name"), "model-audit"),
        tool_version=as_text((doc.get("tool") or {}).get("version"), "unknown"),
        knowledge_base=as_text((doc.get("knowledge_base") or {}).get("version"), "unknown"),
        schema=as_text(doc.get("schema"), ""),
        offline=bool(doc.get("offline")),
        inventory_path=as_text((doc.get("inventory") or {}).get("path"), ""),
        inventory_sha256=as_text((doc.get("inventory") or {}).get("sha256"), ""),
        verdict="PASS" if summary.get("status") == "pass" else "FAIL",
        gate=fail_on,
        verdict_reason=_verdict_reason(active, fail_on),
        severity_counts=tuple(SeverityCount(s, by_severity.get(s, 0)) for s in SEVERITY_ORDER),
        waived=sum(1 for f in findings if f.waived),
        model_count=len(doc.get("models") or []),
        unresolved=sum(1 for m in models if not m.licence_resolved),
        unverified_licences=tuple(m.id for m in models if not m.licence_verified),
        areas=areas,
        chart=findings_chart([(a.title, [(c.severity, c.count) for c in a.counts]) for a in areas]),
        top_findings=_top_findings(grouped.groups),
        inventory=tuple(_inventory_row(m, m.id in with_page) for m in models),
        general_findings=tuple(f for f in findings if f.model is None),
        models=models,
        model_pages=pages,
        model_findings=grouped.rules_by_model,
        model_facts={
            m.id: model_fact_lines(m, grouped.rules_by_model.get(m.id, ())) for m in pages
        },
        groups=grouped.groups,
        evidence=grouped.evidence,
        finding_count=len(findings),
        routing=build_routing(doc.get("models") or [], doc.get("routes") or []),
        obligations=obligations,
        obligation_groups=group_obligations(obligations),
        waivers=waivers,
        stale_waivers=tuple(w for w in waivers if w.status == "stale"),
        rules=tuple(_rule_row(r) for r in doc.get("rules") or [] if isinstance(r, Mapping)),
        field_limit=FIELD_LIMIT,
        since=since_view(doc),
        trend_chart=trend_chart(doc.get("trend")),
        unverified_notes=notes,
    )


ONLY_WHEN_FOUND = frozenset({"inventory"})
"""Families shown in the counts only when they have findings (their rules are optional)."""


def _areas(active: Iterable[FindingView]) -> tuple[AreaCounts, ...]:
    counts: Counter[tuple[str, str]] = Counter((f.family, f.severity) for f in active)
    families = list(FAMILY_TITLES) + sorted({fam for fam, _ in counts} - set(FAMILY_TITLES))
    present = {fam for fam, _ in counts}
    out = []
    for family in families:
        if family in ONLY_WHEN_FOUND and family not in present:
            continue  # the inventory rules run only with scan --discover
        row = tuple(SeverityCount(s, counts.get((family, s), 0)) for s in SEVERITY_ORDER)
        out.append(
            AreaCounts(family, FAMILY_TITLES.get(family, family), row, sum(c.count for c in row))
        )
    return tuple(out)


def _top_findings(groups: Iterable[FindingGroup], limit: int = 3) -> tuple[FindingGroup, ...]:
    """The most severe groups with an active finding, preferring different rules so that one
    rule firing in many ways does not hide the next most serious problem."""
    ranked = [
        g
        for g in groups
        if g.severity != "info" and any(not o.finding.waived for o in g.occurrences)
    ]
    chosen: list[FindingGroup] = []
    rules: set[str] = set()
    for g in ranked:
        if g.rule not in rules:
            chosen.append(g)
            rules.add(g.rule)
        if len(chosen) == limit:
            return tuple(chosen)
    chosen.extend(g for g in ranked if g not in chosen)
    return tuple(chosen[:limit])


def _verdict_reason(active: list[FindingView], fail_on: str) -> str:
    if fail_on == "never":
        return "The audit gate is switched off (fail on: never); findings are reported only."
    if fail_on not in SEVERITY_ORDER:
        return f"Gate: fail on {fail_on}."
    threshold = SEVERITY_ORDER.index(fail_on)
    failing = sum(1 for f in active if SEVERITY_ORDER.index(f.severity) <= threshold)
    scope = fail_on if fail_on == "critical" else f"{fail_on} or above"
    if failing:
        noun = "finding" if failing == 1 else "findings"
        return f"{failing} unwaived {noun} of severity {scope}."
    return f"No unwaived finding of severity {scope}."


def _inventory_row(section: ModelSection, has_page: bool) -> InventoryRow:
    return InventoryRow(
        model_id=section.id,
        name=section.name,
        anchor=section.anchor if has_page else "",
        licence=section.licence,
        licence_source=section.licence_source,
        licence_verified=section.licence_verified,
        findings=len(section.findings),
        lineage=section.lineage,
        hosting=section.hosting,
        regions=section.regions,
        data_tags=section.data_tags,
        status=section.status,
    )


def _rule_row(rule: Mapping[str, Any]) -> RuleRow:
    return RuleRow(
        id=as_text(rule.get("id"), "?"),
        name=as_text(rule.get("name"), ""),
        family=FAMILY_TITLES.get(as_text(rule.get("family"), ""), as_text(rule.get("family"), "")),
        severity=severity_of(rule.get("severity")),
        summary=as_text(rule.get("summary"), ""),
        citation=as_text(rule.get("citation"), ""),
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _long_date(text: str) -> str:
    if not _is_date(text):
        return text
    day = dt.date.fromisoformat(text)
    return f"{day.day} {day:%B %Y}"
