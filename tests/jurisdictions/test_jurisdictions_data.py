"""The packaged jurisdiction data: complete, consistent, and every entry sourced."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

import pytest

from audit.jurisdictions import Jurisdictions, Source, load_jurisdictions

EU_27 = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
}  # fmt: skip
EEA_EFTA = {"IS", "LI", "NO"}
CONFIDENCES = {"primary", "secondary", "unverified"}


@pytest.fixture(scope="module")
def j() -> Jurisdictions:
    return load_jurisdictions(override="")  # "" = no override even if the env var is set


def assert_sourced(source: Source, what: str) -> None:
    url = urlparse(source.url)
    assert url.scheme in ("http", "https") and url.netloc, f"{what}: source URL {source.url!r}"
    assert source.title, f"{what}: source without a title"
    assert source.confidence in CONFIDENCES, f"{what}: confidence {source.confidence!r}"


def test_eu_and_eea_lists_are_complete(j: Jurisdictions) -> None:
    assert {c.code for c in j.eu_member_states()} == EU_27
    assert len(j.eu_member_states()) == 27
    assert {c.code for c in j.eea_states()} == EU_27 | EEA_EFTA
    assert len(j.eea_states()) == 30
    assert all(c.name and c.eu and c.eea for c in j.eu_member_states())
    assert [j.country(c).name for c in sorted(EEA_EFTA)] == ["Iceland", "Liechtenstein", "Norway"]


@pytest.mark.parametrize("code", ["CH", "GB", "US", "FO", "GL", "TR"])
def test_neighbours_outside_the_eea(j: Jurisdictions, code: str) -> None:
    assert j.country(code) is not None
    assert not j.is_eea(code)


def test_outermost_regions_count_as_their_member_state(j: Jurisdictions) -> None:
    assert j.is_eea("GF") and j.is_eu("RE") and j.is_eu("AX")


def test_every_country_is_an_iso_code_with_a_name_and_source(j: Jurisdictions) -> None:
    countries = j.countries()
    assert len(countries) == 249  # ISO 3166-1 officially assigned alpha-2 codes
    for country in countries:
        assert len(country.code) == 2 and country.code.isupper() and country.name
        assert_sourced(country.source, country.code)


def test_every_region_maps_to_known_countries_and_has_a_source(j: Jurisdictions) -> None:
    regions = j.regions()
    assert len(regions) > 150
    for region in regions:
        assert region.code == region.code.lower(), region.code
        assert region.name, region.code
        assert_sourced(region.source, region.code)
        assert region.confidence in CONFIDENCES
        for code in region.countries:
            assert j.country(code) is not None, f"{region.code}: unknown country {code}"
        if region.spread == "country":
            assert region.country is not None and region.countries == (region.country,)
        else:
            assert region.country is None, region.code
        if region.spread in ("unknown", "worldwide"):
            assert region.countries == (), region.code


@pytest.mark.parametrize("cloud, minimum", [("aws", 38), ("azure", 60), ("gcp", 42), ("multi", 5)])
def test_every_cloud_lists_all_its_public_regions(
    j: Jurisdictions, cloud: str, minimum: int
) -> None:
    assert len(j.regions(cloud)) >= minimum


# Spot checks against facts/regulation.md §3 and the sources cited in the data files.
@pytest.mark.parametrize(
    "code, country",
    [
        ("eu-central-1", "DE"), ("eu-west-1", "IE"), ("eu-west-3", "FR"), ("eu-north-1", "SE"),
        ("eu-south-1", "IT"), ("eu-south-2", "ES"), ("eusc-de-east-1", "DE"),
        ("eu-central-2", "CH"), ("eu-west-2", "GB"), ("il-central-1", "IL"), ("sa-east-1", "BR"),
        ("ap-northeast-3", "JP"), ("ap-northeast-2", "KR"), ("ca-central-1", "CA"),
        ("us-west-2", "US"), ("me-central-1", "AE"), ("me-south-1", "BH"), ("ap-south-1", "IN"),
        ("ap-southeast-1", "SG"), ("ap-southeast-2", "AU"), ("mx-central-1", "MX"),
        ("ap-southeast-6", "NZ"), ("cn-north-1", "CN"), ("us-gov-west-1", "US"),
        ("westeurope", "NL"), ("northeurope", "IE"), ("germanywestcentral", "DE"),
        ("francesouth", "FR"), ("polandcentral", "PL"), ("swedencentral", "SE"),
        ("norwayeast", "NO"), ("switzerlandwest", "CH"), ("ukwest", "GB"), ("japanwest", "JP"),
        ("koreasouth", "KR"), ("brazilsouth", "BR"), ("canadaeast", "CA"), ("eastus2", "US"),
        ("uaenorth", "AE"), ("qatarcentral", "QA"), ("spaincentral", "ES"),
        ("europe-west1", "BE"), ("europe-west3", "DE"), ("europe-west4", "NL"),
        ("europe-west10", "DE"), ("europe-west12", "IT"), ("europe-southwest1", "ES"),
        ("europe-north1", "FI"), ("europe-north2", "SE"), ("europe-central2", "PL"),
        ("europe-west2", "GB"), ("europe-west6", "CH"), ("me-west1", "IL"),
        ("northamerica-northeast2", "CA"), ("us-east4", "US"), ("me-central1", "QA"),
        ("me-central2", "SA"), ("asia-east1", "TW"), ("africa-south1", "ZA"),
    ],
)  # fmt: skip
def test_region_country(j: Jurisdictions, code: str, country: str) -> None:
    region = j.region(code)
    assert region is not None and region.country == country


def test_multi_region_codes(j: Jurisdictions) -> None:
    eu = j.region("eu")
    assert eu is not None and eu.country is None and set(eu.countries) == EU_27
    us = j.region("us")
    assert us is not None and us.country == "US"
    world = j.region("global")
    assert world is not None and world.spread == "worldwide"
    asia = j.region("asia")
    assert asia is not None and asia.spread == "unknown"


def test_adequacy_decisions(j: Jurisdictions) -> None:
    expected = {
        "AD",
        "AR",
        "CA",
        "FO",
        "GG",
        "IM",
        "IL",
        "JE",
        "NZ",
        "CH",
        "UY",
        "JP",
        "KR",
        "GB",
        "US",
        "BR",
    }
    assert {d.country for d in j.adequacy_decisions()} == expected
    uk = j.adequacy_decision("GB")
    assert uk is not None and uk.valid_until == dt.date(2031, 12, 27)
    brazil = j.adequacy_decision("BR")
    assert brazil is not None and brazil.in_force_from == dt.date(2026, 1, 26)
    us = j.adequacy_decision("US")
    assert us is not None and us.partial and us.requires_mechanism == "dpf"
    assert us.status == "in-force" and "C-703/25 P" in (us.status_note or "")
    canada = j.adequacy_decision("CA")
    assert canada is not None and canada.partial and canada.requires_mechanism is None
    assert "commercial" in canada.scope
    for decision in j.adequacy_decisions():
        assert_sourced(decision.source, decision.country)
        assert_sourced(decision.reference_source, decision.country)
        assert j.country(decision.country) is not None


@pytest.mark.parametrize(
    "key",
    [
        "openai",
        "anthropic",
        "google-ai-studio",
        "mistral",
        "cohere",
        "azure-openai",
        "amazon-bedrock",
        "google-vertex",
        "aws-european-sovereign-cloud",
        "ovhcloud",
        "scaleway",
        "hetzner",
        "ionos",
        "stackit",
        "open-telekom-cloud",
    ],
)
def test_required_providers_are_sourced(j: Jurisdictions, key: str) -> None:
    provider = j.provider(key)
    assert provider is not None and provider.key == key
    assert_sourced(provider.default_source, key)
    assert_sourced(provider.dpa.source, key)
    assert provider.default_confidence in CONFIDENCES
    for option in provider.residency:
        assert_sourced(option.source, key)
    for code in provider.default_regions + tuple(r for o in provider.residency for r in o.regions):
        assert j.region(code) is not None, f"{key}: region {code}"


@pytest.mark.parametrize(
    "alias, key",
    [
        ("aws-bedrock", "amazon-bedrock"),
        ("vertex-ai", "google-vertex"),
        ("azure", "azure-openai"),
        ("Vertex_AI", "google-vertex"),
        ("gemini-api", "google-ai-studio"),
        ("OVH", "ovhcloud"),
        ("otc", "open-telekom-cloud"),
        ("OpenAI", "openai"),
    ],
)
def test_provider_aliases(j: Jurisdictions, alias: str, key: str) -> None:
    provider = j.provider(alias)
    assert provider is not None and provider.key == key


def test_unknown_provider_is_none(j: Jurisdictions) -> None:
    assert j.provider("acme-llm") is None


@pytest.mark.parametrize("name", ["google", "Gemini", "aws"])
def test_ambiguous_provider_names_resolve_to_nothing(j: Jurisdictions, name: str) -> None:
    """`google` used to mean AI Studio silently; a name with two meanings names neither."""
    assert j.provider(name) is None
    assert len(j.ambiguous_provider(name)) == 2


@pytest.mark.parametrize(
    "code, country",
    [
        ("gra", "FR"),
        ("fr-par", "FR"),
        ("nl-ams-1", "NL"),
        ("fsn1", "DE"),
        ("hel1", "FI"),
        ("de/fra", "DE"),
        ("eu01", "DE"),
        ("eu-de", "DE"),
        ("eu-nl", "NL"),
        ("eusc-de-east-1", "DE"),
    ],
)
def test_european_cloud_regions(j: Jurisdictions, code: str, country: str) -> None:
    region = j.region(code)
    assert region is not None and region.country == country
    assert region.source.url.startswith("https://")


def test_every_deployment_routes_to_catalogued_regions(j: Jurisdictions) -> None:
    for provider in j.providers():
        for option in provider.deployments:
            assert_sourced(option.source, f"{provider.key} {option.id}")
            for code in option.regions or ():
                assert j.region(code) is not None, (provider.key, option.id, code)
        for prefix, deployment in provider.profile_prefixes:
            assert provider.deployment(deployment) is not None, prefix
