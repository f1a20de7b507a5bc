"""The four-question decision table: every branch, and the volume verdict behind question 2."""

from __future__ import annotations

import pytest

from audit.compare.cost import CostCurve, CostEstimate
from audit.compare.decision import (
    CLOSED_PERSONAL_CONDITIONS,
    CLOSED_SENSITIVE_CONDITIONS,
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
    assert [s.question for s in verdict.steps] == QUESTIONS
    assert all(s.leads_to == "open-weight-self-hosted" for s in verdict.steps)
    assert "outranks cost" in verdict.steps[1].reason
    assert verdict.conditions == ()


def test_sensitive_data_without_self_hosting_goes_to_a_closed_api_with_conditions() -> None:
    verdict = decide(inputs(("criminal",), HIGH, self_host=False))
    assert verdict.choice == "closed-api"
    assert [s.leads_to for s in verdict.steps] == [
        "open-weight-self-hosted",
        "open-weight-self-hosted",
        "open-weight-self-hosted",
        "closed-api",
    ]
    assert "EU data residency" in verdict.steps[3].reason
    assert verdict.conditions == CLOSED_SENSITIVE_CONDITIONS


def test_high_volume_and_frontier_need_make_a_hybrid() -> None:
    verdict = decide(inputs(("internal",), HIGH, frontier=True))
    assert verdict.choice == "hybrid"
    assert [s.leads_to for s in verdict.steps] == [
        "either",
        "open-weight-self-hosted",
        "hybrid",
        "hybrid",
    ]
    assert "hard cases" in verdict.steps[2].reason


def test_a_hybrid_needs_self_hosting() -> None:
    verdict = decide(inputs(("personal",), HIGH, frontier=True, self_host=False))
    assert verdict.choice == "closed-api"
    assert verdict.steps[2].leads_to == "hybrid"
    assert "bulk of requests" in verdict.steps[3].reason
    assert verdict.conditions == CLOSED_PERSONAL_CONDITIONS


@pytest.mark.parametrize("volume", [LOW, UNKNOWN])
def test_frontier_need_without_high_volume_means_a_closed_api(volume: VolumeVerdict) -> None:
    verdict = decide(inputs(("internal",), volume, frontier=True))
    assert verdict.choice == "closed-api"
    assert verdict.steps[2].leads_to == "closed-api"
    assert "frontier capability is needed" in verdict.steps[2].reason
    assert verdict.conditions == ()


def test_high_volume_without_frontier_need_means_self_hosting() -> None:
    verdict = decide(inputs(("confidential",), HIGH))
    assert verdict.choice == "open-weight-self-hosted"
    assert verdict.steps[1].leads_to == "open-weight-self-hosted"


def test_low_volume_without_frontier_need_means_a_closed_api() -> None:
    verdict = decide(inputs(("personal",), LOW))
    assert verdict.choice == "closed-api"
    assert [s.leads_to for s in verdict.steps] == ["either", *["closed-api"] * 3]
    assert verdict.conditions == CLOSED_PERSONAL_CONDITIONS  # personal data on a closed API


def test_unknown_volume_and_no_frontier_need_default_to_self_hosting() -> None:
    verdict = decide(inputs(("internal",), UNKNOWN, tokens=None))
    assert verdict.choice == "open-weight-self-hosted"
    assert verdict.steps[1].answer is None
    assert verdict.steps[2].leads_to == "either"
    assert "set monthly_tokens" in verdict.steps[3].reason


@pytest.mark.parametrize("volume", [HIGH, LOW, UNKNOWN])
def test_without_self_hosting_everything_else_is_a_closed_api(volume: VolumeVerdict) -> None:
    verdict = decide(inputs(("public",), volume, self_host=False))
    assert verdict.choice == "closed-api"
    assert "cannot self-host" in verdict.steps[3].reason
    assert verdict.conditions == ()


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


def test_volume_verdict_falls_back_to_the_advisory_rule_of_thumb() -> None:
    api = CostCurve("api", usd_per_million_tokens=4.375)
    unpriced = CostEstimate(None, None, "size unknown", unknown="size unknown")
    above = judge_volume(20_000_000, {"open": unpriced}, {"api": _priced(api, 20_000_000)})
    assert above.high is True and "ADV001" in above.reason and above.break_even is None
    below = judge_volume(5_000_000, {}, {"api": _priced(api, 5_000_000)})
    assert below.high is False
    assert judge_volume(None, {}, {}).high is None
