"""Validate CycloneDX output with the ecosystem's own validators.

``assert_cyclonedx_valid`` checks a document with cyclonedx-python-lib's strict JSON
validator and, where Node.js and ``@cyclonedx/cyclonedx-library`` are installed, with that
library's strict validator too (tests/cyclonedx_node/validate.js). ``.ci/run`` installs the
Node library into build/cdx-node; MODEL_AUDIT_CDX_NODE_MODULES names another folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from support import ROOT

NODE_SCRIPT = Path(__file__).resolve().parent / "cyclonedx_node" / "validate.js"
SPEC_VERSION = "1.6"


def node_modules() -> Path:
    """The folder holding ``@cyclonedx/cyclonedx-library``; skips the test when absent."""
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed: @cyclonedx/cyclonedx-library cannot run")
    folder = Path(
        os.environ.get("MODEL_AUDIT_CDX_NODE_MODULES", ROOT / "build" / "cdx-node" / "node_modules")
    )
    if not (folder / "@cyclonedx" / "cyclonedx-library").is_dir():
        pytest.skip(
            f"@cyclonedx/cyclonedx-library is not installed in {folder} "
            "(npm install --prefix build/cdx-node @cyclonedx/cyclonedx-library ajv ajv-formats "
            "ajv-formats-draft2019)"
        )
    return folder


def node_validate(*files: Path) -> subprocess.CompletedProcess[str]:
    """Run the Node library's strict validator on ``files``."""
    env = dict(os.environ, NODE_PATH=str(node_modules()))
    return subprocess.run(
        ["node", str(NODE_SCRIPT), SPEC_VERSION, *map(str, files)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def python_errors(text: str) -> object:
    """cyclonedx-python-lib's strict validator's verdict on ``text``: None when valid."""
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    return JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)


def assert_cyclonedx_valid(path: Path, *, node: bool = True) -> None:
    """Both strict validators accept ``path`` (the Node one only when it is installed)."""
    assert python_errors(path.read_text(encoding="utf-8")) is None
    if node:
        try:
            node_modules()
        except pytest.skip.Exception:
            return
        run = node_validate(path)
        assert run.returncode == 0, run.stdout + run.stderr
