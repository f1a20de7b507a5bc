"""``scan --discover``: INV001 for a model the code uses but the inventory lacks, INV002 for a
declared model nobody uses, in every report format, and SARIF on the line of code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml
from support import ROOT, inventory, model, write_inventory

APP = """\
from transformers import AutoModelForCausalLM, pipeline

# pipeline("summarization", model="facebook/bart-large-cnn") was replaced
DECLARED = "example/model"
model = AutoModelForCausalLM.from_pretrained(DECLARED)
summarise = pipeline("summarization", model="acme/undeclared-summariser")
"""


def scan(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "audit", "scan", "inventory.yaml", "--offline",
         "--as-of", "2026-11-26", *args],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def setup(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(APP, encoding="utf-8")
    data = inventory(
        model("used", licence="apache-2.0"),
        model("stale", name="other/unused", licence="apache-2.0"),
    )
    write_inventory(tmp_path, data)


def test_inv001_and_inv002_in_json_sarif_markdown_and_html(tmp_path: Path) -> None:
    setup(tmp_path)
    done = scan(
        tmp_path, "--discover", "src", "--json", "r.json", "--sarif", "r.sarif",
        "--sarif-min-severity", "info", "--markdown", "r.md", "--html", "r.html", "--quiet",
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    inv = [f for f in report["findings"] if f["family"] == "inventory"]
    stale_line = (
        (tmp_path / "inventory.yaml").read_text().splitlines().index("  name: other/unused")
    )
    assert [(f["rule"], f["severity"], f["model"], f["location"]) for f in inv] == [
        ("INV001", "high", None, {"path": "src/app.py", "line": 6}),
        ("INV002", "info", "stale", {"path": "inventory.yaml", "line": stale_line + 1}),
    ]
    assert "acme/undeclared-summariser" in inv[0]["message"]
    assert inv[0]["evidence"] == ["src/app.py:6 (pipeline, high)"]
    assert not any("bart" in f["message"] for f in report["findings"])  # the comment
    sarif = json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))
    results = {r["ruleId"]: r for r in sarif["runs"][0]["results"]}
    where = results["INV001"]["locations"][0]["physicalLocation"]
    assert where == {
        "artifactLocation": {"uri": "src/app.py", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 6},
    }
    stale = results["INV002"]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert stale["uri"] == "inventory.yaml"
    assert {"INV001", "INV002"} <= {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "INV001" in markdown and "src/app.py:6" in markdown
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "INV001" in html and "src/app.py:6" in html


def test_declaring_the_model_clears_inv001(tmp_path: Path) -> None:
    setup(tmp_path)
    data = yaml.safe_load((tmp_path / "inventory.yaml").read_text(encoding="utf-8"))
    data["models"].append(model("summariser", name="acme/undeclared-summariser"))
    write_inventory(tmp_path, data)
    done = scan(tmp_path, "--discover", "src", "--json", "-")
    rules = {f["rule"] for f in json.loads(done.stdout)["findings"]}
    assert "INV001" not in rules and "INV002" in rules


def test_without_discover_no_inventory_rule_fires(tmp_path: Path) -> None:
    setup(tmp_path)
    done = scan(tmp_path, "--json", "-")
    assert not [f for f in json.loads(done.stdout)["findings"] if f["rule"].startswith("INV")]


def test_a_missing_discover_path_is_a_usage_error(tmp_path: Path) -> None:
    setup(tmp_path)
    done = scan(tmp_path, "--discover", "nowhere")
    assert done.returncode == 2
    assert "nowhere" in done.stderr
