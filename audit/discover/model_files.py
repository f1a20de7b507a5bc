"""Model files on disk: GGUF headers and safetensors metadata, read without loading weights.

GGUF metadata is read with the ``gguf`` package (llama.cpp's reader) by the keys of the GGUF
specification: ``general.name``, ``general.license``, ``general.license.name``,
``general.license.link``, ``general.base_model.N.name/organization/repo_url``. A safetensors
file starts with an 8-byte little-endian header length and a JSON header; only that header
is read (the format caps it at 100 MB) and its ``__metadata__`` strings kept
(``modelspec.license``, ``modelspec.title``, ``license``). A folder of shards is one model.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

from audit.discover.interface import Confidence, Evidence, FileFindings, Origin, Reference
from audit.discover.walker import read_bounded

MAX_SAFETENSORS_HEADER = 100 * 1000 * 1000
"""The safetensors format's own header limit."""

HF_URL = "https://huggingface.co/"


def _model_name(relative: str) -> str:
    """The model a file stands for: its folder, or the file itself at the top of the root."""
    folder, _, name = relative.rpartition("/")
    return folder or name


def read_gguf(file: Path, relative: str) -> FileFindings:
    """The model a GGUF file holds, with its licence and base models from the header."""
    try:
        from gguf import GGUFReader

        reader = GGUFReader(str(file), "r")
        fields: dict[str, Any] = {name: _gguf_value(f) for name, f in reader.fields.items()}
    except Exception as exc:  # a damaged or hostile header: reported, never a crash
        return FileFindings(problems=(f"{relative}: not a readable GGUF file ({exc})",))
    notes: list[str] = []
    name = _string(fields.get("general.name"))
    if name:
        notes.append(f"general.name {name}")
    licence = _string(fields.get("general.license"))
    notes.extend(
        f"{key} {_string(fields.get(key))}"
        for key in ("general.license.name", "general.license.link")
        if _string(fields.get(key))
    )
    bases = []
    count = fields.get("general.base_model.count")
    for i in range(int(count) if isinstance(count, int) and 0 < count < 64 else 0):
        base = _base_model(fields, f"general.base_model.{i}")
        if base:
            bases.append(base)
    if bases:
        notes.append("base models " + ", ".join(bases))
    ref = Reference(
        _model_name(relative), "gguf", Evidence(relative, 0), Confidence.HIGH, Origin.LOCAL,
        licence=licence, base_model=bases[0] if bases else None, notes=tuple(notes),
    )  # fmt: skip
    return FileFindings((ref,))


def _gguf_value(field: Any) -> Any:
    """A GGUF field's value: a string, a number, or None for arrays (not needed here)."""
    if not getattr(field, "data", None):
        return None
    types = getattr(field, "types", [])
    part = field.parts[field.data[0]]
    from gguf import GGUFValueType

    if types and types[0] == GGUFValueType.STRING:
        return bytes(part).decode("utf-8", errors="replace")
    if types and types[0] == GGUFValueType.ARRAY:
        return None
    try:
        return int(part[0]) if len(part) == 1 else None
    except (TypeError, ValueError):
        return None


def _base_model(fields: dict[str, Any], prefix: str) -> str | None:
    url = _string(fields.get(f"{prefix}.repo_url"))
    if url and url.startswith(HF_URL):
        return url.removeprefix(HF_URL).strip("/")
    org = _string(fields.get(f"{prefix}.organization"))
    name = _string(fields.get(f"{prefix}.name"))
    if org and name:
        return f"{org}/{name}"
    return name


def _string(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def read_safetensors(file: Path, relative: str) -> FileFindings:
    """The model a safetensors file belongs to, with the licence its ``__metadata__`` states."""
    head = read_bounded(file, 0, head=8)
    if isinstance(head, str) or len(head) < 8:
        return FileFindings(problems=(f"{relative}: not a safetensors file (too short)",))
    (length,) = struct.unpack("<Q", head)
    if length > MAX_SAFETENSORS_HEADER:
        return FileFindings(problems=(f"{relative}: safetensors header larger than 100 MB",))
    data = read_bounded(file, 0, head=8 + length)
    if isinstance(data, str) or len(data) < 8 + length:
        return FileFindings(problems=(f"{relative}: safetensors header cut short",))
    try:
        header = json.loads(data[8:])
    except (ValueError, RecursionError):
        return FileFindings(problems=(f"{relative}: safetensors header is not JSON",))
    metadata = header.get("__metadata__") if isinstance(header, dict) else None
    metadata = {
        str(k): str(v) for k, v in (metadata or {}).items() if isinstance(v, (str, int, float))
    }
    licence = metadata.get("modelspec.license") or metadata.get("license")
    notes = tuple(
        f"{key} {metadata[key][:200]}"
        for key in ("modelspec.title", "modelspec.architecture", "base_model")
        if key in metadata
    )
    ref = Reference(
        _model_name(relative), "safetensors", Evidence(relative, 0), Confidence.HIGH,
        Origin.LOCAL, licence=licence, base_model=metadata.get("base_model"), notes=notes,
    )  # fmt: skip
    return FileFindings((ref,))
