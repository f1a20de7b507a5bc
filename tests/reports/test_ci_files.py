"""The pre-commit hook definition and the CI examples in docs/ci.md."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from audit.cli import COMMANDS

ROOT = Path(__file__).resolve().parents[2]


def hook() -> dict[str, Any]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    entry: dict[str, Any] = hooks[0]
    return entry


def test_hook_runs_scan() -> None:
    entry = hook()
    assert entry["id"] == "model-audit"
    assert entry["entry"] == "model-audit scan"
    assert entry["entry"].split()[1] in COMMANDS
    assert entry["language"] == "python" and entry["pass_filenames"] is True


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("inventory.yaml", True),
        ("inventory.yml", True),
        ("examples/inventory.yaml", True),
        ("compliance/ai-inventory.yaml", True),
        ("models.inventory.yml", True),
        ("examples/pricing.yaml", False),
        ("inventory.yaml.bak", False),
        ("myinventory.yaml", False),
        ("docs/inventory.md", False),
    ],
)
def test_hook_file_pattern(path: str, matches: bool) -> None:
    assert bool(re.search(hook()["files"], path)) is matches


def yaml_blocks() -> list[str]:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    return re.findall(r"```yaml\n(.*?)```", text, re.S)


def test_ci_examples_are_valid_yaml() -> None:
    blocks = yaml_blocks()
    assert len(blocks) == 3
    for block in blocks:
        assert isinstance(yaml.safe_load(block), dict)


def test_github_example_gates_and_uploads_sarif() -> None:
    workflow = yaml.safe_load(yaml_blocks()[0])
    steps = workflow["jobs"]["audit"]["steps"]
    scan = next(s for s in steps if "model-audit scan" in s.get("run", ""))
    assert "--fail-on high" in scan["run"] and "--sarif model-audit.sarif" in scan["run"]
    upload = next(
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")
    )
    assert upload["with"]["sarif_file"] == "model-audit.sarif"
    assert "!cancelled()" in upload["if"], "uploads also when the gate fails"
    assert workflow["jobs"]["audit"]["permissions"]["security-events"] == "write"


def test_gitlab_example_keeps_reports_as_artifacts() -> None:
    job = yaml.safe_load(yaml_blocks()[1])["model-audit"]
    assert any("--fail-on high" in line for line in job["script"])
    assert job["artifacts"]["when"] == "always"
    assert "model-audit.sarif" in job["artifacts"]["paths"]


def test_pre_commit_example_uses_the_hook() -> None:
    config = yaml.safe_load(yaml_blocks()[2])
    assert config["repos"][0]["hooks"][0]["id"] == hook()["id"]
