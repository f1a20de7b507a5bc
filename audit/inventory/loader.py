"""Load an inventory file into validated models, with the line of every value.

Every problem in the file is reported at once, each as ``path:line: field: message``.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from audit.errors import InputError, InputProblem
from audit.inventory.datatags import DataTag, tag_catalogue
from audit.inventory.messages import describe_error
from audit.inventory.schema import Inventory
from audit.inventory.yaml_lines import LineMap, PathKey, dotted, load_document

MAX_INVENTORY_BYTES = int(os.environ.get("MODEL_AUDIT_MAX_INVENTORY_BYTES", 16 * 1024 * 1024))
"""Largest inventory file read (default 16 MiB; override with MODEL_AUDIT_MAX_INVENTORY_BYTES)."""


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


def read_inventory_bytes(path: str) -> bytes:
    """Read the file, refusing what is missing, not a regular file, or too large."""
    file = Path(path)
    try:
        if not file.is_file():
            what = "does not exist" if not file.exists() else "is not a regular file"
            raise InputError([InputProblem(path, 0, "", f"{what}")])
        size = file.stat().st_size
        if size > MAX_INVENTORY_BYTES:
            raise InputError(
                [
                    InputProblem(
                        path,
                        0,
                        "",
                        f"file is {size / 1_048_576:.1f} MiB; the limit is "
                        f"{MAX_INVENTORY_BYTES / 1_048_576:.0f} MiB "
                        "(set MODEL_AUDIT_MAX_INVENTORY_BYTES to raise it)",
                    )
                ]
            )
        return file.read_bytes()
    except OSError as exc:
        raise InputError([InputProblem(path, 0, "", f"cannot be read: {exc.strerror}")]) from exc


def load_inventory(path: str, known_rules: Collection[str] = ()) -> LoadedInventory:
    """Load and validate the inventory at ``path``.

    Raises ``InputError`` listing every problem (syntax, schema, cross-references) with its
    line. ``known_rules`` is the rule catalogue that waivers may name; empty means no check.
    """
    raw = read_inventory_bytes(path)
    text = _decode(raw, path)
    try:
        data, lines, problems = load_document(text, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or "invalid YAML"
        raise InputError([InputProblem(path, line, "", f"not valid YAML: {problem}")]) from None
    except yaml.YAMLError as exc:
        raise InputError([InputProblem(path, 0, "", f"not valid YAML: {exc}")]) from None
    except RecursionError:
        raise InputError([InputProblem(path, 0, "", "nesting is too deep to read")]) from None
    if problems:
        raise InputError(problems)
    if not isinstance(data, dict):
        got = "an empty file" if data is None else f"a {type(data).__name__}"
        raise InputError(
            [InputProblem(path, lines.line_of(()), "", f"expected a mapping with 'version: 1' "
                          f"and 'organisation'; got {got}")]
        )
    try:
        inventory = Inventory.model_validate(data)
    except ValidationError as exc:
        raise InputError(_schema_problems(exc, path, lines)) from None
    except RecursionError:
        raise InputError([InputProblem(path, 0, "", "nesting is too deep to validate")]) from None
    tags = tag_catalogue(inventory.data_classes)
    loaded = LoadedInventory(
        inventory=inventory,
        path=path,
        base_dir=Path(path).resolve().parent,
        sha256=hashlib.sha256(raw).hexdigest(),
        lines=lines,
        tags=tags,
    )
    problems = list(_reference_problems(loaded, known_rules))
    if problems:
        raise InputError(problems)
    return loaded


def _decode(raw: bytes, path: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            [InputProblem(path, line, "", f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at "
                          f"offset {exc.start}); save the file as UTF-8")]
        ) from None


def _schema_problems(exc: ValidationError, path: str, lines: LineMap) -> list[InputProblem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc, message = describe_error(error, Inventory)
        problems.append(InputProblem(path, lines.line_of(loc), dotted(loc), message))
    return sorted(set(problems), key=lambda p: (p.line, p.field, p.message))


def _reference_problems(loaded: LoadedInventory, known_rules: Collection[str]) -> Iterator[InputProblem]:
    """Cross-references the schema cannot see: ids, tags, routes, waivers, paths."""
    inv = loaded.inventory

    def problem(loc: PathKey, message: str) -> InputProblem:
        return InputProblem(loaded.path, loaded.lines.line_of(loc), dotted(loc), message)

    seen_classes: dict[str, int] = {}
    for i, cls in enumerate(inv.data_classes):
        if cls.id in seen_classes:
            yield problem(("data_classes", i, "id"), f"duplicate data class '{cls.id}'")
        seen_classes.setdefault(cls.id, i)

    model_ids: dict[str, PathKey] = {}
    use_case_ids: dict[str, PathKey] = {}
    for i, model in enumerate(inv.models):
        where: PathKey = ("models", i, "id")
        if model.id in model_ids:
            first = loaded.lines.line_of(model_ids[model.id])
            yield problem(where, f"duplicate model id '{model.id}' (first given on line {first})")
        model_ids.setdefault(model.id, where)
        if model.path is not None:
            yield from _path_problems(loaded, ("models", i, "path"), model.path, problem)
        for j, use_case in enumerate(model.use_cases):
            uc_where: PathKey = ("models", i, "use_cases", j, "id")
            if use_case.id in use_case_ids:
                first = loaded.lines.line_of(use_case_ids[use_case.id])
                yield problem(uc_where, f"duplicate use-case id '{use_case.id}' "
                              f"(first given on line {first})")
            use_case_ids.setdefault(use_case.id, uc_where)
            for k, tag in enumerate(use_case.data):
                if tag not in loaded.tags:
                    yield problem(("models", i, "use_cases", j, "data", k),
                                  _unknown("data tag", tag, loaded.tags, "define it under data_classes"))

    for i, route in enumerate(inv.routes):
        for k, tag in enumerate(route.data):
            if tag not in loaded.tags:
                yield problem(("routes", i, "data", k),
                              _unknown("data tag", tag, loaded.tags, "define it under data_classes"))
        for k, target in enumerate(route.to):
            if target not in model_ids:
                yield problem(("routes", i, "to", k), _unknown("model", target, model_ids, ""))

    for i, waiver in enumerate(inv.waivers):
        if waiver.model is not None and waiver.model not in model_ids:
            yield problem(("waivers", i, "model"), _unknown("model", waiver.model, model_ids, ""))
        if known_rules and waiver.rule not in known_rules:
            yield problem(("waivers", i, "rule"),
                          _unknown("rule", waiver.rule, known_rules, "see `model-audit rules`"))


def _path_problems(loaded: LoadedInventory, loc: PathKey, value: str, problem) -> Iterator[InputProblem]:  # type: ignore[no-untyped-def]
    candidate = Path(value)
    if candidate.is_absolute():
        yield problem(loc, f"expected a folder relative to the inventory; got absolute path {value!r}")
        return
    resolved = (loaded.base_dir / candidate).resolve()
    if not resolved.is_relative_to(loaded.base_dir):
        yield problem(loc, f"expected a folder inside {loaded.base_dir}; {value!r} climbs out of it")


def _unknown(kind: str, value: str, known: Collection[str], hint: str) -> str:
    close = difflib.get_close_matches(value, list(known), n=1)
    text = f"unknown {kind} '{value}'"
    if close:
        text += f"; did you mean '{close[0]}'?"
    elif known and len(known) <= 30:
        text += f"; known: {', '.join(sorted(known))}"
    return f"{text} ({hint})" if hint else text
