"""Files of a model folder swapped between listing and reading are never read: a symbolic
link to /etc/passwd, a FIFO (which would block forever), another file; and a hard link to
a file outside the folder is refused."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from support import audit, hits, inventory, model

from audit.resolve.local_folder import ModelFolder

MIT = "MIT License\n\nPermission is hereby granted, free of charge, to any person\n"


def _listed_folder(tmp_path: Path) -> tuple[ModelFolder, Path]:
    root = tmp_path / "models" / "m"
    root.mkdir(parents=True)
    (root / "LICENSE").write_text(MIT, encoding="utf-8")
    folder = ModelFolder.open(tmp_path, "models/m")
    assert folder.names() == ["LICENSE"]
    return folder, root


def test_a_licence_swapped_for_a_symlink_after_listing_is_not_read(tmp_path: Path) -> None:
    folder, root = _listed_folder(tmp_path)
    (root / "LICENSE").unlink()
    (root / "LICENSE").symlink_to("/etc/passwd")
    read = folder.read_text("LICENSE")
    assert read.text is None
    assert read.problem is not None and "not read" in read.problem


def test_a_licence_swapped_for_a_fifo_does_not_block(tmp_path: Path) -> None:
    folder, root = _listed_folder(tmp_path)
    (root / "LICENSE").unlink()
    os.mkfifo(root / "LICENSE")
    outcome: dict[str, object] = {}
    reader = threading.Thread(target=lambda: outcome.update(read=folder.read_text("LICENSE")))
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # unblock the reader so the test run can end, then fail
        with open(root / "LICENSE", "wb"):
            pass
        reader.join()
        pytest.fail("reading a FIFO blocked")
    read = outcome["read"]
    assert read.text is None  # type: ignore[attr-defined]
    assert "not a regular file" in read.problem  # type: ignore[attr-defined]


def test_a_licence_replaced_by_another_file_after_listing_is_not_read(tmp_path: Path) -> None:
    folder, root = _listed_folder(tmp_path)
    (root / "LICENSE.new").write_text("Proprietary, all rights reserved\n", encoding="utf-8")
    os.replace(root / "LICENSE.new", root / "LICENSE")
    read = folder.read_text("LICENSE")
    assert read.text is None
    assert read.problem is not None and "replaced between listing and reading" in read.problem


def test_a_hard_link_to_a_file_outside_the_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    root = tmp_path / "models" / "m"
    root.mkdir(parents=True)
    os.link(secret, root / "LICENSE")
    result = audit(tmp_path, inventory(model(source="local", path="models/m", name="x/m")))
    (finding,) = hits(result, "LIC001")
    assert "hard link" in finding.message
    assert "root:x" not in " ".join([finding.message, *finding.evidence])


def test_hard_links_inside_the_folder_are_fine(tmp_path: Path) -> None:
    root = tmp_path / "models" / "m"
    root.mkdir(parents=True)
    (root / "LICENSE").write_text(MIT, encoding="utf-8")
    os.link(root / "LICENSE", root / "LICENSE.txt")
    folder = ModelFolder.open(tmp_path, "models/m")
    folder.names()
    assert folder.read_text("LICENSE").text == MIT
