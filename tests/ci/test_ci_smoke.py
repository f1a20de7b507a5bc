"""The CI smoke run (.ci/smoke) fails when a command breaks on an installed copy.

The defect it guards against: ``bom --cyclonedx`` exited 3 on a plain ``pip install .``
because cyclonedx-python-lib's validator needs its ``json-validation`` extra (jsonschema),
which only the test extra happened to bring. Here the real smoke script runs the real CLI
with jsonschema made unimportable, as on an install without the extra, and must fail on
exactly that command; every other command must still pass in the same environment.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from support import ROOT

NO_JSONSCHEMA = "raise ImportError(\"No module named 'jsonschema'\")\n"


def _fake_install(tmp_path: Path) -> Path:
    """A venv-shaped folder whose ``model-audit`` is this checkout without jsonschema."""
    blocker = tmp_path / "blocker" / "jsonschema"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text(NO_JSONSCHEMA)
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    launcher = venv / "bin" / "model-audit"
    launcher.write_text(
        f'#!/bin/sh\nPYTHONPATH="{blocker.parent}:{ROOT}" exec "{sys.executable}" -m audit "$@"\n'
    )
    launcher.chmod(0o755)
    (venv / "bin" / "python").symlink_to(sys.executable)
    return venv


def test_smoke_fails_on_the_command_a_missing_extra_breaks(tmp_path: Path) -> None:
    venv = _fake_install(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run = subprocess.run(
        ["bash", str(ROOT / ".ci" / "smoke"), str(venv), str(tmp_path / "work")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert run.returncode != 0, run.stdout + run.stderr
    failures = re.findall(r"^SMOKE FAIL: exit (\d+) \(expected \d+\): (.*)$", run.stderr, re.M)
    assert [(status, "bom" in line) for status, line in failures] == [("3", True)], run.stderr
    assert "json-validation" in run.stderr
    assert "smoke ok (0): model-audit scan" in run.stdout


def test_every_runtime_dependency_has_a_lower_bound_and_cyclonedx_its_extra() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    block = re.search(r"^dependencies = \[(.*?)^\]", text, re.M | re.S)
    assert block is not None
    dependencies = re.findall(r'"([^"]+)"', block.group(1))
    run = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "lowest_constraints.py"), str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert len(run.stdout.splitlines()) == len(dependencies)
    cyclonedx = [d for d in dependencies if d.startswith("cyclonedx-python-lib")]
    assert cyclonedx and cyclonedx[0].startswith("cyclonedx-python-lib[json-validation]>=")
