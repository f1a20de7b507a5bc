"""Load an inventory file into validated models, with the line of every value.

Every problem in the file is reported at once, in line order, each as
``path:line: field: message``: duplicate keys, schema errors and cross-reference errors
together, so one run of ``model-audit validate`` shows everything to fix.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from audit.errors import InputError, InputProblem
from audit.inventory.datatags import DataTag, tag_catalogue
from audit.inventory.json_lines import JsonSyntaxError, load_json_document
from audit.inventory.messages import describe_error
from audit.inventory.references import reference_problems
from audit.inventory.schema import Inventory
from audit.inventory.yaml_lines import (
    TOO_DEEP,
    LineMap,
    dotted,
    line_of_offset,
    load_document,
)
from audit.settings import INVENTORY_BYTES

MAX_INVENTORY_BYTES = INVENTORY_BYTES.default
"""Default size limit of an inventory file: 16 MiB (see ``max_inventory_bytes``)."""

SIZE_LIMIT_VARIABLE = INVENTORY_BYTES.variable


@dataclass(frozen=True)
class LoadedInventory:
    """A validated inventory together with where it came from."""

    inventory: Inventory
    path: str
    """The path as the user gave it; used in every message and finding."""
    base_dir: Path
    """Folder of the inventory file; local model paths are relative to it."""
    sha256: str
    lines: LineMap
    tags: dict[str, DataTag]
    """Every known data tag (built-in and custom), by id."""

    def line_of(self, *path: str | int) -> int:
        """Return the line of the value at ``path`` (or of its nearest ancestor)."""
        return self.lines.line_of(tuple(path))


def max_inventory_bytes() -> int:
    """The size limit in force: ``MODEL_AUDIT_MAX_INVENTORY_BYTES`` if set, else 16 MiB.

    A value that is not a whole number from 1 byte to 1 GiB is an input error (exit 2).
    """
    return INVENTORY_BYTES.value()


def read_inventory_bytes(path: str) -> bytes:
    """Read the file, refusing what is missing, a symbolic link, not a regular file, or too
    large; every refusal is an ``InputError`` that says what to do."""
    file = Path(path)
    limit = max_inventory_bytes()

    def refuse(message: str) -> InputError:
        return InputError([InputProblem(path, 0, "", message)])

    try:
        if file.is_symlink():
            # A link committed to a repository could make CI read, and echo in messages, a
            # file outside it (a credentials file, say); the user can name the target.
            target = os.readlink(file)
            raise refuse(
                f"is a symbolic link (to {target}); inventories are not read through links, "
                "so pass the real file's path"
            )
        if not file.is_file():
            what = "does not exist" if not file.exists() else "is not a regular file"
            raise refuse(what)
        size = file.stat().st_size
        if size > limit:
            raise refuse(_too_large(size, limit))
        with file.open("rb") as stream:
            raw = stream.read(limit + 1)  # the file may have grown since stat()
        if len(raw) > limit:
            raise refuse(_too_large(len(raw), limit))
        return raw
    except OSError as exc:
        raise refuse(f"cannot be read: {exc.strerror or exc}") from None


def _too_large(size: int, limit: int) -> str:
    return (
        f"file is {_mib(size)}, larger than the {_mib(limit)} limit for an inventory; "
        f"split it, or raise the limit with {SIZE_LIMIT_VARIABLE}=<bytes>"
    )


def _mib(size: int) -> str:
    """A size for people: whole MiB where exact, else one decimal; small sizes in bytes."""
    if size < 1_048_576:
        return f"{size:,} bytes"
    return f"{size / 1_048_576:.1f} MiB" if size % 1_048_576 else f"{size // 1_048_576} MiB"


def load_inventory(path: str, known_rules: Collection[str] = ()) -> LoadedInventory:
    """Load and validate the inventory at ``path``.

    Raises ``InputError`` listing every problem (syntax, schema, cross-references) with its
    line, in line order. ``known_rules`` is the rule catalogue that waivers may name; empty
    means no check.
    """
    raw = read_inventory_bytes(path)
    data, lines, problems = parse_inventory_text(_decode(raw, path), path)
    base_dir = Path(path).resolve().parent
    if not isinstance(data, dict):
        got = "an empty document" if data is None else f"a {_kind(data)}"
        raise InputError(
            [
                InputProblem(
                    path,
                    lines.line_of(()) or 1,
                    "",
                    f"expected a mapping with 'version: 1' and 'organisation'; got {got}",
                )
            ]
        )
    inventory: Inventory | None = None
    try:
        inventory = Inventory.model_validate(data)
    except ValidationError as exc:
        problems.extend(_schema_problems(exc, path, lines))
    except RecursionError:
        problems.append(InputProblem(path, 1, "", TOO_DEEP))
    problems.extend(reference_problems(data, path, lines, base_dir, known_rules))
    if problems or inventory is None:
        raise InputError(in_line_order(problems))
    return LoadedInventory(
        inventory=inventory,
        path=path,
        base_dir=base_dir,
        sha256=hashlib.sha256(raw).hexdigest(),
        lines=lines,
        tags=tag_catalogue(inventory.data_classes),
    )


def parse_inventory_text(text: str, path: str) -> tuple[Any, LineMap, list[InputProblem]]:
    """Parse YAML or JSON text (by the file's extension: ``.json`` is read as JSON, strictly)
    into plain data, its line map and structural problems.

    Syntax errors and documents that must not be built (alias bombs, recursion, too deep)
    raise ``InputError``; duplicate keys come back as problems beside the data.
    """
    syntax = "JSON" if path.lower().endswith(".json") else "YAML"
    if syntax == "JSON":
        try:
            return load_json_document(text, path)
        except JsonSyntaxError as exc:
            raise InputError([exc.problem]) from None
    try:
        data, lines, problems = load_document(text, path)
    except yaml.MarkedYAMLError as exc:
        raise InputError([_syntax_problem(exc, path, text, syntax)]) from None
    except yaml.reader.ReaderError as exc:
        line = line_of_offset(text, exc.position)
        code = ord(exc.character) if isinstance(exc.character, str) else int(exc.character)
        raise InputError(
            [
                InputProblem(
                    path,
                    line,
                    "",
                    f"not valid {syntax}: character U+{code:04X} is not allowed in the text "
                    f"({exc.reason}); remove it",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise InputError([InputProblem(path, 1, "", f"not valid {syntax}: {exc}")]) from None
    except RecursionError:
        raise InputError([InputProblem(path, 1, "", TOO_DEEP)]) from None
    if data is None and problems:  # refused before it was built
        raise InputError(problems)
    return data, lines, list(problems)


def _syntax_problem(exc: yaml.MarkedYAMLError, path: str, text: str, syntax: str) -> InputProblem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = exc.problem or "invalid YAML"
    if "maximum nesting depth" in problem:
        return InputProblem(path, line, "", TOO_DEEP)
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        problem += " (a tab); indent YAML with spaces, never tabs"
    elif "tab character" in problem:
        problem += "; indent YAML with spaces, never tabs"
    elif exc.context and not exc.context.startswith("while scanning"):
        problem = f"{problem} ({exc.context}"
        problem += f" on line {exc.context_mark.line + 1})" if exc.context_mark else ")"
    return InputProblem(path, line, "", f"not valid {syntax}: {problem}")


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    if 0 <= line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return ""


def _decode(raw: bytes, path: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            [
                InputProblem(
                    path,
                    line,
                    "",
                    f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                    "save the file as UTF-8",
                )
            ]
        ) from None


def _kind(value: Any) -> str:
    names = {list: "list", str: "text value", int: "number", float: "number", bool: "boolean"}
    return names.get(type(value), type(value).__name__)


def _schema_problems(exc: ValidationError, path: str, lines: LineMap) -> list[InputProblem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc, message = describe_error(error, Inventory)
        problems.append(InputProblem(path, lines.line_of(loc), dotted(loc), message))
    return problems


def in_line_order(problems: Iterable[InputProblem]) -> list[InputProblem]:
    """Problems without repeats, ordered by line, then field, then message."""
    return sorted(set(problems), key=lambda p: (p.line, p.field, p.message))
