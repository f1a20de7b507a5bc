"""The comparison document (``model-audit/compare/v1``): what every comparison renderer reads.

The terminal table, ``--json`` and ``--pdf`` all render this one dict, so they cannot
disagree. Plain JSON types only; the same inputs and ``--as-of`` give the same content.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from audit.compare.comparison import CandidateResult, Comparison
from audit.compare.cost import CostEstimate, volume_scenarios
from audit.compare.decision import VERDICT_TABLE
from audit.compare.plan import HybridPlan
from audit.compare.pricing import PricedFigure
from audit.findings import SEVERITIES, Finding
from audit.safe_text import shown_everywhere
from reports.document import finding_to_dict

if TYPE_CHECKING:
    from licences import LicenceEntry

SCHEMA = "model-audit/compare/v1"

RESIDENCY_ANNOTATION = "data_flows"
"""Use-case annotation of the GDPR family that says where the use case's data go."""

EXAMPLE_NOTICE = "example prices as of {as_of}, source {source}; supply --pricing with your own"


def build_comparison_document(comparison: Comparison) -> dict[str, Any]:
    """Return the comparison document: plain JSON types, deterministic content."""
    loaded = comparison.loaded
    compared = comparison.compared
    use_case = compared.use_case
    organisation = loaded.inventory.organisation
    use_case_line = loaded.line_of(
        "models", compared.model_index, "use_cases", compared.use_case_index
    )
    recommendation = comparison.recommendation
    # one pass of the sanitiser: candidates' cards and the inventory are strangers' text
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "tool": {"name": "model-audit", "version": comparison.audit.tool_version},
        "knowledge_base": {"version": comparison.audit.knowledge_base_version},
        "as_of": comparison.options.as_of.isoformat(),
        "offline": comparison.options.offline,
        "inventory": {"path": loaded.path, "sha256": loaded.sha256},
        "organisation": {
            "name": organisation.name,
            "country": organisation.country,
            "can_self_host": organisation.can_self_host,
        },
        "use_case": {
            "id": use_case.id,
            "purpose": use_case.purpose,
            "audience": use_case.audience,
            "data": list(use_case.data),
            "monthly_tokens": use_case.monthly_tokens,
            "needs_frontier": use_case.needs_frontier,
            "ai_act": use_case.ai_act.model_dump(mode="json"),
            "served_by": list(compared.served_by),
            "location": {"path": loaded.path, "line": use_case_line},
        },
        "candidates": [_candidate(r, use_case.monthly_tokens) for r in comparison.candidates],
        "recommendation": {
            "choice": recommendation.choice,
            "steps": [
                {
                    "question": s.question,
                    "answer": s.answer,
                    "leads_to": s.leads_to,
                    "reason": s.reason,
                }
                for s in recommendation.steps
            ],
            "conditions": list(recommendation.conditions),
            "summary": recommendation.summary,
            "shortlist": _shortlist(comparison),
            "rule": {"id": recommendation.rule.id, "when": recommendation.rule.when},
            "table": [{"id": r.id, "when": r.when, "choice": r.choice} for r in VERDICT_TABLE],
        },
        "ranking": [
            {
                "rank": r.rank,
                "name": r.name,
                "kind": r.kind,
                "blocking_rules": list(r.blocking_rules),
                "ruled_out": r.ruled_out,
                "monthly_cost_usd": r.monthly_cost_usd,
                "fits_verdict": r.fits_verdict,
                "reason": r.reason,
            }
            for r in comparison.ranking
        ],
        "hybrid": _hybrid(comparison.hybrid),
        "break_even": [
            {
                "open": b.open,
                "closed": b.closed,
                "monthly_tokens": b.monthly_tokens,
                "capacity_assumed_tokens_per_month": b.capacity_assumed,
                "capacity_to_break_even_tokens_per_month": b.capacity_to_break_even,
            }
            for b in comparison.break_even
        ],
        "pricing": {
            "path": comparison.pricing.path,
            "currency": comparison.pricing.table.currency,
            "shipped_example": comparison.pricing.shipped,
            "notices": _example_notices(comparison),
        },
        "shared_findings": [_finding(f) for f in comparison.shared_findings],
        "notes": _notes(comparison),
    }
    sanitised: dict[str, Any] = shown_everywhere(document)
    return sanitised


def _candidate(result: CandidateResult, monthly_tokens: int | None) -> dict[str, Any]:
    candidate = result.candidate
    model = candidate.model
    resolution = result.resolution
    counts = Counter(f.severity.value for f in result.findings)
    return {
        "name": candidate.name,
        "kind": candidate.kind,
        "origin": candidate.origin,
        "provider": candidate.provider,
        "hosting": {
            "mode": model.hosting.mode,
            "regions": list(model.hosting.regions),
            "provider_default": model.hosting.mode == "api" and not model.hosting.regions,
        },
        "contracts": model.contracts.model_dump(mode="json"),
        "assumptions": list(candidate.assumptions),
        "licence": {
            "id": resolution.licence,
            "source": resolution.licence_source,
            "evidence": resolution.licence_where,
            **_licence_terms(resolution.licence),
        },
        "lineage": [step.name for step in resolution.lineage],
        "problems": list(resolution.problems),
        "findings": [_finding(f) for f in result.findings],
        "finding_counts": {s.value: counts.get(s.value, 0) for s in SEVERITIES},
        "residency": result.annotations.get(RESIDENCY_ANNOTATION),
        "ai_act": result.annotations.get("ai_act"),
        "obligations": result.annotations.get("obligations"),
        "monthly_cost_usd": result.cost.monthly_usd,
        "cost": _cost(result.cost, monthly_tokens),
    }


def _licence_terms(key: str | None) -> dict[str, Any]:
    """The licence's name and the terms procurement asks about, from the knowledge base."""
    entry = _entry(key)
    if entry is None:
        return {"name": None, "category": None, "terms": None}
    threshold = entry.user_threshold
    revenue = entry.revenue_threshold
    policy = entry.use_policy
    return {
        "name": entry.name,
        "category": entry.category,
        "terms": {
            "commercial_use": entry.commercial_use.allowed,
            "production_use": entry.commercial_use.production_use,
            "conditions": entry.commercial_use.conditions,
            "user_threshold": threshold.monthly_active_users if threshold else None,
            "revenue_threshold_usd": revenue.annual_revenue_usd if revenue else None,
            "monthly_revenue_threshold_usd": revenue.monthly_revenue_usd if revenue else None,
            "attribution": [a.notice for a in entry.attribution],
            "territorial_exclusions": [
                {"regions": list(t.regions), "model_scope": t.model_scope}
                for t in entry.territorial_exclusions
            ],
            "use_policy": {"name": policy.name, "flows_down": policy.flows_down}
            if policy
            else None,
            "licence_copy_required": entry.licence_copy.required_on_distribution,
            "free_and_open_source": entry.free_and_open_source,
        },
    }


def _entry(key: str | None) -> LicenceEntry | None:
    if key is None:
        return None
    from licences import load_knowledge_base

    return load_knowledge_base().get(key)


def _finding(f: Finding) -> dict[str, Any]:
    """A finding as the comparison shows it: the report's shape, less what a candidate
    cannot have (model id, waivers: the comparison applies none)."""
    out = finding_to_dict(f)
    for key in ("model", "waived", "waiver"):
        out.pop(key)
    return out


def _cost(cost: CostEstimate, monthly_tokens: int | None) -> dict[str, Any]:
    size = cost.size
    return {
        "monthly_usd": cost.monthly_usd,
        "basis": cost.basis,
        "unknown": cost.unknown,
        "size_class": cost.size_class,
        "parameters_billions": cost.parameters_billions,
        "size": None
        if size is None
        else {
            "total_billions": size.total_billions,
            "active_billions": size.active_billions,
            "mixture_of_experts": size.mixture_of_experts,
            "sized_by": "total parameters",
            "where": size.where,
            "note": size.note,
        },
        "throughput": cost.throughput,
        "scenarios": []
        if cost.curve is None or not monthly_tokens
        else [
            {"factor": factor, "monthly_tokens": tokens, "monthly_usd": usd}
            for factor, tokens, usd in volume_scenarios(cost.curve, monthly_tokens)
        ],
        "figures": [
            {"example": f.example, "as_of": f.as_of.isoformat(), "source": f.source}
            for f in cost.figures
        ],
    }


def _hybrid(plan: HybridPlan | None) -> dict[str, Any] | None:
    if plan is None:
        return None
    return {
        "open": plan.open,
        "closed": plan.closed,
        "frontier_share": plan.frontier_share,
        "monthly_tokens": plan.monthly_tokens,
        "open_tokens": plan.open_tokens,
        "closed_tokens": plan.closed_tokens,
        "open_usd": plan.open_usd,
        "closed_usd": plan.closed_usd,
        "blended_usd": plan.blended_usd,
        "all_frontier_usd": plan.all_frontier_usd,
        "all_open_usd": plan.all_open_usd,
        "saving_vs_frontier": plan.saving_vs_frontier,
        "saving_vs_open": plan.saving_vs_open,
        "kept_on_open_tier": [{"tag": k.tag, "reason": k.reason} for k in plan.kept_on_open_tier],
        "closed_tier_data": list(plan.closed_tier_data),
        "problems": list(plan.problems),
    }


def _shortlist(comparison: Comparison) -> list[dict[str, Any]]:
    """Candidates of the kind the verdict chose, in ranking order (fewest blocking findings,
    then cheapest)."""
    return [
        {
            "name": r.name,
            "kind": r.kind,
            "critical": sum(
                1 for f in _findings_of(comparison, r.name) if f.severity.value == "critical"
            ),
            "high": sum(1 for f in _findings_of(comparison, r.name) if f.severity.value == "high"),
            "monthly_cost_usd": r.monthly_cost_usd,
        }
        for r in comparison.ranking
        if r.fits_verdict
    ]


def _findings_of(comparison: Comparison, name: str) -> tuple[Finding, ...]:
    return next(c.findings for c in comparison.candidates if c.candidate.name == name)


def _example_notices(comparison: Comparison) -> list[str]:
    """One notice per (date, source) of every example figure the comparison used."""
    used: list[PricedFigure] = [f for r in comparison.candidates for f in r.cost.figures]
    notices = [
        EXAMPLE_NOTICE.format(as_of=f.as_of.isoformat(), source=f.source) for f in used if f.example
    ]
    return list(dict.fromkeys(notices))


def _notes(comparison: Comparison) -> list[str]:
    compared = comparison.compared
    loaded = comparison.loaded
    notes = [
        "each candidate is audited as if it alone served the use case for the organisation; "
        "the inventory's waivers are not applied"
    ]
    if compared.use_case.monthly_tokens is None:
        notes.append(
            f"use case {compared.use_case.id} gives no monthly_tokens: no monthly cost is shown"
        )
    if any(
        r.candidate.kind == "closed-api" and not r.candidate.model.hosting.regions
        for r in comparison.candidates
    ):
        notes.append(
            "API candidates without --hosting regions are assessed at the provider's default "
            "region (see each candidate's residency)"
        )
    if loaded.inventory.routes:
        notes.append("the inventory's routes apply to the candidates as to any model")
    return notes
