"""Comparisons end to end, offline: the real engine on candidates serving a real use case."""

from __future__ import annotations

from pathlib import Path

import pytest
from compare_builders import (
    DEEPSEEK,
    FOUR,
    GPT4O,
    LLAMA,
    QWEN,
    frontier_inventory,
    health_inventory,
    jurisdictions_available,
    run_compare,
)
from support import load, model

from audit.compare import build_comparison_document
from audit.compare.candidates import ProviderLookup, build_candidate, find_use_case
from audit.compare.synthetic import synthetic_inventory
from audit.errors import InputError

needs_gdpr = pytest.mark.skipif(
    not jurisdictions_available(),
    reason="audit.jurisdictions (GDPR family) is not in this checkout: residency rules absent",
)


def rules_of(document: dict, name: str) -> set[str]:
    candidate = next(c for c in document["candidates"] if c["name"] == name)
    return {f["rule"] for f in candidate["findings"]}


@pytest.fixture(scope="module")
def health(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The EU health comparison of the brief: four candidates at 40M tokens a month."""
    comparison = run_compare(
        tmp_path_factory.mktemp("health"), health_inventory(), "patient-notes", FOUR
    )
    return build_comparison_document(comparison)


def test_health_candidates_resolve_offline_from_model_facts(health: dict) -> None:
    licences = {c["name"]: (c["licence"]["id"], c["kind"]) for c in health["candidates"]}
    assert licences == {
        LLAMA: ("llama3.1", "open-weight"),
        DEEPSEEK: ("deepseek", "open-weight"),
        QWEN: ("qwen", "open-weight"),
        GPT4O: ("proprietary", "closed-api"),
    }
    llama = health["candidates"][0]
    assert llama["hosting"] == {"mode": "self-hosted", "regions": ["DE"], "provider_default": False}
    assert llama["licence"]["terms"]["user_threshold"] == 700_000_000
    assert "Built with Llama" in llama["licence"]["terms"]["attribution"]


@needs_gdpr
def test_health_closed_model_gets_the_residency_findings(health: dict) -> None:
    closed = rules_of(health, GPT4O)
    # US default region without a transfer basis, Art. 9 data to a third party, no DPA
    assert {"GDPR001", "GDPR002", "GDPR003"} <= closed
    for name in (LLAMA, DEEPSEEK, QWEN):
        assert not {"GDPR001", "GDPR002", "GDPR003"} & rules_of(health, name)
    gpt = health["candidates"][3]
    assert gpt["hosting"]["provider_default"] is True
    assert gpt["contracts"]["dpa"] is False
    assert any(flow["country"] == "US" for flow in gpt["residency"])


def test_health_llama_owes_attribution_because_patients_use_it(health: dict) -> None:
    assert "LIC006" in rules_of(health, LLAMA)
    llama = health["candidates"][0]
    lic006 = next(f for f in llama["findings"] if f["rule"] == "LIC006")
    assert "Built with Llama" in lic006["message"]
    assert lic006["location"]["line"] == health["use_case"]["location"]["line"]
    assert "LIC006" not in rules_of(health, DEEPSEEK)


def test_health_verdict_is_open_weight_self_hosted(health: dict) -> None:
    recommendation = health["recommendation"]
    assert recommendation["choice"] == "open-weight-self-hosted"
    first = recommendation["steps"][0]
    assert (first["question"], first["answer"], first["leads_to"]) == (
        "data-sensitivity",
        "special-category",
        "open-weight-self-hosted",
    )
    assert recommendation["steps"][1]["answer"] == 40_000_000
    shortlisted = {s["name"] for s in recommendation["shortlist"]}
    assert shortlisted == {LLAMA, DEEPSEEK, QWEN}


def test_health_cost_table_shows_costs_and_break_even(health: dict) -> None:
    costs = {c["name"]: c["monthly_cost_usd"] for c in health["candidates"]}
    assert costs == {LLAMA: 3640.0, DEEPSEEK: 25000.0, QWEN: 8900.0, GPT4O: 175.0}
    pairs = [(b["open"], b["closed"], b["monthly_tokens"]) for b in health["break_even"]]
    assert pairs == [
        (LLAMA, GPT4O, 832_000_000),
        (DEEPSEEK, GPT4O, None),
        (QWEN, GPT4O, None),
    ]
    # the replica capacity assumed is printed beside the break-even; at 40M tokens the API
    # bill (USD 175) is below the engineering cost alone, so no capacity breaks even
    llama = health["break_even"][0]
    assert llama["capacity_assumed_tokens_per_month"] == 1_000_000_000
    assert llama["capacity_to_break_even_tokens_per_month"] is None
    assert "break-even 832,000,000" in health["recommendation"]["steps"][1]["reason"]
    notices = health["pricing"]["notices"]
    assert notices and all(n.startswith("example prices as of 2026-11-26, source") for n in notices)
    assert all(n.endswith("supply --pricing with your own") for n in notices)


def test_internal_frontier_use_case_recommends_the_closed_api(tmp_path: Path) -> None:
    document = build_comparison_document(
        run_compare(tmp_path, frontier_inventory(), "market-research", FOUR)
    )
    recommendation = document["recommendation"]
    assert recommendation["choice"] == "closed-api"
    steps = {s["question"]: s for s in recommendation["steps"]}
    assert steps["data-sensitivity"]["answer"] == "internal"
    assert steps["monthly-token-volume"]["leads_to"] == "closed-api"  # USD 4.38 vs 3,003
    assert steps["frontier-capability"]["answer"] is True
    assert steps["frontier-capability"]["leads_to"] == "closed-api"
    assert "needs frontier capability" in steps["frontier-capability"]["reason"]
    assert recommendation["rule"]["id"] == "V4"
    summary = recommendation["summary"]
    assert summary.startswith("Use a closed API model (verdict rule V4")
    assert "the API is cheaper" in summary and "(monthly-token-volume)" in summary
    assert "(frontier-capability)" in summary
    assert [s["name"] for s in recommendation["shortlist"]] == [GPT4O]
    assert not rules_of(document, GPT4O) & {"GDPR001", "GDPR002", "GDPR003"}


@needs_gdpr
def test_hosting_option_moves_the_api_model_into_the_eu(tmp_path: Path) -> None:
    document = build_comparison_document(
        run_compare(
            tmp_path,
            health_inventory(),
            "patient-notes",
            (LLAMA, GPT4O),
            hosting=(f"{GPT4O}=api:eu", f"{LLAMA}=self-hosted:eu-central-1"),
        )
    )
    gpt = document["candidates"][1]
    assert gpt["hosting"] == {"mode": "api", "regions": ["eu"], "provider_default": False}
    assert "GDPR001" not in rules_of(document, GPT4O)
    assert {"GDPR002", "GDPR003"} <= rules_of(document, GPT4O)  # still Art. 9 data, no DPA
    assert document["candidates"][0]["hosting"]["regions"] == ["eu-central-1"]


def test_an_inventory_model_keeps_its_notices_and_contracts(tmp_path: Path) -> None:
    data = health_inventory()
    data["models"].append(
        model(
            "portal-llama",
            name=LLAMA,
            attribution={"notices": ["Built with Llama"], "licence_copy_included": True},
            use_cases=[],
        )
    )
    document = build_comparison_document(
        run_compare(tmp_path, data, "patient-notes", ("portal-llama", LLAMA))
    )
    assert document["candidates"][0]["origin"] == "inventory"
    assert "LIC006" not in rules_of(document, "portal-llama")
    assert "LIC006" in rules_of(document, LLAMA)
    assert document["candidates"][0]["hosting"]["regions"] == ["eu-central-1"]


def test_the_real_inventory_waivers_do_not_hide_findings(tmp_path: Path) -> None:
    data = health_inventory()
    data["waivers"] = [{"rule": "LIC006", "reason": "shown in the app", "approved_by": "DPO"}]
    document = build_comparison_document(run_compare(tmp_path, data, "patient-notes", (LLAMA,)))
    assert "LIC006" in rules_of(document, LLAMA)
    assert any("waivers are not applied" in note for note in document["notes"])


def test_a_candidate_unknown_offline_gets_lic001_and_no_price(tmp_path: Path) -> None:
    document = build_comparison_document(
        run_compare(tmp_path, health_inventory(), "patient-notes", ("example/unknown-model",))
    )
    candidate = document["candidates"][0]
    assert "LIC001" in rules_of(document, "example/unknown-model")
    assert candidate["licence"]["id"] is None
    assert candidate["monthly_cost_usd"] is None
    assert "model_sizes" in candidate["cost"]["unknown"]


def test_organisation_wide_findings_are_shared(tmp_path: Path) -> None:
    data = health_inventory(ai_literacy_programme=False)
    document = build_comparison_document(run_compare(tmp_path, data, "patient-notes", (LLAMA,)))
    assert "AIA007" in {f["rule"] for f in document["shared_findings"]}


@pytest.mark.parametrize(
    ("use_case", "candidates", "hosting", "expected"),
    [
        ("nope", (LLAMA,), (), "--use-case: no use case 'nope'; known: patient-notes"),
        ("patient-notes", ("just-a-name",), (), "is not an inventory model id"),
        ("patient-notes", ("nobody:model-x",), (), "unknown provider 'nobody'"),
        ("patient-notes", (LLAMA, LLAMA), (), "named more than once"),
        ("patient-notes", (LLAMA,), ("other=api",), "is not one of the --candidate values"),
        ("patient-notes", (LLAMA,), (f"{LLAMA}=cloud:x",), "mode must be one of"),
        ("patient-notes", (GPT4O,), (f"{GPT4O}=self-hosted:DE",), "cannot be self-hosted"),
        ("patient-notes", (LLAMA,), (f"{LLAMA}=api",), "is 'managed', not 'api'"),
        ("patient-notes", (LLAMA,), (f"{LLAMA}=managed:",), "give at least one region"),
        ("patient-notes", (LLAMA,), ("no-equals-sign",), "expected NAME=MODE"),
    ],
)
def test_bad_requests_are_input_errors(
    tmp_path: Path,
    use_case: str,
    candidates: tuple[str, ...],
    hosting: tuple[str, ...],
    expected: str,
) -> None:
    if "provider" in expected and not jurisdictions_available():
        pytest.skip("provider keys are checked against audit.jurisdictions, absent here")
    with pytest.raises(InputError) as caught:
        run_compare(tmp_path, health_inventory(), use_case, candidates, hosting=hosting)
    assert expected in str(caught.value)


def test_a_managed_open_model_needs_a_contract(tmp_path: Path) -> None:
    document = build_comparison_document(
        run_compare(
            tmp_path,
            health_inventory(),
            "patient-notes",
            (LLAMA,),
            hosting=(f"{LLAMA}=managed:westeurope",),
        )
    )
    candidate = document["candidates"][0]
    assert candidate["kind"] == "open-weight"
    assert candidate["hosting"]["mode"] == "managed"
    assert any("no contract with the host" in a for a in candidate["assumptions"])
    if jurisdictions_available():
        assert "GDPR003" in rules_of(document, LLAMA)  # personal data, third party, no DPA


def test_territorial_limits_show_for_an_eu_organisation(tmp_path: Path) -> None:
    vision = "meta-llama/Llama-3.2-11B-Vision-Instruct"
    document = build_comparison_document(
        run_compare(tmp_path, health_inventory(), "patient-notes", (vision,))
    )
    terms = document["candidates"][0]["licence"]["terms"]
    assert terms["territorial_exclusions"] == [{"regions": ["EU"], "model_scope": "multimodal"}]
    assert "LIC008" in rules_of(document, vision)


def test_synthetic_lines_point_into_the_real_inventory(tmp_path: Path) -> None:
    data = health_inventory()
    data["models"].append(model("other", name=LLAMA, use_cases=[]))
    loaded = load(tmp_path, data)
    models = loaded.inventory.models
    compared = find_use_case(models, "patient-notes")
    built = [
        build_candidate(name, models, compared, "DE", None, ProviderLookup())
        for name in ("other", GPT4O)
    ]
    synthetic = synthetic_inventory(loaded, built, compared)
    assert [m.id for m in synthetic.inventory.models] == ["other", GPT4O]
    assert synthetic.inventory.waivers == []
    use_case_line = loaded.line_of("models", 0, "use_cases", 0)
    # the inventory candidate keeps its own lines; its use case is the real one's
    assert synthetic.line_of("models", 0, "hosting") == loaded.line_of("models", 1, "hosting")
    assert synthetic.line_of("models", 0, "use_cases", 0, "data") == loaded.line_of(
        "models", 0, "use_cases", 0, "data"
    )
    # a new candidate sits at the use case's line, field by field where the use case has one
    assert synthetic.line_of("models", 1) == use_case_line
    assert synthetic.line_of("models", 1, "contracts", "dpa") == use_case_line
    assert synthetic.line_of("organisation", "country") == loaded.line_of("organisation", "country")
