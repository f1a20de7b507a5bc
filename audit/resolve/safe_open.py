"""Open a file of a model folder so that nothing swapped in after the listing is read.

A folder is listed, its files are checked, and only then read: in between, someone who
controls the folder could replace a LICENSE with a symbolic link to ``/etc/passwd``, with a
FIFO that blocks every read, or could have made it a hard link to a file elsewhere. So the
file is opened without following a symbolic link in its last component and without
blocking (``O_NOFOLLOW | O_NONBLOCK``), and the open file itself is checked: a regular
file, the very inode that was listed, inside the folder, and not a hard link whose other
names lie outside the folder. Only then are at most ``max_bytes + 1`` bytes read from it.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from audit.settings import human_size

_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class ListedFile:
    """What the listing saw of a file, to compare with what is opened."""

    path: Path
    """The file's real path (inside ``root``)."""
    root: Path
    """The real path of the model folder."""
    inode: int | None
    """The inode the listing saw; None when unknown."""
    links_inside: int
    """How many names in the folder listing point at that inode (1 for a plain file)."""


def read_listed_file(
    listed: ListedFile, max_bytes: int, display: str
) -> tuple[bytes | None, str | None]:
    """The file's bytes, or None and why it was not read (each reason a sentence)."""
    try:
        descriptor = os.open(listed.path, _FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, f"{display} became a symbolic link after it was listed; not read"
        return None, f"{display} cannot be read: {exc.strerror}"
    return _read_opened(
        descriptor,
        lambda status: _opened_problem(listed, status, descriptor, max_bytes, display),
        max_bytes,
        display,
    )


def read_unlisted_file(path: Path, max_bytes: int, display: str) -> tuple[bytes | None, str | None]:
    """The bytes of the single file ``path`` (one no folder listing saw), or None and why
    they were not read: it is opened as ``read_listed_file`` opens (no symbolic link, no
    blocking) and must be a regular file of at most ``max_bytes``."""
    try:
        descriptor = os.open(path, _FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, f"{display} is a symbolic link; not read (pass the real file)"
        if exc.errno == errno.ENOENT:
            return None, f"{display} does not exist"
        return None, f"{display} cannot be read: {exc.strerror}"

    def problem_of(status: os.stat_result) -> str | None:
        if not stat.S_ISREG(status.st_mode):
            return f"{display} is not a regular file; not read"
        if status.st_size > max_bytes:
            return _over_limit(display, status.st_size, max_bytes)
        return None

    return _read_opened(descriptor, problem_of, max_bytes, display)


def _read_opened(
    descriptor: int,
    problem_of: Callable[[os.stat_result], str | None],
    max_bytes: int,
    display: str,
) -> tuple[bytes | None, str | None]:
    """Read the open ``descriptor`` (closing it) unless ``problem_of`` its status says why
    not; at most ``max_bytes``, so a file that grew while read is refused too."""
    try:
        problem = problem_of(os.fstat(descriptor))
        if problem is not None:
            return None, problem
        os.set_blocking(descriptor, True)
        data = _read_at_most(descriptor, max_bytes + 1)
    except OSError as exc:
        return None, f"{display} cannot be read: {exc.strerror}"
    finally:
        os.close(descriptor)
    if len(data) > max_bytes:
        return None, f"{display} grew over the {human_size(max_bytes)} limit while read; not read"
    return data, None


def _over_limit(display: str, size: int, max_bytes: int) -> str:
    return f"{display} is {human_size(size)}, over the {human_size(max_bytes)} limit; not read"


def _opened_problem(
    listed: ListedFile, status: os.stat_result, descriptor: int, max_bytes: int, display: str
) -> str | None:
    if not stat.S_ISREG(status.st_mode):
        return f"{display} is not a regular file (it was swapped after listing?); not read"
    if listed.inode is not None and status.st_ino != listed.inode:
        return f"{display} was replaced between listing and reading; not read"
    if status.st_nlink > max(1, listed.links_inside):
        return (
            f"{display} is a hard link to a file with {status.st_nlink} names, not all of them "
            "in the model folder; not read (copy the file in instead)"
        )
    opened = _opened_path(descriptor)
    if opened is not None and not opened.is_relative_to(listed.root):
        return f"{display} leads outside the model folder; not read"
    if status.st_size > max_bytes:
        return _over_limit(display, status.st_size, max_bytes)
    return None


def _opened_path(descriptor: int) -> Path | None:
    """Where the open file really is (Linux's /proc); None where that cannot be asked."""
    try:
        return Path(os.readlink(f"/proc/self/fd/{descriptor}"))
    except OSError:
        return None


def _read_at_most(descriptor: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    remaining = limit
    while remaining > 0:
        chunk = os.read(descriptor, min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
