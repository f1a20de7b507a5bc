"""SPDX documents as real tools write them: only the described package is the model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import ROOT, audit, hits, inventory, model

FIXTURES = ROOT / "tests" / "fixtures" / "spdx"


@pytest.mark.parametrize(
    "name", ["npm-sbom.spdx.json", "sbom4python.spdx.json", "syft.spdx.json", "reuse.spdx"]
)
def test_described_package_is_the_models_licence(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "models" / "m"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / name, folder / name)
    result = audit(tmp_path, inventory(model(source="local", path="models/m", name="acme/m")))
    res = result.resolutions["m1"]
    assert res.licence == "apache-2.0", res.problems
    assert hits(result, "LIC001") == [], res.problems
    assert hits(result, "LIC002") == []  # the dependency's MIT or BSD is not the model's
    assert all(e.licence == "apache-2.0" for e in res.evidence if e.source == "spdx")


def test_several_packages_and_no_describes_is_lic001(tmp_path: Path) -> None:
    folder = tmp_path / "models" / "m"
    folder.mkdir(parents=True)
    text = (
        (FIXTURES / "reuse.spdx")
        .read_text()
        .replace("Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-acme\n", "")
    )
    (folder / "reuse.spdx").write_text(text)
    result = audit(tmp_path, inventory(model(source="local", path="models/m", name="acme/m")))
    (finding,) = hits(result, "LIC001")
    assert "DESCRIBES" in finding.message
