"""The composite GitHub Action (``action.yml``), its steps run locally as a runner would.

The simulation does what the GitHub runner does for a composite action: it evaluates the
``${{ }}`` expressions the steps use (inputs, github context, step outputs), gives each step
its ``env``, the ``GITHUB_*`` files and variables, and runs ``run:`` with
``bash --noprofile --norc -eo pipefail``. ``uses:`` steps are marketplace actions: the only
one, setup-python, is stood in for by this interpreter on PATH. The install step really
installs model-audit from the checkout (into a private target folder, dependencies taken
from the test environment), and every later step runs that installed copy.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from support import ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


@dataclass
class ActionRun:
    """What one simulated run of the action left behind."""

    outputs: dict[str, str]
    summary: str
    failed_step: str | None
    exit_code: int
    workspace: Path
    stderr: str


def parse_output_file(path: Path) -> dict[str, str]:
    """``name=value`` lines (and the ``name<<EOF`` form) as GitHub reads GITHUB_OUTPUT."""
    out: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, marker = line.split("<<", 1)
            end = lines.index(marker, i + 1)
            out[name] = "\n".join(lines[i + 1 : end])
            i = end + 1
            continue
        name, _, value = line.partition("=")
        out[name] = value
        i += 1
    return out


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the action's install step once: model-audit built from the checkout into a
    target folder (later steps put it first on PYTHONPATH)."""
    target = tmp_path_factory.mktemp("site")
    (step,) = [s for s in ACTION["runs"]["steps"] if "pip install" in s.get("run", "")]
    env = {
        **os.environ,
        "MODEL_AUDIT_SOURCE": str(ROOT),
        "PIP_TARGET": str(target),
        "PIP_NO_DEPS": "1",  # dependencies come from the test environment
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    assert EXPRESSION.sub("", step["env"]["MODEL_AUDIT_SOURCE"]) == ""
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        env=env,
        cwd=target,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0 and "Could not find a version" in done.stderr:
        pytest.skip(f"the build backend could not be fetched: {done.stderr[-300:]}")
    assert done.returncode == 0, done.stderr
    assert (target / "audit" / "cli" / "scan.py").is_file()
    assert (target / "reports" / "templates").is_dir(), "package data is installed"
    where = subprocess.run(
        [sys.executable, "-c", "import audit; print(audit.__file__)"],
        env={**env, "PYTHONPATH": str(target)},
        cwd=target.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert where.stdout.strip() == str(target / "audit" / "__init__.py"), "steps use this copy"
    return target


def run_action(tmp_path: Path, site: Path, inputs: dict[str, str]) -> ActionRun:
    """Run every step of the action in order, as a runner would, in a fresh workspace."""
    workspace = tmp_path / "workspace"
    if not workspace.exists():
        shutil.copytree(ROOT / "examples", workspace / "compliance")
        subprocess.run(["git", "init", "-q", str(workspace)], check=True, timeout=30)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    files = {
        name: tmp_path / f"{name.lower()}.txt"
        for name in ("GITHUB_STEP_SUMMARY", "GITHUB_ENV", "GITHUB_PATH")
    }
    values = {k: v.get("default", "") for k, v in ACTION["inputs"].items()} | inputs
    context = {
        "github.action_path": str(ROOT),
        "github.action_repository": "example-org/model-audit",
        "github.action_ref": "v0-test",
    }
    step_outputs: dict[str, dict[str, str]] = {}
    stderr = ""

    def evaluate(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            key = match.group(1)
            if key.startswith("inputs."):
                return str(values[key.removeprefix("inputs.")])
            if key.startswith("steps."):
                _, step_id, _, name = key.split(".", 3)
                return step_outputs.get(step_id, {}).get(name, "")
            return context[key]

        return EXPRESSION.sub(one, text)

    for index, step in enumerate(ACTION["runs"]["steps"]):
        if "uses" in step:
            assert step["uses"].startswith("actions/setup-python@"), step["uses"]
            continue

        assert "${{" not in step["run"], "expressions in scripts can inject commands: use env"
        output_file = tmp_path / f"output-{index}.txt"
        output_file.touch()
        env = {
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "HOME": os.environ.get("HOME", str(tmp_path)),
            "PYTHONPATH": str(site),
            "HF_HUB_OFFLINE": "1",
            "HF_HOME": str(tmp_path / "hf-home"),
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_ACTION_PATH": str(ROOT),
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_OUTPUT": str(output_file),
            "RUNNER_TEMP": str(runner_temp),
            **{name: str(path) for name, path in files.items()},
            **{k: evaluate(str(v)) for k, v in (step.get("env") or {}).items()},
        }
        if "pip install" in step["run"]:
            continue  # done once by the ``installed`` fixture, with the same command
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            env=env,
            cwd=workspace,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        stderr += done.stderr
        if "id" in step:
            step_outputs[step["id"]] = parse_output_file(output_file)
        if done.returncode != 0:
            break
    else:
        step, done = {"name": None}, subprocess.CompletedProcess([], 0)
    outputs = {name: evaluate(spec["value"]) for name, spec in ACTION["outputs"].items()}
    summary = files["GITHUB_STEP_SUMMARY"]
    text = summary.read_text(encoding="utf-8") if summary.exists() else ""
    return ActionRun(outputs, text, step["name"], done.returncode, workspace, stderr)


def test_the_action_gates_the_example_inventory(tmp_path: Path, installed: Path) -> None:
    run = run_action(
        tmp_path, installed, {"inventory": "compliance/inventory.yaml", "offline": "true"}
    )
    assert run.failed_step == "Gate on the verdict" and run.exit_code == 1, run.stderr
    report = json.loads((run.workspace / "model-audit.json").read_text(encoding="utf-8"))
    summary = report["summary"]
    assert run.outputs["verdict"] == "fail" and run.outputs["exit-code"] == "1"
    for key in ("critical", "high", "medium", "low", "info", "waived"):
        assert run.outputs[key] == str(summary[key]), key
    assert run.outputs["sarif"] == "model-audit.sarif"
    assert run.summary.startswith("## ❌ model-audit: FAIL")
    assert "https://github.com/example-org/model-audit/blob/v0-test/docs/rules/" in run.summary
    log = json.loads((run.workspace / "model-audit.sarif").read_text(encoding="utf-8"))
    artifact = log["runs"][0]["artifacts"][0]["location"]
    assert artifact == {"uri": "compliance/inventory.yaml", "uriBaseId": "%SRCROOT%"}


def test_with_its_own_report_as_baseline_the_action_passes(tmp_path: Path, installed: Path) -> None:
    first = run_action(
        tmp_path, installed, {"inventory": "compliance/inventory.yaml", "offline": "true"}
    )
    assert first.outputs["verdict"] == "fail"
    shutil.copy(first.workspace / "model-audit.json", first.workspace / "baseline.json")
    again = run_action(
        tmp_path,
        installed,
        {
            "inventory": "compliance/inventory.yaml",
            "offline": "true",
            "baseline": "baseline.json",
        },
    )
    assert again.failed_step is None, again.stderr
    assert again.outputs["verdict"] == "pass" and again.outputs["new"] == "0"
    assert again.outputs["absent"] == "0"
    assert "**0 new**" in again.summary


def test_hostile_inputs_stay_data(tmp_path: Path, installed: Path) -> None:
    marker = tmp_path / "pwned"
    run = run_action(
        tmp_path,
        installed,
        {"inventory": f"x.yaml; touch {marker}; $(touch {marker})", "fail-on": "--help"},
    )
    assert not marker.exists()
    assert run.outputs["verdict"] == "error" and run.exit_code == 2, run.stderr
