"""Findings grouped for the HTML and PDF reports: say each thing once.

A large inventory repeats the same finding for many models: same rule, same remediation, and
a message that differs only in the model's id, name and use case. The report prints such a
finding once, as a group, with the list of every model, use case and inventory line it
affects, so nothing is lost and the document grows with the number of distinct problems
rather than with the number of models.

The *cause* of a finding is its message with the model's id, name and use case replaced by
placeholders; findings with the same rule, severity, cause, remediation and legal basis form
one group. Evidence the group's findings share is printed once in the group; evidence that
differs between them, or is long, goes to the evidence appendix, one entry per finding.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from reports.report_text import SEVERITY_ORDER, FindingView

MODEL_TOKEN = "‹model›"
MODEL_NAME_TOKEN = "‹model name›"
USE_CASE_TOKEN = "‹use case›"

INLINE_EVIDENCE_LIMIT = 600
"""Characters of shared evidence a group prints itself; longer evidence goes to the appendix."""

OCCURRENCES_PER_PARAGRAPH = 24
"""Affected findings per paragraph of a group's list (plain text lays out fastest in long
runs; moderate paragraphs let the PDF break pages between them)."""


@dataclass(frozen=True)
class Occurrence:
    """One finding inside its group: where it is and what is particular to it."""

    finding: FindingView
    model_anchor: str
    """Anchor of the model's section, or empty (organisation-wide finding)."""
    evidence_anchor: str
    """Anchor of the finding's entry in the evidence appendix, or empty."""
    text: str
    """The finding's particulars in words: model, use case, line, waiver state."""


@dataclass(frozen=True)
class FindingGroup:
    """Findings that share rule, severity, cause, remediation and legal basis."""

    anchor: str
    number: int
    rule: str
    name: str
    family: str
    family_title: str
    severity: str
    message: str
    """The message itself for a group of one; else the cause with placeholders."""
    templated: bool
    remediation: str
    citation: str
    evidence: tuple[str, ...]
    """Evidence every finding of the group shares (placeholders for what differs)."""
    evidence_anchor: str
    """Anchor of the group's shared evidence in the appendix when it is too long to inline."""
    path: str
    """The inventory file every occurrence is in, or empty when they differ."""
    own_evidence: bool
    """True when some findings of the group have evidence of their own in the appendix."""
    occurrences: tuple[Occurrence, ...]
    paragraphs: tuple[tuple[Occurrence, ...], ...]
    model_count: int
    waived: int
    waiver_notes: tuple[tuple[str, str], ...]
    """(finding particulars, waiver note) for each waived or expired-waiver occurrence."""


@dataclass(frozen=True)
class EvidenceEntry:
    """Evidence printed in the appendix: one finding's own, or a group's long shared list."""

    anchor: str
    label: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class GroupedFindings:
    """Every finding of the document, grouped, and the evidence the appendix lists."""

    groups: tuple[FindingGroup, ...]
    evidence: tuple[EvidenceEntry, ...]
    rules_by_model: Mapping[str, tuple[tuple[str, str, str], ...]]
    """Per model id: (rule, severity, group anchor) of each of its findings, in order."""


@dataclass(frozen=True)
class ModelNames:
    """What a message may call a model: its id and its name (and the anchor of its section)."""

    id: str
    name: str
    anchor: str


@lru_cache(maxsize=8192)
def _word(value: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9_]){re.escape(value)}(?![A-Za-z0-9_])")


def mask(text: str, model: ModelNames | None, use_case: str | None) -> str:
    """``text`` with the model's id and name and the use case id replaced by placeholders."""
    pairs: list[tuple[str, str]] = []
    if use_case:
        pairs.append((use_case, USE_CASE_TOKEN))
    if model is not None:
        pairs.append((model.id, MODEL_TOKEN))
        if model.name and model.name != model.id:
            pairs.append((model.name, MODEL_NAME_TOKEN))
    for value, token in sorted(pairs, key=lambda p: -len(p[0])):
        if value in text:
            text = _word(value).sub(token, text)
    return text


def group_findings(
    findings: Sequence[FindingView], models: Mapping[str, ModelNames]
) -> GroupedFindings:
    """Group ``findings`` (most severe first, then in document order) and collect the
    evidence that the appendix prints."""
    keyed: dict[tuple[str, ...], list[tuple[FindingView, tuple[str, ...]]]] = {}
    for f in findings:
        names = models.get(f.model) if f.model else None
        key = (
            f.rule,
            f.severity,
            mask(f.message, names, f.use_case),
            mask(f.remediation, names, f.use_case),
            f.citation,
            f.name,
        )
        masked_evidence = tuple(mask(e, names, f.use_case) for e in f.evidence)
        keyed.setdefault(key, []).append((f, masked_evidence))
    ordered = sorted(
        keyed.items(), key=lambda kv: (SEVERITY_ORDER.index(kv[0][1]), kv[1][0][0].order)
    )
    groups: list[FindingGroup] = []
    appendix: list[EvidenceEntry] = []
    rules_by_model: dict[str, list[tuple[str, str, str]]] = {}
    for number, (group_key, members) in enumerate(ordered, start=1):
        anchor = f"group-{number}"
        first = members[0][0]
        single = len(members) == 1
        shared = members[0][1] if all(m[1] == members[0][1] for m in members) else None
        group_evidence: tuple[str, ...] = ()
        group_evidence_anchor = ""
        if shared is not None:
            shared_lines = first.evidence if single else shared
            if sum(len(line) for line in shared_lines) <= INLINE_EVIDENCE_LIMIT:
                group_evidence = shared_lines
            else:
                group_evidence_anchor = f"evidence-{anchor}"
                label = f"{first.rule} ({first.severity}), shared by the findings of group {number}"
                appendix.append(EvidenceEntry(group_evidence_anchor, label, shared_lines))
        paths = {f.path for f, _ in members}
        path = paths.pop() if len(paths) == 1 else ""
        occurrences = []
        for f, _ in members:
            names = models.get(f.model) if f.model else None
            evidence_anchor = ""
            if shared is None and f.evidence:
                evidence_anchor = f"evidence-{f.anchor}"
                appendix.append(EvidenceEntry(evidence_anchor, _label(f), f.evidence))
            occurrences.append(
                Occurrence(
                    finding=f,
                    model_anchor=names.anchor if names else "",
                    evidence_anchor=evidence_anchor,
                    text=_particulars(f, with_path=not path),
                )
            )
            if f.model:
                rules_by_model.setdefault(f.model, []).append((f.rule, f.severity, anchor))
        groups.append(
            FindingGroup(
                anchor=anchor,
                number=number,
                rule=first.rule,
                name=first.name,
                family=first.family,
                family_title=first.family_title,
                severity=first.severity,
                message=first.message if single else group_key[2],
                templated=not single and group_key[2] != first.message,
                remediation=first.remediation if single else group_key[3],
                citation=first.citation,
                evidence=group_evidence,
                evidence_anchor=group_evidence_anchor,
                path=path,
                own_evidence=any(o.evidence_anchor for o in occurrences),
                occurrences=tuple(occurrences),
                paragraphs=tuple(
                    tuple(occurrences[i : i + OCCURRENCES_PER_PARAGRAPH])
                    for i in range(0, len(occurrences), OCCURRENCES_PER_PARAGRAPH)
                ),
                model_count=len({f.model for f, _ in members if f.model}),
                waived=sum(1 for f, _ in members if f.waived),
                waiver_notes=tuple(
                    (_particulars(f, with_path=False), f.waiver_note)
                    for f, _ in members
                    if f.waiver_note
                ),
            )
        )
    return GroupedFindings(
        groups=tuple(groups),
        evidence=tuple(appendix),
        rules_by_model={model: tuple(rows) for model, rows in rules_by_model.items()},
    )


def _particulars(f: FindingView, *, with_path: bool) -> str:
    """``model / use case, line N`` plus the waiver state, as one run of plain text."""
    who = f.model or "organisation-wide"
    if f.use_case:
        who = f"{who} / {f.use_case}"
    where = f.location if with_path else (f"line {f.line}" if f.line else f.location)
    text = f"{who}, {where}" if where else who
    if f.waived:
        text += " (waived)"
    elif f.waiver_expired:
        text += " (waiver expired)"
    return text


def _label(f: FindingView) -> str:
    return f"{f.rule} ({f.severity}), {_particulars(f, with_path=True)}"
