"""The four-question decision table: every branch, and the volume verdict behind question 2."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.compare.cost import CostCurve, CostEstimate
from audit.compare.decision import (
    CLOSED_PERSONAL_CONDITIONS,
    CLOSED_SENSITIVE_CONDITIONS,
    VERDICT_TABLE,
    DecisionInputs,
    VolumeVerdict,
    decide,
    judge_volume,
    sensitivity_answer,
)
from audit.inventory.datatags import BUILTIN_TAGS, profile

QUESTIONS = [
    "data-sensitivity",
    "monthly-token-volume",
    "frontier-capability",
    "self-hosting-capability",
]
HIGH = VolumeVerdict(True, "self-hosting is cheaper", 5_000_000)
LOW = VolumeVerdict(False, "the API is cheaper", 90_000_000)
UNKNOWN = VolumeVerdict(None, "no monthly_tokens")


def inputs(
    tags: tuple[str, ...],
    volume: VolumeVerdict,
    *,
    frontier: bool = False,
    self_host: bool = True,
    tokens: int | None = 40_000_000,
) -> DecisionInputs:
    return DecisionInputs(profile(tags, BUILTIN_TAGS), tokens, volume, frontier, self_host)


@pytest.mark.parametrize(
    ("tags", "answer"),
    [
        (("personal", "health"), "special-category"),
        (("criminal",), "criminal"),
        (("children",), "restricted"),
        (("restricted",), "restricted"),
        (("personal",), "personal"),
        (("confidential",), "confidential"),
        (("internal",), "internal"),
        ((), "public"),
    ],
)
def test_sensitivity_answers(tags: tuple[str, ...], answer: str) -> None:
    assert sensitivity_answer(profile(tags, BUILTIN_TAGS)) == answer


@pytest.mark.parametrize("volume", [HIGH, LOW, UNKNOWN])
@pytest.mark.parametrize("frontier", [False, True])
def test_sensitive_data_stays_self_hosted_whatever_volume_and_frontier_say(
    volume: VolumeVerdict, frontier: bool
) -> None:
    verdict = decide(inputs(("personal", "health"), volume, frontier=frontier))
    assert verdict.choice == "open-weight-self-hosted"
    assert verdict.rule.id == "V2"
    assert [s.question for s in verdict.steps] == QUESTIONS
    assert verdict.steps[0].leads_to == "open-weight-self-hosted"
    # each answer says only what its own fact points to
    assert verdict.steps[2].leads_to == ("closed-api" if frontier else "either")
    assert verdict.conditions == ()


def test_sensitive_data_without_self_hosting_goes_to_a_closed_api_with_conditions() -> None:
    verdict = decide(inputs(("criminal",), HIGH, self_host=False))
    assert verdict.choice == "closed-api"
    assert verdict.rule.id == "V1"
    assert [s.leads_to for s in verdict.steps] == [
        "open-weight-self-hosted",
        "open-weight-self-hosted",
        "either",
        "closed-api",
    ]
    assert "cannot self-host" in verdict.steps[3].reason
    assert verdict.conditions == CLOSED_SENSITIVE_CONDITIONS


def test_high_volume_and_frontier_need_make_a_hybrid() -> None:
    verdict = decide(inputs(("internal",), HIGH, frontier=True))
    assert verdict.choice == "hybrid"
    assert verdict.rule.id == "V3"
    assert [s.leads_to for s in verdict.steps] == [
        "either",
        "open-weight-self-hosted",
        "closed-api",
        "either",
    ]


def test_a_hybrid_needs_self_hosting() -> None:
    verdict = decide(inputs(("personal",), HIGH, frontier=True, self_host=False))
    assert verdict.choice == "closed-api"
    assert verdict.rule.id == "V1"
    assert verdict.conditions == CLOSED_PERSONAL_CONDITIONS


@pytest.mark.parametrize("volume", [LOW, UNKNOWN])
def test_frontier_need_without_high_volume_means_a_closed_api(volume: VolumeVerdict) -> None:
    verdict = decide(inputs(("internal",), volume, frontier=True))
    assert verdict.choice == "closed-api"
    assert verdict.rule.id == "V4"
    assert verdict.steps[2].leads_to == "closed-api"
    assert verdict.conditions == ()


def test_high_volume_without_frontier_need_means_self_hosting() -> None:
    verdict = decide(inputs(("confidential",), HIGH))
    assert verdict.choice == "open-weight-self-hosted"
    assert verdict.rule.id == "V5"
    assert verdict.steps[1].leads_to == "open-weight-self-hosted"


def test_low_volume_without_frontier_need_means_a_closed_api() -> None:
    verdict = decide(inputs(("personal",), LOW))
    assert verdict.choice == "closed-api"
    assert verdict.rule.id == "V6"
    assert [s.leads_to for s in verdict.steps] == ["either", "closed-api", "either", "either"]
    assert verdict.conditions == CLOSED_PERSONAL_CONDITIONS  # personal data on a closed API


def test_unknown_volume_and_no_frontier_need_default_to_self_hosting() -> None:
    verdict = decide(inputs(("internal",), UNKNOWN, tokens=None))
    assert verdict.choice == "open-weight-self-hosted"
    assert verdict.rule.id == "V7"
    assert verdict.steps[1].answer is None
    assert all(s.leads_to == "either" for s in verdict.steps)


@pytest.mark.parametrize("volume", [HIGH, LOW, UNKNOWN])
def test_without_self_hosting_everything_else_is_a_closed_api(volume: VolumeVerdict) -> None:
    verdict = decide(inputs(("public",), volume, self_host=False))
    assert verdict.choice == "closed-api"
    assert "cannot self-host" in verdict.steps[3].reason
    assert verdict.conditions == ()


def test_no_answer_mentions_a_verdict_it_does_not_point_to() -> None:
    """The old defect: 'frontier-capability: no -> closed-api: an open-weight model can
    serve'. An answer that points neither way must not name a kind as its destination."""
    verdict = decide(inputs(("personal",), LOW, frontier=False))
    frontier = verdict.steps[2]
    assert frontier.leads_to == "either"
    assert "favours neither" in frontier.reason


TAG_SETS = [
    (),
    ("internal",),
    ("personal",),
    ("personal", "health"),
    ("criminal",),
    ("restricted",),
]


@settings(max_examples=300, deadline=None)
@given(
    tags=st.sampled_from(TAG_SETS),
    volume=st.sampled_from([HIGH, LOW, UNKNOWN]),
    frontier=st.booleans(),
    self_host=st.booleans(),
    tokens=st.one_of(st.none(), st.integers(min_value=0, max_value=10**12)),
)
def test_every_printed_answer_agrees_with_the_verdict_table(
    tags: tuple[str, ...],
    volume: VolumeVerdict,
    frontier: bool,
    self_host: bool,
    tokens: int | None,
) -> None:
    verdict = decide(inputs(tags, volume, frontier=frontier, self_host=self_host, tokens=tokens))
    answers = {s.question: s.leads_to for s in verdict.steps}
    # the verdict is exactly what the printed table gives for the printed answers
    first = next(r for r in VERDICT_TABLE if r.condition(answers))
    assert (verdict.rule, verdict.choice) == (first, first.choice)
    # each printed direction follows from its own fact, never from another question's
    assert answers["frontier-capability"] == ("closed-api" if frontier else "either")
    assert answers["self-hosting-capability"] == ("either" if self_host else "closed-api")
    expected_volume = {True: "open-weight-self-hosted", False: "closed-api", None: "either"}
    assert answers["monthly-token-volume"] == expected_volume[volume.high]
    # no line points to a kind the verdict table would not accept for it
    for step in verdict.steps:
        assert step.leads_to in ("open-weight-self-hosted", "closed-api", "either")
    assert f"verdict rule {first.id}" in verdict.summary


def _priced(curve: CostCurve, tokens: int) -> CostEstimate:
    return CostEstimate(curve, round(curve.monthly_usd(tokens), 2), "test")


def test_volume_verdict_compares_the_cheapest_candidates_at_the_volume() -> None:
    small = CostCurve("self-hosted", fixed_usd=3000, replica_usd=640)
    large = CostCurve("self-hosted", fixed_usd=6000, replica_usd=19000)
    api = CostCurve("api", usd_per_million_tokens=4.375)
    cheap_api = CostCurve("api", usd_per_million_tokens=3.0)
    for tokens, high in ((40_000_000, False), (2_000_000_000, True)):
        verdict = judge_volume(
            tokens,
            {"large": _priced(large, tokens), "small": _priced(small, tokens)},
            {"api": _priced(api, tokens), "cheap": _priced(cheap_api, tokens)},
        )
        assert verdict.high is high
        assert verdict.break_even == 1_213_333_334  # small vs cheap: 3640 / 3.0 per million
        assert "small" in verdict.reason and "cheap" in verdict.reason


def test_without_a_priced_pair_cost_does_not_decide() -> None:
    """The old defect: an unpriced API flipped the verdict on the 10M rule of thumb."""
    api = CostCurve("api", usd_per_million_tokens=4.375)
    unpriced = CostEstimate(None, None, "size unknown", unknown="size unknown")
    above = judge_volume(20_000_000, {"open": unpriced}, {"api": _priced(api, 20_000_000)})
    assert above.high is None and above.break_even is None
    assert "rule of thumb" in above.reason and "context only" in above.reason
    below = judge_volume(5_000_000, {}, {"api": _priced(api, 5_000_000)})
    assert below.high is None
    assert judge_volume(None, {}, {}).high is None
