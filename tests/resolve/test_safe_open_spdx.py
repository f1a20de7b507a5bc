"""SPDX documents of a model folder are read like its LICENSE files: an SPDX document swapped
between listing and reading (for a symbolic link, a FIFO or another file) is never read, and
one that is a hard link to a file outside the folder is refused."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from support import audit, hits, inventory, model

from audit.resolve.local_folder import ModelFolder
from audit.resolve.spdx_document import SpdxReadResult, read_folder_spdx

pytestmark = pytest.mark.skipif(os.name == "nt", reason="O_NOFOLLOW, FIFOs and links are POSIX")

FIXTURES = Path(__file__).parents[1] / "bom" / "fixtures" / "spdx"
TRIAGE = (FIXTURES / "triage-model.spdx").read_bytes()  # declares Apache-2.0
OTHER = TRIAGE.replace(b"Apache-2.0", b"GPL-3.0-only")


def _listed_folder(tmp_path: Path) -> tuple[ModelFolder, Path]:
    root = tmp_path / "models" / "m"
    root.mkdir(parents=True)
    (root / "model.spdx").write_bytes(TRIAGE)
    folder = ModelFolder.open(tmp_path, "models/m")
    assert folder.names() == ["model.spdx"]
    return folder, root


def _refused(result: SpdxReadResult, phrase: str) -> None:
    assert result.statements == ()
    assert len(result.problems) == 1, result.problems
    assert phrase in result.problems[0]
    assert result.problems[0].startswith("models/m/model.spdx ")


def test_an_untouched_document_is_read(tmp_path: Path) -> None:
    folder, _ = _listed_folder(tmp_path)
    result = read_folder_spdx(folder, "model.spdx")
    assert result.problems == ()
    assert {s.package: s.declared for s in result.statements}["triage-model"] == "Apache-2.0"


def test_a_document_swapped_for_a_symlink_after_listing_is_not_read(tmp_path: Path) -> None:
    folder, root = _listed_folder(tmp_path)
    outside = tmp_path / "outside.spdx"
    outside.write_bytes(OTHER)
    (root / "model.spdx").unlink()
    (root / "model.spdx").symlink_to(outside)
    _refused(read_folder_spdx(folder, "model.spdx"), "became a symbolic link")


def test_a_document_swapped_for_a_fifo_does_not_block(tmp_path: Path) -> None:
    folder, root = _listed_folder(tmp_path)
    (root / "model.spdx").unlink()
    os.mkfifo(root / "model.spdx")
    outcome: dict[str, SpdxReadResult] = {}
    reader = threading.Thread(
        target=lambda: outcome.update(read=read_folder_spdx(folder, "model.spdx"))
    )
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # unblock the reader so the test run can end, then fail
        with open(root / "model.spdx", "wb"):
            pass
        reader.join()
        pytest.fail("reading a FIFO blocked")
    _refused(outcome["read"], "not a regular file")


def test_a_document_replaced_by_another_file_after_listing_is_not_read(tmp_path: Path) -> None:
    folder, root = _listed_folder(tmp_path)
    (root / "model.spdx.new").write_bytes(OTHER)
    os.replace(root / "model.spdx.new", root / "model.spdx")
    _refused(read_folder_spdx(folder, "model.spdx"), "replaced between listing and reading")


def test_a_hard_link_to_a_document_outside_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.spdx"
    outside.write_bytes(TRIAGE)
    root = tmp_path / "models" / "m"
    root.mkdir(parents=True)
    os.link(outside, root / "model.spdx")
    result = audit(tmp_path, inventory(model(source="local", path="models/m", name="x/m")))
    assert result.resolutions["m1"].licence is None
    messages = " ".join(f.message for f in hits(result, "LIC001"))
    assert "models/m/model.spdx is a hard link" in messages


def test_hard_links_inside_the_folder_are_fine(tmp_path: Path) -> None:
    root = tmp_path / "models" / "m"
    root.mkdir(parents=True)
    (root / "model.spdx").write_bytes(TRIAGE)
    os.link(root / "model.spdx", root / "copy.spdx")
    result = audit(tmp_path, inventory(model(source="local", path="models/m", name="x/m")))
    assert result.resolutions["m1"].licence == "apache-2.0"


def test_a_document_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    folder, _ = _listed_folder(tmp_path)
    _refused(read_folder_spdx(folder, "model.spdx", max_bytes=len(TRIAGE) - 1), "over the")
    assert read_folder_spdx(folder, "model.spdx", max_bytes=len(TRIAGE)).statements
