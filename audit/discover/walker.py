"""Walk the given trees safely: no symlink leaves a root, nothing is executed, limits hold.

A folder reached through a symlink is never entered; a file symlink is read only when its
target lies inside the same root. ``.gitignore`` files are honoured the way git reads them
(the deepest file that has a matching pattern decides, ``!`` re-includes), with ``pathspec``.
``.git`` folders are never entered. Only files some reader recognises by name are opened,
and each is read through ``read_bounded``: a regular file, opened without following a
symlink, at most ``max_file_bytes`` long.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from audit.discover.interface import Skipped

if TYPE_CHECKING:
    import pathspec

MAX_FILE_BYTES = 4 * 1024 * 1024
"""Default size limit of a text file a reader parses (source, config)."""

MAX_FILES = 1_000_000
"""Default number of files listed before the walk stops (and says so)."""

MAX_DEPTH = 64
"""Deepest folder nesting entered."""

NEVER_ENTERED = frozenset({".git", ".hg", ".svn", "__pycache__"})
"""Folders that hold no model references of the project itself."""


@dataclass(frozen=True)
class WalkLimits:
    """The walk's bounds."""

    max_file_bytes: int = MAX_FILE_BYTES
    max_files: int = MAX_FILES
    max_depth: int = MAX_DEPTH


@dataclass(frozen=True)
class FoundFile:
    """A file the walk lists, with the reader its name calls for."""

    root: Path
    """The root it was found under (as given)."""
    relative: str
    """Its path under ``root``, '/'-separated."""
    reader: str
    """The reader key (``python``, ``yaml``, ``gguf``...)."""

    @property
    def path(self) -> Path:
        """The file's path (under ``root``)."""
        return self.root / self.relative


@dataclass
class WalkStats:
    """Counts the walk keeps while it runs (mutable: it is filled in as files are listed)."""

    files_seen: int = 0
    truncated: bool = False


def reader_for(name: str) -> str | None:
    """The reader key a file name calls for, or None when no reader wants the file."""
    lower = name.lower()
    suffix = lower.rsplit(".", 1)[-1] if "." in lower else ""
    if suffix == "py":
        return "python"
    if suffix == "ipynb":
        return "notebook"
    if suffix in ("yaml", "yml"):
        return "yaml"
    if suffix == "gguf":
        return "gguf"
    if suffix == "safetensors":
        return "safetensors"
    if lower in ("dockerfile", "containerfile") or lower.startswith("dockerfile."):
        return "dockerfile"
    if suffix in ("dockerfile", "containerfile"):
        return "dockerfile"
    if lower == "modelfile" or lower.startswith("modelfile.") or suffix == "modelfile":
        return "modelfile"
    if lower == ".env" or lower.startswith(".env.") or suffix == "env":
        return "dotenv"
    if suffix == "sh":
        return "shell"
    return None


def walk(
    roots: list[Path], limits: WalkLimits, skipped: list[Skipped], stats: WalkStats
) -> Iterator[FoundFile]:
    """Every file under ``roots`` that a reader wants, in a deterministic order.

    Symlinked folders, symlinks out of their root, ignored paths and special files are left
    out; the ones worth telling the user about are appended to ``skipped``. Files are
    counted into ``stats``; the walk stops after ``limits.max_files`` (``stats.truncated``).
    """
    for root in roots:
        if root.is_symlink() and root.is_dir():
            skipped.append(Skipped(str(root), "a symlinked folder given as a root is not followed"))
            continue
        if root.is_file():
            reader = reader_for(root.name)
            stats.files_seen += 1
            if reader is not None:
                yield FoundFile(root.parent, root.name, reader)
            continue
        if not root.is_dir():
            skipped.append(Skipped(str(root), "not a file or folder"))
            continue
        real_root = root.resolve()
        yield from _walk_dir(root, real_root, "", [], 0, limits, skipped, stats)
        if stats.truncated:
            return


def _walk_dir(
    root: Path,
    real_root: Path,
    relative: str,
    ignores: list[tuple[str, pathspec.GitIgnoreSpec]],
    depth: int,
    limits: WalkLimits,
    skipped: list[Skipped],
    stats: WalkStats,
) -> Iterator[FoundFile]:
    folder = root / relative if relative else root
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        skipped.append(Skipped(_shown(relative) or ".", f"cannot list: {exc.strerror}"))
        return
    names = {e.name for e in entries}
    if ".gitignore" in names:
        spec = _load_gitignore(folder / ".gitignore", limits)
        if spec is not None:
            ignores = [*ignores, (relative, spec)]
    for entry in entries:
        child = f"{relative}/{entry.name}" if relative else entry.name
        try:
            is_link = entry.is_symlink()
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_dir:
            if entry.name in NEVER_ENTERED or _ignored(child + "/", ignores):
                continue
            if depth + 1 > limits.max_depth:
                skipped.append(Skipped(child, f"deeper than {limits.max_depth} folders"))
                continue
            yield from _walk_dir(root, real_root, child, ignores, depth + 1, limits, skipped, stats)
            if stats.truncated:
                return
            continue
        if is_link:
            if not _link_stays_inside(folder / entry.name, real_root, skipped, child):
                continue
        elif not entry.is_file(follow_symlinks=False):
            continue  # sockets, FIFOs, devices: never opened
        if _ignored(child, ignores):
            continue
        if stats.files_seen >= limits.max_files:
            stats.truncated = True
            skipped.append(Skipped(child, f"the walk stopped after {limits.max_files} files"))
            return
        stats.files_seen += 1
        reader = reader_for(entry.name)
        if reader is not None:
            yield FoundFile(root, child, reader)


def _link_stays_inside(path: Path, real_root: Path, skipped: list[Skipped], child: str) -> bool:
    """True for a symlink to a regular file inside the root; else a ``Skipped`` note."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        skipped.append(Skipped(child, "a broken or looping symlink"))
        return False
    if not target.is_relative_to(real_root):
        skipped.append(Skipped(child, "a symlink that points outside the scanned folder"))
        return False
    return target.is_file()  # a symlinked folder is never entered


def _ignored(child: str, ignores: list[tuple[str, pathspec.GitIgnoreSpec]]) -> bool:
    """Whether git would ignore ``child``: the deepest ``.gitignore`` with a match decides."""
    for base, spec in reversed(ignores):
        below = child[len(base) + 1 :] if base else child
        result = spec.check_file(below)
        if result.include is not None:
            return bool(result.include)
    return False


def _load_gitignore(path: Path, limits: WalkLimits) -> pathspec.GitIgnoreSpec | None:
    import pathspec

    data = read_bounded(path, min(limits.max_file_bytes, 1024 * 1024))
    if not isinstance(data, bytes):
        return None
    lines = data.decode("utf-8", errors="replace").splitlines()
    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except Exception:  # a pattern pathspec cannot compile: git would skip that line too
        return pathspec.GitIgnoreSpec.from_lines(_compilable(lines))


def _compilable(lines: list[str]) -> list[str]:
    import pathspec

    good = []
    for line in lines:
        try:
            pathspec.GitIgnoreSpec.from_lines([line])
        except Exception:
            continue
        good.append(line)
    return good


def read_bounded(path: Path, limit: int, *, head: int | None = None) -> bytes | str:
    """The bytes of regular file ``path`` (the first ``head`` bytes when given), or why not.

    The file is opened without following a final symlink and without blocking (a FIFO is
    refused, not waited on); a file longer than ``limit`` is refused unless only its head
    is asked for.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if path.is_symlink():
            # symlinks inside the root were vetted by the walk; open the target itself
            try:
                fd = os.open(path.resolve(strict=True), flags)
            except OSError as again:
                return f"cannot open: {again.strerror}"
        else:
            return f"cannot open: {exc.strerror}"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return "not a regular file"
        if head is None and info.st_size > limit:
            return f"larger than {limit:,} bytes"
        wanted = head if head is not None else limit
        chunks = []
        remaining = wanted
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _shown(text: str) -> str:
    from audit.safe_text import shown

    return shown(text)
