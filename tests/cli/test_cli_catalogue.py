"""`providers`, `regions`, and catalogue ids in inventories: unknown ones are exit 2 with a
suggestion; the hospital group's inventory (written from the docs alone) validates and scans."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import ROOT, RunCli, inventory, model, write_inventory

HOSPITAL = ROOT / "tests" / "fixtures" / "hospital" / "inventory.yaml"


def test_providers_lists_ids_defaults_and_options(model_audit: RunCli) -> None:
    result = model_audit("providers", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    by_id = {p["id"]: p for p in data["providers"]}
    for key in (
        "ovhcloud",
        "scaleway",
        "hetzner",
        "ionos",
        "stackit",
        "open-telekom-cloud",
        "aws-european-sovereign-cloud",
        "mistral",
        "google-ai-studio",
        "google-vertex",
    ):
        assert key in by_id, key
        assert by_id[key]["default"]["source"]["url"].startswith("https://")
    azure = {d["id"] for d in by_id["azure-openai"]["deployments"]}
    assert azure == {"global", "data-zone-eu", "data-zone-us", "regional"}
    assert by_id["amazon-bedrock"]["profile_prefixes"]["eu."] == "eu"
    assert data["ambiguous"]["google"] == ["google-ai-studio", "google-vertex"]
    text = model_audit("providers")
    assert text.returncode == 0 and "ovhcloud" in text.stdout
    assert all(not line.endswith(" ") and len(line) <= 80 for line in text.stdout.splitlines())


def test_providers_id_and_regions_provider(model_audit: RunCli) -> None:
    one = model_audit("providers", "azure")
    assert one.returncode == 0 and "data-zone-eu" in one.stdout
    regions = json.loads(model_audit("regions", "scaleway", "--json").stdout)["regions"]
    codes = {r["code"]: r for r in regions}
    assert codes["fr-par"]["country"] == "FR" and codes["fr-par"]["eea"] == "yes"
    assert codes["fr-par"]["source"]["url"].startswith("https://")
    hetzner = model_audit("regions", "hetzner")
    assert hetzner.returncode == 0 and "fsn1" in hetzner.stdout
    every = model_audit("regions")
    assert "eusc-de-east-1" in every.stdout and "gra" in every.stdout
    assert all(not line.endswith(" ") for line in every.stdout.splitlines())


@pytest.mark.parametrize(
    "command, name, expected",
    [("providers", "ovh-clod", "did you mean"), ("regions", "google", "ambiguous")],
)
def test_unknown_provider_names_in_the_listings_are_exit_2(
    model_audit: RunCli, command: str, name: str, expected: str
) -> None:
    result = model_audit(command, name)
    assert result.returncode == 2
    assert expected in result.stderr and "Traceback" not in result.stderr


def _bad(entry_changes: dict[str, Any]) -> dict[str, Any]:
    entry = model("m1", source="api", name="gpt-4o", provider="openai")
    entry["hosting"] = {"mode": "api", "regions": ["eu"]}
    for key, value in entry_changes.items():
        if key.startswith("hosting."):
            entry["hosting"][key.removeprefix("hosting.")] = value
        else:
            entry[key] = value
    return inventory(entry)


@pytest.mark.parametrize(
    "changes, field, expected",
    [
        ({"provider": "ovh-clod"}, "models[0].provider", "did you mean 'ovh-cloud'?"),
        ({"provider": "google"}, "models[0].provider", "ambiguous"),
        ({"hosting.regions": ["gra1"]}, "models[0].hosting.regions[0]", "did you mean"),
        ({"hosting.regions": ["westeurop"]}, "models[0].hosting.regions[0]", "'westeurope'"),
        (
            {"hosting.deployment": "datazone-eu", "provider": "azure-openai"},
            "models[0].hosting.deployment",
            "did you mean 'data-zone-eu'?",
        ),
        (
            {"hosting.deployment": "eu", "provider": "cohere"},
            "models[0].hosting.deployment",
            "offers no deployment options",
        ),
    ],
)
@pytest.mark.parametrize("command", ["validate", "scan"])
def test_unknown_catalogue_ids_are_exit_2_with_a_suggestion(
    tmp_path: Path,
    model_audit: RunCli,
    command: str,
    changes: dict[str, Any],
    field: str,
    expected: str,
) -> None:
    write_inventory(tmp_path, _bad(changes))
    args = [command, "inventory.yaml"] + (["--offline"] if command == "scan" else [])
    result = model_audit(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f": {field}: " in result.stderr and expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_custom_location_makes_an_unknown_code_usable(
    tmp_path: Path, model_audit: RunCli
) -> None:
    data = _bad({"hosting.regions": ["lyon-dc"]})
    data["models"][0]["hosting"]["locations"] = [{"name": "lyon-dc", "country": "FR"}]
    write_inventory(tmp_path, data)
    result = model_audit("validate", "inventory.yaml")
    assert result.returncode == 0, result.stderr


def test_the_hospital_inventory_validates_and_scans(tmp_path: Path, model_audit: RunCli) -> None:
    assert model_audit("validate", str(HOSPITAL)).returncode == 0
    result = model_audit(
        "scan", str(HOSPITAL), "--offline", "--as-of", "2026-12-02", "--json", "-", "--quiet"
    )
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    gdpr001 = [f for f in report["findings"] if f["rule"] == "GDPR001"]
    assert gdpr001 == [], "every model keeps patient and personal data in the EEA"
    assert not [f for f in report["findings"] if f["rule"] == "GDPR005"]
    models = yaml.safe_load(HOSPITAL.read_text(encoding="utf-8"))["models"]
    assert {m["provider"] for m in models} == {
        "ovhcloud",
        "azure-openai",
        "amazon-bedrock",
        "google-vertex",
    }


def test_the_hospital_us_profile_is_a_transfer(tmp_path: Path, model_audit: RunCli) -> None:
    text = HOSPITAL.read_text(encoding="utf-8").replace(
        "name: eu.anthropic.", "name: us.anthropic."
    )
    (tmp_path / "inventory.yaml").write_text(text, encoding="utf-8")
    result = model_audit(
        "scan", "inventory.yaml", "--offline", "--as-of", "2026-12-02", "--json", "-", "--quiet"
    )
    assert result.returncode == 1, result.stderr
    findings = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "GDPR001"]
    assert findings and {f["model"] for f in findings} == {"guideline-qa"}
