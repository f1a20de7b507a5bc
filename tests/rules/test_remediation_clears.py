"""Every rule's stated remediation, once done in the inventory, clears its finding.

Each row is a firing scenario and the fix its remediation text asks for; the fixed inventory is
the row's near miss. The table must cover every registered rule, so a new rule without a
fix that clears it fails here.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import AS_OF, audit, inventory, model, organisation, resolution

from audit.resolve.interface import LineageStep
from audit.rules.registry import all_rules

LATER = dt.date(2028, 9, 1)
"""A day on which every dated AI Act duty applies."""


@dataclass
class Scenario:
    """An inventory, the resolutions that replace the offline ones, and the audit date."""

    data: dict[str, Any]
    licences: dict[str, dict[str, Any]] = field(default_factory=dict)
    """model id -> keyword arguments of ``support.resolution`` (licence first)."""
    as_of: dt.date = AS_OF
    folders: dict[str, str] = field(default_factory=dict)
    """model folder -> README text, written under tmp_path/models."""
    sources: dict[str, str] = field(default_factory=dict)
    """file -> text, written under tmp_path/src and given to ``scan --discover``."""

    def models(self) -> list[dict[str, Any]]:
        return list(self.data["models"])

    def use_case(self, i: int = 0, j: int = 0) -> dict[str, Any]:
        uc: dict[str, Any] = self.data["models"][i]["use_cases"][j]
        return uc


Fix = Callable[[Scenario], None]


def uc(uc_id: str = "uc", data: tuple[str, ...] = ("internal",), **fields: Any) -> dict[str, Any]:
    ai_act = {"role": "deployer", "area": "none", **fields.pop("ai_act", {})}
    return {"id": uc_id, "data": list(data), "ai_act": ai_act, **fields}


def one(entry: dict[str, Any], licence: str = "apache-2.0", **kw: Any) -> Scenario:
    """One model with its licence resolved as ``licence``."""
    org = kw.pop("organisation", organisation())
    extra = kw.pop("resolution", {})
    return Scenario(
        inventory(entry, organisation=org, **kw), {entry["id"]: {"licence": licence, **extra}}
    )


def api_model(model_id: str = "m1", **kw: Any) -> dict[str, Any]:
    return model(
        model_id,
        name="gpt-4o",
        source="api",
        provider="openai",
        hosting={"mode": "api", "regions": kw.pop("regions", ["eu-central-1"])},
        contracts=kw.pop("contracts", {"dpa": True}),
        dpia=True,
        **kw,
    )


def waive(rule: str, model_id: str = "m1") -> Fix:
    def fix(s: Scenario) -> None:
        s.data.setdefault("waivers", []).append(
            {
                "rule": rule,
                "model": model_id,
                "reason": "duties met; evidence in the compliance register",
                "approved_by": "DPO",
            }
        )

    return fix


def set_licence(model_id: str, licence: str) -> Fix:
    def fix(s: Scenario) -> None:
        s.licences[model_id]["licence"] = licence

    return fix


def fine_tune(flops: float, licence: str = "apache-2.0") -> dict[str, Any]:
    return model(
        "m1",
        derivative={
            "name": "Acme-7B",
            "fine_tuned": True,
            "distributed": True,
            "licence": licence,
            "training_compute_flops": flops,
        },
        use_cases=[uc(ai_act={"role": "provider"})],
    )


def _set(path: tuple[Any, ...], value: Any) -> Fix:
    def fix(s: Scenario) -> None:
        target: Any = s.data
        for key in path[:-1]:
            target = target.setdefault(key, {}) if isinstance(key, str) else target[key]
        target[path[-1]] = value

    return fix


def _drop_use_case(s: Scenario) -> None:
    s.data["models"][0]["use_cases"] = [uc()]


def _fix_region(s: Scenario) -> None:
    s.data["models"][0]["hosting"]["locations"][0]["country"] = "DE"


def _add_to_route(s: Scenario) -> None:
    s.data["routes"][0]["to"].append("m1")


def _basis_and_dpa(s: Scenario) -> None:
    s.use_case()["special_category_basis"] = "9(2)(h)"
    s.data["models"][0]["contracts"]["dpa"] = True


def _move_traffic(s: Scenario) -> None:
    s.use_case()["monthly_tokens"] = 1_000_000
    s.data["models"][1]["use_cases"].append(uc("bulk", monthly_tokens=1_999_000_000))


def _add_open_model(s: Scenario) -> None:
    s.data["models"].append(model("local", use_cases=[uc("uc")]))
    s.licences["local"] = {"licence": "apache-2.0"}


def _route_sensitive(s: Scenario) -> None:
    s.data["routes"] = [{"data": ["confidential"], "to": ["local"]}]
    s.data["models"][0]["use_cases"] = [uc("other")]
    s.data["models"][1]["use_cases"].append(uc("uc", ("confidential",)))


def _declare(licence: str) -> Fix:
    return _set(("models", 0, "licence"), licence)


LLAMA_CUSTOMER = model("m1", use_cases=[uc(audience="customers")])
CARD = "---\nlicense: llama3.1\n---\n# Model\n"
LOCAL = model("m1", source="local", path="models/m", name="acme/m")

APP = "from transformers import AutoModel\n" + "".join(
    f'AutoModel.from_pretrained("{name}")\n' for name in ("example/model", "acme/undeclared-7b")
)
"""Code that uses the inventory's example/model and one model no inventory declares."""


def _declare_used(s: Scenario) -> None:
    s.data["models"].append(model("m2", name="acme/undeclared-7b"))
    s.licences["m2"] = {"licence": "apache-2.0"}


def _drop_unused(s: Scenario) -> None:
    s.data["models"] = [m for m in s.data["models"] if m["id"] != "m2"]


CASES: list[tuple[str, Callable[[], Scenario], Fix]] = [
    (
        "LIC001",
        lambda: Scenario(inventory(copy.deepcopy(LOCAL)), folders={"m": "# no licence\n"}),
        _declare("apache-2.0"),
    ),
    (
        "LIC002",
        lambda: Scenario(
            inventory(dict(copy.deepcopy(LOCAL), licence="apache-2.0")), folders={"m": CARD}
        ),
        _declare("llama3.1"),
    ),
    (
        "LIC003",
        lambda: one(model(), "llama3.1", organisation=organisation(monthly_active_users=9e8)),
        set_licence("m1", "apache-2.0"),
    ),
    (
        "LIC004",
        lambda: one(
            model(), "stabilityai-ai-community", organisation=organisation(annual_revenue_usd=2e6)
        ),
        set_licence("m1", "apache-2.0"),
    ),
    ("LIC005", lambda: one(model(), "cc-by-nc-4.0"), set_licence("m1", "apache-2.0")),
    (
        "LIC006",
        lambda: one(copy.deepcopy(LLAMA_CUSTOMER), "llama3.1"),
        _set(("models", 0, "attribution", "notices"), ["Built with Llama"]),
    ),
    (
        "LIC007",
        lambda: one(
            model(derivative={"name": "Acme-8B", "fine_tuned": True, "distributed": True}),
            "llama3.1",
            waivers=[],
        ),
        _set(("models", 0, "derivative", "name"), "Llama-Acme-8B"),
    ),
    (
        "LIC008",
        lambda: one(model(), "llama3.2", resolution={"modalities": ("text", "image")}),
        lambda s: s.licences["m1"].update(modalities=("text",)),
    ),
    (
        "LIC009",
        lambda: one(
            model(),
            "apache-2.0",
            resolution={"lineage": (LineageStep("meta-llama/Llama-3.1-8B", "llama3.1", "t"),)},
        ),
        set_licence("m1", "llama3.1"),
    ),
    (
        "LIC010",
        lambda: one(
            model(
                derivative={
                    "name": "Acme-Gemma",
                    "fine_tuned": True,
                    "distributed": True,
                    "licence": "apache-2.0",
                }
            ),
            "gemma",
        ),
        _set(("models", 0, "derivative", "licence"), "gemma"),
    ),
    (
        "LIC011",
        lambda: one(
            model(derivative={"name": "Llama-Acme", "fine_tuned": True, "distributed": True}),
            "llama3.1",
        ),
        _set(("models", 0, "attribution", "licence_copy_included"), True),
    ),
    (
        "LIC012",
        lambda: one(model(use_cases=[uc(activities=["medical-advice"])]), "llama3.1"),
        _set(("models", 0, "use_cases", 0, "use_policy_conditions_met"), ["medical-advice"]),
    ),
    (
        "GDPR001",
        lambda: one(api_model(regions=["us-east-1"], use_cases=[uc(data=("personal",))])),
        _set(("models", 0, "contracts", "transfer_mechanism"), "scc"),
    ),
    (
        "GDPR002",
        lambda: one(
            api_model(contracts={"dpa": False}, use_cases=[uc(data=("personal", "health"))])
        ),
        _basis_and_dpa,
    ),
    (
        "GDPR003",
        lambda: one(api_model(contracts={"dpa": False}, use_cases=[uc(data=("personal",))])),
        _set(("models", 0, "contracts", "dpa"), True),
    ),
    (
        "GDPR004",
        lambda: one(model(dpia=False, use_cases=[uc(data=("personal", "health"))])),
        _set(("models", 0, "use_cases", 0, "dpia"), True),
    ),
    (
        "GDPR005",
        # an unknown region code is unusable input now; a place without a country remains
        lambda: one(
            model(
                hosting={
                    "mode": "self-hosted",
                    "regions": ["cellar"],
                    "locations": [{"name": "cellar"}],
                }
            )
        ),
        _fix_region,
    ),
    (
        "GDPR006",
        lambda: Scenario(
            inventory(
                model(use_cases=[uc(data=("personal", "health"))]),
                model("local"),
                routes=[{"data": ["health"], "to": ["local"]}],
            ),
            {"m1": {"licence": "apache-2.0"}, "local": {"licence": "apache-2.0"}},
        ),
        _add_to_route,
    ),
    (
        "AIA001",
        lambda: one(model(use_cases=[uc(ai_act={"area": "social-scoring"})])),
        _drop_use_case,
    ),
    ("AIA002", lambda: one(model(use_cases=[uc(ai_act={"area": "employment"})])), waive("AIA002")),
    (
        "AIA003",
        lambda: one(model(use_cases=[uc(ai_act={"area": "employment", "role": "provider"})])),
        waive("AIA003"),
    ),
    (
        "AIA004",
        lambda: one(model(use_cases=[uc(ai_act={"public_interest_text": True})])),
        lambda s: s.use_case()["ai_act"].update(
            human_editorial_review=True, editorial_responsibility_holder=True
        ),
    ),
    (
        "AIA005",
        lambda: one(fine_tune(5e23), resolution={"training_compute_flops": 6e23}),
        _set(("models", 0, "derivative", "distributed"), False),
    ),
    (
        "AIA006",
        lambda: one(fine_tune(2e25), resolution={"training_compute_flops": 3.8e25}),
        _set(("models", 0, "derivative", "distributed"), False),
    ),
    (
        "AIA007",
        lambda: one(model(), organisation=organisation(ai_literacy_programme=False)),
        _set(("organisation", "ai_literacy_programme"), True),
    ),
    (
        "AIA008",
        lambda: one(model(use_cases=[{"id": "uc", "data": ["internal"]}])),
        _set(("models", 0, "use_cases", 0, "ai_act"), {"area": "none"}),
    ),
    (
        "AIA009",
        lambda: one(
            model(use_cases=[uc(ai_act={"role": "provider", "annex_i": "medical-devices"})])
        ),
        waive("AIA009"),
    ),
    (
        "AIA010",
        lambda: one(model(use_cases=[uc(ai_act={"built_in_house": True})])),
        lambda s: s.use_case()["ai_act"].update(role="provider"),
    ),
    (
        "ADV001",
        lambda: Scenario(
            inventory(
                api_model(use_cases=[uc(monthly_tokens=2_000_000_000)]),
                model("local", name="meta-llama/Llama-3.1-8B-Instruct"),
            ),
            {"m1": {"licence": "proprietary"}, "local": {"licence": "llama3.1"}},
        ),
        _move_traffic,
    ),
    ("ADV002", lambda: one(api_model(use_cases=[uc()])), _add_open_model),
    (
        "ADV004",
        lambda: one(api_model(regions=["BR"], use_cases=[uc()])),
        _set(("models", 0, "hosting", "regions"), ["eu"]),
    ),
    (
        "ADV003",
        lambda: Scenario(
            inventory(api_model(use_cases=[uc(data=("confidential",))]), model("local")),
            {"m1": {"licence": "proprietary"}, "local": {"licence": "apache-2.0"}},
        ),
        _route_sensitive,
    ),
    (
        "INV001",
        lambda: Scenario(
            inventory(model("m1")), {"m1": {"licence": "apache-2.0"}}, sources={"app.py": APP}
        ),
        _declare_used,
    ),
    (
        "INV002",
        lambda: Scenario(
            inventory(model("m1"), model("m2", name="other/unused")),
            {"m1": {"licence": "apache-2.0"}, "m2": {"licence": "apache-2.0"}},
            sources={"app.py": APP},
        ),
        _drop_unused,
    ),
]


def _run(tmp_path: Path, scenario: Scenario, name: str) -> list[str]:
    folder = tmp_path / name
    folder.mkdir()
    for sub, readme in scenario.folders.items():
        (folder / "models" / sub).mkdir(parents=True)
        (folder / "models" / sub / "README.md").write_text(readme, encoding="utf-8")
    for name, text in scenario.sources.items():
        (folder / "src" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "src" / name).write_text(text, encoding="utf-8")
    resolutions = {
        model_id: resolution(
            model_id, kw["licence"], **{k: v for k, v in kw.items() if k != "licence"}
        )
        for model_id, kw in scenario.licences.items()
    }
    discover = (str(folder / "src"),) if scenario.sources else ()
    result = audit(
        folder, scenario.data, as_of=scenario.as_of, resolutions=resolutions, discover=discover
    )
    return [f.rule for f in result.findings if not f.waived]


@pytest.mark.parametrize(("rule_id", "build", "fix"), CASES, ids=[c[0] for c in CASES])
def test_remediation_clears_the_finding(
    tmp_path: Path, rule_id: str, build: Callable[[], Scenario], fix: Fix
) -> None:
    scenario = build()
    if rule_id.startswith("AIA"):
        scenario.as_of = LATER
    before = _run(tmp_path, scenario, "before")
    assert rule_id in before, f"{rule_id} does not fire on its scenario: {before}"
    fixed = copy.deepcopy(scenario)
    fix(fixed)
    after = _run(tmp_path, fixed, "after")
    detail = yaml.safe_dump(fixed.data, sort_keys=False)
    assert rule_id not in after, f"{rule_id} still fires after its fix:\n{detail}"


WATCH_ONLY = {"LIC013"}
"""Rules raised by `model-audit watch`, never by a scan: their remediation is shown to clear
the finding in tests/ledger/test_watch.py (moving the pin to the reviewed head)."""


def test_every_rule_has_a_remediation_case() -> None:
    assert {c[0] for c in CASES} | WATCH_ONLY == {r.id for r in all_rules()}
