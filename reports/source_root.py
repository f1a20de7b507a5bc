"""Where a CI system resolves relative paths: the repository root an inventory lies in.

GitHub code scanning resolves a SARIF artifact URI against the root of the repository it
analyses, whatever folder the scan ran from. So the URI of the inventory is its path relative
to the git top level, or to ``GITHUB_WORKSPACE``, or, outside both, to the working folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


@dataclass(frozen=True)
class SourcePath:
    """An input file located under a source root."""

    root: Path
    """Absolute folder every relative URI is resolved against (``%SRCROOT%``)."""
    root_kind: str
    """``git`` (the repository's top level), ``GITHUB_WORKSPACE`` or ``working folder``."""
    relative: str
    """POSIX path of the file relative to ``root``, without ``./``."""


def locate(path: str) -> SourcePath | None:
    """``path`` (absolute, or relative to the working folder) under the first source root
    that contains it: the git top level of its folder, ``GITHUB_WORKSPACE``, the working
    folder. None when none of them contains it.
    """
    absolute = _absolute(path)
    for root, kind in _candidate_roots(absolute.parent):
        try:
            relative = absolute.relative_to(root)
        except ValueError:
            continue
        return SourcePath(root, kind, PurePosixPath(*relative.parts).as_posix())
    return None


def _absolute(path: str) -> Path:
    """The absolute path with the folder's symlinks resolved but not the file's own: a
    symlinked inventory is shown where the repository has it."""
    given = Path(path)
    folder = given.parent if given.parent != Path("") else Path(".")
    return Path(os.path.realpath(folder)) / given.name


def _candidate_roots(folder: Path) -> list[tuple[Path, str]]:
    roots: list[tuple[Path, str]] = []
    top = git_top_level(folder)
    if top is not None:
        roots.append((top, "git"))
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace and os.path.isabs(workspace):
        roots.append((Path(os.path.realpath(workspace)), "GITHUB_WORKSPACE"))
    roots.append((Path(os.path.realpath(os.getcwd())), "working folder"))
    return roots


def git_top_level(folder: Path) -> Path | None:
    """The top level of the git work tree holding ``folder``; None outside one or without git.

    Asking git (rather than looking for a ``.git`` entry) gets worktrees, submodules and
    ``GIT_DIR`` right.
    """
    git = shutil.which("git")
    if git is None or not folder.is_dir():
        return None
    try:
        done = subprocess.run(
            [git, "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    top = done.stdout.strip()
    if done.returncode != 0 or not top:
        return None
    return Path(os.path.realpath(top))
