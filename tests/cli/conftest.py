"""Fixtures for CLI tests: run ``python -m audit`` in a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from output_schemas import check_if_output
from support import ROOT, RunCli


@pytest.fixture
def model_audit(tmp_path: Path) -> RunCli:
    """Run ``[sys.executable, "-m", "audit", *args]`` from ``tmp_path`` (or ``cwd``).

    The repository is put on PYTHONPATH so the tests need no installed package; the
    network is switched off for the Hugging Face Hub.
    """

    def run(
        *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
            "HF_HUB_OFFLINE": "1",
            **(env or {}),
        }
        done = subprocess.run(
            [sys.executable, "-m", "audit", *args],
            cwd=cwd or tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        check_if_output(done.stdout, f"standard output of model-audit {' '.join(args)}")
        return done

    return run
