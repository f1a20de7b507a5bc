"""Read a local model folder without trusting it: no symlink escapes, bounded sizes.

Model cards and LICENSE files come from strangers. Only regular files whose real path lies
inside the declared folder are read, and none larger than the limits below.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from audit.resolve.licence_files import LICENCE_FOLDERS, LicenceFilePlan, plan_licence_files
from audit.resolve.safe_open import ListedFile, read_listed_file
from audit.settings import SPDX_BYTES, TEXT_BYTES, human_size

MAX_TEXT_BYTES = TEXT_BYTES.default
"""Default size limit of a README/LICENSE file (1 MiB; MODEL_AUDIT_MAX_TEXT_BYTES overrides
it when a file is read, see ``audit.settings``)."""

MAX_SPDX_BYTES = SPDX_BYTES.default
"""Default size limit of an SPDX document (5 MiB; MODEL_AUDIT_MAX_SPDX_BYTES overrides it)."""


@dataclass(frozen=True)
class FolderText:
    """A text file read from a model folder, or why it was not read."""

    name: str
    display: str
    """Path for messages, relative to the inventory (``models/x/LICENSE``)."""
    text: str | None
    problem: str | None = None


@dataclass(frozen=True)
class ModelFolder:
    """A model folder declared in the inventory, read defensively."""

    root: Path
    """Real path of the folder."""
    display: str
    """The folder as the inventory names it."""
    problem: str | None = None
    """Why the folder cannot be read at all (missing, not a folder, outside the inventory)."""
    _entries: dict[str, os.DirEntry[str]] = field(default_factory=dict, compare=False, repr=False)
    _folders: dict[str, ModelFolder] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def open(cls, base_dir: Path, relative: str) -> ModelFolder:
        """Open ``relative`` under ``base_dir``; a folder that escapes it is refused."""
        display = relative.rstrip("/")
        candidate = base_dir / relative
        try:
            root = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            return cls(candidate, display, f"model folder {display} does not exist")
        if not root.is_relative_to(base_dir.resolve()):
            return cls(
                root, display, f"model folder {display} resolves outside the inventory's folder"
            )
        if not root.is_dir():
            return cls(root, display, f"model folder {display} is not a folder")
        return cls(root, display)

    def names(self) -> list[str]:
        """File names directly inside the folder, sorted; empty when it cannot be read."""
        if self.problem:
            return []
        if not self._entries:
            try:
                with os.scandir(self.root) as entries:
                    self._entries.update((entry.name, entry) for entry in entries)
            except OSError:
                return []
        return sorted(self._entries)

    def licence_plan(self) -> LicenceFilePlan:
        """The folder's licence files, NOTICEs and REUSE ``LICENSES/`` texts, as
        ``audit.resolve.licence_files`` reads them (a folder is never a licence file)."""
        files: list[str] = []
        folders: list[str] = []
        for name in self.names():
            if not self._is_folder(name):
                files.append(name)
                continue
            folders.append(name)
            if name.lower() in LICENCE_FOLDERS:
                inner = self.subfolder(name)
                # a folder inside the licence folder is listed as one, and so not read
                files.extend(
                    f"{name}/{n}" + ("/" if inner._is_folder(n) else "") for n in inner.names()
                )
        return plan_licence_files(files, folders)

    def _is_folder(self, name: str) -> bool:
        entry = self._entries.get(name)
        try:
            return entry is not None and entry.is_dir(follow_symlinks=False)
        except OSError:
            return False

    def subfolder(self, name: str) -> ModelFolder:
        """A folder directly inside this one (not a link), listed and read by the same
        rules; one that cannot be opened has a ``problem``."""
        if name not in self._folders:
            display = f"{self.display}/{name}"
            real = self.root / name
            try:
                inside = real.resolve(strict=True) == real
            except (OSError, RuntimeError):
                inside = False
            if "/" in name or not self._is_folder(name) or not inside:
                problem = f"{display} is not a folder inside the model folder; not read"
                self._folders[name] = ModelFolder(real, display, problem)
            else:
                self._folders[name] = ModelFolder(real, display)
        return self._folders[name]

    def read_path(self, path: str, max_bytes: int | None = None) -> FolderText:
        """Read ``name`` or ``folder/name`` (one level down, through ``subfolder``)."""
        if "/" in path:
            folder, name = path.split("/", 1)
            return self.subfolder(folder).read_text(name, max_bytes)
        return self.read_text(path, max_bytes)

    def spdx_files(self) -> list[str]:
        """Names of SPDX documents (``*.spdx.json``, ``*.spdx``)."""
        return [n for n in self.names() if n.lower().endswith((".spdx.json", ".spdx"))]

    def checked_path(self, name: str, max_bytes: int) -> tuple[Path | None, str | None]:
        """The real path of a file fit to read, or None and why it must not be read.

        Refuses links that leave the folder, anything but a regular file, and files larger
        than ``max_bytes``.
        """
        display = f"{self.display}/{name}"
        if self.problem:
            return None, self.problem
        entry = self._entries.get(name)
        try:
            if entry is not None and not entry.is_symlink() and "/" not in name:
                # A plain file listed by scandir: no link to follow, no need to resolve.
                real, regular, size = self.root / name, entry.is_file(), entry.stat().st_size
            else:
                real = (self.root / name).resolve(strict=True)
                regular, size = real.is_file(), real.stat().st_size
        except (OSError, RuntimeError):
            return None, f"{display} cannot be read"
        if not real.is_relative_to(self.root):
            return None, f"{display} is a link to a file outside the model folder; not read"
        if not regular:
            return None, f"{display} is not a regular file; not read"
        if size > max_bytes:
            return None, (
                f"{display} is {human_size(size)}, over the {human_size(max_bytes)} limit; not read"
            )
        return real, None

    def read_text(self, name: str, max_bytes: int | None = None) -> FolderText:
        """Read one file as text, refusing symlink escapes, non-files and oversized files
        (``max_bytes`` defaults to the limit in force, ``MODEL_AUDIT_MAX_TEXT_BYTES``)."""
        if max_bytes is None:
            max_bytes = TEXT_BYTES.value()
        display = f"{self.display}/{name}"
        raw, problem = self.read_bytes(name, max_bytes)
        if raw is None:
            return FolderText(name, display, None, problem)
        return FolderText(name, display, raw.decode("utf-8", errors="replace"))

    def read_bytes(self, name: str, max_bytes: int) -> tuple[bytes | None, str | None]:
        """The bytes of the listed file ``name``, or None and why they were not read.

        The file is checked as ``checked_path`` does, then opened through
        ``audit.resolve.safe_open`` (no symbolic link, no blocking, the listed inode, no hard
        link leaving the folder); at most ``max_bytes`` are accepted.
        """
        display = f"{self.display}/{name}"
        real, problem = self.checked_path(name, max_bytes)
        if real is None:
            return None, problem
        return read_listed_file(self.listed(name, real), max_bytes, display)

    def listed(self, name: str, real: Path) -> ListedFile:
        """What the listing saw of ``name`` (whose checked real path is ``real``), for
        ``read_listed_file`` to compare with the file it opens."""
        entry = self._entries.get(name)
        inode: int | None = None
        try:
            if entry is not None and not entry.is_symlink():
                inode = entry.inode()
            else:
                inode = real.stat().st_ino
        except OSError:
            inode = None
        links = sum(
            1 for other in self._entries.values() if inode is not None and _same_inode(other, inode)
        )
        return ListedFile(path=real, root=self.root, inode=inode, links_inside=links)


def _same_inode(entry: os.DirEntry[str], inode: int) -> bool:
    try:
        return not entry.is_symlink() and entry.inode() == inode
    except OSError:
        return False
