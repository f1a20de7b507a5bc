"""SARIF 2.1.0: schema-valid, one rule per catalogue entry, one located result per finding."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from report_fixtures import hostile_document, sample_document

from reports.sarif import FINGERPRINT_KEY, render_sarif, sarif_log


@pytest.fixture(scope="module")
def validator(sarif_schema_path: Path) -> jsonschema.protocols.Validator:
    schema = json.loads(sarif_schema_path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def run_of(document: dict[str, Any]) -> dict[str, Any]:
    log = json.loads(render_sarif(document))
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run: dict[str, Any] = log["runs"][0]
    return run


def test_valid_against_the_sarif_schema(validator: jsonschema.protocols.Validator) -> None:
    for document in (sample_document(), hostile_document(long_text=10_000)):
        errors = sorted(validator.iter_errors(json.loads(render_sarif(document))), key=str)
        assert errors == [], errors[:3]


def test_schema_check_can_fail(validator: jsonschema.protocols.Validator) -> None:
    log = json.loads(render_sarif(sample_document()))
    log["runs"][0]["results"][0]["level"] = "severe"
    assert list(validator.iter_errors(log))


def test_driver_and_rules() -> None:
    run = run_of(sample_document())
    driver = run["tool"]["driver"]
    assert driver["name"] == "model-audit"
    assert driver["version"] == "0.1.0" and driver["semanticVersion"] == "0.1.0"
    assert driver["informationUri"].startswith("https://")
    assert driver["properties"]["knowledgeBaseVersion"] == "2026.11"
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == [rule["id"] for rule in sample_document()["rules"]]
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    lic004 = by_id["LIC004"]
    assert lic004["defaultConfiguration"]["level"] == "error"
    assert lic004["properties"]["security-severity"] == "9.5"
    assert "security" in lic004["properties"]["tags"] and "licence" in lic004["properties"]["tags"]
    assert "Stability AI Community License, s. 1" in lic004["help"]["markdown"]
    assert "Remediation:" in lic004["help"]["text"]
    assert lic004["shortDescription"]["text"] == "Licence: revenue threshold"
    assert by_id["GDPR004"]["properties"]["security-severity"] == "8.0"
    assert by_id["AIA004"]["defaultConfiguration"]["level"] == "warning"
    assert by_id["AIA007"]["defaultConfiguration"]["level"] == "note"
    adv = by_id["ADV001"]
    assert adv["defaultConfiguration"]["level"] == "note"
    assert "security" not in adv["properties"]["tags"]


def test_one_result_per_finding_at_its_line() -> None:
    document = sample_document()
    run = run_of(document)
    results = run["results"]
    rules = run["tool"]["driver"]["rules"]
    assert len(results) == len(document["findings"])
    for result, finding in zip(results, document["findings"], strict=True):
        assert result["ruleId"] == finding["rule"]
        assert rules[result["ruleIndex"]]["id"] == finding["rule"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {
            "uri": "inventory/models.yaml",
            "uriBaseId": "%SRCROOT%",
        }
        assert location["region"]["startLine"] == finding["location"]["line"]
        assert result["message"]["text"] == finding["message"]
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["GDPR001"] == "error" and levels["AIA008"] == "warning"
    assert levels["AIA002"] == "note", "a finding's own severity (info before the date) wins"


def test_waived_finding_is_suppressed_and_expired_is_not() -> None:
    results = {r["ruleId"]: r for r in run_of(sample_document())["results"]}
    waived = results["LIC006"]
    assert waived["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "Attribution shown on the partner portal, not in the app "
            "(approved by J. Weber (DPO), until 2027-03-31)",
            "location": {
                "physicalLocation": {
                    "artifactLocation": {"uri": "inventory/models.yaml", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 126},
                }
            },
        }
    ]
    expired = results["LIC004"]
    assert "suppressions" not in expired
    assert expired["properties"]["waiver"]["status"] == "expired"
    assert expired["properties"]["waiver"]["expires"] == "2026-06-30"
    assert "suppressions" not in results["GDPR001"]


def test_line_zero_falls_back_to_the_model_then_to_line_one() -> None:
    document = sample_document()
    document["findings"][0]["location"]["line"] = 0  # notes-gpt, listed at line 40
    document["findings"][-1]["model"] = None
    document["findings"][-1]["location"]["line"] = 0
    results = run_of(document)["results"]
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 40
    assert results[-1]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


def test_fingerprints_are_stable_unique_and_ignore_line_moves() -> None:
    first = [
        r["partialFingerprints"][FINGERPRINT_KEY] for r in run_of(sample_document())["results"]
    ]
    assert len(set(first)) == len(first)
    moved = sample_document()
    for finding in moved["findings"]:
        finding["location"]["line"] += 7
    assert [r["partialFingerprints"][FINGERPRINT_KEY] for r in run_of(moved)["results"]] == first


def test_same_rule_twice_for_one_use_case_gets_two_fingerprints() -> None:
    document = sample_document()
    twin = dict(document["findings"][0], message="personal data reach us-east-1 without a basis")
    document["findings"].insert(1, twin)
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in run_of(document)["results"]]
    assert prints[0] != prints[1]


def test_rule_missing_from_the_catalogue_still_resolves() -> None:
    document = sample_document()
    document["rules"] = [r for r in document["rules"] if r["id"] != "GDPR001"]
    run = run_of(document)
    result = next(r for r in run["results"] if r["ruleId"] == "GDPR001")
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "GDPR001"


def test_absolute_inventory_path_under_the_working_directory_is_made_relative(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    document = sample_document()
    document["inventory"]["path"] = str(tmp_path / "ci" / "inventory.yaml")
    artifact = run_of(document)["artifacts"][0]["location"]
    assert artifact == {"uri": "ci/inventory.yaml", "uriBaseId": "%SRCROOT%"}
    document["inventory"]["path"] = "./my inventory.yaml"
    assert run_of(document)["artifacts"][0]["location"]["uri"] == "my%20inventory.yaml"
    elsewhere = os.path.join(os.path.dirname(tmp_path), "other", "inv.yaml")
    document["inventory"]["path"] = elsewhere
    assert run_of(document)["artifacts"][0]["location"] == {"uri": "file://" + elsewhere}


def test_inventory_hash_and_invocation() -> None:
    run = run_of(sample_document())
    assert run["artifacts"][0]["hashes"]["sha-256"] == sample_document()["inventory"]["sha256"]
    assert run["invocations"][0]["properties"] == {
        "asOf": "2026-11-26",
        "offline": True,
        "failOn": "high",
        "status": "fail",
    }


def test_deterministic_and_long_text_clipped() -> None:
    document = hostile_document(long_text=100_000)
    text = render_sarif(document)
    assert text == render_sarif(hostile_document(long_text=100_000))
    assert len(text) < 1_000_000
    assert "[… truncated: 100,000 characters]" in text
    assert sarif_log(document)["runs"][0]["results"][0]["message"]["text"].startswith("AAAA")
