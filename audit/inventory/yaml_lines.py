"""Safe YAML (and JSON) loading that keeps the line of every value.

Only plain data types are built (``yaml.SafeLoader`` semantics). Duplicate keys are refused,
and an alias expansion larger than ``MAX_NODES`` (a "billion laughs" bomb) is refused before
anything is built from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from audit.errors import InputProblem

try:  # the C parser is several times faster; both keep marks
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

MAX_NODES = 2_000_000
"""Largest number of values a document may expand to, aliases counted at every use."""

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class LineMap:
    """Line of every value in a document, by its path of keys and list indexes."""

    lines: Mapping[PathKey, int]

    def line_of(self, path: PathKey) -> int:
        """Return the line of ``path``, or of its nearest ancestor that has one (0 if none)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line:
                return line
        return 0


def dotted(path: PathKey) -> str:
    """Render a path as ``models[0].hosting.mode``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def load_document(text: str, source: str) -> tuple[Any, LineMap, list[InputProblem]]:
    """Parse one YAML/JSON document; return its data, line map and any structural problems.

    Problems (duplicate keys, alias bombs) are returned rather than raised so the caller can
    report them together with schema problems. Syntax errors raise ``yaml.YAMLError``.
    """
    loader = _BaseLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, LineMap({}), []
        lines: dict[PathKey, int] = {(): node.start_mark.line + 1}
        problems = _walk(node, source, lines)
        if any(p.message.startswith("document expands") for p in problems):
            return None, LineMap(lines), problems
        data = loader.construct_document(node)
        return data, LineMap(lines), problems
    finally:
        loader.dispose()


def _walk(root: yaml.Node, source: str, lines: dict[PathKey, int]) -> list[InputProblem]:
    """Record lines, refuse duplicate keys, and bound the size aliases expand to."""
    problems: list[InputProblem] = []
    if _expanded_size(root) > MAX_NODES:
        problems.append(
            InputProblem(
                source,
                root.start_mark.line + 1,
                "",
                f"document expands to more than {MAX_NODES:,} values through aliases; "
                "refusing it (YAML alias bomb?)",
            )
        )
        return problems
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, PathKey]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:  # an alias: its lines were recorded at first use
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first_line: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
                line = key_node.start_mark.line + 1
                if key in first_line and key != "<<":
                    problems.append(
                        InputProblem(
                            source,
                            line,
                            dotted((*path, key)),
                            f"duplicate key '{key}' (first given on line {first_line[key]})",
                        )
                    )
                    continue
                first_line[key] = line
                lines[(*path, key)] = line
                stack.append((value_node, (*path, key)))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[(*path, index)] = item.start_mark.line + 1
                stack.append((item, (*path, index)))
    return problems


def _expanded_size(root: yaml.Node) -> int:
    """Count values as if every alias were copied out, without copying anything."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:  # iterative post-order: deep nesting must not overflow the C stack
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children_done:
            total = 1 + sum(sizes[id(child)] for child in children)
            sizes[id(node)] = min(total, MAX_NODES + 1)
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []
