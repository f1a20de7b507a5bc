"""The shipped example: discovery lists what examples/app and examples/litellm use, the diff
against examples/inventory.yaml, and the gate raises INV001 on the one undeclared model with
SARIF on its line of code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from support import ROOT

UNDECLARED = "intfloat/multilingual-e5-large"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "audit", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_discover_lists_the_example_models_and_the_diff() -> None:
    done = run("discover", "examples", "--inventory", "examples/inventory.yaml", "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    declared = {m["name"]: m["declared_as"] for m in report["models"]}
    assert declared == {
        "claude-sonnet-4": "legal-review",
        "gpt-4o": "frontier",
        UNDECLARED: None,
        "meta-llama/Llama-3.1-8B-Instruct": "claims-assistant",
        "mistral-large-latest": "hr-screening",
    }
    assert report["diff"]["undeclared"] == [UNDECLARED]
    assert "summariser" in report["diff"]["unseen"]
    # the router alias the code calls counts for the models it routes to
    chat = next(m for m in report["models"] if m["name"] == "meta-llama/Llama-3.1-8B-Instruct")
    assert "examples/app/claims_chat.py:35 (api-client, medium)" in chat["evidence"]
    assert [m["name"] for m in report["proposed"]["models"]] == [UNDECLARED]


def test_scan_discover_raises_inv001_with_sarif_on_the_line_of_code(tmp_path: Path) -> None:
    sarif = tmp_path / "examples.sarif"
    done = run(
        "scan", "examples/inventory.yaml", "--offline", "--as-of", "2026-11-26",
        "--discover", "examples", "--sarif", str(sarif), "--quiet",
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    inv001 = [r for r in results if r["ruleId"] == "INV001"]
    assert len(inv001) == 1
    assert UNDECLARED in inv001[0]["message"]["text"]
    where = inv001[0]["locations"][0]["physicalLocation"]
    assert where["artifactLocation"] == {
        "uri": "examples/app/claims_chat.py",
        "uriBaseId": "%SRCROOT%",
    }
    line = where["region"]["startLine"]
    source = (ROOT / "examples" / "app" / "claims_chat.py").read_text(encoding="utf-8")
    assert f'SentenceTransformer("{UNDECLARED}")' in source.splitlines()[line - 1]
