"""LIC012 use-policy-conflict: use-case activities against the model's (or an ancestor's)
licence use policy, each case beside its near miss."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import audit, hits, inventory, load, model, resolution

from audit.errors import InputError
from audit.findings import Finding, Severity
from audit.resolve.interface import LineageStep
from audit.use_policies import use_policies


def use_case(uc_id: str = "uc", **fields: Any) -> dict[str, Any]:
    ai_act = {"area": "none", **fields.pop("ai_act", {})}
    return {"id": uc_id, "data": fields.pop("data", ["internal"]), "ai_act": ai_act, **fields}


def lic012(
    tmp_path: Path, uc: dict[str, Any], licence: str, lineage: tuple[LineageStep, ...] = ()
) -> list[Finding]:
    entry = model("m1", use_cases=[uc])
    resolved = {"m1": resolution("m1", licence, lineage=lineage)}
    return hits(audit(tmp_path, inventory(entry), resolutions=resolved), "LIC012")


CASES = [
    # (name, use case, licence, severity or None, text in the message)
    (
        "Llama model giving medical advice: the AUP clause on unlicensed practice",
        use_case(activities=["medical-advice"]),
        "llama3.1",
        Severity.MEDIUM,
        "unauthorized or unlicensed practice of any profession",
    ),
    (
        "near miss: the same use case on an Apache-2.0 model",
        use_case(activities=["medical-advice"]),
        "apache-2.0",
        None,
        "",
    ),
    (
        "near miss: the condition is recorded as met",
        use_case(activities=["medical-advice"], use_policy_conditions_met=["medical-advice"]),
        "llama3.1",
        None,
        "",
    ),
    (
        "Llama 4 for military use: forbidden",
        use_case(activities=["military"]),
        "llama4",
        Severity.HIGH,
        "military, warfare",
    ),
    (
        "DeepSeek licence, military use: forbidden",
        use_case(activities=["military"]),
        "deepseek",
        Severity.HIGH,
        "military use in any way",
    ),
    (
        "BLOOM RAIL and medical advice: forbidden",
        use_case(activities=["medical-advice"]),
        "bigscience-bloom-rail-1.0",
        Severity.HIGH,
        "medical advice and medical results interpretation",
    ),
    (
        "an activity derived from ai_act.area: Llama operating critical infrastructure",
        use_case(ai_act={"area": "critical-infrastructure"}),
        "llama3.3",
        Severity.HIGH,
        "follows from ai_act.area 'critical-infrastructure'",
    ),
    (
        "an activity derived from ai_act.automated_decision on a RAIL model",
        use_case(ai_act={"automated_decision": True}),
        "creativeml-openrail-m",
        Severity.HIGH,
        "follows from ai_act.automated_decision",
    ),
    (
        "Gemma and legal advice: the Prohibited Use Policy item 2.2",
        use_case(activities=["legal-advice"]),
        "gemma",
        Severity.MEDIUM,
        "item 2.2",
    ),
]


@pytest.mark.parametrize(
    ("uc", "licence", "severity", "text"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_case(
    tmp_path: Path, uc: dict[str, Any], licence: str, severity: Severity | None, text: str
) -> None:
    found = lic012(tmp_path, uc, licence)
    detail = "\n".join(f"{f.severity.value}: {f.message}" for f in found)
    if severity is None:
        assert found == [], detail
        return
    [finding] = found
    assert finding.severity is severity
    assert text in finding.message, detail


def test_an_ancestors_use_policy_binds_through_lineage(tmp_path: Path) -> None:
    lineage = (LineageStep("meta-llama/Llama-3.1-8B", "llama3.1", "card"),)
    [finding] = lic012(tmp_path, use_case(activities=["weapons"]), "apache-2.0", lineage)
    assert finding.severity is Severity.HIGH
    assert "through its base model meta-llama/Llama-3.1-8B" in finding.message


def test_a_use_policy_that_is_not_in_the_data_is_reported_as_not_checked(tmp_path: Path) -> None:
    [finding] = lic012(tmp_path, use_case(activities=["military"]), "nvidia-open-model-license")
    assert finding.severity is Severity.INFO
    assert "could not be checked" in finding.message


def test_unknown_activity_is_refused_with_the_vocabulary(tmp_path: Path) -> None:
    data = inventory(model("m1", use_cases=[use_case(activities=["medical-advise"])]))
    with pytest.raises(InputError, match="unknown activity 'medical-advise'"):
        load(tmp_path, data)


def test_every_policy_names_only_licences_of_the_knowledge_base() -> None:
    from licences import load_knowledge_base

    kb = load_knowledge_base()
    for key, policy in use_policies().policies.items():
        for licence in policy.licences:
            entry = kb.get(licence)
            assert entry is not None, (key, licence)
            assert entry.use_policy is not None, (key, licence)


def test_derived_areas_are_ai_act_area_keys() -> None:
    from typing import get_args

    from audit.inventory.schema import ANNEX_I_LEGISLATION, AiAct, AiActArea

    areas = set(get_args(AiActArea))
    flags = set(AiAct.model_fields)
    for activity in use_policies().activities.values():
        assert set(activity.from_areas) <= areas
        assert set(activity.from_flags) <= flags
        assert set(activity.from_annex_i) <= set(ANNEX_I_LEGISLATION)


def test_policy_clauses_are_in_the_corpus_texts(corpus_dir: Path) -> None:
    """The Llama and DeepSeek clauses name words that their licence texts contain."""
    llama = (
        corpus_dir / "licence-texts" / "llama3.1__meta-llama-llama-models_USE_POLICY.txt"
    ).read_text(encoding="utf-8")
    deepseek = (
        corpus_dir / "licence-texts" / "deepseek__deepseek-ai-DeepSeek-V3_LICENSE-MODEL.txt"
    ).read_text(encoding="utf-8")
    assert "unlicensed practice of any profession" in llama
    assert "Operation of critical infrastructure" in llama
    assert "For military use in any way" in deepseek
