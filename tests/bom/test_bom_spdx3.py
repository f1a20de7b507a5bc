"""SPDX 3.0.1 export: every model, its licences and lineage, in a well-formed JSON-LD graph."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
from typing import Any

import pytest

from audit.bom.facts import BomFacts
from audit.bom.spdx3 import NO_ASSERTION_LICENSE, build_spdx3, render_spdx3
from audit.bom.spdx3_check import SPDX_CONTEXT, check_spdx3
from audit.errors import ToolError


def _graph(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node.get("spdxId", node.get("@id")): node for node in document["@graph"]}


def _packages(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """AI packages by name."""
    return {n["name"]: n for n in document["@graph"] if n["type"] == "ai_AIPackage"}


def _related(document: dict[str, Any], source: str, kind: str) -> list[str]:
    return [
        target
        for n in document["@graph"]
        if n["type"] == "Relationship" and n["from"] == source and n["relationshipType"] == kind
        for target in n["to"]
    ]


def _licence_of(document: dict[str, Any], package: str, kind: str) -> str | None:
    (target,) = _related(document, package, kind)
    if target == NO_ASSERTION_LICENSE:
        return None
    return str(_graph(document)[target]["simplelicensing_licenseExpression"])


def test_the_export_is_well_formed(scenario_facts: BomFacts) -> None:
    document = json.loads(render_spdx3(scenario_facts))

    assert check_spdx3(document) == []
    assert document["@context"] == SPDX_CONTEXT
    creation = document["@graph"][0]
    assert creation["type"] == "CreationInfo"
    assert creation["specVersion"] == "3.0.1"
    assert creation["created"] == "2026-11-26T00:00:00Z"
    creator = _graph(document)[creation["createdBy"][0]]
    assert (creator["type"], creator["name"]) == ("Organization", "Acme Health GmbH")


def test_every_model_is_a_root_ai_package_with_its_facts(scenario_facts: BomFacts) -> None:
    document = build_spdx3(scenario_facts)
    packages = _packages(document)
    (spdx_document,) = [n for n in document["@graph"] if n["type"] == "SpdxDocument"]

    names = ["meta-llama/Llama-3.1-8B-Instruct", "acme/med-8b", "claims-classifier", "gpt-4o"]
    assert spdx_document["rootElement"] == [packages[name]["spdxId"] for name in names]
    chat = packages["meta-llama/Llama-3.1-8B-Instruct"]
    assert chat["software_packageVersion"] == "0e9e39f"
    assert chat["software_downloadLocation"] == (
        "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct"
    )
    assert chat["software_primaryPurpose"] == "model"
    assert _graph(document)[chat["suppliedBy"]]["name"] == "meta-llama"
    assert chat["ai_useSensitivePersonalInformation"] == "yes"
    assert chat["ai_safetyRiskAssessment"] == "medium"  # Art. 50 transparency
    assert "llama family" in chat["ai_typeOfModel"]
    assert "training compute 3.8e+25 FLOP" in chat["ai_informationAboutTraining"]
    assert "LIC006" in chat["ai_limitation"]
    assert any(line.startswith("EU AI Act") for line in chat["ai_standardCompliance"])

    med = packages["acme/med-8b"]
    assert med["ai_domain"] == ["essential-services"]
    assert med["ai_safetyRiskAssessment"] == "high"
    assert "software_downloadLocation" not in med  # a local model has no public location
    assert _graph(document)[med["suppliedBy"]]["name"] == "acme"

    frontier = packages["gpt-4o"]
    assert _graph(document)[frontier["suppliedBy"]]["name"] == "openai"
    assert frontier["ai_useSensitivePersonalInformation"] == "noAssertion"
    assert "ai_safetyRiskAssessment" not in frontier  # its use case is unclassified

    classifier = packages["claims-classifier"]
    assert classifier["ai_useSensitivePersonalInformation"] == "no"
    assert classifier["ai_safetyRiskAssessment"] == "low"
    assert "ai_limitation" not in classifier


def test_declared_and_concluded_licences(scenario_facts: BomFacts) -> None:
    document = build_spdx3(scenario_facts)
    packages = {name: n["spdxId"] for name, n in _packages(document).items()}

    classifier = packages["claims-classifier"]
    assert _licence_of(document, classifier, "hasDeclaredLicense") == "MIT OR Apache-2.0"
    assert _licence_of(document, classifier, "hasConcludedLicense") == "MIT"
    chat = packages["meta-llama/Llama-3.1-8B-Instruct"]
    assert _licence_of(document, chat, "hasConcludedLicense") == (
        "LicenseRef-scancode-llama-3.1-license-2024"
    )
    # the fine-tune's own source states nothing; its licence was concluded from its base
    med = packages["acme/med-8b"]
    assert _licence_of(document, med, "hasDeclaredLicense") is None
    assert _licence_of(document, med, "hasConcludedLicense") == (
        "LicenseRef-scancode-llama-3.1-license-2024"
    )
    frontier = packages["gpt-4o"]
    assert _licence_of(document, frontier, "hasConcludedLicense") is None


def test_licence_ref_carries_the_url_of_its_text(scenario_facts: BomFacts) -> None:
    document = build_spdx3(scenario_facts)
    (llama,) = [
        n
        for n in document["@graph"]
        if n.get("simplelicensing_licenseExpression")
        == "LicenseRef-scancode-llama-3.1-license-2024"
    ]
    assert llama["name"] == "Llama 3.1 Community License Agreement"
    assert llama["simplelicensing_customIdToUri"] == [
        {
            "type": "DictionaryEntry",
            "key": "LicenseRef-scancode-llama-3.1-license-2024",
            "value": "https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE",
        }
    ]
    (mit,) = [n for n in document["@graph"] if n.get("simplelicensing_licenseExpression") == "MIT"]
    assert "simplelicensing_customIdToUri" not in mit


def test_lineage_is_a_chain_of_descendant_of(scenario_facts: BomFacts) -> None:
    document = build_spdx3(scenario_facts)
    graph = _graph(document)
    packages = _packages(document)

    def parents(name: str) -> list[str]:
        return [
            graph[t]["name"] for t in _related(document, packages[name]["spdxId"], "descendantOf")
        ]

    # the local fine-tune's base is the inventory's own Hub model: one package, not two
    assert parents("acme/med-8b") == ["meta-llama/Llama-3.1-8B-Instruct"]
    assert parents("meta-llama/Llama-3.1-8B-Instruct") == ["meta-llama/Llama-3.1-8B"]
    assert parents("meta-llama/Llama-3.1-8B") == []
    base = packages["meta-llama/Llama-3.1-8B"]
    assert base["summary"] == "base model"
    assert _licence_of(document, base["spdxId"], "hasDeclaredLicense") == (
        "LicenseRef-scancode-llama-3.1-license-2024"
    )
    assert _licence_of(document, base["spdxId"], "hasConcludedLicense") is None
    assert len([n for n in packages.values() if n["name"] == "meta-llama/Llama-3.1-8B"]) == 1


def test_datasets_named_in_a_card_are_trained_on(scenario_facts: BomFacts) -> None:
    document = build_spdx3(scenario_facts)
    chat = _packages(document)["meta-llama/Llama-3.1-8B-Instruct"]

    (target,) = _related(document, chat["spdxId"], "trainedOn")
    dataset = _graph(document)[target]
    assert dataset["type"] == "dataset_DatasetPackage"
    assert dataset["name"] == "acme/claims-2025"
    assert (
        dataset["software_downloadLocation"] == "https://huggingface.co/datasets/acme/claims-2025"
    )
    assert dataset["dataset_datasetType"] == ["noAssertion"]


def test_output_is_deterministic_and_dated_by_as_of(scenario_facts: BomFacts) -> None:
    first = render_spdx3(scenario_facts)
    assert render_spdx3(scenario_facts) == first

    later = dataclasses.replace(scenario_facts, as_of=dt.date(2027, 1, 4))
    other = json.loads(render_spdx3(later))
    assert other["@graph"][0]["created"] == "2027-01-04T00:00:00Z"
    assert other["@graph"][1]["spdxId"] != json.loads(first)["@graph"][1]["spdxId"]


def test_an_inventory_id_that_is_no_iri_still_gives_valid_ids(scenario_facts: BomFacts) -> None:
    odd = dataclasses.replace(scenario_facts.models[2], id="Claims Classifier #2 (ä)")
    facts = dataclasses.replace(scenario_facts, models=(*scenario_facts.models[:2], odd))

    document = build_spdx3(facts)

    assert check_spdx3(document) == []
    assert any(
        " " not in n["spdxId"] and "%20" in n["spdxId"] for n in _packages(document).values()
    )


def _break(document: dict[str, Any], how: str) -> dict[str, Any]:
    broken = copy.deepcopy(document)
    graph = broken["@graph"]
    packages = [n for n in graph if n["type"] == "ai_AIPackage"]
    relationships = [n for n in graph if n["type"] == "Relationship"]
    if how == "context":
        broken["@context"] = "https://spdx.org/rdf/3.0.0/spdx-context.jsonld"
    elif how == "duplicate-id":
        packages[1]["spdxId"] = packages[0]["spdxId"]
    elif how == "dangling-endpoint":
        relationships[0]["to"] = [packages[0]["spdxId"] + "-missing"]
    elif how == "no-concluded-licence":
        graph.remove(
            next(r for r in relationships if r["relationshipType"] == "hasConcludedLicense")
        )
    elif how == "unknown-relationship":
        relationships[0]["relationshipType"] = "derivedFrom"
    elif how == "bad-risk":
        packages[0]["ai_safetyRiskAssessment"] = "critical"
    elif how == "bad-expression":
        licence = next(n for n in graph if n["type"] == "simplelicensing_LicenseExpression")
        licence["simplelicensing_licenseExpression"] = "MIT OR OR"
    elif how == "supplier-not-agent":
        packages[0]["suppliedBy"] = packages[1]["spdxId"]
    elif how == "undefined-creation-info":
        packages[0]["creationInfo"] = "_:other"
    return broken


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("context", "@context"),
        ("duplicate-id", "is used by 2 elements"),
        ("dangling-endpoint", "is not defined"),
        ("no-concluded-licence", "expected exactly one hasConcludedLicense"),
        ("unknown-relationship", "'derivedFrom' is not an SPDX 3.0.1 type"),
        ("bad-risk", "ai_safetyRiskAssessment 'critical'"),
        ("bad-expression", "is not an SPDX licence expression"),
        ("supplier-not-agent", "is not a defined agent"),
        ("undefined-creation-info", "creationInfo '_:other' is not defined"),
    ],
)
def test_the_checker_finds_each_kind_of_defect(
    scenario_facts: BomFacts, how: str, expected: str
) -> None:
    problems = check_spdx3(_break(build_spdx3(scenario_facts), how))

    assert any(expected in p for p in problems), problems


def test_a_defective_export_is_a_tool_error(
    scenario_facts: BomFacts, monkeypatch: pytest.MonkeyPatch
) -> None:
    import audit.bom.spdx3 as spdx3

    monkeypatch.setattr(spdx3, "PROFILES", ())
    monkeypatch.setattr(spdx3, "SPEC_VERSION", "")
    with pytest.raises(
        ToolError, match="not well-formed: CreationInfo _:creationinfo: specVersion"
    ):
        render_spdx3(scenario_facts)
