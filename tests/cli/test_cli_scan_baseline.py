"""``scan --baseline``: only new findings fail the gate; ``--markdown`` and ``--quiet``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from support import ROOT, RunCli

OFFLINE = ["--offline", "--as-of", "2026-11-26"]
NEW_MODEL = """
  - id: legacy-sentiment-copy
    name: nordlicht/sentiment-2021
    source: local
    path: models/legacy-sentiment
    hosting:
      mode: self-hosted
      regions: [eu-central-1]
    use_cases:
      - id: survey-sentiment-copy
        purpose: Score free-text answers of customer surveys
        audience: internal
        data: [internal]
        ai_act:
          role: deployer
          area: none
"""


def example(tmp_path: Path) -> Path:
    folder = tmp_path / "inv"
    shutil.copytree(ROOT / "examples", folder)
    return folder / "inventory.yaml"


def add_model(inventory: Path) -> None:
    """Insert a copy of the unlicensed model above ``routes:``: one new LIC001 (high)."""
    text = inventory.read_text(encoding="utf-8")
    inventory.write_text(text.replace("\nroutes:", NEW_MODEL + "\nroutes:", 1), encoding="utf-8")


def report(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def test_only_unchanged_findings_pass_and_one_new_finding_fails(
    tmp_path: Path, model_audit: RunCli
) -> None:
    inventory = example(tmp_path)
    first = model_audit("scan", str(inventory), *OFFLINE, "--json", "old.json", "-q")
    assert first.returncode == 1, first.stderr  # the example has high findings
    again = model_audit(
        "scan", str(inventory), *OFFLINE, "--baseline", "old.json", "--json", "same.json",
        "--sarif", "same.sarif", "-q",
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    same = report(tmp_path / "same.json")
    assert {f["baseline"] for f in same["findings"]} == {"unchanged"}
    assert same["baseline"]["absent"] == [] and same["baseline"]["new"] == 0
    assert same["summary"]["status"] == "pass"
    results = report(tmp_path / "same.sarif")["runs"][0]["results"]
    assert results and {r["baselineState"] for r in results} == {"unchanged"}

    add_model(inventory)
    changed = model_audit(
        "scan", str(inventory), *OFFLINE, "--baseline", "old.json", "--json", "new.json",
        "--markdown", "summary.md", "--sarif", "new.sarif", "-q",
    )  # fmt: skip
    assert changed.returncode == 1, changed.stderr
    document = report(tmp_path / "new.json")
    new = [f for f in document["findings"] if f["baseline"] == "new"]
    assert [(f["rule"], f["model"]) for f in new if f["severity"] == "high"] == [
        ("LIC001", "legacy-sentiment-copy")
    ]
    assert document["summary"]["status"] == "fail"
    states = {
        r["partialFingerprints"]["primaryLocationLineHash"]: r["baselineState"]
        for r in report(tmp_path / "new.sarif")["runs"][0]["results"]
    }
    assert all(states[f["fingerprint"]] == "new" for f in new if f["severity"] != "info")
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "model-audit: FAIL" in summary
    assert f"**{document['baseline']['new']} new**" in summary
    for finding in new:
        assert f"[{finding['rule']}](" in summary
        assert finding["model"].replace("-", "-") in summary
    table_rows = [line for line in summary.splitlines() if line.startswith("| [")]
    assert len(table_rows) == len([f for f in new if not f["waived"]])
    assert "summary line" not in changed.stderr
    assert "model-audit: FAIL" in changed.stderr and "1 new" not in changed.stderr.split(";")[0]


def test_absent_findings_are_listed(tmp_path: Path, model_audit: RunCli) -> None:
    inventory = example(tmp_path)
    add_model(inventory)
    model_audit("scan", str(inventory), *OFFLINE, "--json", "old.json", "-q")
    shutil.copy(ROOT / "examples" / "inventory.yaml", inventory)
    done = model_audit("scan", str(inventory), *OFFLINE, "--baseline", "old.json", "--json", "-")
    assert done.returncode == 0, done.stderr
    absent = json.loads(done.stdout)["baseline"]["absent"]
    assert {f["model"] for f in absent} == {"legacy-sentiment-copy"}
    assert all(len(f["fingerprint"]) == 32 for f in absent)


def test_a_lapsed_waiver_is_a_new_finding(tmp_path: Path, model_audit: RunCli) -> None:
    inventory = example(tmp_path)
    model_audit("scan", str(inventory), *OFFLINE, "--json", "old.json", "-q")
    later = model_audit(
        "scan", str(inventory), "--offline", "--as-of", "2027-02-01", "--baseline", "old.json",
        "--json", "-",
    )  # fmt: skip
    assert later.returncode == 1, later.stderr  # GDPR004's waiver expired on 2027-01-31
    findings = json.loads(later.stdout)["findings"]
    gdpr004 = next(f for f in findings if f["rule"] == "GDPR004")
    assert gdpr004["baseline"] == "new" and not gdpr004["waived"]


def test_a_baseline_of_another_inventory_is_exit_2(tmp_path: Path, model_audit: RunCli) -> None:
    inventory = example(tmp_path)
    model_audit("scan", str(inventory), *OFFLINE, "--json", "old.json", "-q")
    other = inventory.with_name("other-inventory.yaml")
    text = inventory.read_text(encoding="utf-8")
    other.write_text(text.replace("Nordlicht Versicherung AG", "Other GmbH", 1), encoding="utf-8")
    done = model_audit("scan", str(other), *OFFLINE, "--baseline", "old.json")
    assert done.returncode == 2, done.stderr
    assert "old.json" in done.stderr and "another inventory" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unreadable_baseline_is_exit_2(tmp_path: Path, model_audit: RunCli) -> None:
    inventory = example(tmp_path)
    model_audit("scan", str(inventory), *OFFLINE, "--json", "old.json", "-q")
    old = report(tmp_path / "old.json")
    del old["findings"][0]["fingerprint"]
    (tmp_path / "no-prints.json").write_text(json.dumps(old), encoding="utf-8")
    (tmp_path / "garbage.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "sarif.json").write_text('{"version": "2.1.0", "runs": []}', encoding="utf-8")
    for name, expected in (
        ("missing.json", "cannot read the baseline"),
        ("garbage.json", "not a JSON report"),
        ("sarif.json", "schema"),
        ("no-prints.json", "findings[0].fingerprint"),
    ):
        done = model_audit("scan", str(inventory), *OFFLINE, "--baseline", name)
        assert done.returncode == 2, (name, done.stderr)
        assert name in done.stderr and expected in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


def test_quiet_prints_one_summary_line(tmp_path: Path, model_audit: RunCli) -> None:
    done = model_audit("scan", str(example(tmp_path)), *OFFLINE, "--quiet")
    assert done.returncode == 1
    assert done.stdout == ""
    lines = [line for line in done.stderr.splitlines() if line.startswith("model-audit: FAIL")]
    assert len(lines) == 1
    assert "2 critical" in lines[0] and "fail on high" in lines[0] and "waived" in lines[0]


def test_markdown_without_baseline_lists_every_active_finding(
    tmp_path: Path, model_audit: RunCli
) -> None:
    done = model_audit(
        "scan", str(example(tmp_path)), *OFFLINE, "--markdown", "-", "--json", "r.json"
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    document = report(tmp_path / "r.json")
    assert done.stdout.startswith("## ❌ model-audit: FAIL")
    rows = [line for line in done.stdout.splitlines() if line.startswith("| [")]
    assert len(rows) == sum(1 for f in document["findings"] if not f["waived"])
