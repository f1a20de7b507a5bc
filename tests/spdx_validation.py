"""Validate SPDX 3.0.1 output with the ecosystem's own tools, offline.

``spdx3-validate`` (JSON Schema + SHACL, with SPDX's context-aware checks) runs as a real
subprocess against the official files in the shared folder: tests/offline_spdx/ answers its
requests for spdx.org from them. ``read_back`` loads a document with spdx-python-model.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

OFFLINE_SPDX = Path(__file__).resolve().parent / "offline_spdx"
SPDX_FILES = ("spdx-context.jsonld", "spdx-json-schema.json", "spdx-model.ttl")


def spdx_files_dir(shared_dir: Path) -> Path:
    """The folder of the official SPDX 3.0.1 files; skips the test when they are absent."""
    folder = shared_dir / "schemas" / "spdx-3.0.1"
    missing = [name for name in SPDX_FILES if not (folder / name).is_file()]
    if missing:
        pytest.skip(f"official SPDX 3.0.1 files missing from {folder}: {', '.join(missing)}")
    return folder


def spdx3_validate(document: Path, spdx_files: Path) -> subprocess.CompletedProcess[str]:
    """Run ``spdx3-validate --json DOCUMENT`` with spdx.org served from ``spdx_files``."""
    command = Path(sys.executable).with_name("spdx3-validate")
    if not command.exists():
        pytest.skip(f"spdx3-validate is not installed beside {sys.executable}")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(OFFLINE_SPDX)
    env["MODEL_AUDIT_SPDX_FILES"] = str(spdx_files)
    return subprocess.run(
        [str(command), "--quiet", "--json", str(document)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


def assert_spdx3_conformant(document: Path, spdx_files: Path) -> None:
    """spdx3-validate finds nothing wrong with ``document``."""
    run = spdx3_validate(document, spdx_files)
    assert run.returncode == 0, f"spdx3-validate rejected {document}:\n{run.stdout}{run.stderr}"


def read_back(data: dict[str, Any]) -> tuple[Any, Any]:
    """The bindings module and object set spdx-python-model reads from ``data``."""
    import spdx_python_model

    return spdx_python_model.load_data(data)
