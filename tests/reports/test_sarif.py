"""SARIF 2.1.0: schema-valid, one rule per catalogue entry, one located result per finding."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.request import url2pathname

import jsonschema
import pytest
from github_sarif import github_problems
from report_fixtures import hostile_document, sample_document

from audit.errors import InputError
from audit.findings import Severity
from audit.rules.registry import all_rules
from reports.sarif import FINGERPRINT_KEY, SarifOptions, render_sarif, sarif_log

ROOT = Path(__file__).resolve().parents[2]
INCLUDE_ALL = SarifOptions(waived="include", min_severity=Severity.INFO)


@pytest.fixture(autouse=True)
def outside_any_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from an empty folder outside git, so URIs are relative to the working folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.delenv("MODEL_AUDIT_DOCS_URL", raising=False)


@pytest.fixture(scope="module")
def validator(sarif_schema_path: Path) -> jsonschema.protocols.Validator:
    schema = json.loads(sarif_schema_path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def run_of(document: dict[str, Any], options: SarifOptions = INCLUDE_ALL) -> dict[str, Any]:
    log = json.loads(render_sarif(document, options))
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run: dict[str, Any] = log["runs"][0]
    return run


def test_valid_against_the_sarif_schema(validator: jsonschema.protocols.Validator) -> None:
    for document in (sample_document(), hostile_document(long_text=10_000)):
        for options in (SarifOptions(), INCLUDE_ALL):
            log = json.loads(render_sarif(document, options))
            errors = sorted(validator.iter_errors(log), key=str)
            assert errors == [], errors[:3]


def test_schema_check_can_fail(validator: jsonschema.protocols.Validator) -> None:
    log = json.loads(render_sarif(sample_document()))
    log["runs"][0]["results"][0]["level"] = "severe"
    assert list(validator.iter_errors(log))
    log = json.loads(render_sarif(sample_document()))
    log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"] = "file:///"
    assert list(validator.iter_errors(log))


def test_driver_and_rules() -> None:
    run = run_of(sample_document())
    driver = run["tool"]["driver"]
    assert driver["name"] == "model-audit"
    assert driver["version"] == "0.1.0" and driver["semanticVersion"] == "0.1.0"
    # run from this checkout, the docs are its own docs/rules folder
    assert driver["informationUri"] == (ROOT / "docs" / "rules").as_uri() + "/"
    for rule in driver["rules"]:
        if rule["id"] in {r.id for r in all_rules()}:
            assert Path(url2pathname(rule["helpUri"].removeprefix("file://"))).is_file()
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
        "minSeverity": "info",
        "waived": "include",
    }


def test_deterministic_and_long_text_clipped() -> None:
    document = hostile_document(long_text=100_000)
    text = render_sarif(document)
    assert text == render_sarif(hostile_document(long_text=100_000))
    assert len(text) < 1_000_000
    assert "[… truncated: 100,000 characters]" in text
    assert sarif_log(document)["runs"][0]["results"][0]["message"]["text"].startswith("AAAA")


def test_default_log_meets_githubs_rules() -> None:
    for document in (sample_document(), hostile_document(long_text=10_000)):
        assert github_problems(json.loads(render_sarif(document))) == []
        included = json.loads(render_sarif(document, INCLUDE_ALL))
        assert github_problems(included, suppressed_allowed=True) == []


def test_github_checks_can_fail() -> None:
    """Each GitHub rule the checks encode catches the defect it is about."""

    def broken(change: Any) -> list[str]:
        log = json.loads(render_sarif(sample_document()))
        change(log["runs"][0])
        return github_problems(log)

    def absolute_uri(run: dict[str, Any]) -> None:
        location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        location.update(uri="file:///elsewhere/inventory.yaml")

    def twin(run: dict[str, Any]) -> None:
        run["results"].append(dict(run["results"][0]))

    def info_alert(run: dict[str, Any]) -> None:
        run["results"][0]["properties"]["severity"] = "info"

    def zero_score(run: dict[str, Any]) -> None:
        run["tool"]["driver"]["rules"][-1]["properties"]["security-severity"] = "0.0"

    def suppressed(run: dict[str, Any]) -> None:
        run["results"][0]["suppressions"] = [{"kind": "external"}]

    def no_category(run: dict[str, Any]) -> None:
        del run["automationDetails"]

    def level_off_band(run: dict[str, Any]) -> None:
        run["results"][0]["level"] = "note"

    for change in (
        absolute_uri,
        twin,
        info_alert,
        zero_score,
        suppressed,
        no_category,
        level_off_band,
    ):
        assert broken(change), change.__name__


def test_waived_and_info_findings_are_not_results_by_default() -> None:
    document = sample_document()
    results = run_of(document, SarifOptions())["results"]
    assert {r["ruleId"] for r in results}.isdisjoint({"LIC006", "ADV001", "ADV002", "ADV003"})
    assert all("suppressions" not in r for r in results)
    assert all(r["properties"]["severity"] != "info" for r in results)
    expected = [f for f in document["findings"] if f["severity"] != "info" and not f["waived"]]
    assert len(results) == len(expected)
    assert "LIC004" in {r["ruleId"] for r in results}, "an expired waiver suppresses nothing"


def test_min_severity_and_waived_include() -> None:
    document = sample_document()
    high = run_of(document, SarifOptions(min_severity=Severity.HIGH))["results"]
    assert high and all(r["properties"]["severity"] in ("critical", "high") for r in high)
    waived = run_of(document, SarifOptions(waived="include"))["results"]
    assert [r["ruleId"] for r in waived if r.get("suppressions")] == ["LIC006"]


def test_security_severity_only_where_every_result_is_an_alert_of_one_band() -> None:
    document = sample_document()
    aia002 = next(f for f in document["findings"] if f["rule"] == "AIA002")
    assert aia002["severity"] == "info"
    document["findings"].append(dict(aia002, severity="high", use_case="other", message="m"))
    for options in (SarifOptions(), INCLUDE_ALL):
        rules = {r["id"]: r for r in run_of(document, options)["tool"]["driver"]["rules"]}
        for rule_id in ("ADV001", "ADV002", "ADV003"):
            assert "security-severity" not in rules[rule_id]["properties"]
            assert "security" not in rules[rule_id]["properties"]["tags"]
        assert rules["LIC001"]["properties"]["security-severity"] == "8.0"
    only_high = run_of(document, SarifOptions())["tool"]["driver"]["rules"]
    assert next(r for r in only_high if r["id"] == "AIA002")["properties"]["security-severity"]
    mixed = next(r for r in run_of(document)["tool"]["driver"]["rules"] if r["id"] == "AIA002")
    assert "security-severity" not in mixed["properties"], "info and high results: no one band"


def test_rules_link_to_their_documentation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODEL_AUDIT_DOCS_URL", "https://example.org/model-audit/docs/rules")
    driver = run_of(sample_document())["tool"]["driver"]
    assert driver["informationUri"] == "https://example.org/model-audit/docs/rules/"
    for rule in driver["rules"]:
        assert rule["helpUri"] == f"https://example.org/model-audit/docs/rules/{rule['id']}.md"
        assert rule["helpUri"] in rule["help"]["markdown"]


def test_a_bad_docs_url_is_unusable_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODEL_AUDIT_DOCS_URL", "javascript:alert(1)")
    with pytest.raises(InputError, match="MODEL_AUDIT_DOCS_URL"):
        render_sarif(sample_document())


def test_fingerprint_from_the_document_is_the_result_fingerprint() -> None:
    document = sample_document()
    for i, finding in enumerate(document["findings"]):
        finding["fingerprint"] = f"{i:032x}"
    results = run_of(document)["results"]
    assert [r["partialFingerprints"][FINGERPRINT_KEY] for r in results] == [
        f["fingerprint"] for f in document["findings"]
    ]


def test_automation_id_names_the_inventory() -> None:
    run = run_of(sample_document())
    assert run["automationDetails"] == {"id": "model-audit/inventory/models.yaml/"}


def test_more_results_than_github_accepts_is_a_clear_error() -> None:
    document = sample_document()
    template = next(f for f in document["findings"] if f["severity"] == "high" and not f["waived"])
    document["findings"] = [
        dict(template, message=f"finding {i}", fingerprint=f"{i:032x}") for i in range(25_001)
    ]
    with pytest.raises(InputError) as caught:
        render_sarif(document, SarifOptions(destination="out.sarif"))
    text = str(caught.value)
    assert "out.sarif" in text and "25,001 results" in text and "25,000" in text
    assert "--sarif-min-severity" in text
    document["findings"] = document["findings"][:25_000]
    assert len(sarif_log(document)["runs"][0]["results"]) == 25_000
