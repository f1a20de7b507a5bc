"""The one writer of every output file (``scan``, ``bom``, ``compare``).

Destinations are checked before any audit work starts, so a bad one costs nothing and
never leaves half a set behind: each must be a non-empty path, not a symbolic link, not a
folder, in a folder that exists and can be written, distinct from every other destination
and from every input. A bad destination is unusable input (exit 2) and the message names
the option.

Files are written only once every output is rendered: each goes to a temporary file in its
destination's folder, is flushed to disk, and is renamed over the old file (an atomic step
on POSIX). A run that fails or is interrupted before the renames leaves every previous
report as it was. The renames of one run happen under an exclusive lock on each
destination folder, so two runs writing the same set never interleave: the set on disk is
always one run's.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from audit.errors import InputError, InputProblem, ToolError

STDOUT = "-"


@dataclass(frozen=True)
class OutputTarget:
    """One output a command was asked to write."""

    option: str
    """The command-line option that named it (``--json``), used in every message."""
    destination: str
    """The path as given, or ``-`` for standard output."""
    what: str
    """What the file holds, for messages (``JSON report``)."""

    @property
    def to_stdout(self) -> bool:
        """True when the output goes to standard output."""
        return self.destination == STDOUT


@dataclass(frozen=True)
class OutputPlan:
    """Checked destinations, ready to receive their rendered contents."""

    targets: tuple[OutputTarget, ...]

    def write_all(self, contents: Mapping[str, str | bytes]) -> None:
        """Write each target's content (keyed by option), all files or none.

        Every file is staged beside its destination and renamed into place only when all
        of them are complete; standard output is written last. A failure while staging
        (disk full, say) removes the staged files, leaves the old reports untouched and is
        a ``ToolError`` (exit 3) naming the option.
        """
        staged: list[tuple[OutputTarget, str]] = []
        try:
            for target in self.targets:
                if not target.to_stdout:
                    # one at a time, so the ``finally`` below removes every file staged so far
                    staged.append((target, _stage(target, _as_bytes(contents[target.option]))))  # noqa: PERF401
            with _folders_locked([Path(t.destination).absolute().parent for t, _ in staged]):
                for target, temporary in staged:
                    _replace(target, temporary)
            for folder in {Path(t.destination).absolute().parent for t, _ in staged}:
                _fsync_folder(folder)
        finally:
            for _, temporary in staged:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)
        for target in self.targets:
            if target.to_stdout:
                sys.stdout.buffer.write(_as_bytes(contents[target.option]))
                sys.stdout.flush()


def plan_outputs(targets: Sequence[OutputTarget], inputs: Sequence[str]) -> OutputPlan:
    """Check every destination against the rules above; raise ``InputError`` listing all
    problems (each naming its option) when any is unusable.

    ``inputs`` are the files the command reads (the inventory, a pricing file): no output
    may replace one of them.
    """
    problems: list[InputProblem] = []
    chosen = [t for t in targets if t.destination is not None]
    seen: dict[str, OutputTarget] = {}
    input_keys = {_identity(Path(p)): p for p in inputs if p}
    for target in chosen:
        problem = _destination_problem(target)
        if problem is None and not target.to_stdout:
            key = _identity(Path(target.destination))
            if key in seen:
                problem = (
                    f"{target.destination!r} is also the destination of {seen[key].option}; "
                    "give each output its own file"
                )
            elif key in input_keys:
                problem = (
                    f"{target.destination!r} is an input of this run ({input_keys[key]}); "
                    "writing it would destroy it, so name another file"
                )
            seen.setdefault(key, target)
        if problem is not None:
            problems.append(InputProblem(target.option, 0, "", problem))
    if problems:
        raise InputError(problems)
    return OutputPlan(tuple(chosen))


def _destination_problem(target: OutputTarget) -> str | None:
    """Why ``target`` cannot be written, or None when it can."""
    destination = target.destination
    if not destination.strip():
        return f"expected a file path (or '-' for standard output); got {destination!r}"
    if target.to_stdout:
        return None
    path = Path(destination)
    try:
        status = path.lstat()
    except FileNotFoundError:
        status = None
    except OSError as exc:
        return f"cannot check {destination!r}: {exc.strerror}"
    if status is not None:
        import stat

        if stat.S_ISLNK(status.st_mode):
            return (
                f"{destination!r} is a symbolic link (to {os.readlink(path)}); reports are "
                "never written through links: remove the link or name another file"
            )
        if stat.S_ISDIR(status.st_mode):
            return f"{destination!r} is a folder; name a file inside it"
        if not stat.S_ISREG(status.st_mode):
            return f"{destination!r} is not a regular file; name a regular file"
    folder = path.absolute().parent
    if not folder.is_dir():
        return f"cannot write {destination!r}: its folder {folder} does not exist; create it first"
    try:  # the real test: can a file be created beside the destination?
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return f"cannot write {destination!r}: its folder {folder} refuses new files ({reason})"
    return None


def _identity(path: Path) -> str:
    """The file a path names, after links in its folders are followed (and the inode for an
    existing file, so a hard link to the same file is the same destination)."""
    real = os.path.realpath(path)
    try:
        status = os.stat(real)
    except OSError:
        return real
    return f"inode:{status.st_dev}:{status.st_ino}"


def _as_bytes(content: str | bytes) -> bytes:
    # A lone surrogate has no UTF-8 form; written as its escape it cannot stop the run.
    if isinstance(content, str):
        return content.encode("utf-8", errors="backslashreplace")
    return content


def _stage(target: OutputTarget, data: bytes) -> str:
    """Write ``data`` to a new temporary file beside the destination, flushed to disk."""
    path = Path(target.destination).absolute()
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
        )
    except OSError as exc:
        raise _write_failure(target, exc) from None
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fchmod(stream.fileno(), _mode_for(path))
            os.fsync(stream.fileno())
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise _write_failure(target, exc) from None
    return temporary


def _replace(target: OutputTarget, temporary: str) -> None:
    """Rename a staged file over its destination (a link put there meanwhile is replaced,
    never followed)."""
    try:
        os.replace(temporary, target.destination)
    except OSError as exc:
        raise _write_failure(target, exc) from None


def _mode_for(path: Path) -> int:
    """The old file's permissions, or those a new file would get under the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _write_failure(target: OutputTarget, exc: OSError) -> ToolError:
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = "no space left on the device"
    return ToolError(
        f"{target.option}: could not write the {target.what} to {target.destination!r} "
        f"({reason}); every previous report was left as it was"
    )


@contextlib.contextmanager
def _folders_locked(folders: Sequence[Path]) -> Iterator[None]:
    """Hold an exclusive lock on each folder (in a fixed order, so two runs cannot deadlock)."""
    descriptors: list[int] = []
    try:
        for folder in sorted({os.path.realpath(f) for f in folders}):
            descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            descriptors.append(descriptor)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        for descriptor in reversed(descriptors):
            os.close(descriptor)  # closing releases the lock


def _fsync_folder(folder: Path) -> None:
    """Make the renames themselves durable (best effort: some file systems refuse)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
