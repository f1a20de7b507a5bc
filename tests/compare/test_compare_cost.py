"""Model sizes, monthly costs and break-even volumes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.compare.cost import CostCurve, api_cost, break_even_tokens, self_hosted_cost
from audit.compare.pricing import load_pricing
from audit.compare.size import ModelSizeEstimate, estimate_size, parse_parameter_count


@pytest.mark.parametrize(
    ("text", "billions"),
    [
        ("Llama-3.1-8B-Instruct", 8.0),
        ("Qwen2.5-72B-Instruct", 72.0),
        ("Qwen2.5-1.5B", 1.5),
        ("SmolLM2-135M-Instruct", 0.135),
        ("Mixtral-8x7B-Instruct-v0.1", 56.0),
        ("Qwen3-30B-A3B", 30.0),
        ("671B total, 37B active", 671.0),
    ],
)
def test_parameter_counts_are_read_from_names(text: str, billions: float) -> None:
    parsed = parse_parameter_count(text)
    assert parsed is not None
    assert parsed[0] == pytest.approx(billions)


@pytest.mark.parametrize("text", ["gpt-4o", "DeepSeek-V3", "Llama-3.1", "phi-3-mini-4k"])
def test_names_without_a_size_give_none(text: str) -> None:
    assert parse_parameter_count(text) is None


def test_size_comes_from_the_name_then_model_facts_then_nowhere() -> None:
    pricing = load_pricing(None)
    named = estimate_size("meta-llama/Llama-3.1-8B-Instruct", pricing)
    assert named == ModelSizeEstimate(8.0, "model name", "")
    # The name says nothing; the knowledge base's facts give 671B total for DeepSeek-V3.
    facts = estimate_size("deepseek-ai/DeepSeek-V3", pricing)
    assert facts is not None and facts.parameters_billions == 671.0
    assert facts.where.startswith("model facts")
    assert estimate_size("example/unknown-model", pricing) is None


def test_api_cost_blends_input_and_output_prices() -> None:
    pricing = load_pricing(None)
    price = pricing.api_price("openai", "gpt-4o")
    estimate = api_cost(price, "openai:gpt-4o", pricing, 40_000_000)
    # 75% of 40M at USD 2.50 per million plus 25% at USD 10.00 per million
    assert estimate.monthly_usd == pytest.approx(30 * 2.5 + 10 * 10.0)
    assert "75% input tokens" in estimate.basis
    unpriced = api_cost(None, "openai:gpt-9", pricing, 40_000_000)
    assert unpriced.monthly_usd is None and unpriced.curve is None
    assert unpriced.unknown is not None and "openai:gpt-9" in unpriced.unknown


def test_self_hosting_adds_replicas_as_volume_grows() -> None:
    pricing = load_pricing(None)
    size = ModelSizeEstimate(8.0, "model name")
    one = self_hosted_cost(size, "x", pricing, 40_000_000)
    three = self_hosted_cost(size, "x", pricing, 2_500_000_000)
    assert one.size_class == "<=10B"
    assert one.monthly_usd == 3000 + 640
    assert three.monthly_usd == 3000 + 3 * 640
    assert "3 replicas" in three.basis
    unknown = self_hosted_cost(None, "example/unknown-model", pricing, 40_000_000)
    assert unknown.monthly_usd is None
    assert unknown.unknown is not None and "model_sizes" in unknown.unknown


def test_break_even_of_known_curves() -> None:
    api = CostCurve("api", usd_per_million_tokens=4.375)
    unlimited = CostCurve("self-hosted", fixed_usd=3000, replica_usd=640)
    assert break_even_tokens(unlimited, api) == 832_000_000
    # one replica serves 500M: the crossing needs two replicas, (3000 + 2*640) / 4.375 per M
    small = CostCurve("self-hosted", fixed_usd=3000, replica_usd=640, replica_capacity=500_000_000)
    assert break_even_tokens(small, api) == 978_285_715
    # a replica that costs more than the API charges for what it serves never catches up
    dear = CostCurve("self-hosted", fixed_usd=3000, replica_usd=4400, replica_capacity=600_000_000)
    assert break_even_tokens(dear, api) is None
    assert break_even_tokens(unlimited, CostCurve("api", usd_per_million_tokens=0.0)) is None


@given(
    fixed=st.integers(0, 50_000),
    replica=st.integers(1, 30_000),
    capacity=st.integers(1, 5_000) | st.none(),
    per_million=st.floats(0.05, 80.0),
)
def test_break_even_is_the_first_volume_where_self_hosting_is_no_dearer(
    fixed: int, replica: int, capacity: int | None, per_million: float
) -> None:
    open_curve = CostCurve(
        "self-hosted",
        fixed_usd=fixed,
        replica_usd=replica,
        replica_capacity=capacity * 1_000_000 if capacity else None,
    )
    api = CostCurve("api", usd_per_million_tokens=per_million)
    volume = break_even_tokens(open_curve, api)
    if volume is None:
        # never: even fully loaded replicas cost more than the API bill for their tokens
        assert capacity is not None
        assert per_million * capacity <= replica
        return
    tolerance = 1e-6 * max(1.0, api.monthly_usd(volume))
    assert open_curve.monthly_usd(volume) <= api.monthly_usd(volume) + tolerance
    earlier = [volume - 1] if volume > 1 else []
    if open_curve.replica_capacity:  # the cheapest points of the step curve: full replicas
        full = range(open_curve.replica_capacity, volume, open_curve.replica_capacity)
        earlier.extend(list(full)[:200])
    for tokens in earlier:
        assert open_curve.monthly_usd(tokens) > api.monthly_usd(tokens) - tolerance
