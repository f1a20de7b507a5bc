"""CycloneDX 1.6 export: schema-valid, one machine-learning-model component per model."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from cyclonedx_validation import node_validate, python_errors

from audit.bom.cyclonedx import render_cyclonedx, serial_number
from audit.bom.facts import BomFacts
from audit.errors import ToolError


def _components(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in document["components"]}


def _chain(component: dict[str, Any]) -> list[dict[str, Any]]:
    """The nested pedigree ancestors, nearest first."""
    out = []
    while component.get("pedigree"):
        (component,) = component["pedigree"]["ancestors"]
        out.append(component)
    return out


def _property(holder: dict[str, Any], name: str) -> str | None:
    values = [p["value"] for p in holder.get("properties", []) if p["name"] == name]
    return values[0] if values else None


@pytest.fixture
def document(scenario_facts: BomFacts) -> dict[str, Any]:
    text = render_cyclonedx(scenario_facts)
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    parsed: dict[str, Any] = json.loads(text)
    return parsed


def test_header_is_deterministic(scenario_facts: BomFacts, document: dict[str, Any]) -> None:
    assert document["bomFormat"] == "CycloneDX"
    assert document["specVersion"] == "1.6"
    assert document["serialNumber"] == f"urn:uuid:{serial_number(scenario_facts)}"
    assert document["metadata"]["timestamp"] == "2026-11-26T00:00:00+00:00"
    assert document["metadata"]["tools"]["components"][0]["name"] == "model-audit"
    assert render_cyclonedx(scenario_facts) == render_cyclonedx(scenario_facts)
    later = dataclasses.replace(scenario_facts, as_of=dt.date(2027, 1, 4))
    assert serial_number(later) != serial_number(scenario_facts)


def test_every_model_is_a_machine_learning_model(document: dict[str, Any]) -> None:
    components = _components(document)

    assert set(components) == {
        "meta-llama/Llama-3.1-8B-Instruct",
        "acme/med-8b",
        "claims-classifier",
        "gpt-4o",
    }
    assert {c["type"] for c in components.values()} == {"machine-learning-model"}
    (root,) = [d for d in document["dependencies"] if d["ref"] == "inventory"]
    assert sorted(root["dependsOn"]) == sorted(c["bom-ref"] for c in components.values())
    chat = components["meta-llama/Llama-3.1-8B-Instruct"]
    assert chat["version"] == "0e9e39f"
    assert chat["supplier"] == {"name": "meta-llama", "url": ["https://huggingface.co/meta-llama"]}
    assert chat["externalReferences"] == [
        {
            "comment": "Hugging Face Hub repository",
            "type": "distribution",
            "url": "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct",
        }
    ]
    assert components["gpt-4o"]["supplier"] == {"name": "openai"}
    assert _property(components["acme/med-8b"], "model-audit:inventory-id") == "med"


def test_licences_concluded_on_the_component_declared_in_evidence(
    document: dict[str, Any],
) -> None:
    components = _components(document)

    classifier = components["claims-classifier"]
    assert classifier["licenses"] == [
        {
            "license": {
                "acknowledgement": "concluded",
                "id": "MIT",
                "url": "https://spdx.org/licenses/MIT.html",
            }
        }
    ]
    assert classifier["evidence"]["licenses"] == [
        {"acknowledgement": "declared", "expression": "MIT OR Apache-2.0"}
    ]
    # a licence without an SPDX id is given by name, with the URL of its text
    (llama,) = components["meta-llama/Llama-3.1-8B-Instruct"]["licenses"]
    assert llama["license"]["name"] == "Llama 3.1 Community License Agreement"
    assert llama["license"]["url"].endswith("/models/llama3_1/LICENSE")
    assert "licenses" not in components["gpt-4o"]


def test_lineage_is_nested_pedigree_nearest_first(document: dict[str, Any]) -> None:
    components = _components(document)

    chain = _chain(components["acme/med-8b"])
    assert [a["name"] for a in chain] == [
        "meta-llama/Llama-3.1-8B-Instruct",
        "meta-llama/Llama-3.1-8B",
    ]
    assert [_property(a, "model-audit:lineage-depth") for a in chain] == ["1", "2"]
    assert {a["type"] for a in chain} == {"machine-learning-model"}
    assert chain[1]["licenses"][0]["license"]["acknowledgement"] == "declared"
    assert [a["name"] for a in _chain(components["claims-classifier"])] == []


def test_model_card_has_parameters_and_considerations(document: dict[str, Any]) -> None:
    chat = _components(document)["meta-llama/Llama-3.1-8B-Instruct"]
    card = chat["modelCard"]

    assert card["modelParameters"]["architectureFamily"] == "llama"
    assert card["modelParameters"]["datasets"] == [{"type": "dataset", "name": "acme/claims-2025"}]
    assert card["modelParameters"]["inputs"] == [{"format": "string"}]
    assert card["considerations"]["users"] == ["customers"]
    assert card["considerations"]["useCases"] == ["claims-chat: Answer policy holders' questions"]
    risks = card["considerations"]["ethicalConsiderations"]
    assert any(r["name"].startswith("LIC006") and r["mitigationStrategy"] for r in risks)
    assert _property(card, "model-audit:safety-risk-assessment") == "medium"
    assert _property(card, "model-audit:ai-act-risk-class") == "claims-chat: transparency"
    assert _property(card, "model-audit:sensitive-personal-information") == "yes"
    assert _property(card, "model-audit:training-compute-flops") == "3.8e+25"
    for component in _components(document).values():
        assert "modelParameters" in component["modelCard"]


def test_a_schema_violation_is_a_tool_error(
    scenario_facts: BomFacts, monkeypatch: pytest.MonkeyPatch
) -> None:
    import audit.bom.cyclonedx as cyclonedx

    def bad_card(model: Any) -> dict[str, Any]:
        return {"modelParameters": {"approach": {"type": "guesswork"}}}

    monkeypatch.setattr(cyclonedx, "model_card", bad_card)
    with pytest.raises(ToolError, match="CycloneDX 1.6 schema"):
        render_cyclonedx(scenario_facts)


def test_the_cyclonedx_node_library_accepts_the_export(
    scenario_facts: BomFacts, tmp_path: Path
) -> None:
    """@cyclonedx/cyclonedx-library's strict validator, and a broken copy it must refuse."""
    good, bad = tmp_path / "bom.cdx.json", tmp_path / "broken.cdx.json"
    good.write_text(render_cyclonedx(scenario_facts), encoding="utf-8")
    broken = json.loads(good.read_text(encoding="utf-8"))
    broken["components"][0]["type"] = "large-language-thing"
    bad.write_text(json.dumps(broken), encoding="utf-8")

    accepted = node_validate(good)
    refused = node_validate(bad)

    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert python_errors(bad.read_text(encoding="utf-8")) is not None
