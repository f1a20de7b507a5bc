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


def test_github_example_gates_with_the_action_and_uploads_sarif() -> None:
    workflow = yaml.safe_load(yaml_blocks()[0])
    steps = workflow["jobs"]["audit"]["steps"]
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    uses = [s for s in steps if s.get("uses", "").startswith("your-org/model-audit@")]
    assert len(uses) == 2, "the base branch's audit, then this change's"
    for step in uses:
        assert set(step["with"]) <= set(action["inputs"]), step["with"]
    gate = next(s for s in uses if s.get("id") == "audit")
    assert gate["with"]["fail-on"] == "high" and gate["with"]["sarif"] == "model-audit.sarif"
    assert "baseline.json" in gate["with"]["baseline"]
    upload = next(
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")
    )
    assert upload["with"]["sarif_file"] == "model-audit.sarif"
    assert "!cancelled()" in upload["if"], "uploads also when the gate fails"
    assert workflow["jobs"]["audit"]["permissions"]["security-events"] == "write"


def test_instructions_name_no_package_index_release_or_upstream_tag() -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "model-audit==" not in text and "rev: v0.1.0" not in text
    commands = "\n".join(re.findall(r"```(?:sh|yaml)\n(.*?)```", text, re.S))
    assert not re.search(r"pip install \"?model-audit", commands)
    assert "git+https://" in commands


def test_gitlab_example_keeps_reports_as_artifacts() -> None:
    job = yaml.safe_load(yaml_blocks()[1])["model-audit"]
    assert any("--fail-on high" in line for line in job["script"])
    assert any("git+https://" in line for line in job["before_script"])
    assert job["artifacts"]["when"] == "always"
    assert "model-audit.sarif" in job["artifacts"]["paths"]


def test_pre_commit_example_uses_the_hook() -> None:
    config = yaml.safe_load(yaml_blocks()[2])
    assert config["repos"][0]["hooks"][0]["id"] == hook()["id"]
    assert re.fullmatch(r"[0-9a-f]{40}", str(config["repos"][0]["rev"])), "a pinned commit"


def test_hook_audits_two_changed_inventories_in_one_run(tmp_path: Path) -> None:
    """What pre-commit runs: the entry, the hook's args, then every matching changed file."""
    import os
    import shutil
    import subprocess
    import sys

    first = tmp_path / "inventory.yaml"
    shutil.copytree(ROOT / "examples", tmp_path, dirs_exist_ok=True)
    second = tmp_path / "team-b" / "ai-inventory.yml"
    shutil.copytree(ROOT / "examples" / "models", second.parent / "models")
    shutil.copy(first, second)
    changed = [str(p.relative_to(tmp_path)) for p in (first, second)]
    assert all(re.search(hook()["files"], name) for name in changed)
    entry = hook()["entry"].split()
    command = [sys.executable, "-m", "audit", *entry[1:], "--offline", "--fail-on", "high"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [*command, "--quiet", *changed], cwd=tmp_path, env=env, capture_output=True,
        text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr  # both hold high findings
    verdicts = [line for line in done.stderr.splitlines() if line.startswith("model-audit: FAIL")]
    assert [v.split()[2] for v in verdicts] == changed
    passing = subprocess.run(
        [*command[:-1], "never", "--quiet", *changed], cwd=tmp_path, env=env,
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert passing.returncode == 0, passing.stderr
    (tmp_path / "broken-inventory.yaml").write_text("version: 1\nmodels: 7\n", encoding="utf-8")
    worst = subprocess.run(
        [*command, "--quiet", *changed, "broken-inventory.yaml"], cwd=tmp_path, env=env,
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert worst.returncode == 2, worst.stderr  # the worst status wins
    assert "broken-inventory.yaml" in worst.stderr
    assert sum(line.startswith("model-audit: FAIL") for line in worst.stderr.splitlines()) == 2
