"""``model-audit licences [ID]`` through Click's test runner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from audit.cli.licences import command, commercial_summary, threshold_summary
from licences import KnowledgeBase


def run(*args: str) -> tuple[int, str]:
    # rich sizes tables from COLUMNS when output is not a terminal
    result = CliRunner(env={"COLUMNS": "240"}).invoke(command, list(args))
    return result.exit_code, result.output


def test_lists_every_entry(kb: KnowledgeBase) -> None:
    code, output = run()
    assert code == 0
    for entry in kb.entries:
        assert entry.key in output
    assert "2026.12" in output


def test_lists_as_json(kb: KnowledgeBase) -> None:
    code, output = run("--json")
    assert code == 0
    data = json.loads(output)
    assert data["knowledge_base"]["version"] == kb.version
    assert [item["key"] for item in data["licences"]] == [entry.key for entry in kb.entries]


def test_shows_one_licence_with_sources() -> None:
    code, output = run("Llama 3.2")
    assert code == 0
    assert "Llama 3.2 Community License Agreement" in output
    assert "Built with Llama" in output
    assert "700,000,000" in output
    assert "EU" in output
    assert "models/llama3_2/USE_POLICY.md" in output
    assert "primary" in output


def test_shows_unverified_terms_as_such() -> None:
    code, output = run("falcon-llm-license")
    assert code == 0
    assert "unverified" in output


def test_one_licence_as_json() -> None:
    code, output = run("stabilityai-community", "--json")
    assert code == 0
    licence = json.loads(output)["licence"]
    assert licence["key"] == "stabilityai-ai-community"
    assert licence["revenue_threshold"]["annual_revenue_usd"] == 1_000_000
    assert licence["revenue_threshold"]["source"]["section"].startswith("III")


def test_unknown_id_exits_2_with_the_closest_names() -> None:
    code, output = run("lama-3.1")
    assert code == 2
    assert "unknown licence 'lama-3.1'; closest: " in output
    assert "llama3.1" in output


def test_help_does_not_need_the_knowledge_base() -> None:
    code, output = run("--help")
    assert code == 0
    assert "--json" in output


@pytest.mark.parametrize(
    ("key", "commercial", "thresholds"),
    [
        ("mit", "yes", ""),
        ("llama3.1", "yes, below threshold", ">700M MAU (in the month before release)"),
        ("tongyi-qianwen", "yes, below threshold", ">100M MAU (ongoing)"),
        ("stabilityai-ai-community", "yes, below threshold", "revenue > USD 1M"),
        ("lfm1.0", "yes, below threshold", "revenue >= USD 10M"),
        ("cc-by-nc-4.0", "no", ""),
    ],
)
def test_summaries(kb: KnowledgeBase, key: str, commercial: str, thresholds: str) -> None:
    entry = kb.get(key)
    assert entry is not None
    assert commercial_summary(entry) == commercial
    assert threshold_summary(entry) == thresholds


NEW_ENTRIES = [
    "tencent-hunyuan-community",
    "flux-1-dev-non-commercial-license",
    "kimi-modified-mit",
    "minimax-modified-mit",
    "mistral-modified-mit",
    "openmdw-1.1",
    "sdxl-0.9-research",
]


def test_json_carries_identifiers_and_confidence(kb: KnowledgeBase) -> None:
    code, output = run("--json")
    assert code == 0
    by_key = {item["key"]: item for item in json.loads(output)["licences"]}
    assert len(by_key) == len(kb.entries) >= 100
    for key in NEW_ENTRIES:
        assert by_key[key]["confidence"] in ("primary", "secondary", "unverified")
        assert by_key[key]["spdx_id"]
    assert by_key["mit"]["scancode_key"] == "mit"
    assert by_key["llama3.1"]["scancode_key"] == "llama-3.1-license-2024"
    assert by_key["mistral-modified-mit"]["confidence"] == "secondary"
    assert by_key["jamba-open-model-license"]["confidence"] == "unverified"
    assert by_key["unknown"]["not_a_licence"] is True


def test_list_shows_new_entries_with_their_confidence() -> None:
    code, output = run()
    assert code == 0
    assert "confidence" in output
    for key in NEW_ENTRIES:
        assert key in output
    rows = [line for line in output.splitlines() if "jamba-open-model-license" in line]
    assert rows and "unverified" in rows[0]


def test_placeholders_can_be_shown() -> None:
    code, output = run("unknown")
    assert code == 0
    assert "not a licence" in output or "not-a-licence" in output
