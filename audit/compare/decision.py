"""The procurement verdict: four questions, asked in order, each narrowing the choice.

1. How sensitive is the data?  2. What is the monthly token volume?  3. Is frontier
capability needed?  4. Can the team self-host?

Every step records the choice as it stands after that question (``leads_to``); the last
step's is the verdict. The policy is the small function ``decide``; the facts it reads
(data profile, volume verdict, flags) are gathered beforehand so that every branch can be
tested on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from audit.compare.cost import CostEstimate, break_even_tokens
from audit.inventory.datatags import DataProfile
from audit.rules.advisory import COST_AT_SCALE_TOKENS

Choice = Literal["open-weight-self-hosted", "closed-api", "hybrid"]
Provisional = Literal["open-weight-self-hosted", "closed-api", "hybrid", "either"]
"""A step's ``leads_to``: a choice, or ``either`` while the questions so far leave it open."""

OPEN: Choice = "open-weight-self-hosted"
CLOSED: Choice = "closed-api"
HYBRID: Choice = "hybrid"

DECISION_SOURCE = (
    "model-audit procurement heuristic: data sensitivity, monthly token volume, need for "
    "frontier capability, ability to self-host, in that order"
)

CLOSED_SENSITIVE_CONDITIONS: tuple[str, ...] = (
    "keep processing in the EEA: choose the provider's EU data-residency option and list its "
    "region under hosting.regions (GDPR Chapter V)",
    "sign the provider's processor agreement and set contracts.dpa: true (GDPR Art. 28)",
    "record a transfer basis for any access from outside the EEA in "
    "contracts.transfer_mechanism (GDPR Arts 45-46)",
    "carry out the DPIA before go-live and set dpia: true (GDPR Art. 35)",
)
"""What a closed API needs before it may see special-category, criminal or restricted data."""

CLOSED_PERSONAL_CONDITIONS: tuple[str, ...] = (
    "sign the provider's processor agreement and set contracts.dpa: true (GDPR Art. 28)",
    "keep processing in the EEA or record a transfer basis in contracts.transfer_mechanism "
    "(GDPR Chapter V)",
)
"""What a closed API needs before it may see personal data."""


@dataclass(frozen=True)
class VolumeVerdict:
    """Whether the use case's volume makes self-hosting the cheaper option."""

    high: bool | None
    """True: self-hosting is cheaper at this volume; False: the API is; None: unknown."""
    reason: str
    break_even: int | None = None
    """Break-even volume of the pair that decided, when there is one."""


@dataclass(frozen=True)
class DecisionInputs:
    """The answers to the four questions."""

    data: DataProfile
    monthly_tokens: int | None
    volume: VolumeVerdict
    needs_frontier: bool
    can_self_host: bool


@dataclass(frozen=True)
class Step:
    """One question, its answer and the choice as it stands after it."""

    question: str
    answer: str | int | bool | None
    leads_to: Provisional
    reason: str


@dataclass(frozen=True)
class Recommendation:
    """The verdict, the steps that led to it, and what must be true for it to hold."""

    choice: Choice
    steps: tuple[Step, ...]
    conditions: tuple[str, ...]
    summary: str


def sensitivity_answer(data: DataProfile) -> str:
    """The most telling label for the data: special-category, criminal, restricted, ..."""
    if data.special_category:
        return "special-category"
    if data.criminal:
        return "criminal"
    if data.confidentiality == "restricted":
        return "restricted"
    if data.personal:
        return "personal"
    return data.confidentiality


def must_stay_in_house(data: DataProfile) -> bool:
    """True for data that only a self-hosted model should see (Art. 9, Art. 10, restricted)."""
    return data.special_category or data.criminal or data.confidentiality == "restricted"


def judge_volume(
    monthly_tokens: int | None,
    open_costs: Mapping[str, CostEstimate],
    closed_costs: Mapping[str, CostEstimate],
) -> VolumeVerdict:
    """Compare the cheapest priced open-weight and closed candidates at the use case's volume.

    Without a priced pair, fall back to the 10M-token rule of thumb of ADV001 and say so.
    """
    if monthly_tokens is None:
        return VolumeVerdict(None, "the use case gives no monthly_tokens, so cost cannot decide")
    priced_open = {n: c for n, c in open_costs.items() if c.curve and c.monthly_usd is not None}
    priced_closed = {n: c for n, c in closed_costs.items() if c.curve and c.monthly_usd is not None}
    if not priced_open or not priced_closed:
        missing = "open-weight" if not priced_open else "closed API"
        high = monthly_tokens > COST_AT_SCALE_TOKENS
        side = "above" if high else "at or below"
        return VolumeVerdict(
            high,
            f"no priced {missing} candidate, so no break-even; {monthly_tokens:,} tokens a "
            f"month is {side} the {COST_AT_SCALE_TOKENS:,}-token rule of thumb (ADV001) above "
            "which self-hosting is usually cheaper",
        )
    open_name = min(priced_open, key=lambda n: (priced_open[n].monthly_usd or 0.0, n))
    closed_name = min(priced_closed, key=lambda n: (priced_closed[n].monthly_usd or 0.0, n))
    open_cost, closed_cost = priced_open[open_name], priced_closed[closed_name]
    assert open_cost.curve and closed_cost.curve  # filtered above
    even = break_even_tokens(open_cost.curve, closed_cost.curve)
    high = (open_cost.monthly_usd or 0.0) <= (closed_cost.monthly_usd or 0.0)
    where = (
        f"break-even {even:,} tokens a month"
        if even is not None
        else "self-hosting never catches up with the API at any volume"
    )
    cheaper = "self-hosting is cheaper" if high else "the API is cheaper"
    return VolumeVerdict(
        high,
        f"at {monthly_tokens:,} tokens a month the cheapest self-hosted candidate, {open_name}, "
        f"costs USD {open_cost.monthly_usd:,.2f} and the cheapest API, {closed_name}, "
        f"USD {closed_cost.monthly_usd:,.2f}: {cheaper} ({where})",
        even,
    )


def decide(inputs: DecisionInputs) -> Recommendation:
    """Ask the four questions in order and return the verdict with every step's reason."""
    data = inputs.data
    in_house = must_stay_in_house(data)
    label = sensitivity_answer(data)
    steps: list[Step] = []

    # 1. Sensitivity. Art. 9/10 or restricted data pins the choice to self-hosting; later
    #    questions can only undo that when the team cannot run a model at all.
    current: Provisional
    if in_house:
        current = OPEN
        reason = (
            f"{label} data ({', '.join(data.tags)}) should not leave infrastructure the "
            "organisation controls; a self-hosted open-weight model keeps it in-house"
        )
    else:
        current = "either"
        reason = f"{label} data ({', '.join(data.tags) or 'no tags'}) does not by itself rule "
        reason += "out a closed API" + (
            " under a processor agreement (GDPR Art. 28) and a transfer basis (Chapter V)"
            if data.personal
            else ""
        )
    steps.append(Step("data-sensitivity", label, current, reason))

    # 2. Volume. High volume favours self-hosting, low volume the API; sensitivity outranks it.
    volume = inputs.volume
    if in_house:
        reason = f"{volume.reason}; the data's sensitivity outranks cost"
    elif volume.high is None:
        reason = volume.reason
    else:
        current = OPEN if volume.high else CLOSED
        reason = volume.reason
    steps.append(Step("monthly-token-volume", inputs.monthly_tokens, current, reason))

    # 3. Frontier capability. A benchmarked need for it points to a closed frontier API, or
    #    to a hybrid when volume already favours self-hosting (open model for the bulk,
    #    frontier model for the hard cases).
    if not inputs.needs_frontier:
        reason = "no benchmarked need for frontier capability; an open-weight model can serve"
    elif in_house:
        reason = (
            "frontier capability is wanted, but the data must stay in-house: serve it with the "
            "strongest self-hosted model; a closed frontier model only for requests stripped "
            "of the sensitive data"
        )
    elif current == OPEN:
        current = HYBRID
        reason = (
            "frontier capability is needed for some requests and volume favours self-hosting: "
            "route the bulk to the open-weight model and the hard cases to a closed frontier model"
        )
    else:
        current = CLOSED
        reason = "frontier capability is needed and volume does not justify running a model"
        reason += " in-house: a closed frontier API serves it"
    steps.append(Step("frontier-capability", inputs.needs_frontier, current, reason))

    # 4. Self-hosting capacity. Without it, every open-weight option (and so the hybrid) is out.
    conditions: tuple[str, ...] = ()
    if not inputs.can_self_host:
        if in_house:
            reason = (
                f"the team cannot self-host, so a closed API is the only option for {label} "
                "data, and only with EU data residency, a processor agreement, a transfer "
                "basis and a DPIA in place"
            )
            conditions = CLOSED_SENSITIVE_CONDITIONS
        else:
            reason = "the team cannot self-host (organisation.can_self_host is false), so a "
            reason += "closed API it is" + (
                " even for the bulk of requests" if current == HYBRID else ""
            )
            conditions = CLOSED_PERSONAL_CONDITIONS if data.personal else ()
        current = CLOSED
    elif current == "either":
        current = OPEN
        reason = (
            "the team can self-host and no question favoured a closed API: a self-hosted "
            "open-weight model keeps data and costs under the organisation's control (set "
            "monthly_tokens to let cost confirm it)"
        )
    else:
        reason = "the team can self-host (organisation.can_self_host is true)"
        if current in (CLOSED, HYBRID) and data.personal:
            conditions = CLOSED_PERSONAL_CONDITIONS
    steps.append(Step("self-hosting-capability", inputs.can_self_host, current, reason))

    settled: dict[Provisional, Choice] = {OPEN: OPEN, CLOSED: CLOSED, HYBRID: HYBRID}
    choice = settled[current]  # step 4 always settles "either"
    return Recommendation(choice, tuple(steps), conditions, _summary(choice, steps))


def _summary(choice: Choice, steps: list[Step]) -> str:
    """The verdict and the reasons that carried it: every step that moved the choice (so an
    overruled preference stays visible), plus a frontier need or a missing self-hosting
    capacity that backed the final choice."""
    names = {
        OPEN: "a self-hosted open-weight model",
        CLOSED: "a closed API model",
        HYBRID: "a hybrid: self-hosted open-weight model for the bulk, closed frontier model for "
        "the hard cases",
    }
    previous: Provisional = "either"
    reasons = []
    for step in steps:
        moved = step.leads_to != previous
        backs = (step.question == "frontier-capability" and step.answer is True) or (
            step.question == "self-hosting-capability" and step.answer is False
        )
        if (moved and step.leads_to != "either") or (backs and step.leads_to == choice):
            reasons.append(f"{step.reason} ({step.question})")
        previous = step.leads_to
    return f"Use {names[choice]}: " + "; ".join(reasons) + "."
