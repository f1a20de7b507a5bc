"""Report sections drawn from the models of the document: per-model findings, AI Act
obligations per use case, and waivers (the routing map is in ``reports.report_routing``).

``obligations``, ``data_flows`` and the ``ai_act`` annotation come from rule families that
may not have run; each reader here accepts their absence and any shape it does not know.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reports.licence_status import licence_status
from reports.report_text import (
    SEVERITY_ORDER,
    FindingView,
    as_mapping,
    as_text,
    location_text,
    mappings,
    text_list,
)

_AI_ACT_LABELS: Mapping[str, str] = {
    "risk_class": "Risk class",
    "role": "Role",
    "area": "Area",
    "gpai_provider": "GPAI provider",
    "systemic_risk": "Systemic risk",
    "legal_basis": "Legal basis",
}
_DECIDED_BY: Mapping[str, str] = {
    "gpai_provider": "gpai-provider",
    "systemic_risk": "systemic-risk",
}
"""Classification answers that a rule decides (by rule name): when that rule reports the
model and the annotation still says no, the rule could not decide, and the table says so."""

_AI_ACT_FLAGS: Mapping[str, str] = {
    "interacts_with_people": "interacts with people",
    "generates_synthetic_content": "generates synthetic content",
    "deep_fake": "deep fake",
    "emotion_recognition": "emotion recognition",
    "automated_decision": "automated decision",
}


@dataclass(frozen=True)
class UseCaseRow:
    """A use case as the model section lists it."""

    id: str
    purpose: str
    audience: str
    data: tuple[str, ...]


@dataclass(frozen=True)
class EvidenceRow:
    """One licence statement found for a model."""

    source: str
    found: str
    where: str
    confidence: str


@dataclass(frozen=True)
class ModelSection:
    """One model with its findings (section 3) and its inventory line (section 2)."""

    anchor: str
    id: str
    name: str
    source: str
    provider: str
    licence: str
    licence_resolved: bool
    licence_source: str
    """How the licence was established, in words (``reports.licence_status``)."""
    licence_verified: bool
    """False when the licence is only declared, unresolved or of an unknown source."""
    licence_evidence: tuple[EvidenceRow, ...]
    lineage: tuple[str, ...]
    hosting: str
    regions: tuple[str, ...]
    data_tags: tuple[str, ...]
    use_cases: tuple[UseCaseRow, ...]
    problems: tuple[str, ...]
    derivative: str
    status: str
    counts: str
    """Active findings by severity, e.g. ``1 critical, 2 high``; empty when none."""
    findings: tuple[FindingView, ...]


@dataclass(frozen=True)
class ObligationRow:
    """One AI Act duty of a use case."""

    article: str
    duty: str
    role: str
    applies_from: str
    in_force: str
    source: str


@dataclass(frozen=True)
class ObligationsBlock:
    """How the AI Act classifies one use case and what it requires."""

    model: str
    use_case: str
    purpose: str
    classification: tuple[tuple[str, str], ...]
    obligations: tuple[ObligationRow, ...]
    obligations_known: bool


@dataclass(frozen=True)
class ObligationsGroup:
    """Use cases the AI Act classifies alike, with the same duties: said once."""

    uses: tuple[str, ...]
    """``model / use case`` of every use case of the group, in inventory order."""
    classification: tuple[tuple[str, str], ...]
    obligations: tuple[ObligationRow, ...]
    obligations_known: bool


@dataclass(frozen=True)
class WaiverRow:
    """One waiver of the inventory and what it did in this audit."""

    rule: str
    model: str
    reason: str
    approved_by: str
    expires: str
    status: str
    matched: int
    location: str


def build_model_sections(
    models: Sequence[Mapping[str, Any]], findings: Sequence[FindingView]
) -> tuple[ModelSection, ...]:
    """One section per model, in inventory order, each with the findings naming it."""
    by_model: dict[str, list[FindingView]] = {}
    for f in findings:
        if f.model is not None:
            by_model.setdefault(f.model, []).append(f)
    return tuple(
        _model_section(model, i, by_model.get(as_text(model.get("id"), ""), []))
        for i, model in enumerate(m for m in models if isinstance(m, Mapping))
    )


def _model_section(
    model: Mapping[str, Any], index: int, findings: list[FindingView]
) -> ModelSection:
    licence = as_mapping(model.get("licence"))
    hosting = as_mapping(model.get("hosting"))
    use_cases = mappings(model.get("use_cases"))
    active = Counter(f.severity for f in findings if not f.waived)
    status = licence_status(model)
    return ModelSection(
        anchor=f"model-{index + 1}",
        id=as_text(model.get("id"), "?"),
        name=as_text(model.get("name"), ""),
        source=as_text(model.get("source"), ""),
        provider=as_text(model.get("provider"), ""),
        licence=as_text(licence.get("id"), "unresolved"),
        licence_resolved=bool(licence.get("id")),
        licence_source=status.label,
        licence_verified=status.verified,
        licence_evidence=tuple(
            EvidenceRow(
                source=as_text(e.get("source"), ""),
                found=as_text(e.get("found"), ""),
                where=as_text(e.get("where"), ""),
                confidence=_confidence(e.get("confidence")),
            )
            for e in mappings(model.get("licence_evidence"))
        ),
        lineage=text_list(model.get("lineage")),
        hosting=as_text(hosting.get("mode"), "unknown"),
        regions=text_list(hosting.get("regions")),
        data_tags=tuple(sorted({tag for uc in use_cases for tag in text_list(uc.get("data"))})),
        use_cases=tuple(
            UseCaseRow(
                id=as_text(uc.get("id"), "?"),
                purpose=as_text(uc.get("purpose"), ""),
                audience=as_text(uc.get("audience"), ""),
                data=text_list(uc.get("data")),
            )
            for uc in use_cases
        ),
        problems=text_list(model.get("problems")),
        derivative=_derivative(model.get("derivative")),
        status=_one_of(model.get("status"), ("pass", "warn", "fail")),
        counts=", ".join(f"{active[s]} {s}" for s in SEVERITY_ORDER if active.get(s)),
        findings=tuple(findings),
    )


def _one_of(value: Any, allowed: tuple[str, ...]) -> str:
    """``value`` when it is one of ``allowed`` (it becomes a CSS class), else ``unknown``."""
    return value if value in allowed else "unknown"


def _count(value: Any) -> int:
    return value if isinstance(value, int) else 0


def _confidence(value: Any) -> str:
    return f"{value:.0%}" if isinstance(value, (int, float)) else ""


def _derivative(value: Any) -> str:
    if not isinstance(value, Mapping):
        return ""
    traits = [
        label
        for key, label in (("fine_tuned", "fine-tuned"), ("distributed", "distributed"))
        if value.get(key)
    ]
    name = as_text(value.get("name"), "unnamed derivative")
    licence = as_text(value.get("licence"), "")
    shipped = f", shipped under {licence}" if licence else ""
    return f"{name} ({', '.join(traits) or 'changed'}{shipped})"


def build_obligations(
    models: Sequence[Mapping[str, Any]],
    reported: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[ObligationsBlock, ...]:
    """Each use case's AI Act classification and duties, in inventory order. ``reported``
    gives, per model id, the rule id of each rule name that has a finding for the model."""
    reported = reported or {}
    return tuple(
        ObligationsBlock(
            model=as_text(model.get("id"), "?"),
            use_case=as_text(uc.get("id"), "?"),
            purpose=as_text(uc.get("purpose"), ""),
            classification=_classification(
                uc.get("ai_act"), reported.get(as_text(model.get("id"), ""), {})
            ),
            obligations=tuple(_obligation(o) for o in mappings(uc.get("obligations"))),
            obligations_known="obligations" in uc,
        )
        for model in models
        if isinstance(model, Mapping)
        for uc in mappings(model.get("use_cases"))
    )


def group_obligations(blocks: Sequence[ObligationsBlock]) -> tuple[ObligationsGroup, ...]:
    """``blocks`` with equal classification and duties merged, in order of first appearance."""
    grouped: dict[tuple[Any, ...], list[str]] = {}
    for b in blocks:
        key = (b.classification, b.obligations, b.obligations_known)
        grouped.setdefault(key, []).append(f"{b.model} / {b.use_case}")
    return tuple(
        ObligationsGroup(tuple(uses), classification, obligations, known)
        for (classification, obligations, known), uses in grouped.items()
    )


def _classification(ai_act: Any, reported: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    if not isinstance(ai_act, Mapping):
        return ()
    rows = []
    for key, label in _AI_ACT_LABELS.items():
        value = ai_act.get(key)
        rule = reported.get(_DECIDED_BY.get(key, ""))
        if key in _DECIDED_BY and key in ai_act and (value is None or (value is False and rule)):
            rows.append((label, f"unknown (see {rule})" if rule else "unknown"))
        elif value is not None:
            rows.append((label, _yes_no(value)))
    flags = [label for key, label in _AI_ACT_FLAGS.items() if ai_act.get(key) is True]
    if any(key in ai_act for key in _AI_ACT_FLAGS):
        rows.append(("Use-case traits", ", ".join(flags) or "none declared"))
    if "area" not in ai_act and "risk_class" not in ai_act:
        rows.append(("Area", "not classified"))
    known = set(_AI_ACT_LABELS) | set(_AI_ACT_FLAGS)
    rows.extend(
        (str(key).replace("_", " ").capitalize(), _yes_no(value))
        for key, value in sorted(ai_act.items(), key=lambda kv: str(kv[0]))
        if key not in known and value is not None
    )
    return tuple(rows)


def _yes_no(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return as_text(value, "")


def _obligation(item: Mapping[str, Any]) -> ObligationRow:
    in_force = item.get("in_force")
    applies_from = as_text(item.get("applies_from"), "")
    if in_force is True:
        state = "in force"
    elif in_force is False:
        state = f"from {applies_from}" if applies_from else "not yet"
    else:
        state = "unknown"
    return ObligationRow(
        article=as_text(item.get("article"), ""),
        duty=as_text(item.get("duty"), ""),
        role=as_text(item.get("role"), ""),
        applies_from=applies_from,
        in_force=state,
        source=as_text(item.get("source"), ""),
    )


def build_waivers(waivers: Sequence[Mapping[str, Any]]) -> tuple[WaiverRow, ...]:
    """Every waiver of the inventory with its status (active, expired, lapsed or stale)."""
    return tuple(
        WaiverRow(
            rule=as_text(w.get("rule"), "?"),
            model=as_text(w.get("model"), "every model"),
            reason=as_text(w.get("reason"), ""),
            approved_by=as_text(w.get("approved_by"), ""),
            expires=as_text(w.get("expires"), "no expiry"),
            status=_one_of(w.get("status"), ("active", "expired", "lapsed", "stale")),
            matched=_count(w.get("matched")),
            location=location_text(w.get("location")),
        )
        for w in waivers
        if isinstance(w, Mapping)
    )
