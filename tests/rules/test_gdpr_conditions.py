"""GDPR002 as a lawful-condition check, GDPR006/ADV003 only for flows the policy does not
permit, and GDPR004 per use case: each case beside its near miss."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from support import audit, inventory, model, resolution

from audit.findings import Finding


def use_case(uc_id: str, data: list[str], **fields: Any) -> dict[str, Any]:
    """A use case outside the Annex III areas, with extra use-case fields."""
    return {"id": uc_id, "data": data, "ai_act": {"role": "deployer", "area": "none"}, **fields}


def azure_sweden(use_cases: list[dict[str, Any]], *, dpa: bool = True, **kw: Any) -> dict[str, Any]:
    """A model on Azure OpenAI in Sweden Central with (by default) a DPA and a DPIA."""
    return model(
        "clinical",
        name="gpt-4o",
        source="api",
        provider="azure-openai",
        hosting={"mode": "api", "regions": ["swedencentral"]},
        contracts={"dpa": dpa, "zero_data_retention": True},
        dpia=kw.pop("dpia", True),
        use_cases=use_cases,
        **kw,
    )


def openai_eu(model_id: str, use_cases: list[dict[str, Any]]) -> dict[str, Any]:
    """A closed api model in an EU region with a DPA."""
    return model(
        model_id,
        name="gpt",
        source="api",
        provider="openai",
        hosting={"mode": "api", "regions": ["eu-central-1"]},
        contracts={"dpa": True},
        dpia=True,
        use_cases=use_cases,
    )


def local(model_id: str = "local", data: list[str] | None = None) -> dict[str, Any]:
    """A self-hosted open-weight model in Frankfurt."""
    return model(model_id, dpia=True, use_cases=[use_case(f"{model_id}-uc", data or ["internal"])])


@dataclass(frozen=True)
class Case:
    name: str
    models: tuple[dict[str, Any], ...]
    rule: str
    fires: bool
    top: dict[str, Any] = field(default_factory=dict)
    says: tuple[str, ...] = ()
    """Texts that the message (or evidence) of the finding must contain."""
    severity: str | None = None
    count: int | None = None
    use_case: str | None = None
    """When set, only findings for this use case count."""


HEALTH = ["personal", "health"]

CASES = [
    Case(
        "health data, Azure Sweden, DPA and 9(2)(h): lawful, no GDPR002",
        (azure_sweden([use_case("triage", HEALTH, special_category_basis="9(2)(h)")]),),
        "GDPR002",
        False,
    ),
    Case(
        "near miss: the same flow without a basis: GDPR002 HIGH naming the field",
        (azure_sweden([use_case("triage", HEALTH)]),),
        "GDPR002",
        True,
        says=("special_category_basis is not set", "set special_category_basis"),
        severity="high",
    ),
    Case(
        "near miss: a basis but no DPA: GDPR002 names contracts.dpa and 9(3) in evidence",
        (azure_sweden([use_case("triage", HEALTH, special_category_basis="9(2)(h)")], dpa=False),),
        "GDPR002",
        True,
        says=("contracts.dpa is not true", "Art. 9(3)"),
    ),
    Case(
        "criminal data with the authorising law and a DPA: no GDPR002",
        (
            azure_sweden(
                [use_case("vetting", ["criminal"], criminal_data_basis="BZRG s. 30a (DE)")]
            ),
        ),
        "GDPR002",
        False,
    ),
    Case(
        "near miss: criminal data without criminal_data_basis",
        (azure_sweden([use_case("vetting", ["criminal"], special_category_basis="9(2)(h)")]),),
        "GDPR002",
        True,
        says=("criminal_data_basis is not set",),
    ),
    Case(
        "a route permits health data to an API model: no GDPR006",
        (openai_eu("gpt", [use_case("notes", HEALTH, special_category_basis="9(2)(h)")]), local()),
        "GDPR006",
        False,
        top={"routes": [{"data": ["health"], "to": ["gpt", "local"]}]},
    ),
    Case(
        "the same permitted flow: no ADV003",
        (openai_eu("gpt", [use_case("notes", HEALTH, special_category_basis="9(2)(h)")]), local()),
        "ADV003",
        False,
        top={"routes": [{"data": ["health"], "to": ["gpt", "local"]}]},
    ),
    Case(
        "near miss: a route that does not list the API model: GDPR006 names the route",
        (openai_eu("gpt", [use_case("notes", HEALTH, special_category_basis="9(2)(h)")]), local()),
        "GDPR006",
        True,
        top={"routes": [{"data": ["health"], "to": ["local"]}]},
        says=("route 1 (line", "lets such requests reach only 'local'"),
    ),
    Case(
        "near miss: no routes at all: ADV003 once for the use case",
        (openai_eu("gpt", [use_case("notes", HEALTH, special_category_basis="9(2)(h)")]), local()),
        "ADV003",
        True,
        count=1,
    ),
    Case(
        "one use case id served by two closed models: ADV003 at most once",
        (
            openai_eu("gpt", [use_case("notes", HEALTH, special_category_basis="9(2)(h)")]),
            openai_eu("gpt2", [use_case("notes", HEALTH, special_category_basis="9(2)(h)")]),
            local(),
        ),
        "ADV003",
        True,
        count=1,
        says=("'gpt'", "'gpt2'"),
    ),
    Case(
        "one DPIA on one use case does not clear another",
        (
            azure_sweden(
                [
                    use_case("triage", HEALTH, special_category_basis="9(2)(h)", dpia=True),
                    use_case("hr-screening", ["personal"], ai_act={"area": "employment"}),
                ],
                dpia=False,
            ),
        ),
        "GDPR004",
        True,
        count=1,
        use_case="hr-screening",
        says=("set dpia: true on use case 'hr-screening'",),
    ),
    Case(
        "near miss: the use case with its own DPIA has no GDPR004",
        (
            azure_sweden(
                [
                    use_case("triage", HEALTH, special_category_basis="9(2)(h)", dpia=True),
                    use_case("hr-screening", ["personal"], ai_act={"area": "employment"}),
                ],
                dpia=False,
            ),
        ),
        "GDPR004",
        False,
        use_case="triage",
    ),
    Case(
        "the model-level dpia stays the default for old inventories",
        (azure_sweden([use_case("triage", HEALTH, special_category_basis="9(2)(h)")]),),
        "GDPR004",
        False,
    ),
    Case(
        "a use case can say its DPIA is not done although the model's default says so",
        (azure_sweden([use_case("triage", HEALTH, special_category_basis="9(2)(h)", dpia=False)]),),
        "GDPR004",
        True,
    ),
]


CREDIT = {"data_classes": [{"id": "credit-records", "personal": True, "credit_information": True}]}


def seoul(data: list[str], **contracts: Any) -> dict[str, Any]:
    """A managed model in AWS Seoul with a DPA."""
    return model(
        "scoring",
        hosting={"mode": "managed", "regions": ["ap-northeast-2"]},
        contracts={"dpa": True, **contracts},
        dpia=True,
        use_cases=[use_case("credit-check", data)],
    )


CASES += [
    Case(
        "credit information to Korea: outside the Korean decision's scope",
        (seoul(["credit-records"]),),
        "GDPR001",
        True,
        top=CREDIT,
        says=("does not cover personal credit information", "Credit Information Act"),
    ),
    Case(
        "near miss: other personal data to Korea: adequacy, its limits in the evidence",
        (seoul(["personal"]),),
        "GDPR001",
        False,
        top=CREDIT,
    ),
    Case(
        "credit information to Korea under SCCs: a basis",
        (seoul(["credit-records"], transfer_mechanism="scc"),),
        "GDPR001",
        False,
        top=CREDIT,
    ),
]


def _findings(tmp_path: Path, case: Case) -> list[Finding]:
    data = inventory(*case.models, **case.top)
    resolutions = {m["id"]: resolution(m["id"], "apache-2.0") for m in case.models}
    result = audit(tmp_path, data, resolutions=resolutions)
    return [
        f
        for f in result.findings
        if f.rule == case.rule and (case.use_case is None or f.use_case == case.use_case)
    ]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(tmp_path: Path, case: Case) -> None:
    found = _findings(tmp_path, case)
    detail = "\n".join(f"{f.rule} {f.severity.value}: {f.message} {f.evidence}" for f in found)
    assert bool(found) is case.fires, detail
    for text in case.says:
        assert any(text in f.message + " ".join(f.evidence) for f in found), (text, detail)
    if case.severity is not None:
        assert {f.severity.value for f in found} == {case.severity}
    if case.count is not None:
        assert len(found) == case.count, detail


def test_partial_adequacy_names_its_limits_in_the_flow_basis(tmp_path: Path) -> None:
    data = inventory(seoul(["personal"]), **CREDIT)
    result = audit(tmp_path, data, resolutions={"scoring": resolution("scoring", "apache-2.0")})
    [flow] = result.annotations[("scoring", "credit-check")]["data_flows"]
    assert flow["status"] == "adequate-partial" and flow["lawful"] is True
    assert "outside its scope: personal credit information" in flow["basis"]


def test_basis_outside_the_list_is_refused(tmp_path: Path) -> None:
    """special_category_basis accepts only the ten Art. 9(2) points."""
    from support import load

    from audit.errors import InputError

    data = inventory(azure_sweden([use_case("triage", HEALTH, special_category_basis="9(2)(k)")]))
    with pytest.raises(InputError, match="special_category_basis"):
        load(tmp_path, data)
