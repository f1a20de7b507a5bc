"""Hostile model folders: links out of the folder, huge files, broken front matter.

Each gets a clear message (a LIC001 finding, since the inventory itself is fine) and nothing
outside the declared folder is read.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import audit, hits, inventory, model

from audit.errors import InputError


def _folder(tmp_path: Path, name: str = "m") -> Path:
    root = tmp_path / "models" / name
    root.mkdir(parents=True)
    return root


def _scan(tmp_path: Path, folder: str = "models/m") -> object:
    return audit(tmp_path, inventory(model(source="local", path=folder, name="stranger/model")))


def test_licence_symlink_to_etc_passwd_is_not_read(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    (root / "LICENSE").symlink_to("/etc/passwd")
    result = _scan(tmp_path)
    (finding,) = hits(result, "LIC001")  # type: ignore[arg-type]
    assert "outside the model folder" in finding.message
    assert "root:" not in " ".join(finding.evidence)


def test_readme_symlink_to_a_sibling_folder_is_not_read(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    other = _folder(tmp_path, "other")
    (other / "README.md").write_text("---\nlicense: mit\n---\n")
    (root / "README.md").symlink_to(other / "README.md")
    result = _scan(tmp_path)
    assert result.resolutions["m1"].licence is None  # type: ignore[attr-defined]
    assert any("outside the model folder" in p for p in result.resolutions["m1"].problems)  # type: ignore[attr-defined]


def test_huge_licence_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    with open(root / "LICENSE", "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # a sparse 100 MiB file: cheap to make
    (root / "README.md").write_text("---\nlicense: apache-2.0\n---\n")
    result = _scan(tmp_path)
    (finding,) = hits(result, "LIC001")  # type: ignore[arg-type]
    assert "100 MiB" in finding.message and "limit" in finding.message
    assert result.resolutions["m1"].licence == "apache-2.0"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "front_matter",
    [
        "---\n- just\n- a list\n---\n",
        "---\n'a string'\n---\n",
        "---\nkey: [unclosed\n---\n",
        "---\nlicense: {nested: {deep: true}}\n---\n",
    ],
)
def test_front_matter_that_is_not_a_mapping_is_a_note_not_a_crash(
    tmp_path: Path, front_matter: str
) -> None:
    root = _folder(tmp_path)
    (root / "README.md").write_text(front_matter + "# card\n")
    result = _scan(tmp_path)
    assert hits(result, "LIC001")  # type: ignore[arg-type]


def test_folder_that_is_a_link_out_of_the_inventory_is_refused(tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "README.md").write_text("---\nlicense: mit\n---\n")
    (tmp_path / "models").mkdir()
    os.symlink(outside, tmp_path / "models" / "m")
    with pytest.raises(InputError) as caught:
        _scan(tmp_path)
    assert "models[0].path" in str(caught.value)


def test_missing_folder_is_a_finding(tmp_path: Path) -> None:
    (finding,) = hits(_scan(tmp_path, "models/nowhere"), "LIC001")  # type: ignore[arg-type]
    assert "does not exist" in finding.message
