"""GDPR001 judges every country a residency option may route to: Bedrock inference profiles,
Azure OpenAI deployment types, Vertex multi-regions, OpenAI and Anthropic residency, custom
locations (GDPR005 when a location's country is not known)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import audit, hits, inventory, model


def api_model(
    name: str,
    provider: str,
    *,
    regions: tuple[str, ...] = (),
    deployment: str | None = None,
    mechanism: str | None = None,
    locations: list[dict[str, Any]] | None = None,
    mode: str = "api",
) -> dict[str, Any]:
    """An API model with a DPA and a DPIA, sending personal data, with the given residency."""
    hosting: dict[str, Any] = {"mode": mode, "regions": list(regions)}
    if deployment is not None:
        hosting["deployment"] = deployment
    if locations is not None:
        hosting["locations"] = locations
    contracts: dict[str, Any] = {"dpa": True}
    if mechanism is not None:
        contracts["transfer_mechanism"] = mechanism
    return model(
        "m1",
        name=name,
        source="api" if mode == "api" else "huggingface",
        provider=provider,
        hosting=hosting,
        contracts=contracts,
        dpia=True,
        use_cases=[
            {"id": "uc", "data": ["personal"], "ai_act": {"role": "deployer", "area": "none"}}
        ],
    )


def gdpr001(tmp_path: Path, entry: dict[str, Any]) -> list[str]:
    """GDPR001 messages for an inventory of this one model."""
    return [f.message for f in hits(audit(tmp_path, inventory(entry)), "GDPR001")]


def line_at(path: str, line: int) -> str:
    """The text of one 1-based line of a file."""
    return Path(path).read_text(encoding="utf-8").splitlines()[line - 1]


BEDROCK = "anthropic.claude-sonnet-4-5-20250929-v1:0"


def test_bedrock_us_profile_without_mechanism_is_a_transfer(tmp_path: Path) -> None:
    found = gdpr001(tmp_path, api_model(f"us.{BEDROCK}", "amazon-bedrock"))
    assert found, "a us. profile routes to US regions"
    assert all("United States" in m or "US" in m for m in found)


def test_bedrock_eu_profile_stays_in_the_eea(tmp_path: Path) -> None:
    result = audit(tmp_path, inventory(api_model(f"eu.{BEDROCK}", "amazon-bedrock")))
    assert hits(result, "GDPR001") == []
    assert hits(result, "GDPR005") == []  # the profile says where, even with no regions


def test_bedrock_global_profile_is_judged_as_any_country(tmp_path: Path) -> None:
    found = gdpr001(tmp_path, api_model(f"global.{BEDROCK}", "amazon-bedrock"))
    assert found and "any country" in found[0]


def test_bedrock_without_profile_or_region_is_unknown(tmp_path: Path) -> None:
    result = audit(tmp_path, inventory(api_model(BEDROCK, "amazon-bedrock")))
    assert hits(result, "GDPR005")


def test_azure_global_deployment_is_judged_against_any_country(tmp_path: Path) -> None:
    entry = api_model("gpt-4o", "azure-openai", regions=("swedencentral",), deployment="global")
    result = audit(tmp_path, inventory(entry))
    found = hits(result, "GDPR001")
    assert len(found) == 1
    assert "any country" in found[0].message
    assert "deployment:" in line_at(found[0].location.path, found[0].location.line)


@pytest.mark.parametrize("deployment", ["data-zone-eu", "regional"])
def test_azure_eu_deployments_keep_data_in_the_eea(tmp_path: Path, deployment: str) -> None:
    entry = api_model("gpt-4o", "azure-openai", regions=("swedencentral",), deployment=deployment)
    assert gdpr001(tmp_path, entry) == []


def test_azure_data_zone_us_needs_a_basis(tmp_path: Path) -> None:
    entry = api_model("gpt-4o", "azure-openai", regions=("eastus",), deployment="data-zone-us")
    assert gdpr001(tmp_path, entry)
    entry["contracts"]["transfer_mechanism"] = "scc"
    assert gdpr001(tmp_path, entry) == []


@pytest.mark.parametrize(
    "provider, deployment, regions, transfer",
    [
        ("google-vertex", "eu", (), False),
        ("google-vertex", "us", (), True),
        ("google-vertex", "regional", ("europe-west4",), False),
        ("openai", "eu", (), False),
        ("openai", "us", (), True),
        ("anthropic", "us", (), True),
        ("anthropic", "global", (), True),
        ("mistral", "eu", (), False),
    ],
)
def test_residency_options(
    tmp_path: Path, provider: str, deployment: str, regions: tuple[str, ...], transfer: bool
) -> None:
    entry = api_model("some-model", provider, regions=regions, deployment=deployment)
    assert bool(gdpr001(tmp_path, entry)) is transfer


def test_a_custom_location_is_judged_by_its_country(tmp_path: Path) -> None:
    entry = api_model(
        "meta-llama/Llama-3.3-70B-Instruct",
        "ovhcloud",
        mode="self-hosted",
        regions=("lyon-dc",),
        locations=[{"name": "lyon-dc", "country": "FR"}, {"name": "dr-site", "country": "US"}],
    )
    result = audit(tmp_path, inventory(entry))
    found = hits(result, "GDPR001")
    assert len(found) == 1 and "dr-site" in found[0].message
    assert hits(result, "GDPR005") == []


def test_a_location_without_country_is_gdpr005(tmp_path: Path) -> None:
    entry = api_model("x/y", "ovhcloud", mode="self-hosted", locations=[{"name": "somewhere"}])
    found = hits(audit(tmp_path, inventory(entry)), "GDPR005")
    assert len(found) == 1 and "somewhere" in found[0].message
    assert "somewhere" in line_at(found[0].location.path, found[0].location.line)


def test_a_regional_deployment_without_regions_is_gdpr005(tmp_path: Path) -> None:
    entry = api_model("gpt-4o", "azure-openai", deployment="regional")
    assert hits(audit(tmp_path, inventory(entry)), "GDPR005")
