"""The wheel carries every file of the three packages, not only the Python modules.

A file the package-data patterns miss works in the editable checkout and fails on a user's
plain install (the HTML report once ended with exit 3 because ``filter.js`` was left out).
The test builds the real wheel with the project's own build backend and compares its file
list with the source tree.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from support import ROOT

PACKAGES = ("audit", "licences", "reports")


def _source_files() -> set[str]:
    """Every file under the package folders, as wheel paths (caches left out)."""
    found: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                found.add(path.relative_to(ROOT).as_posix())
    return found


def test_wheel_holds_every_package_file(tmp_path: Path) -> None:
    """Nothing under audit/, licences/ or reports/ is missing from the built wheel."""
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
        + ["--wheel-dir", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp_path.glob("model_audit-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    missing = sorted(_source_files() - in_wheel)
    assert not missing, f"files the wheel leaves out: {missing}"
