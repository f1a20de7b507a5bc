"""``model-audit scan``: exit statuses, the JSON contract, determinism, report options."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import inventory, model, write_inventory

from audit.cli import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "inventory.yaml"
SCAN = ["scan", str(EXAMPLE), "--offline", "--as-of", "2026-11-26"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "audit", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_example_inventory_fails_the_gate_with_real_findings() -> None:
    done = _run(*SCAN)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "FAIL" in done.stdout


def test_json_to_stdout_is_byte_identical_across_runs() -> None:
    first = _run(*SCAN, "--json", "-")
    second = _run(*SCAN, "--json", "-")
    assert first.returncode == second.returncode == 1
    assert first.stdout == second.stdout
    document = json.loads(first.stdout)
    assert document["schema"] == "model-audit/report/v1"
    assert list(document) == sorted(document)  # keys sorted


def test_json_report_follows_the_contract() -> None:
    document = json.loads(_run(*SCAN, "--json", "-").stdout)
    for key in (
        "tool",
        "knowledge_base",
        "as_of",
        "inventory",
        "organisation",
        "models",
        "findings",
        "summary",
    ):
        assert key in document
    assert document["as_of"] == "2026-11-26"
    assert len(document["inventory"]["sha256"]) == 64
    sources = {"declared", "hub", "card", "licence-text", "spdx", "base-model", "model-facts", None}
    for entry in document["models"]:
        assert {"id", "name", "licence", "lineage", "status"} <= set(entry)
        assert entry["licence"]["source"] in sources
        assert entry["status"] in ("pass", "warn", "fail")
    for finding in document["findings"]:
        assert {
            "rule",
            "name",
            "severity",
            "model",
            "use_case",
            "message",
            "citation",
            "remediation",
            "waived",
            "location",
        } <= set(finding)
        assert finding["location"]["line"] >= 1
        assert finding["location"]["path"].endswith("inventory.yaml")
    summary = document["summary"]
    assert summary["status"] == "fail"
    assert summary["high"] + summary["critical"] >= 1


def test_example_shows_active_expired_and_stale_waivers() -> None:
    document = json.loads(_run(*SCAN, "--json", "-").stdout)
    statuses = {w["rule"]: w["status"] for w in document["waivers"]}
    assert statuses == {"GDPR004": "active", "ADV002": "expired", "LIC002": "stale"}
    expired = [f for f in document["findings"] if f["waiver"] and f["waiver"]["expired"]]
    assert expired and not any(f["waived"] for f in expired)


def test_fail_on_never_exits_zero_and_fail_on_info_counts_advisories(tmp_path: Path) -> None:
    runner = CliRunner()
    never = runner.invoke(cli, [*SCAN, "--fail-on", "never", "--quiet"])
    assert never.exit_code == 0, never.output
    verified = {"by": "Legal team", "on": "2026-11-01", "evidence": "LICENSE at rev abc123"}
    path = write_inventory(
        tmp_path, inventory(model(licence="apache-2.0", licence_verification=verified))
    )
    clean = runner.invoke(cli, ["scan", str(path), "--offline", "--quiet"])
    assert clean.exit_code == 0, clean.output


def test_bad_as_of_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["scan", str(EXAMPLE), "--as-of", "26/11/2026"])
    assert result.exit_code == 2
    assert "--as-of" in result.output


def test_two_reports_on_stdout_are_refused() -> None:
    result = CliRunner().invoke(cli, [*SCAN, "--json", "-", "--sarif", "-"])
    assert result.exit_code == 2


def test_invalid_inventory_exits_two_with_file_line_field(tmp_path: Path) -> None:
    data = inventory(model(hosting={"mode": "selfhosted"}))
    path = write_inventory(tmp_path, data)
    done = _run("scan", str(path), "--offline")
    assert done.returncode == 2
    assert f"{path}:" in done.stderr and "models[0].hosting.mode" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_inventory_exits_two() -> None:
    done = _run("scan", "does-not-exist.yaml")
    assert done.returncode == 2 and "does not exist" in done.stderr


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_report_files_are_written(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(cli, [*SCAN, f"--{fmt}", str(target), "--quiet"])
    assert result.exit_code == 1, result.output
    assert json.loads(target.read_text())
