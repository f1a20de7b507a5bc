"""Issue 20: model sizes for mixtures of experts, the ranking, the hybrid plan, the capacity
to break even, ADV001 on the cost model and ADV004 on the provider catalogue."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from compare_builders import GPT4O, LLAMA, QWEN, health_inventory, run_compare
from support import AS_OF, ROOT, inventory, load, model

from audit.compare import build_comparison_document, load_pricing
from audit.compare.cost import CostCurve, break_even_capacity, self_hosted_cost, volume_scenarios
from audit.compare.pricing import parse_pricing
from audit.compare.size import estimate_size, fact_sizes, size_from_name
from audit.engine import AuditOptions, AuditResult, run_audit
from audit.errors import InputError
from licences import ModelFact

SHIPPED = load_pricing(None)
MAVERICK = "meta-llama/Llama-4-Maverick-17B-128E-Instruct"
QWEN3_MOE = "Qwen/Qwen3-235B-A22B"


# --- sizes --------------------------------------------------------------------------------


def test_a_name_that_gives_only_the_active_size_gives_no_total() -> None:
    """The old defect: Maverick's "17B" (active, over 128 experts) was taken as its size."""
    assert size_from_name(MAVERICK) is None
    assert size_from_name("meta-llama/Llama-4-Scout-17B-16E") is None


def test_a_name_with_total_and_active_gives_both() -> None:
    size = size_from_name(QWEN3_MOE)
    assert size is not None
    assert (size.total_billions, size.active_billions) == (235.0, 22.0)
    assert size.mixture_of_experts
    dense = size_from_name("meta-llama/Llama-3.1-8B-Instruct")
    assert dense is not None and (dense.total_billions, dense.active_billions) == (8.0, None)
    assert not dense.mixture_of_experts


def test_a_mixture_of_experts_is_priced_by_its_total() -> None:
    size = estimate_size(QWEN3_MOE, SHIPPED)
    assert size is not None and size.total_billions == 235.0
    cost = self_hosted_cost(size, QWEN3_MOE, SHIPPED, 50_000_000)
    assert cost.size_class == ">80B"  # the 8-GPU node, not the 22B-active class
    assert "235B total, 22B active (mixture of experts)" in cost.basis
    assert "serving cost follows the total parameters" in cost.basis


def test_maverick_is_sized_by_its_total_from_the_model_facts() -> None:
    size = estimate_size(MAVERICK, SHIPPED)
    assert size is not None, "the knowledge base must give Llama 4 Maverick's total parameters"
    assert size.where.startswith("model facts")
    assert 390 <= size.total_billions <= 410
    assert size.active_billions == 17
    cost = self_hosted_cost(size, MAVERICK, SHIPPED, 50_000_000)
    assert cost.size_class == ">80B"
    assert cost.monthly_usd == 25_000.0  # one 8 x H100 node plus engineering


def _fact(parameters: str, **counts: Any) -> ModelFact:
    return ModelFact.model_validate(
        {
            "patterns": ["x/*"],
            "family": "X",
            "licence": "mit",
            "modalities": ["text"],
            "parameters": parameters,
            "source": {"url": "https://example.org", "section": "s", "confidence": "primary"},
            **counts,
        }
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("671B total, 37B active", (671.0, 37.0)),
        ("400B total, 17B active (128 experts)", (400.0, 17.0)),
        ("72B", (72.0, None)),
        ("8B, 70B, 405B", None),  # a family-wide list names no one size
        ("Scout 17B active (16 experts), Maverick 17B active (128 experts)", None),
        ("Scout 109B total 17B active; Maverick 400B total 17B active", None),
    ],
)
def test_facts_text_gives_one_size_or_none(
    text: str, expected: tuple[float, float | None] | None
) -> None:
    assert fact_sizes(_fact(text)) == expected


def test_the_pricing_file_overrides_total_and_active() -> None:
    text = SHIPPED_TEXT.replace(
        "model_sizes: []",
        "model_sizes:\n  - model: acme/Moe-Thing\n    parameters_billions: 120\n"
        "    active_parameters_billions: 12\n    source: vendor datasheet\n",
    )
    pricing = parse_pricing(text, "mine.yaml")
    size = estimate_size("acme/Moe-Thing", pricing)
    assert size is not None
    assert (size.total_billions, size.active_billions) == (120.0, 12.0)
    assert size.where == "pricing file mine.yaml"


SHIPPED_TEXT = (ROOT / "examples" / "pricing.yaml").read_text(encoding="utf-8")


# --- cost figures -------------------------------------------------------------------------


def test_capacity_to_break_even() -> None:
    open_curve = CostCurve("self-hosted", fixed_usd=3000, replica_usd=640, replica_capacity=10**9)
    api = CostCurve("api", usd_per_million_tokens=4.375)
    # at 2B tokens the API costs 8,750: engineering leaves 5,750, room for 8 replicas,
    # so each must serve 250M tokens a month
    assert break_even_capacity(open_curve, api, 2_000_000_000) == 250_000_000
    # at 40M tokens the API bill (175) is below the engineering alone: no capacity would do
    assert break_even_capacity(open_curve, api, 40_000_000) is None


def test_costs_are_shown_at_a_tenth_at_and_at_ten_times_the_volume() -> None:
    api = CostCurve("api", usd_per_million_tokens=4.0)
    assert volume_scenarios(api, 10_000_000) == (
        (0.1, 1_000_000, 4.0),
        (1.0, 10_000_000, 40.0),
        (10.0, 100_000_000, 400.0),
    )


def test_throughput_and_utilisation_are_printed_and_must_agree_with_capacity() -> None:
    text = SHIPPED_TEXT
    pricing = parse_pricing(text, "mine.yaml")
    size = estimate_size(LLAMA, pricing)
    basis = self_hosted_cost(size, LLAMA, pricing, 1_000_000).basis
    assert "1,100 tokens a second at 35% utilisation" in basis
    wrong = text.replace("utilisation: 0.35", "utilisation: 0.9", 1)
    with pytest.raises(InputError, match="disagrees with throughput"):
        parse_pricing(wrong, "mine.yaml")


# --- ranking and the hybrid plan ----------------------------------------------------------


@pytest.fixture(scope="module")
def example_hybrid(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The example inventory's customer-chat use case, with --hybrid."""
    from audit.compare import CompareRequest, compare
    from audit.inventory import load_inventory
    from audit.rules.registry import all_rules

    loaded = load_inventory(
        str(ROOT / "examples" / "inventory.yaml"), known_rules={r.id for r in all_rules()}
    )
    request = CompareRequest(
        "customer-chat", (LLAMA, QWEN, GPT4O), as_of=AS_OF, offline=True, hybrid=True
    )
    return build_comparison_document(compare(loaded, request, SHIPPED))


def test_every_candidate_is_ranked_by_blocking_findings_then_cost(
    example_hybrid: dict[str, Any],
) -> None:
    ranking = example_hybrid["ranking"]
    assert [r["rank"] for r in ranking] == [1, 2, 3]
    assert {r["name"] for r in ranking} == {LLAMA, QWEN, GPT4O}
    keys = [(len(r["blocking_rules"]), r["monthly_cost_usd"]) for r in ranking]
    assert keys == sorted(keys)
    for row in ranking:
        assert row["ruled_out"] == bool(row["blocking_rules"])
        assert row["reason"]
        if row["ruled_out"]:
            assert row["reason"].startswith("ruled out until fixed")


def test_the_example_hybrid_plan_is_priced_and_keeps_routed_tags_off_the_closed_tier(
    example_hybrid: dict[str, Any],
) -> None:
    plan = example_hybrid["hybrid"]
    assert plan["closed"] == GPT4O and plan["open"] in (LLAMA, QWEN)
    assert plan["frontier_share"] == 0.25
    assert plan["closed_tokens"] == 15_000_000 and plan["open_tokens"] == 45_000_000
    assert plan["blended_usd"] == pytest.approx(plan["open_usd"] + plan["closed_usd"])
    expected = (plan["all_frontier_usd"] - plan["blended_usd"]) / plan["all_frontier_usd"]
    assert plan["saving_vs_frontier"] == pytest.approx(expected, abs=1e-4)
    # the routing policy keeps claims-records on the inventory's own models
    kept = {k["tag"] for k in plan["kept_on_open_tier"]}
    assert "claims-records" in kept
    assert not kept & set(plan["closed_tier_data"])
    assert plan["closed_tier_data"] == ["personal"]


def test_a_frontier_share_outside_zero_and_one_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--frontier-share"):
        run_compare_share(tmp_path, 1.5)


def run_compare_share(tmp_path: Path, share: float) -> None:
    from audit.compare import CompareRequest, compare

    request = CompareRequest(
        "patient-notes", (LLAMA, GPT4O), as_of=AS_OF, offline=True, frontier_share=share
    )
    compare(load(tmp_path, health_inventory()), request, SHIPPED)


def test_the_hybrid_plan_never_gives_the_closed_tier_special_category_data(
    tmp_path: Path,
) -> None:
    from audit.compare import CompareRequest, compare

    request = CompareRequest(
        "patient-notes", (LLAMA, GPT4O), as_of=AS_OF, offline=True, hybrid=True
    )
    document = build_comparison_document(
        compare(load(tmp_path, health_inventory()), request, SHIPPED)
    )
    plan = document["hybrid"]
    assert [k["tag"] for k in plan["kept_on_open_tier"]] == ["health"]
    assert "Art. 9" in plan["kept_on_open_tier"][0]["reason"]
    assert plan["closed_tier_data"] == ["personal"]


# --- ADV001 on the cost model and ADV004 --------------------------------------------------


def _audit(tmp_path: Path, data: Mapping[str, Any], pricing_text: str | None) -> AuditResult:
    pricing = parse_pricing(pricing_text, "prices.yaml") if pricing_text else None
    options = AuditOptions(as_of=AS_OF, offline=True, pricing=pricing)
    return run_audit(load(tmp_path, data), options)


def _api_model(tokens: int, **hosting: Any) -> dict[str, Any]:
    return model(
        "chat",
        name="gpt-4o",
        source="api",
        provider="openai",
        hosting={"mode": "api", "regions": ["eu"], **hosting},
        contracts={"dpa": True},
        use_cases=[
            {
                "id": "chat-uc",
                "purpose": "Internal drafting",
                "data": ["internal"],
                "monthly_tokens": tokens,
                "ai_act": {"role": "deployer", "area": "none"},
            }
        ],
    )


def _self_hosted() -> dict[str, Any]:
    return model("own", name="meta-llama/Llama-3.1-8B-Instruct", licence="llama3.1")


def _rules(result: AuditResult, rule: str) -> list[Any]:
    return [f for f in result.findings if f.rule == rule]


def test_adv001_does_not_fire_where_the_figures_show_the_api_cheaper(tmp_path: Path) -> None:
    """The old defect: above 10M tokens ADV001 said self-hosting 'may be cheaper' although
    the example prices put the break-even near 832M tokens."""
    result = _audit(tmp_path, inventory(_api_model(50_000_000), _self_hosted()), None)
    assert _rules(result, "ADV001") == []


def test_adv001_fires_where_the_figures_show_a_saving(tmp_path: Path) -> None:
    result = _audit(tmp_path, inventory(_api_model(2_000_000_000), _self_hosted()), None)
    (finding,) = _rules(result, "ADV001")
    assert "inventory model own" in finding.message and "saving of" in finding.message
    assert any("example figures" in e for e in finding.evidence)
    assert any("rule of thumb" in e and "context only" in e for e in finding.evidence)


def test_adv001_uses_the_organisations_own_pricing_file(tmp_path: Path) -> None:
    dear = SHIPPED_TEXT.replace("input_usd_per_million: 2.50", "input_usd_per_million: 250")
    result = _audit(tmp_path, inventory(_api_model(50_000_000), _self_hosted()), dear)
    (finding,) = _rules(result, "ADV001")
    assert "prices.yaml" in finding.message
    assert not any("example figures" in e for e in finding.evidence)


@pytest.mark.parametrize(
    ("provider", "name", "regions", "fires"),
    [
        ("anthropic", "claude-sonnet-4", ["eu"], True),  # Anthropic offers no EU geography
        ("anthropic", "claude-sonnet-4", ["US"], False),
        ("openai", "gpt-4o", ["eu"], False),
        ("openai", "gpt-4o", ["BR"], True),
        ("mistral", "mistral-large-latest", ["FR"], False),  # inside its EU default
        ("amazon-bedrock", "anthropic.claude-3", ["us-east-1"], False),  # any AWS region
        ("amazon-bedrock", "anthropic.claude-3", ["westeurope"], True),  # an Azure region
    ],
)
def test_adv004_a_region_the_provider_does_not_offer(
    tmp_path: Path, provider: str, name: str, regions: list[str], fires: bool
) -> None:
    entry = _api_model(1_000_000)
    entry.update(name=name, provider=provider)
    entry["hosting"]["regions"] = regions
    result = _audit(tmp_path, inventory(entry), None)
    found = _rules(result, "ADV004")
    assert bool(found) is fires, [f.message for f in found]
    if fires:
        assert regions[0] in found[0].message and "does not offer it" in found[0].message


def test_compare_flags_a_requested_eu_endpoint_anthropic_does_not_offer(tmp_path: Path) -> None:
    candidate = "anthropic:claude-sonnet-4"
    comparison = run_compare(
        tmp_path,
        health_inventory(),
        "patient-notes",
        (LLAMA, candidate),
        hosting=(f"{candidate}=api:eu",),
    )
    document = build_comparison_document(comparison)
    closed = next(c for c in document["candidates"] if c["name"] == candidate)
    assert "ADV004" in {f["rule"] for f in closed["findings"]}
