"""BOM facts: licence ids, the AI Act risk mapping and personal-data presence."""

from __future__ import annotations

from pathlib import Path

import pytest
from bom_scenario import fake_lookup
from support import audit, inventory, model

from audit.bom.facts import collect_facts, hub_owner, hub_url
from audit.bom.licence_ids import (
    licence_for_key,
    licence_for_statement,
    licence_ref,
    listed_expression,
)
from audit.bom.risk import model_safety_risk, use_case_safety_risk
from reports.document import build_report


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mit", "MIT"),
        ("apache-2.0", "Apache-2.0"),
        ("cc-by-nc-4.0", "CC-BY-NC-4.0"),
        ("mit or apache-2.0", "MIT OR Apache-2.0"),
        ("llama3.1", None),
        ("Apache 2.0", None),
        ("MIT AND", None),
        ("LicenseRef-scancode-llama-3.1-license-2024", None),
    ],
)
def test_listed_expression_accepts_only_spdx_listed_licences(
    text: str, expected: str | None
) -> None:
    assert listed_expression(text) == expected


def test_licence_ref_makes_a_valid_idstring() -> None:
    assert licence_ref("llama3.1") == "LicenseRef-llama3.1"
    assert licence_ref("other / deepseek-license") == "LicenseRef-other-deepseek-license"
    assert licence_ref("openrail++") != licence_ref("openrail")
    assert licence_ref("LicenseRef-acme x") == "LicenseRef-acme-x"


def test_licence_for_key_without_a_knowledge_base() -> None:
    assert licence_for_key("mit", None).expression == "MIT"
    assert licence_for_key("mit", None).listed
    unknown = licence_for_key("llama3.1", None)
    assert (unknown.expression, unknown.listed, unknown.url) == ("LicenseRef-llama3.1", False, None)
    assert licence_for_key(None, None).expression is None


def test_licence_for_key_with_the_knowledge_base() -> None:
    llama = licence_for_key("llama3.1", fake_lookup)
    assert llama.expression == "LicenseRef-scancode-llama-3.1-license-2024"
    assert llama.name == "Llama 3.1 Community License Agreement"
    assert llama.url and llama.url.startswith("https://github.com/meta-llama/")
    assert llama.licence_refs == ("LicenseRef-scancode-llama-3.1-license-2024",)


def test_licence_for_statement_keeps_what_the_source_said() -> None:
    compound = licence_for_statement("MIT OR Apache-2.0", "mit", fake_lookup)
    assert (compound.expression, compound.listed) == ("MIT OR Apache-2.0", True)
    # a Hub id the knowledge base knows takes the entry's SPDX id, name and text URL
    hub = licence_for_statement("llama3.1", "llama3.1", fake_lookup)
    assert hub.expression == "LicenseRef-scancode-llama-3.1-license-2024"
    # free text falls back to the key it resolved to
    free = licence_for_statement("Llama 3.1 licence, see repo", "llama3.1", fake_lookup)
    assert free.expression == "LicenseRef-scancode-llama-3.1-license-2024"
    custom = licence_for_statement("MIT OR LicenseRef-acme", None, None)
    assert custom.expression == "MIT OR LicenseRef-acme"
    assert custom.licence_refs == ("LicenseRef-acme",)
    assert licence_for_statement("NOASSERTION", "mit", None).expression == "MIT"


@pytest.mark.parametrize(
    ("risk_class", "level"),
    [
        ("prohibited", "serious"),
        ("high-risk", "high"),
        ("transparency", "medium"),
        ("minimal", "low"),
        ("unclassified", None),
        (None, None),
    ],
)
def test_ai_act_risk_class_maps_to_spdx_level(risk_class: str | None, level: str | None) -> None:
    assert use_case_safety_risk(risk_class) == level


def test_model_level_is_the_highest_and_unclassified_withholds_it() -> None:
    assert model_safety_risk(["low", "high", "medium"]) == "high"
    assert model_safety_risk(["low", None]) is None
    assert model_safety_risk(["serious", None]) == "serious"
    assert model_safety_risk([]) is None


def test_hub_names() -> None:
    assert hub_owner("meta-llama/Llama-3.1-8B") == "meta-llama"
    assert hub_url("meta-llama/Llama-3.1-8B") == "https://huggingface.co/meta-llama/Llama-3.1-8B"
    for not_hub in ("gpt-4o", "a/b/c", "/x", "x/", "my model/x"):
        assert hub_owner(not_hub) is None


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ([["internal"], ["public"]], "no"),
        ([["internal"], ["patient-records"]], "yes"),  # a custom class marked personal
        ([["internal"], []], "noAssertion"),
        ([["children"]], "yes"),
    ],
)
def test_sensitive_personal_information_from_data_tags(
    tmp_path: Path, tags: list[list[str]], expected: str
) -> None:
    use_cases = [
        {"id": f"uc{i}", "data": data, "ai_act": {"area": "none"}} for i, data in enumerate(tags)
    ]
    data = inventory(
        model("m", use_cases=use_cases),
        data_classes=[{"id": "patient-records", "personal": True, "confidentiality": "restricted"}],
    )
    result = audit(tmp_path, data)

    facts = collect_facts(result, build_report(result), lookup=fake_lookup)

    assert facts.models[0].sensitive_personal_information == expected
