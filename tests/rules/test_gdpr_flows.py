"""The ``data_flows`` annotation, the rules' explanations, and the flows in the reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from support import audit, inventory, model, resolution, write_inventory

from audit.cli import cli
from audit.rules.registry import get_rule

KEYS = {
    "model",
    "region",
    "country",
    "status",
    "tags",
    "personal",
    "mechanism",
    "lawful",
    "summary",
    "basis",
    "assumption",
}


def flows(tmp_path: Path, *models: dict[str, Any], **top: Any) -> dict[str, list[dict[str, Any]]]:
    data = inventory(*models, **top)
    result = audit(
        tmp_path, data, resolutions={m["id"]: resolution(m["id"], "apache-2.0") for m in models}
    )
    return {uc: notes["data_flows"] for (_, uc), notes in result.annotations.items()}


def test_self_hosted_health_data_in_frankfurt(tmp_path: Path) -> None:
    local = model(
        "local",
        use_cases=[{"id": "triage", "data": ["personal", "health"], "ai_act": {"area": "none"}}],
    )
    [item] = flows(tmp_path, local)["triage"]
    assert set(item) == KEYS
    assert item == item | {
        "model": "local",
        "region": "eu-central-1",
        "country": "DE",
        "status": "EEA",
        "tags": ["personal", "health"],
        "personal": True,
        "mechanism": None,
        "lawful": True,
        "assumption": None,
    }
    assert item["summary"] == "personal, health -> eu-central-1 (DE, EEA): no transfer"
    json.dumps(item)  # JSON-ready


def test_one_item_per_region_with_the_outcome_of_each(tmp_path: Path) -> None:
    two = model(
        "two",
        hosting={
            "mode": "managed",
            "regions": ["eu-west-1", "us-east-1", "ap-northeast-1", "nowhere-9"],
            "locations": [{"name": "nowhere-9"}],  # a place whose country is not known
        },
        contracts={"dpa": True},
        use_cases=[{"id": "chat", "data": ["personal"], "ai_act": {"area": "none"}}],
    )
    items = flows(tmp_path, two)["chat"]
    assert [(i["region"], i["status"], i["lawful"]) for i in items] == [
        ("eu-west-1", "EEA", True),
        ("us-east-1", "adequate-partial", False),
        ("ap-northeast-1", "adequate-partial", True),
        ("nowhere-9", "unknown", False),
    ]
    assert items[1]["summary"] == (
        "personal -> us-east-1 (US, adequate-partial): no basis (dpf, scc or bcr needed)"
    )
    assert items[2]["summary"] == (
        "personal -> ap-northeast-1 (JP, adequate-partial): "
        "adequacy, partial scope (limits in basis)"
    )
    assert "Japanese public bodies" in items[2]["basis"]
    assert items[3]["summary"] == "personal -> nowhere-9 (unknown region): cannot be checked"


def test_provider_default_is_marked_as_assumed(tmp_path: Path) -> None:
    gpt = model(
        "gpt",
        source="api",
        provider="openai",
        name="gpt-4o",
        hosting={"mode": "api", "regions": []},
        contracts={"dpa": True, "transfer_mechanism": "dpf"},
        use_cases=[{"id": "mail", "data": ["personal"], "ai_act": {"area": "none"}}],
    )
    [item] = flows(tmp_path, gpt)["mail"]
    assert item["region"] == "US" and item["lawful"] is True
    assert "OpenAI API's default" in item["assumption"]
    assert item["summary"] == "personal -> US (US, adequate-partial, assumed): adequacy, dpf"


def test_non_personal_data_is_lawful_anywhere(tmp_path: Path) -> None:
    gpt = model(
        "gpt",
        source="api",
        provider="anthropic",
        name="claude",
        hosting={"mode": "api", "regions": []},
        use_cases=[{"id": "docs", "data": ["internal"], "ai_act": {"area": "none"}}],
    )
    [item] = flows(tmp_path, gpt)["docs"]
    assert item["region"] == "global" and item["status"] == "third-country"
    assert item["lawful"] is True
    assert item["summary"].endswith(": not personal data")


def test_unresolved_place_gives_one_unknown_item(tmp_path: Path) -> None:
    bedrock = model(
        "br",
        source="api",
        provider="amazon-bedrock",
        name="claude",
        hosting={"mode": "api", "regions": []},
        use_cases=[{"id": "qa", "data": ["personal"], "ai_act": {"area": "none"}}],
    )
    [item] = flows(tmp_path, bedrock)["qa"]
    assert item["region"] is None and item["status"] == "unknown" and item["lawful"] is False
    assert "Amazon Bedrock has no default region" in item["assumption"]


def test_rules_command_explains_from_the_data() -> None:
    details = get_rule("GDPR001").details  # type: ignore[union-attr]
    assert "GB United Kingdom" in details and "2031-12-27" in details
    assert "C-703/25 P" in details and "dpf" in details and "derogation" in details
    processors = get_rule("GDPR003").details  # type: ignore[union-attr]
    assert "amazon-bedrock" in processors and "managed or api" in processors
    done = CliRunner().invoke(cli, ["rules", "GDPR001"])
    assert done.exit_code == 0, done.output
    assert "transfer-without-basis" in done.output and "Adequacy decisions" in done.output


def test_terminal_report_prints_the_flow_summaries(tmp_path: Path) -> None:
    gpt = model(
        "gpt",
        source="api",
        provider="openai",
        name="gpt-4o",
        hosting={"mode": "api", "regions": ["eu-central-1"]},
        contracts={"dpa": True},
        use_cases=[{"id": "mail", "data": ["personal"], "ai_act": {"area": "none"}}],
    )
    path = write_inventory(tmp_path, inventory(gpt))
    done = CliRunner().invoke(cli, ["scan", str(path), "--offline", "--as-of", "2026-11-26"])
    assert "personal -> eu-central-1 (DE, EEA): no transfer" in done.output, done.output
