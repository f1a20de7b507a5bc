"""The procurement verdict: four questions, each answered by one fact that points one way,
and a verdict table written once that turns the answers into the choice.

1. How sensitive is the data?  2. What is the monthly token volume (and what does it cost
each way)?  3. Is frontier capability needed?  4. Can the team self-host?

Each answer points to ``open-weight-self-hosted``, to ``closed-api`` or to neither
(``either``): it records only what that one fact says, never a provisional verdict, so no two
printed lines can contradict each other. ``VERDICT_TABLE`` then decides: its rows are read
top to bottom and the first whose condition holds gives the verdict. The table is printed
with every comparison, and a property test checks every printed answer against it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from audit.compare.cost import CostEstimate, break_even_tokens
from audit.inventory.datatags import DataProfile
from audit.rules.advisory import COST_AT_SCALE_TOKENS

Choice = Literal["open-weight-self-hosted", "closed-api", "hybrid"]
Direction = Literal["open-weight-self-hosted", "closed-api", "either"]
"""Which way one answer points; ``either`` when that fact favours neither."""
Provisional = Direction
"""Kept for older imports: a step's ``leads_to`` is the direction its answer points."""

OPEN: Choice = "open-weight-self-hosted"
CLOSED: Choice = "closed-api"
HYBRID: Choice = "hybrid"
EITHER: Direction = "either"
TO_OPEN: Direction = "open-weight-self-hosted"
TO_CLOSED: Direction = "closed-api"

QUESTIONS = (
    "data-sensitivity",
    "monthly-token-volume",
    "frontier-capability",
    "self-hosting-capability",
)
"""The four questions, in the order the decision asks them."""

DECISION_SOURCE = (
    "model-audit procurement decision table: data sensitivity, monthly token volume priced "
    "with the organisation's figures, need for frontier capability, ability to self-host"
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
    """Whether the organisation's figures make self-hosting cheaper at the use case's volume."""

    high: bool | None
    """True: self-hosting is cheaper at this volume; False: the API is; None: cost cannot
    decide (no volume, or no priced pair)."""
    reason: str
    break_even: int | None = None
    """Break-even volume of the pair that decided, when there is one."""


@dataclass(frozen=True)
class DecisionInputs:
    """The facts that answer the four questions."""

    data: DataProfile
    monthly_tokens: int | None
    volume: VolumeVerdict
    needs_frontier: bool
    can_self_host: bool


@dataclass(frozen=True)
class Step:
    """One question, the fact that answers it and which way that fact points."""

    question: str
    answer: str | int | bool | None
    leads_to: Direction
    """The direction this answer points (not a provisional verdict)."""
    reason: str


Answers = Mapping[str, Direction]
"""Direction of each question's answer, by question name."""


@dataclass(frozen=True)
class VerdictRule:
    """One row of the verdict table: when ``condition`` holds, the verdict is ``choice``."""

    id: str
    when: str
    """The condition in words, as printed with the comparison."""
    choice: Choice
    condition: Callable[[Answers], bool]


VERDICT_TABLE: tuple[VerdictRule, ...] = (
    VerdictRule(
        "V1",
        "self-hosting-capability points to closed-api (the team cannot run a model)",
        CLOSED,
        lambda a: a["self-hosting-capability"] == CLOSED,
    ),
    VerdictRule(
        "V2",
        "data-sensitivity points to open-weight (the data must stay in-house); outranks "
        "volume and frontier need",
        OPEN,
        lambda a: a["data-sensitivity"] == OPEN,
    ),
    VerdictRule(
        "V3",
        "frontier-capability points to closed-api and monthly-token-volume to open-weight",
        HYBRID,
        lambda a: a["frontier-capability"] == CLOSED and a["monthly-token-volume"] == OPEN,
    ),
    VerdictRule(
        "V4",
        "frontier-capability points to closed-api",
        CLOSED,
        lambda a: a["frontier-capability"] == CLOSED,
    ),
    VerdictRule(
        "V5",
        "monthly-token-volume points to open-weight",
        OPEN,
        lambda a: a["monthly-token-volume"] == OPEN,
    ),
    VerdictRule(
        "V6",
        "monthly-token-volume points to closed-api",
        CLOSED,
        lambda a: a["monthly-token-volume"] == CLOSED,
    ),
    VerdictRule(
        "V7",
        "no answer points either way: the team can self-host, so keep data and costs under "
        "the organisation's control",
        OPEN,
        lambda a: True,
    ),
)
"""The verdict table; the first row whose condition holds decides. V7 always holds."""


@dataclass(frozen=True)
class Recommendation:
    """The verdict, the answers that led to it, the table row that decided, and what must be
    true for it to hold."""

    choice: Choice
    steps: tuple[Step, ...]
    conditions: tuple[str, ...]
    summary: str
    rule: VerdictRule


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
    """Compare the cheapest priced open-weight and closed candidates at the use case's volume,
    with the pricing file's figures. Without a priced pair cost cannot decide (``high`` None);
    the 10M-token rule of thumb is then quoted as context only."""
    if monthly_tokens is None:
        return VolumeVerdict(None, "the use case gives no monthly_tokens, so cost cannot decide")
    priced_open = {n: c for n, c in open_costs.items() if c.curve and c.monthly_usd is not None}
    priced_closed = {n: c for n, c in closed_costs.items() if c.curve and c.monthly_usd is not None}
    if not priced_open or not priced_closed:
        missing = "open-weight" if not priced_open else "closed API"
        return VolumeVerdict(
            None,
            f"no priced {missing} candidate, so the organisation's figures cannot compare the "
            f"two at {monthly_tokens:,} tokens a month; cost does not decide (context only: a "
            f"common rule of thumb puts the crossover near {COST_AT_SCALE_TOKENS:,} tokens a "
            "month, which real prices often contradict)",
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
        else "self-hosting never catches up with the API at any volume with these figures"
    )
    cheaper = "self-hosting is cheaper" if high else "the API is cheaper"
    return VolumeVerdict(
        high,
        f"at {monthly_tokens:,} tokens a month the cheapest self-hosted candidate, {open_name}, "
        f"costs USD {open_cost.monthly_usd:,.2f} and the cheapest API, {closed_name}, "
        f"USD {closed_cost.monthly_usd:,.2f}: {cheaper} ({where})",
        even,
    )


def answer_questions(inputs: DecisionInputs) -> tuple[Step, ...]:
    """Each question answered by its fact, with the direction that fact alone points."""
    data = inputs.data
    label = sensitivity_answer(data)
    tags = ", ".join(data.tags) or "no tags"
    if must_stay_in_house(data):
        sensitivity = Step(
            "data-sensitivity",
            label,
            TO_OPEN,
            f"{label} data ({tags}) should not leave infrastructure the organisation controls",
        )
    else:
        reason = f"{label} data ({tags}) do not by themselves rule out a closed API"
        if data.personal:
            reason += " under a processor agreement (GDPR Art. 28) and a transfer basis (Chapter V)"
        sensitivity = Step("data-sensitivity", label, EITHER, reason)

    volume = inputs.volume
    direction: Direction = (
        EITHER if volume.high is None else (TO_OPEN if volume.high else TO_CLOSED)
    )
    cost = Step("monthly-token-volume", inputs.monthly_tokens, direction, volume.reason)

    if inputs.needs_frontier:
        frontier = Step(
            "frontier-capability",
            True,
            TO_CLOSED,
            "the use case needs frontier capability (needs_frontier: true), which closed "
            "frontier models provide",
        )
    else:
        frontier = Step(
            "frontier-capability",
            False,
            EITHER,
            "no recorded need for frontier capability: this favours neither kind",
        )

    if inputs.can_self_host:
        hosting = Step(
            "self-hosting-capability",
            True,
            EITHER,
            "the team can self-host (organisation.can_self_host: true): both kinds remain open",
        )
    else:
        hosting = Step(
            "self-hosting-capability",
            False,
            TO_CLOSED,
            "the team cannot self-host (organisation.can_self_host: false): open-weight "
            "models are out unless someone runs them for it",
        )
    return (sensitivity, cost, frontier, hosting)


def verdict_for(answers: Answers) -> VerdictRule:
    """The first row of ``VERDICT_TABLE`` whose condition holds for these directions."""
    return next(rule for rule in VERDICT_TABLE if rule.condition(answers))


def decide(inputs: DecisionInputs) -> Recommendation:
    """Answer the four questions, apply the verdict table, and say what must hold."""
    steps = answer_questions(inputs)
    rule = verdict_for({s.question: s.leads_to for s in steps})
    conditions: tuple[str, ...] = ()
    if rule.choice in (CLOSED, HYBRID) and must_stay_in_house(inputs.data):
        conditions = CLOSED_SENSITIVE_CONDITIONS
    elif rule.choice in (CLOSED, HYBRID) and inputs.data.personal:
        conditions = CLOSED_PERSONAL_CONDITIONS
    return Recommendation(rule.choice, steps, conditions, _summary(rule, steps), rule)


CHOICE_WORDS = {
    OPEN: "a self-hosted open-weight model",
    CLOSED: "a closed API model",
    HYBRID: "a hybrid: a self-hosted open-weight model for the bulk, a closed frontier model "
    "for the hard cases",
}


def _summary(rule: VerdictRule, steps: tuple[Step, ...]) -> str:
    """The verdict, the table row that decided, and the answers that point its way."""
    backing = [s for s in steps if s.leads_to != EITHER]
    because = "; ".join(f"{s.reason} ({s.question})" for s in backing) or (
        "no answer points either way"
    )
    return f"Use {CHOICE_WORDS[rule.choice]} (verdict rule {rule.id}: {rule.when}). {because}."
