"""SPDX 3.0.1 export: every model, its licences and lineage, checked by SPDX's own tools."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from spdx_validation import assert_spdx3_conformant, read_back, spdx_files_dir
from support import audit, inventory, model

from audit.bom.facts import BomFacts, collect_facts
from audit.bom.spdx3 import NO_ASSERTION, PROFILE_REQUIREMENTS, SPDX_CONTEXT, render_spdx3
from reports.document import build_report

NO_ASSERTION_LICENSE = "expandedlicensing_NoAssertionLicense"


def _document(facts: BomFacts) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render_spdx3(facts))
    return data


def _graph(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node.get("spdxId", node.get("@id")): node for node in document["@graph"]}


def _of_type(document: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [n for n in document["@graph"] if n["type"] == kind]


def _packages(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """AI packages by name."""
    return {n["name"]: n for n in _of_type(document, "ai_AIPackage")}


def _related(document: dict[str, Any], source: str, kind: str) -> list[str]:
    return [
        target
        for n in _of_type(document, "Relationship")
        if n["from"] == source and n["relationshipType"] == kind
        for target in n["to"]
    ]


def _licence_of(document: dict[str, Any], package: str, kind: str) -> str | None:
    (target,) = _related(document, package, kind)
    if target == NO_ASSERTION_LICENSE:
        return None
    return str(_graph(document)[target]["simplelicensing_licenseExpression"])


def _spdx_document(document: dict[str, Any]) -> dict[str, Any]:
    (node,) = _of_type(document, "SpdxDocument")
    return node


def test_spdx3_validate_finds_the_export_conformant(
    scenario_facts: BomFacts, shared_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "bom.spdx.json"
    path.write_text(render_spdx3(scenario_facts), encoding="utf-8")

    assert_spdx3_conformant(path, spdx_files_dir(shared_dir))


def test_spdx_python_model_reads_the_export_back(scenario_facts: BomFacts) -> None:
    document = _document(scenario_facts)
    assert document["@context"] == SPDX_CONTEXT

    spdx, objects = read_back(document)

    packages = sorted(objects.foreach_type(spdx.ai_AIPackage), key=lambda p: p.name)
    assert [p.name for p in packages] == sorted(_packages(document))
    (creation,) = {p.creationInfo.specVersion for p in packages}
    assert creation == "3.0.1"
    assert all(p.releaseTime == dt.datetime(2026, 11, 26, tzinfo=dt.timezone.utc) for p in packages)


def test_every_package_has_what_each_claimed_profile_requires(scenario_facts: BomFacts) -> None:
    """The model's rules SHACL leaves out: releaseTime, packageVersion, downloadLocation, ..."""
    document = _document(scenario_facts)
    claimed = _spdx_document(document)["profileConformance"]

    assert "ai" in claimed
    for package in _of_type(document, "ai_AIPackage"):
        for field in PROFILE_REQUIREMENTS["ai"][1]:
            assert package.get(field), (package["name"], field)
        for kind in ("hasDeclaredLicense", "hasConcludedLicense"):
            assert len(_related(document, package["spdxId"], kind)) == 1, (package["name"], kind)
    # the audit knows no build or release time of a dataset: the profile is not claimed
    assert _of_type(document, "dataset_DatasetPackage")
    assert "dataset" not in claimed


def test_unknown_version_and_location_are_no_assertion(scenario_facts: BomFacts) -> None:
    packages = _packages(_document(scenario_facts))

    chat = packages["meta-llama/Llama-3.1-8B-Instruct"]
    assert chat["software_packageVersion"] == "0e9e39f"
    assert chat["software_downloadLocation"] == (
        "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct"
    )
    for local_or_api in ("acme/med-8b", "claims-classifier", "gpt-4o"):
        assert packages[local_or_api]["software_packageVersion"] == NO_ASSERTION
        assert packages[local_or_api]["software_downloadLocation"] == NO_ASSERTION
        assert "releaseTime" in packages[local_or_api]["comment"]


def test_every_model_is_a_root_ai_package_with_its_facts(scenario_facts: BomFacts) -> None:
    document = _document(scenario_facts)
    packages = _packages(document)

    names = ["meta-llama/Llama-3.1-8B-Instruct", "acme/med-8b", "claims-classifier", "gpt-4o"]
    assert _spdx_document(document)["rootElement"] == [packages[n]["spdxId"] for n in names]
    chat = packages["meta-llama/Llama-3.1-8B-Instruct"]
    assert chat["software_primaryPurpose"] == "model"
    assert _graph(document)[chat["suppliedBy"]]["name"] == "meta-llama"
    assert chat["ai_useSensitivePersonalInformation"] == "yes"
    assert chat["ai_safetyRiskAssessment"] == "medium"  # Art. 50 transparency
    assert "llama family" in chat["ai_typeOfModel"]
    assert "training compute 3.8e+25 FLOP" in chat["ai_informationAboutTraining"]

    med = packages["acme/med-8b"]
    assert med["ai_domain"] == ["essential-services"]
    assert med["ai_safetyRiskAssessment"] == "high"
    assert _graph(document)[med["suppliedBy"]]["name"] == "acme"

    frontier = packages["gpt-4o"]
    assert _graph(document)[frontier["suppliedBy"]]["name"] == "openai"
    assert frontier["ai_useSensitivePersonalInformation"] == "noAssertion"
    assert "ai_safetyRiskAssessment" not in frontier  # its use case is unclassified

    classifier = packages["claims-classifier"]
    assert classifier["ai_useSensitivePersonalInformation"] == "no"
    assert classifier["ai_safetyRiskAssessment"] == "low"


def test_findings_are_review_annotations_not_standard_compliance(
    scenario_facts: BomFacts,
) -> None:
    document = _document(scenario_facts)
    packages = _packages(document)
    chat = packages["meta-llama/Llama-3.1-8B-Instruct"]

    assert all("ai_standardCompliance" not in p for p in packages.values())
    assert all("ai_limitation" not in p for p in packages.values())
    annotations = [a for a in _of_type(document, "Annotation") if a["subject"] == chat["spdxId"]]
    assert annotations and all(a["annotationType"] == "review" for a in annotations)
    chat_facts = next(m for m in scenario_facts.models if m.id == "chat")
    assert len(annotations) == len(chat_facts.findings)
    assert any("LIC006" in a["statement"] for a in annotations)


def test_declared_and_concluded_licences(scenario_facts: BomFacts) -> None:
    document = _document(scenario_facts)
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
    assert _licence_of(document, packages["gpt-4o"], "hasConcludedLicense") is None


def test_licence_ref_carries_the_url_of_its_text(scenario_facts: BomFacts) -> None:
    document = _document(scenario_facts)
    licences = {
        n["simplelicensing_licenseExpression"]: n
        for n in _of_type(document, "simplelicensing_LicenseExpression")
    }
    llama = licences["LicenseRef-scancode-llama-3.1-license-2024"]
    assert llama["name"] == "Llama 3.1 Community License Agreement"
    assert llama["simplelicensing_customIdToUri"] == [
        {
            "type": "DictionaryEntry",
            "key": "LicenseRef-scancode-llama-3.1-license-2024",
            "value": "https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE",
        }
    ]
    assert "simplelicensing_customIdToUri" not in licences["MIT"]


def test_a_proprietary_licence_points_at_the_provider_not_the_spdx_list(tmp_path: Path) -> None:
    api = model(
        "frontier",
        name="gpt-4o",
        source="api",
        provider="openai",
        licence="proprietary",
        hosting={"mode": "api", "regions": ["US"]},
        use_cases=[],
    )
    result = audit(tmp_path, inventory(api))
    document = _document(collect_facts(result, build_report(result)))
    (package,) = _of_type(document, "ai_AIPackage")

    concluded = _licence_of(document, package["spdxId"], "hasConcludedLicense")
    assert concluded == "LicenseRef-proprietary-openai"
    (licence,) = _of_type(document, "simplelicensing_LicenseExpression")
    (entry,) = licence["simplelicensing_customIdToUri"]
    terms = _graph(document)[entry["value"]]
    assert terms["type"] == "simplelicensing_SimpleLicensingText"
    assert "OpenAI API (openai)" in terms["simplelicensing_licenseText"]
    assert "spdx.org/licenses" not in json.dumps(document)


def test_lineage_is_a_chain_of_descendant_of(scenario_facts: BomFacts) -> None:
    document = _document(scenario_facts)
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
    assert base["software_downloadLocation"] == "https://huggingface.co/meta-llama/Llama-3.1-8B"
    assert _licence_of(document, base["spdxId"], "hasDeclaredLicense") == (
        "LicenseRef-scancode-llama-3.1-license-2024"
    )
    assert _licence_of(document, base["spdxId"], "hasConcludedLicense") is None


def test_datasets_named_in_a_card_are_trained_on(scenario_facts: BomFacts) -> None:
    document = _document(scenario_facts)
    chat = _packages(document)["meta-llama/Llama-3.1-8B-Instruct"]

    (target,) = _related(document, chat["spdxId"], "trainedOn")
    dataset = _graph(document)[target]
    assert dataset["type"] == "dataset_DatasetPackage"
    assert dataset["name"] == "acme/claims-2025"
    assert dataset["software_downloadLocation"] == (
        "https://huggingface.co/datasets/acme/claims-2025"
    )
    assert _graph(document)[dataset["originatedBy"][0]]["name"] == "acme"
    assert dataset["dataset_datasetType"] == ["noAssertion"]
    for kind in ("hasDeclaredLicense", "hasConcludedLicense"):
        assert _related(document, target, kind) == [NO_ASSERTION_LICENSE]


def test_output_is_deterministic_and_dated_by_as_of(scenario_facts: BomFacts) -> None:
    first = render_spdx3(scenario_facts)
    assert render_spdx3(scenario_facts) == first

    later = dataclasses.replace(scenario_facts, as_of=dt.date(2027, 1, 4))
    other = json.loads(render_spdx3(later))
    assert other["@graph"][0]["created"] == "2027-01-04T00:00:00Z"
    assert _spdx_document(other)["spdxId"] != _spdx_document(json.loads(first))["spdxId"]


@pytest.mark.parametrize("model_id", ["Claims Classifier #2 (ä)", "a/b?c=d"])
def test_an_inventory_id_that_is_no_iri_still_gives_valid_ids(
    scenario_facts: BomFacts, model_id: str
) -> None:
    odd = dataclasses.replace(scenario_facts.models[2], id=model_id)
    facts = dataclasses.replace(scenario_facts, models=(*scenario_facts.models[:2], odd))

    document = _document(facts)

    spdx, objects = read_back(document)
    ids = [p.spdxId for p in objects.foreach_type(spdx.ai_AIPackage)]
    assert all(" " not in i and "?" not in i.partition("#")[2] for i in ids)
