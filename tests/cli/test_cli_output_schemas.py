"""``model-audit schema --report`` / ``--compare``: the shipped schemas of the JSON outputs."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, get_args

import pytest
from jsonschema import Draft202012Validator
from support import ROOT, RunCli

from audit.resolve.interface import EvidenceSource

EXAMPLES = ROOT / "examples"
AS_OF = ["--offline", "--as-of", "2026-11-26"]


def _schema(model_audit: RunCli, option: str) -> dict[str, Any]:
    done = model_audit("schema", option)
    assert done.returncode == 0, done.stderr
    schema: dict[str, Any] = json.loads(done.stdout)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    return schema


def _errors(schema: dict[str, Any], document: Any) -> list[str]:
    return [e.message for e in Draft202012Validator(schema).iter_errors(document)]


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The JSON report ``make demo`` writes: the example inventory, offline, as of the day."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("demo") / "audit.json"
    done = subprocess.run(
        [sys.executable, "-m", "audit", "scan", str(EXAMPLES / "inventory.yaml"), *AS_OF]
        + ["--json", str(out), "--quiet"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode in (0, 1), done.stderr
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report


def test_the_report_schema_accepts_the_demo_report(
    model_audit: RunCli, demo_report: dict[str, Any]
) -> None:
    schema = _schema(model_audit, "--report")

    assert demo_report["schema"] == "model-audit/report/v1"
    assert _errors(schema, demo_report) == []


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (lambda d: d["summary"].pop("status"), "'status' is a required property"),
        (lambda d: d["models"][0]["licence"].update(source="rumour"), "is not valid"),
        (lambda d: d["findings"][0].update(severity="severe"), "'severe' is not one of"),
        (lambda d: d.update(schema="model-audit/report/v2"), "was expected"),
        (lambda d: d["inventory"].update(sha256="abc"), "does not match"),
    ],
)
def test_the_report_schema_refuses_a_broken_core(
    model_audit: RunCli, demo_report: dict[str, Any], break_it: Any, expected: str
) -> None:
    schema = _schema(model_audit, "--report")
    broken = copy.deepcopy(demo_report)
    break_it(broken)

    assert any(expected in e for e in _errors(schema, broken)), _errors(schema, broken)


def test_the_report_schema_allows_added_fields(
    model_audit: RunCli, demo_report: dict[str, Any]
) -> None:
    schema = _schema(model_audit, "--report")
    extended = copy.deepcopy(demo_report)
    # names no version uses yet (fingerprint and baseline exist and are typed)
    extended["comparison_with_last_quarter"] = {"path": "q3.json"}
    extended["summary"]["incomplete"] = 0
    extended["findings"][0]["reviewer_note"] = "0" * 64

    assert _errors(schema, extended) == []
    typed = copy.deepcopy(demo_report)
    typed["findings"][0]["fingerprint"] = "not hex"
    typed["baseline"] = {"path": "old.json"}
    assert len(_errors(schema, typed)) >= 2


def test_the_compare_schema_accepts_a_comparison(model_audit: RunCli, tmp_path: Path) -> None:
    schema = _schema(model_audit, "--compare")
    out = tmp_path / "compare.json"
    done = model_audit(
        "compare",
        str(EXAMPLES / "inventory.yaml"),
        *AS_OF,
        "--use-case",
        "policy-summaries",
        "--candidate",
        "mistralai/Mistral-7B-Instruct-v0.3",
        "--candidate",
        "openai:gpt-4o",
        "--pricing",
        str(EXAMPLES / "pricing.yaml"),
        "--json",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    comparison = json.loads(out.read_text(encoding="utf-8"))

    assert _errors(schema, comparison) == []
    comparison["recommendation"]["choice"] = "both"
    assert any("'both' is not one of" in e for e in _errors(schema, comparison))


def test_every_licence_source_is_in_the_schemas_and_the_docs(model_audit: RunCli) -> None:
    sources = set(get_args(EvidenceSource))
    docs = (ROOT / "docs" / "outputs.md").read_text(encoding="utf-8")

    for option in ("--report", "--compare"):
        schema = _schema(model_audit, option)
        assert set(schema["$defs"]["licenceSource"]["enum"]) == sources
    for source in sources:
        assert f"`{source}`" in docs, source


def test_one_schema_at_a_time(model_audit: RunCli) -> None:
    done = model_audit("schema", "--report", "--compare")

    assert done.returncode == 2
    assert "give --report or --compare, not both" in done.stderr
