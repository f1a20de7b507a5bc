"""The tree walk: .gitignore honoured, no symlink out of a root, limits that hold, nothing
but regular files opened."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from audit.discover import discover
from audit.discover.walker import WalkLimits, WalkStats, read_bounded, reader_for, walk

CALL = 'from transformers import AutoModel\nAutoModel.from_pretrained("{model}")\n'


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def listed(root: Path, limits: WalkLimits | None = None) -> list[str]:
    return [f.relative for f in walk([root], limits or WalkLimits(), [], WalkStats())]


def models(root: Path, **kw: object) -> list[str]:
    return [r.model for r in discover([str(root)], **kw).references]  # type: ignore[arg-type]


def test_gitignore_is_honoured_with_negation_and_nested_files(tmp_path: Path) -> None:
    write(tmp_path / ".gitignore", "build/\n*.gen.py\n!keep.gen.py\n")
    write(tmp_path / "app.py", CALL.format(model="org/used"))
    write(tmp_path / "build" / "old.py", CALL.format(model="org/built"))
    write(tmp_path / "x.gen.py", CALL.format(model="org/generated"))
    write(tmp_path / "keep.gen.py", CALL.format(model="org/kept"))
    write(tmp_path / "sub" / ".gitignore", "local.py\n")
    write(tmp_path / "sub" / "local.py", CALL.format(model="org/local"))
    write(tmp_path / "sub" / "other.py", CALL.format(model="org/other"))
    assert sorted(models(tmp_path)) == ["org/kept", "org/other", "org/used"]


def test_a_deeper_gitignore_re_includes(tmp_path: Path) -> None:
    write(tmp_path / ".gitignore", "*.py\n")
    write(tmp_path / "a" / ".gitignore", "!wanted.py\n")
    write(tmp_path / "a" / "wanted.py", CALL.format(model="org/wanted"))
    write(tmp_path / "a" / "ignored.py", CALL.format(model="org/ignored"))
    assert models(tmp_path) == ["org/wanted"]


def test_git_folders_are_never_entered(tmp_path: Path) -> None:
    write(tmp_path / ".git" / "hooks" / "x.py", CALL.format(model="org/hook"))
    write(tmp_path / "a.py", CALL.format(model="org/a"))
    assert models(tmp_path) == ["org/a"]


def test_symlinks_never_lead_out_of_the_root(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside / "secret.py", CALL.format(model="org/outside"))
    root = tmp_path / "root"
    write(root / "inside.py", CALL.format(model="org/inside"))
    (root / "linked-dir").symlink_to(outside, target_is_directory=True)
    (root / "linked-file.py").symlink_to(outside / "secret.py")
    (root / "alias.py").symlink_to(root / "inside.py")  # inside the root: read
    found = discover([str(root)])
    assert sorted({r.model for r in found.references}) == ["org/inside"]
    assert len([r for r in found.references if r.model == "org/inside"]) == 2
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in found.skipped}
    assert "outside" in reasons["linked-file.py"]


def test_size_limit_skips_big_files_and_says_so(tmp_path: Path) -> None:
    write(tmp_path / "big.py", CALL.format(model="org/big") + "#" * 5000 + "\n")
    write(tmp_path / "small.py", CALL.format(model="org/small"))
    found = discover([str(tmp_path)], WalkLimits(max_file_bytes=1000))
    assert [r.model for r in found.references] == ["org/small"]
    assert any("larger than" in s.reason and s.path.endswith("big.py") for s in found.skipped)


def test_file_count_limit_stops_the_walk(tmp_path: Path) -> None:
    for i in range(10):
        write(tmp_path / f"m{i}.py", CALL.format(model=f"org/m{i}"))
    found = discover([str(tmp_path)], WalkLimits(max_files=4))
    assert found.truncated
    assert len(found.references) == 4
    assert found.files_seen == 4


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_never_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.py")
    write(tmp_path / "a.py", CALL.format(model="org/a"))
    assert models(tmp_path) == ["org/a"]  # would hang if the FIFO were opened
    assert read_bounded(tmp_path / "pipe.py", 100) == "not a regular file"


def test_only_files_a_reader_wants_are_listed(tmp_path: Path) -> None:
    for name in ("a.py", "b.md", "Dockerfile", "c.yaml", ".env", "Modelfile", "w.gguf", "x.bin"):
        write(tmp_path / name, "")
    assert listed(tmp_path) == [".env", "Dockerfile", "Modelfile", "a.py", "c.yaml", "w.gguf"]
    assert reader_for("Dockerfile.gpu") == "dockerfile"
    assert reader_for("notes.txt") is None


def test_walk_order_is_deterministic(tmp_path: Path) -> None:
    for name in ("z.py", "a.py", "m/b.py", "m/a.py"):
        write(tmp_path / name, CALL.format(model=f"org/{name.replace('/', '-')}"))
    first = discover([str(tmp_path)])
    assert first == discover([str(tmp_path)])
    assert [r.evidence.path.rsplit("/", 2)[-2:] for r in first.references][0][-1] == "a.py"
