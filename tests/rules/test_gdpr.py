"""GDPR001-GDPR006 over a table of scenarios: which GDPR rules fire, and only those.

Each scenario is an inventory built with ``tests/support.py``; the set of GDPR rule ids that
fire must equal the expected set exactly, so a rule firing where it should not fails too.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from support import AS_OF, audit, inventory, model, organisation, resolution

from audit.engine import AuditResult


def use_case(
    uc_id: str = "uc", data: tuple[str, ...] = ("personal", "health"), **ai_act: Any
) -> dict[str, Any]:
    """A use case outside every Annex III area unless ``ai_act`` says otherwise."""
    return {
        "id": uc_id,
        "data": list(data),
        "ai_act": {"role": "deployer", "area": "none", **ai_act},
    }


def hosted(
    model_id: str = "m1",
    mode: str = "self-hosted",
    regions: tuple[str, ...] = (),
    data: tuple[str, ...] = ("personal", "health"),
    provider: str | None = None,
    dpa: bool = False,
    mechanism: str | None = None,
    dpia: bool = True,
    use_cases: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A model: self-hosted, managed, or (with a provider) a closed api model."""
    extra: dict[str, Any] = {}
    if provider is not None:
        extra = {"source": "api", "provider": provider, "name": f"{provider}-model"}
    contracts: dict[str, Any] = {"dpa": dpa}
    if mechanism is not None:
        contracts["transfer_mechanism"] = mechanism
    return model(
        model_id,
        hosting={"mode": mode, "regions": list(regions)},
        contracts=contracts,
        dpia=dpia,
        use_cases=use_cases if use_cases is not None else [use_case(f"{model_id}-uc", data)],
        **extra,
    )


def api(model_id: str = "m1", provider: str = "openai", **kw: Any) -> dict[str, Any]:
    return hosted(model_id, mode="api", provider=provider, **kw)


def managed(model_id: str = "m1", **kw: Any) -> dict[str, Any]:
    return hosted(model_id, mode="managed", **kw)


@dataclass(frozen=True)
class Scenario:
    name: str
    models: tuple[dict[str, Any], ...]
    expect: frozenset[str]
    as_of: dt.date = AS_OF
    top: dict[str, Any] = field(default_factory=dict)
    """Other inventory keys: routes, data_classes, organisation."""
    says: tuple[tuple[str, str], ...] = ()
    """(rule, text) pairs: some finding of the rule has the text in its message."""
    severity: tuple[tuple[str, str], ...] = ()
    counts: tuple[tuple[str, int], ...] = ()


EU_ONLY = frozenset[str]()
ROUTE_HEALTH_LOCAL = {"routes": [{"data": ["health"], "to": ["local"]}]}

SCENARIOS = [
    Scenario(
        "eu company, health data, self-hosted in Frankfurt",
        (hosted(regions=("eu-central-1",)),),
        EU_ONLY,
    ),
    Scenario(
        "health data to a US API, no mechanism, no DPA",
        (api(regions=("us-east-1",)),),
        frozenset({"GDPR001", "GDPR002", "GDPR003"}),
        says=(
            ("GDPR001", "covers DPF-certified organisations only"),
            ("GDPR001", "GDPR Art. 44-46"),
            ("GDPR003", "contracts.dpa is not true"),
        ),
    ),
    Scenario(
        "health data to a US API with dpf and a DPA",
        (api(regions=("us-east-1",), mechanism="dpf", dpa=True),),
        frozenset({"GDPR002"}),
    ),
    Scenario(
        "US API with transfer_mechanism none",
        (api(data=("personal",), regions=("us-east-1",), mechanism="none", dpa=True),),
        frozenset({"GDPR001"}),
        says=(("GDPR001", "transfer_mechanism is none"),),
    ),
    Scenario(
        "US API claiming plain adequacy",
        (api(data=("personal",), regions=("us-west-2",), mechanism="adequacy", dpa=True),),
        frozenset({"GDPR001"}),
        says=(("GDPR001", "set transfer_mechanism: dpf"),),
    ),
    Scenario(
        "US region with SCCs",
        (managed(data=("personal",), regions=("eastus",), mechanism="scc", dpa=True),),
        EU_ONLY,
    ),
    Scenario(
        "Japan region: adequacy",
        (managed(data=("personal",), regions=("ap-northeast-1",), dpa=True),),
        EU_ONLY,
    ),
    Scenario(
        "India region with SCCs",
        (managed(data=("personal",), regions=("ap-south-1",), mechanism="scc", dpa=True),),
        EU_ONLY,
    ),
    Scenario(
        "India region with BCRs",
        (managed(data=("personal",), regions=("centralindia",), mechanism="bcr", dpa=True),),
        EU_ONLY,
    ),
    Scenario(
        "India region without a mechanism",
        (managed(data=("personal",), regions=("ap-south-1",), dpa=True),),
        frozenset({"GDPR001"}),
        says=(("GDPR001", "India has no adequacy decision in force on 2026-11-26"),),
    ),
    Scenario(
        "India region claiming dpf",
        (managed(data=("personal",), regions=("asia-south1",), mechanism="dpf", dpa=True),),
        frozenset({"GDPR001"}),
        says=(("GDPR001", "only DPF-certified organisations in the United States"),),
    ),
    Scenario(
        "India region claiming adequacy",
        (managed(data=("personal",), regions=("ap-south-1",), mechanism="adequacy", dpa=True),),
        frozenset({"GDPR001"}),
        says=(("GDPR001", "transfer_mechanism says adequacy"),),
    ),
    Scenario(
        "Art. 49 derogation: allowed but flagged",
        (managed(data=("personal",), regions=("ap-south-1",), mechanism="derogation", dpa=True),),
        frozenset({"GDPR001"}),
        severity=(("GDPR001", "medium"),),
        says=(("GDPR001", "Art. 49 derogation"),),
    ),
    Scenario(
        "a custom location without a country",
        (
            {
                **hosted(data=("personal",)),
                "hosting": {
                    "mode": "self-hosted",
                    "regions": ["cellar"],
                    "locations": [{"name": "cellar"}],
                },
            },
        ),
        frozenset({"GDPR005"}),
        says=(("GDPR005", "names no country"),),
    ),
    Scenario(
        "a route that sends restricted data to an API model is the policy's own decision",
        (
            api(data=("internal",), regions=("eu-central-1",), dpa=True),
            hosted("local", regions=("eu-central-1",)),
        ),
        EU_ONLY,
        top={"routes": [{"data": ["restricted"], "to": ["m1"]}]},
    ),
    Scenario(
        "internal data to a US API: not personal, nothing to report",
        (api(data=("internal",), regions=("us-east-1",)),),
        EU_ONLY,
    ),
    Scenario(
        "UK on the last day of its adequacy decision",
        (managed(data=("personal",), regions=("eu-west-2",), dpa=True),),
        EU_ONLY,
        as_of=dt.date(2031, 12, 27),
    ),
    Scenario(
        "UK after the adequacy decision expired",
        (managed(data=("personal",), regions=("eu-west-2",), dpa=True),),
        frozenset({"GDPR001"}),
        as_of=dt.date(2031, 12, 28),
        says=(("GDPR001", "expired after 2031-12-27"),),
    ),
    Scenario(
        "UK after expiry, covered by SCCs",
        (managed(data=("personal",), regions=("uksouth",), mechanism="scc", dpa=True),),
        EU_ONLY,
        as_of=dt.date(2032, 6, 1),
    ),
    Scenario(
        "Canada: adequacy for commercial organisations",
        (managed(data=("personal",), regions=("ca-central-1",), dpa=True),),
        EU_ONLY,
    ),
    Scenario(
        "Canada with a misdeclared dpf: the adequacy decision still applies",
        (managed(data=("personal",), regions=("canadacentral",), mechanism="dpf", dpa=True),),
        EU_ONLY,
    ),
    Scenario(
        "Brazil before its decision applies",
        (managed(data=("personal",), regions=("sa-east-1",), dpa=True),),
        frozenset({"GDPR001"}),
        as_of=dt.date(2026, 1, 25),
        says=(("GDPR001", "applies only from 2026-01-26"),),
    ),
    Scenario(
        "Brazil from 2026-01-26",
        (managed(data=("personal",), regions=("brazilsouth",), dpa=True),),
        EU_ONLY,
        as_of=dt.date(2026, 1, 26),
    ),
    Scenario(
        "New Zealand region: adequacy",
        (managed(data=("personal",), regions=("ap-southeast-6",), dpa=True),),
        EU_ONLY,
    ),
    Scenario(
        "ISO country code as region",
        (managed(data=("personal",), regions=("CH",), dpa=True),),
        EU_ONLY,
    ),
    Scenario(
        "multi-region eu: member state unknown, still the EEA",
        (managed(data=("personal",), regions=("eu",), dpa=True),),
        EU_ONLY,
    ),
    Scenario(
        "multi-region global without a mechanism",
        (managed(data=("personal",), regions=("global",), dpa=True),),
        frozenset({"GDPR001"}),
        says=(("GDPR001", "any country"),),
    ),
    Scenario(
        "multi-region asia with SCCs",
        (managed(data=("personal",), regions=("asia",), mechanism="scc", dpa=True),),
        EU_ONLY,
    ),
    Scenario(
        "one EU and one US region: only the US one fails",
        (managed(data=("personal",), regions=("eu-central-1", "us-east-1"), dpa=True),),
        frozenset({"GDPR001"}),
        counts=(("GDPR001", 1),),
        says=(("GDPR001", "us-east-1 (US East (N. Virginia), United States)"),),
    ),
    Scenario(
        "API without regions: provider default, and the message says so",
        (api(data=("personal",), dpa=True),),
        frozenset({"GDPR001"}),
        says=(("GDPR001", "assumed: OpenAI API's default, as hosting.regions is empty"),),
    ),
    Scenario(
        "Anthropic default is global; dpf does not cover any country",
        (api(provider="anthropic", data=("personal",), mechanism="dpf", dpa=True),),
        frozenset({"GDPR001"}),
        says=(("GDPR001", "Anthropic Claude API's default"),),
    ),
    Scenario(
        "Mistral default is the EU",
        (api(provider="mistral", data=("personal",), dpa=True),),
        EU_ONLY,
    ),
    Scenario(
        "Bedrock has no default region",
        (api(provider="aws-bedrock", data=("personal",), dpa=True),),
        frozenset({"GDPR005"}),
        says=(("GDPR005", "Amazon Bedrock has no default region"),),
    ),
    Scenario(
        "Bedrock in Frankfurt via alias",
        (api(provider="aws-bedrock", data=("personal",), regions=("eu-central-1",), dpa=True),),
        EU_ONLY,
    ),
    Scenario(
        "self-hosted without regions: the organisation's country",
        (hosted(data=("personal",)),),
        EU_ONLY,
    ),
    Scenario(
        "automated decisions need a DPIA",
        (
            hosted(
                regions=("eu-central-1",),
                dpia=False,
                use_cases=[use_case("score", ("personal",), automated_decision=True)],
            ),
        ),
        frozenset({"GDPR004"}),
        says=(("GDPR004", "Art. 22"),),
    ),
    Scenario(
        "Annex III area with personal data needs a DPIA",
        (
            hosted(
                regions=("eu-central-1",),
                dpia=False,
                use_cases=[use_case("hire", ("personal",), area="employment")],
            ),
        ),
        frozenset({"GDPR004"}),
        says=(("GDPR004", "Annex III area 'employment'"),),
    ),
    Scenario(
        "Annex III area without personal data: no DPIA duty",
        (
            hosted(
                regions=("eu-central-1",),
                dpia=False,
                use_cases=[use_case("hire", ("internal",), area="employment")],
            ),
        ),
        EU_ONLY,
    ),
    Scenario(
        "special-category data, no DPIA",
        (hosted(regions=("eu-central-1",), dpia=False),),
        frozenset({"GDPR004"}),
    ),
    Scenario(
        "criminal data to an EU API with a DPA",
        (api(data=("criminal",), regions=("eu-west-1",), dpa=True),),
        frozenset({"GDPR002"}),
        says=(("GDPR002", "Art. 10"),),
    ),
    Scenario(
        "personal data to a managed model without DPA",
        (managed(data=("personal",), regions=("westeurope",)),),
        frozenset({"GDPR003"}),
    ),
    Scenario(
        "custom special-category class to an API",
        (api(data=("patient-records",), regions=("eu-central-1",), dpa=True),),
        frozenset({"GDPR002"}),
        top={
            "data_classes": [
                {
                    "id": "patient-records",
                    "personal": True,
                    "special_category": True,
                    "confidentiality": "restricted",
                }
            ]
        },
    ),
    Scenario(
        "use case sends health data to a model its route forbids",
        (hosted("local", regions=("eu-central-1",)), hosted("other", regions=("DE",))),
        frozenset({"GDPR006"}),
        top=ROUTE_HEALTH_LOCAL,
        says=(("GDPR006", "lets such requests reach only 'local'"),),
    ),
    Scenario(
        "use case sends health data to the model its route allows",
        (hosted("local", regions=("eu-central-1",)),),
        EU_ONLY,
        top=ROUTE_HEALTH_LOCAL,
    ),
    Scenario(
        "contradictory routes for one tag",
        (
            hosted("local", regions=("eu-central-1",), data=("internal",)),
            hosted("other", regions=("eu-west-1",), data=("internal",)),
        ),
        frozenset({"GDPR006"}),
        top={
            "routes": [
                {"data": ["health"], "to": ["local"]},
                {"data": ["health", "genetic"], "to": ["other"]},
            ]
        },
        says=(("GDPR006", "no model may receive 'health' data"),),
    ),
]


def gdpr_findings(result: AuditResult) -> list[Any]:
    return [f for f in result.findings if f.family == "gdpr" and not f.waived]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario(tmp_path: Path, scenario: Scenario) -> None:
    data = inventory(*scenario.models, **scenario.top)
    resolutions = {m["id"]: resolution(m["id"], "apache-2.0") for m in scenario.models}
    result = audit(tmp_path, data, as_of=scenario.as_of, resolutions=resolutions)
    found = gdpr_findings(result)
    fired = {f.rule for f in found}
    detail = "\n".join(f"{f.rule} {f.severity.value}: {f.message}" for f in found)
    assert fired == scenario.expect, detail
    for rule_id, text in scenario.says:
        assert any(text in f.message for f in found if f.rule == rule_id), (rule_id, text, detail)
    for rule_id, severity in scenario.severity:
        assert {f.severity.value for f in found if f.rule == rule_id} == {severity}
    counts = Counter(f.rule for f in found)
    for rule_id, count in scenario.counts:
        assert counts[rule_id] == count, detail


def test_at_least_thirty_scenarios() -> None:
    assert len(SCENARIOS) >= 30


def test_transfer_message_names_data_place_reason_article_and_fix(tmp_path: Path) -> None:
    data = inventory(api(regions=("us-east-1",)), hosted("local", regions=("eu-central-1",)))
    result = audit(
        tmp_path, data, resolutions={m: resolution(m, "apache-2.0") for m in ("m1", "local")}
    )
    [finding] = [f for f in gdpr_findings(result) if f.rule == "GDPR001"]
    for part in (
        "personal, health",
        "us-east-1",
        "United States",
        "Decision (EU) 2023/1795",
        "GDPR Art. 44-46",
        "Fix:",
        "eu",
        "route it to the self-hosted model 'local'",
        "set transfer_mechanism: scc",
    ):
        assert part in finding.message, part
    assert finding.citation == "GDPR Art. 44-46 (Chapter V)"
    assert finding.use_case == "m1-uc" and finding.model == "m1"
    assert finding.location.line > 0
    assert any("C-703/25 P" in e for e in finding.evidence)  # DPF status stays visible
    # the DPF listing was read on a law-firm page: shown as secondary, never as primary
    assert any("[secondary]" in e for e in finding.evidence)


def test_dpf_annulled_by_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    override = tmp_path / "jurisdictions.yaml"
    override.write_text("adequacy:\n  - {country: US, status: annulled}\n", encoding="utf-8")
    monkeypatch.setenv("MODEL_AUDIT_JURISDICTIONS", str(override))
    data = inventory(api(data=("personal",), regions=("us-east-1",), mechanism="dpf", dpa=True))
    result = audit(tmp_path, data, resolutions={"m1": resolution("m1", "apache-2.0")})
    [finding] = [f for f in gdpr_findings(result) if f.rule == "GDPR001"]
    assert "recorded as annulled" in finding.message


def test_organisation_outside_germany_self_hosting_without_regions(tmp_path: Path) -> None:
    data = inventory(hosted(data=("personal",)), organisation=organisation(country="IN"))
    result = audit(tmp_path, data, resolutions={"m1": resolution("m1", "apache-2.0")})
    [finding] = [f for f in gdpr_findings(result) if f.rule == "GDPR001"]
    assert "assumed: the organisation's country" in finding.message
