"""Run a procurement comparison: candidates -> synthetic inventory -> the real engine -> verdict.

Every rule family applies unchanged, because each candidate is audited as an ordinary
inventory model serving the use case for the organisation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from audit.compare.candidates import (
    Candidate,
    ComparedUseCase,
    ProviderLookup,
    build_candidate,
    find_use_case,
    parse_hosting,
)
from audit.compare.cost import (
    CostEstimate,
    api_cost,
    break_even_capacity,
    break_even_tokens,
    self_hosted_cost,
)
from audit.compare.decision import DecisionInputs, Recommendation, decide, judge_volume
from audit.compare.plan import (
    DEFAULT_FRONTIER_SHARE,
    HybridInputs,
    HybridPlan,
    RankedCandidate,
    RankInput,
    hybrid_plan,
    rank_candidates,
)
from audit.compare.pricing import Pricing
from audit.compare.size import estimate_size
from audit.compare.synthetic import synthetic_inventory
from audit.engine import AuditOptions, AuditResult, Resolver, run_audit
from audit.errors import InputError, InputProblem
from audit.findings import Finding
from audit.inventory.datatags import profile
from audit.inventory.loader import LoadedInventory
from audit.resolve.interface import ModelResolution


@dataclass(frozen=True)
class CompareRequest:
    """What the user asked to compare, as given on the command line."""

    use_case: str
    candidates: tuple[str, ...]
    hosting: tuple[str, ...] = ()
    """Raw ``--hosting NAME=MODE:REGION[,REGION]`` values."""
    as_of: dt.date = field(default_factory=dt.date.today)
    offline: bool = False
    hybrid: bool = False
    """Price the hybrid plan even when the verdict is not hybrid (``--hybrid``)."""
    frontier_share: float = DEFAULT_FRONTIER_SHARE
    """Share of requests the hybrid plan sends to the closed frontier model."""


@dataclass(frozen=True)
class CandidateResult:
    """Everything the comparison learnt about one candidate."""

    candidate: Candidate
    resolution: ModelResolution
    findings: tuple[Finding, ...]
    """Findings that name this candidate, most severe first."""
    annotations: Mapping[str, Any]
    """The use case's annotations (``ai_act``, ``obligations``, GDPR data flows, ...)."""
    cost: CostEstimate


@dataclass(frozen=True)
class BreakEven:
    """The monthly volume at which self-hosting ``open`` costs no more than the API ``closed``."""

    open: str
    closed: str
    monthly_tokens: int | None
    """None when self-hosting never catches up."""
    capacity_assumed: int | None = None
    """Tokens a month one replica of ``open`` is assumed to serve (None: unlimited)."""
    capacity_to_break_even: int | None = None
    """Per-replica monthly capacity at which self-hosting would cost what the API does at the
    use case's volume; None when no capacity would do or no volume is given."""


@dataclass(frozen=True)
class Comparison:
    """A finished comparison; renderers read this (through the comparison document)."""

    loaded: LoadedInventory
    """The real inventory."""
    compared: ComparedUseCase
    options: AuditOptions
    candidates: tuple[CandidateResult, ...]
    shared_findings: tuple[Finding, ...]
    """Findings that name no model (organisation-wide), the same for every candidate."""
    pricing: Pricing
    break_even: tuple[BreakEven, ...]
    recommendation: Recommendation
    audit: AuditResult
    """The audit of the synthetic inventory."""
    ranking: tuple[RankedCandidate, ...] = ()
    """Every candidate, blocking findings first out, then by cost."""
    hybrid: HybridPlan | None = None
    """The priced hybrid plan, when asked for (``--hybrid``) or when the verdict is hybrid."""


def compare(
    loaded: LoadedInventory,
    request: CompareRequest,
    pricing: Pricing,
    resolver: Resolver | None = None,
) -> Comparison:
    """Evaluate every candidate as if it served the use case, price it, and decide.

    Raises ``InputError`` for an unknown use case, a malformed candidate or ``--hosting``
    value, or a candidate named twice. ``resolver`` replaces licence resolution (tests).
    """
    models = loaded.inventory.models
    _refuse_repeats(request.candidates)
    compared = find_use_case(models, request.use_case)
    hosting = parse_hosting(request.hosting, request.candidates)
    providers = ProviderLookup()
    country = loaded.inventory.organisation.country
    candidates = [
        build_candidate(name, models, compared, country, hosting.get(name), providers)
        for name in request.candidates
    ]
    options = AuditOptions(as_of=request.as_of, offline=request.offline, fail_on=None)
    result = run_audit(synthetic_inventory(loaded, candidates, compared), options, resolver)
    monthly_tokens = compared.use_case.monthly_tokens
    results = tuple(
        CandidateResult(
            candidate=c,
            resolution=result.resolutions[c.model.id],
            findings=tuple(f for f in result.findings if f.model == c.model.id),
            annotations=result.annotations.get((c.model.id, compared.use_case.id), {}),
            cost=_price(c, pricing, monthly_tokens),
        )
        for c in candidates
    )
    open_costs = {r.candidate.name: r.cost for r in results if r.candidate.kind == "open-weight"}
    closed_costs = {r.candidate.name: r.cost for r in results if r.candidate.kind == "closed-api"}
    organisation = loaded.inventory.organisation
    _check_share(request.frontier_share)
    recommendation = decide(
        DecisionInputs(
            data=profile(compared.use_case.data, loaded.tags),
            monthly_tokens=monthly_tokens,
            volume=judge_volume(monthly_tokens, open_costs, closed_costs),
            needs_frontier=compared.use_case.needs_frontier,
            can_self_host=organisation.can_self_host,
        )
    )
    ranking = rank_candidates(
        [RankInput(r.candidate.name, r.candidate.kind, r.findings, r.cost) for r in results],
        FITTING_KINDS[recommendation.choice],
    )
    plan = None
    if request.hybrid or recommendation.choice == "hybrid":
        plan = hybrid_plan(
            HybridInputs(
                ranking=ranking,
                costs={r.candidate.name: r.cost for r in results},
                model_ids={c.name: c.model.id for c in candidates},
                data=tuple(compared.use_case.data),
                tags=loaded.tags,
                routes=tuple(loaded.inventory.routes),
                monthly_tokens=monthly_tokens,
                frontier_share=request.frontier_share,
            )
        )
    return Comparison(
        loaded=loaded,
        compared=compared,
        options=options,
        candidates=results,
        shared_findings=tuple(f for f in result.findings if f.model is None),
        pricing=pricing,
        break_even=_break_evens(open_costs, closed_costs, monthly_tokens),
        recommendation=recommendation,
        audit=result,
        ranking=ranking,
        hybrid=plan,
    )


FITTING_KINDS: dict[str, frozenset[str]] = {
    "open-weight-self-hosted": frozenset({"open-weight"}),
    "closed-api": frozenset({"closed-api"}),
    "hybrid": frozenset({"open-weight", "closed-api"}),
}
"""The candidate kinds each verdict uses."""


def _check_share(share: float) -> None:
    if not 0 < share < 1:
        raise InputError(
            [
                InputProblem(
                    "--frontier-share",
                    0,
                    "",
                    f"{share:g} is not a share of requests: give a number between 0 and 1 "
                    "(0.25 sends a quarter of the requests to the frontier model)",
                )
            ]
        )


def _refuse_repeats(names: Sequence[str]) -> None:
    if not names:
        raise InputError([InputProblem("--candidate", 0, "", "give at least one candidate")])
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InputError(
            [InputProblem("--candidate", 0, "", f"named more than once: {', '.join(repeated)}")]
        )


def _price(candidate: Candidate, pricing: Pricing, monthly_tokens: int | None) -> CostEstimate:
    model = candidate.model
    if candidate.kind == "closed-api":
        provider = candidate.provider or model.provider or "api"
        price = pricing.api_price(provider, model.name)
        return api_cost(price, f"{provider}:{model.name}", pricing, monthly_tokens)
    return self_hosted_cost(estimate_size(model.name, pricing), model.name, pricing, monthly_tokens)


def _break_evens(
    open_costs: Mapping[str, CostEstimate],
    closed_costs: Mapping[str, CostEstimate],
    monthly_tokens: int | None,
) -> tuple[BreakEven, ...]:
    """One entry per priced (open, closed) pair, in candidate order, with the capacity each
    replica is assumed to have and the capacity it would need to break even."""
    pairs = []
    for open_name, open_cost in open_costs.items():
        for closed_name, closed_cost in closed_costs.items():
            if open_cost.curve is None or closed_cost.curve is None:
                continue
            volume = break_even_tokens(open_cost.curve, closed_cost.curve)
            needed = (
                break_even_capacity(open_cost.curve, closed_cost.curve, monthly_tokens)
                if monthly_tokens
                else None
            )
            pairs.append(
                BreakEven(open_name, closed_name, volume, open_cost.curve.replica_capacity, needed)
            )
    return tuple(pairs)
