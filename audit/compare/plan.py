"""Every candidate ranked, and the hybrid plan priced.

Ranking: candidates with blocking findings (critical or high) are ruled out until those are
fixed; within each group the cheaper candidate at the use case's volume comes first, and an
unpriced one last. The order is total (ties break on the candidate's name), so the same inputs
always give the same ranking.

Hybrid plan: the best open-weight candidate serves the bulk of requests and the best closed
candidate the hard share (``--frontier-share``). Data tags that the routing policy keeps on
other models, or that GDPR makes self-hosted-only (special-category, criminal, restricted),
never reach the closed tier: requests carrying them stay on the open tier, hard or not. The
blended monthly cost is set against sending everything to the frontier model and everything
to the open model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from audit.compare.cost import CostEstimate
from audit.findings import Finding
from audit.inventory.datatags import DataTag, profile
from audit.inventory.schema import Route

BLOCKING = ("critical", "high")
"""Severities that rule a candidate out until the finding is fixed."""

DEFAULT_FRONTIER_SHARE = 0.25
"""Share of requests sent to the frontier model when ``--frontier-share`` is not given: the
hard 20-30 % that teams typically route to a closed model."""


@dataclass(frozen=True)
class RankedCandidate:
    """One candidate's place in the ranking and why it is there."""

    rank: int
    name: str
    kind: str
    blocking_rules: tuple[str, ...]
    """Ids of the critical and high findings, in the order they were raised (repeats kept)."""
    monthly_cost_usd: float | None
    fits_verdict: bool
    reason: str

    @property
    def ruled_out(self) -> bool:
        """True while the candidate has a blocking finding."""
        return bool(self.blocking_rules)


@dataclass(frozen=True)
class RankInput:
    """What ranking needs of a candidate."""

    name: str
    kind: str
    findings: tuple[Finding, ...]
    cost: CostEstimate


def rank_candidates(
    candidates: Sequence[RankInput], fitting_kinds: frozenset[str]
) -> tuple[RankedCandidate, ...]:
    """All candidates, ordered by blocking findings (fewest first), then monthly cost."""

    def blocking(c: RankInput) -> tuple[str, ...]:
        return tuple(f.rule for f in c.findings if f.severity.value in BLOCKING)

    def order(c: RankInput) -> tuple[int, int, bool, float, str]:
        critical = sum(1 for f in c.findings if f.severity.value == "critical")
        cost = c.cost.monthly_usd
        return (critical, len(blocking(c)) - critical, cost is None, cost or 0.0, c.name)

    ranked = []
    for rank, c in enumerate(sorted(candidates, key=order), start=1):
        rules = blocking(c)
        fits = c.kind in fitting_kinds
        ranked.append(
            RankedCandidate(
                rank, c.name, c.kind, rules, c.cost.monthly_usd, fits, _reason(c, rules, fits)
            )
        )
    return tuple(ranked)


def _reason(c: RankInput, rules: tuple[str, ...], fits: bool) -> str:
    if rules:
        distinct = ", ".join(dict.fromkeys(rules))
        head = f"ruled out until fixed: {len(rules)} blocking finding{'s' * (len(rules) != 1)}"
        head += f" ({distinct})"
    else:
        head = "no blocking findings"
    cost = c.cost.monthly_usd
    head += f"; USD {cost:,.0f} a month" if cost is not None else f"; {c.cost.unknown or 'no cost'}"
    if not fits:
        head += "; not the kind the verdict chose"
    return head


@dataclass(frozen=True)
class TierTag:
    """A data tag the closed tier must not receive, and why."""

    tag: str
    reason: str


@dataclass(frozen=True)
class HybridPlan:
    """The hybrid plan for one use case: which model serves which share, and what it costs."""

    open: str | None
    closed: str | None
    frontier_share: float
    monthly_tokens: int | None
    open_tokens: int | None
    closed_tokens: int | None
    open_usd: float | None
    closed_usd: float | None
    blended_usd: float | None
    all_frontier_usd: float | None
    all_open_usd: float | None
    saving_vs_frontier: float | None
    """(all-frontier - blended) / all-frontier; negative when the hybrid costs more."""
    saving_vs_open: float | None
    kept_on_open_tier: tuple[TierTag, ...]
    closed_tier_data: tuple[str, ...]
    """The use case's tags that the closed tier may receive."""
    problems: tuple[str, ...]
    """Why the plan is incomplete (no candidate of a kind, unpriced, no volume)."""


@dataclass(frozen=True)
class HybridInputs:
    """What the plan reads: the ranking, each candidate's cost, the data and the routes."""

    ranking: tuple[RankedCandidate, ...]
    costs: Mapping[str, CostEstimate]
    model_ids: Mapping[str, str]
    """Candidate name -> the model id the routing policy would see."""
    data: tuple[str, ...]
    tags: Mapping[str, DataTag]
    routes: tuple[Route, ...]
    monthly_tokens: int | None
    frontier_share: float = DEFAULT_FRONTIER_SHARE


def kept_on_open_tier(
    data: Sequence[str], tags: Mapping[str, DataTag], routes: Sequence[Route], closed_id: str
) -> tuple[TierTag, ...]:
    """Tags of ``data`` the closed model ``closed_id`` must not receive, with the reason."""
    kept: list[TierTag] = []
    for tag in data:
        one = profile([tag], tags)
        for number, route in enumerate(routes):
            if tag in route.data and closed_id not in route.to:
                kept.append(
                    TierTag(tag, f"routes[{number}] lets {tag} reach only {', '.join(route.to)}")
                )
                break
        else:
            if one.special_category or one.criminal or one.confidentiality == "restricted":
                what = (
                    "special-category (GDPR Art. 9)"
                    if one.special_category
                    else "criminal-offence (GDPR Art. 10)"
                    if one.criminal
                    else "restricted"
                )
                kept.append(TierTag(tag, f"{tag} is {what} data: self-hosted models only"))
    return tuple(kept)


def hybrid_plan(inputs: HybridInputs) -> HybridPlan:
    """Pair the best open-weight and closed candidates and price the blend."""
    best_open = _best(inputs.ranking, "open-weight")
    best_closed = _best(inputs.ranking, "closed-api")
    problems: list[str] = []
    if best_open is None:
        problems.append("no open-weight candidate to serve the bulk: add one with --candidate")
    if best_closed is None:
        problems.append("no closed candidate to serve the hard share: add one with --candidate")
    problems.extend(
        f"{chosen.name}, the best {chosen.kind} candidate, is ruled out until its blocking "
        f"findings are fixed ({', '.join(dict.fromkeys(chosen.blocking_rules))})"
        for chosen in (best_open, best_closed)
        if chosen is not None and chosen.ruled_out
    )
    closed_id = inputs.model_ids.get(best_closed.name, best_closed.name) if best_closed else ""
    kept = (
        kept_on_open_tier(inputs.data, inputs.tags, inputs.routes, closed_id) if best_closed else ()
    )
    kept_names = {k.tag for k in kept}
    closed_data = tuple(t for t in inputs.data if t not in kept_names)
    share, volume = inputs.frontier_share, inputs.monthly_tokens
    if volume is None:
        problems.append("the use case gives no monthly_tokens: the plan cannot be priced")
    open_cost = inputs.costs.get(best_open.name) if best_open else None
    closed_cost = inputs.costs.get(best_closed.name) if best_closed else None
    open_tokens = closed_tokens = None
    open_usd = closed_usd = blended = all_frontier = all_open = None
    if volume is not None:
        closed_tokens = round(volume * share)
        open_tokens = volume - closed_tokens
        if open_cost is not None and open_cost.curve is not None:
            open_usd = round(open_cost.curve.monthly_usd(open_tokens), 2)
            all_open = round(open_cost.curve.monthly_usd(volume), 2)
        elif best_open is not None:
            problems.append(f"{best_open.name} is not priced: {_unknown(open_cost)}")
        if closed_cost is not None and closed_cost.curve is not None:
            closed_usd = round(closed_cost.curve.monthly_usd(closed_tokens), 2)
            all_frontier = round(closed_cost.curve.monthly_usd(volume), 2)
        elif best_closed is not None:
            problems.append(f"{best_closed.name} is not priced: {_unknown(closed_cost)}")
        if open_usd is not None and closed_usd is not None:
            blended = round(open_usd + closed_usd, 2)
    return HybridPlan(
        open=best_open.name if best_open else None,
        closed=best_closed.name if best_closed else None,
        frontier_share=share,
        monthly_tokens=volume,
        open_tokens=open_tokens,
        closed_tokens=closed_tokens,
        open_usd=open_usd,
        closed_usd=closed_usd,
        blended_usd=blended,
        all_frontier_usd=all_frontier,
        all_open_usd=all_open,
        saving_vs_frontier=_saving(all_frontier, blended),
        saving_vs_open=_saving(all_open, blended),
        kept_on_open_tier=kept,
        closed_tier_data=closed_data,
        problems=tuple(problems),
    )


def _best(ranking: Sequence[RankedCandidate], kind: str) -> RankedCandidate | None:
    return next((r for r in ranking if r.kind == kind), None)


def _unknown(cost: CostEstimate | None) -> str:
    return (cost.unknown if cost is not None else None) or "no price"


def _saving(reference: float | None, blended: float | None) -> float | None:
    if reference is None or blended is None or reference <= 0:
        return None
    return round((reference - blended) / reference, 4)
