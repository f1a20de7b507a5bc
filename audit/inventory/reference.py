"""The field reference of ``docs/inventory.md``, generated from the inventory schema.

The pydantic models in :mod:`audit.inventory.schema` are the one source: their field
descriptions, examples and ``x-read-by`` annotations become both the JSON Schema that
editors show (``model-audit schema``) and the tables of the format reference. The document
keeps its hand-written parts; only the text between the markers is regenerated::

    python -m audit.inventory.reference docs/inventory.md          # rewrite the tables
    python -m audit.inventory.reference --check docs/inventory.md  # exit 1 when stale
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

BEGIN = "<!-- BEGIN GENERATED: field reference (python -m audit.inventory.reference) -->"
END = "<!-- END GENERATED: field reference -->"


@dataclass(frozen=True)
class FieldRow:
    """One documented field: where it sits and what the schema says about it."""

    path: str
    """Dotted path from the document root; ``[]`` marks a list item."""
    name: str
    meaning: str
    default: str
    allowed: str
    read_by: tuple[str, ...]
    required: bool


@dataclass(frozen=True)
class ObjectSection:
    """The fields of one object of the format, e.g. ``models[].hosting``."""

    path: str
    summary: str
    rows: tuple[FieldRow, ...]


def _model_classes() -> dict[str, type[BaseModel]]:
    from audit.inventory import schema as inventory_schema

    found: dict[str, type[BaseModel]] = {}
    for value in vars(inventory_schema).values():
        if isinstance(value, type) and issubclass(value, BaseModel):
            found[value.__name__] = value
    return found


def _deref(node: Mapping[str, Any], defs: Mapping[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """The definition name (when ``node`` is a reference) and the node it stands for."""
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        name = ref.removeprefix("#/$defs/")
        return name, dict(defs[name])
    return None, dict(node)


def _without_null(node: Mapping[str, Any]) -> dict[str, Any]:
    options = node.get("anyOf")
    if isinstance(options, list):
        rest = [o for o in options if o.get("type") != "null"]
        if len(rest) == 1:
            merged = {k: v for k, v in node.items() if k != "anyOf"}
            merged.update(rest[0])
            return merged
    return dict(node)


def _object_ref(node: Mapping[str, Any]) -> tuple[str | None, bool]:
    """(definition name, is a list) when the property holds an object or a list of them."""
    node = _without_null(node)
    if "$ref" in node:
        return str(node["$ref"]).removeprefix("#/$defs/"), False
    items = node.get("items")
    if node.get("type") == "array" and isinstance(items, dict) and "$ref" in items:
        return str(items["$ref"]).removeprefix("#/$defs/"), True
    return None, False


def _values(node: Mapping[str, Any], defs: Mapping[str, Any]) -> str:
    """Allowed values of one property, in words."""
    ref, is_list = _object_ref(node)
    if ref is not None:
        return "list of objects (below)" if is_list else "object (below)"
    node = _without_null(node)
    _, node = _deref(node, defs) if "$ref" in node else (None, dict(node))
    if "const" in node:
        return f"`{json.dumps(node['const'])}`"
    if "enum" in node:
        return " \\| ".join(f"`{v}`" for v in node["enum"])
    kind = node.get("type")
    if kind == "array":
        items = node.get("items", {})
        ref, _ = _object_ref({"type": "array", "items": items})
        inner = f"`{ref}` objects" if ref else _values(items, defs)
        return f"list of {inner}"
    if kind == "object":
        keyed = {k: v for k, v in node.get("patternProperties", {}).items() if k != "^x-"}
        if keyed:
            pattern, value = next(iter(keyed.items()))
            key = "YYYY-MM" if "0[1-9]" in pattern else f"`{pattern}`"
            return f"map {key} → {_values(value, defs)}"
        return "object"
    words = {
        "string": "text",
        "integer": "integer",
        "number": "number",
        "boolean": "`true` \\| `false`",
    }
    text = words.get(str(kind), str(kind))
    if node.get("format") == "date":
        text = "date YYYY-MM-DD"
    if "pattern" in node:
        text += f" matching `{node['pattern']}`"
    if "minimum" in node:
        text += f" ≥ {node['minimum']}"
    if node.get("minLength") or node.get("minItems"):
        text += ", not empty"
    return text


def _default(cls: type[BaseModel], name: str) -> tuple[str, bool]:
    info = cls.model_fields[name]
    if info.is_required():
        return "required", True
    if info.default_factory is not None:
        made = info.default_factory()  # type: ignore[call-arg]
        if isinstance(made, BaseModel):
            return "every field at its default", False
        return f"`{json.dumps(made)}`", False
    value = info.default
    if value is None or value is PydanticUndefined:
        return "absent", False
    return f"`{json.dumps(value)}`", False


def _meaning(node: Mapping[str, Any]) -> str:
    text = str(node.get("description") or "")
    examples = node.get("examples")
    if examples:
        shown = ", ".join(f"`{json.dumps(e, separators=(', ', ': '))}`" for e in examples)
        text += f" Example: {shown}."
    return text.replace("|", "\\|").replace("\n", " ")


def sections() -> tuple[ObjectSection, ...]:
    """Every object of the inventory format with its fields, from the root down."""
    from audit.cli.schema import inventory_json_schema

    schema = inventory_json_schema()
    defs = schema.get("$defs", {})
    classes = _model_classes()
    found: list[ObjectSection] = []

    def visit(path: str, def_name: str, node: Mapping[str, Any]) -> None:
        cls = classes[def_name]
        rows: list[FieldRow] = []
        children: list[tuple[str, str]] = []
        for name, prop in node.get("properties", {}).items():
            default, required = _default(cls, name)
            ref, is_list = _object_ref(prop)
            rows.append(
                FieldRow(
                    path=f"{path}.{name}" if path else name,
                    name=name,
                    meaning=_meaning(prop),
                    default=default,
                    allowed=_values(prop, defs),
                    read_by=tuple(prop.get("x-read-by", ())),
                    required=required,
                )
            )
            if ref is not None:
                child = f"{path}.{name}" if path else name
                children.append((child + ("[]" if is_list else ""), ref))
        summary = (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""
        found.append(ObjectSection(path or "(document root)", summary, tuple(rows)))
        for child_path, ref in children:
            visit(child_path, ref, defs[ref])

    visit("", "Inventory", schema)
    return tuple(found)


def _anchor_rows(section: ObjectSection) -> Iterator[str]:
    yield "| field | meaning | default | allowed values | read by |"
    yield "|---|---|---|---|---|"
    for row in section.rows:
        read = ", ".join(row.read_by) if row.read_by else "—"
        yield f"| `{row.name}` | {row.meaning} | {row.default} | {row.allowed} | {read} |"


def _builtin_tag_rows() -> Iterator[str]:
    from audit.inventory.datatags import BUILTIN_TAGS

    yield "| tag | personal | special category (Art. 9) | criminal (Art. 10) | confidentiality |"
    yield "|---|---|---|---|---|"
    for tag in BUILTIN_TAGS.values():
        flags = ("yes" if f else "no" for f in (tag.personal, tag.special_category, tag.criminal))
        yield f"| `{tag.id}` | {' | '.join(flags)} | {tag.confidentiality} |"


def generated_text() -> str:
    """The generated part of ``docs/inventory.md``, markers included."""
    lines = [BEGIN, ""]
    for section in sections():
        lines.append(f"### `{section.path}`")
        lines.append("")
        if section.summary:
            lines += [section.summary, ""]
        lines += list(_anchor_rows(section))
        lines.append("")
    lines += ["### Built-in data tags", ""]
    lines += list(_builtin_tag_rows())
    lines += ["", END]
    return "\n".join(lines)


def render_document(current: str) -> str:
    """``current`` with its generated part replaced by the schema's present state."""
    start, end = current.find(BEGIN), current.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the document lacks the markers {BEGIN!r} ... {END!r}")
    return current[:start] + generated_text() + current[end + len(END) :]


def main(argv: list[str]) -> int:
    """Rewrite (or with ``--check`` only compare) the generated part of a document."""
    check = "--check" in argv
    paths = [a for a in argv if a != "--check"]
    if len(paths) != 1:
        print("usage: python -m audit.inventory.reference [--check] docs/inventory.md")
        return 2
    target = Path(paths[0])
    current = target.read_text(encoding="utf-8")
    wanted = render_document(current)
    if check:
        if wanted != current:
            print(f"{target} is stale: run python -m audit.inventory.reference {target}")
            return 1
        return 0
    if wanted != current:
        target.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
