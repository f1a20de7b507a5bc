"""The audit ledger: every scan (and ``watch``) appended to a hash-chained history in SQLite
or PostgreSQL, with ``history``, ``diff`` and ``watch`` reading it.

Imports stay light: SQLAlchemy and Alembic load only when a ledger is opened.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit.ledger.url import LEDGER_ENV, mask_credentials, parse_ledger_address

if TYPE_CHECKING:
    from audit.ledger.store import Ledger, StoredRun

__all__ = [
    "LEDGER_ENV",
    "input_digests",
    "mask_credentials",
    "parse_ledger_address",
    "record_run",
]

INPUT_NAMES = ("readme", "license", "licence", "notice", "copying")
"""Start of the file names (any case) in a model folder that resolution reads as evidence."""
MAX_INPUT_FILES = 64
MAX_INPUT_BYTES = 16 * 1024 * 1024


def input_digests(
    inventory_path: str, model_folders: list[Path], extra_files: tuple[str, ...] = ()
) -> dict[str, str]:
    """SHA-256 of the inventory, each extra input file, and the evidence files of each local
    model folder (README, LICENSE, NOTICE, SPDX documents; never weights). Symlinks and files
    over 16 MiB are left out; at most 64 files a folder."""
    out = {inventory_path: _sha256(Path(inventory_path))}
    for name in extra_files:
        out[name] = _sha256(Path(name))
    for folder in model_folders:
        if not folder.is_dir() or folder.is_symlink():
            continue
        count = 0
        for entry in sorted(folder.iterdir(), key=lambda p: p.name):
            if count >= MAX_INPUT_FILES:
                break
            lowered = entry.name.lower()
            wanted = lowered.startswith(INPUT_NAMES) or ".spdx" in lowered
            if not wanted or entry.is_symlink() or not entry.is_file():
                continue
            if entry.stat().st_size > MAX_INPUT_BYTES:
                continue
            out[str(entry)] = _sha256(entry)
            count += 1
    return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return "unreadable"
    return digest.hexdigest()


def record_run(
    given: str,
    document: Mapping[str, Any],
    *,
    inventory_key: str,
    inputs: Mapping[str, str],
    reports: Mapping[str, str | bytes],
    kind: str = "scan",
    extra: Mapping[str, Any] | None = None,
) -> StoredRun:
    """Append one run built from its report ``document`` to the ledger at ``given``.

    ``reports`` maps each report option (``--json``) to the bytes written. Raises
    ``LedgerError`` (exit 3) when the ledger cannot be reached or written.
    """
    from audit.ledger.record import build_record
    from audit.ledger.store import open_ledger

    record = build_record(
        document,
        kind=kind,
        inventory_key=inventory_key,
        inputs=inputs,
        reports={
            k: hashlib.sha256(v.encode("utf-8") if isinstance(v, str) else v).hexdigest()
            for k, v in reports.items()
        },
        extra=extra,
    )
    ledger: Ledger = open_ledger(given)
    with ledger:
        return ledger.append(record)
