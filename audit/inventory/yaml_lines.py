"""Safe YAML (and JSON) loading that keeps the line of every value.

Only plain data types are built (``yaml.SafeLoader`` semantics, dates kept as text so that a
bad date is a schema message, not a crash). Duplicate keys are reported; a document that
expands through aliases to more than ``MAX_NODES`` values (a "billion laughs" bomb), that
refers to itself through an alias, or that nests deeper than ``MAX_DEPTH`` levels is
refused before anything is built from it.
"""

from __future__ import annotations

import re
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

MAX_DEPTH = 100
"""Deepest nesting accepted (an inventory needs about 7 levels; aliases count where used)."""

TOO_DEEP = f"nesting is deeper than {MAX_DEPTH} levels; an inventory needs fewer than 10"

PathKey = tuple[str | int, ...]


class _InventoryLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that never raises anything but ``yaml.YAMLError`` while building values."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
            # An explicit tag such as `!!int abc` reaches a constructor that cannot cope.
            value = node.value if isinstance(node, yaml.ScalarNode) else "a collection"
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"cannot read {value!r} as {node.tag.rsplit(':', 1)[-1]} ({exc})",
                node.start_mark,
            ) from None


# Dates stay text: pydantic parses them where a date is expected and names the field when
# one is wrong, whereas PyYAML would raise a bare ValueError on `2027-13-45`.
_InventoryLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", yaml.constructor.SafeConstructor.construct_yaml_str
)
# YAML 1.1 reads `1e5` or `3.8e25` as text; JSON and YAML 1.2 read them as numbers.
_InventoryLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+$"),
    list("-+0123456789."),
)


def line_of_offset(text: str, position: int) -> int:
    """Line (from 1) of a reader error's position: libyaml counts UTF-8 bytes, PyYAML characters."""
    if _BaseLoader is not yaml.SafeLoader:
        return text.encode("utf-8")[: max(position, 0)].count(b"\n") + 1
    return text.count("\n", 0, max(position, 0)) + 1


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


_PLAIN_KEY = re.compile(
    r"[A-Za-z0-9_][A-Za-z0-9_-]*"
)  # fullmatch: "$" would pass a trailing newline


def dotted(path: PathKey) -> str:
    """Render a path as ``models[0].hosting.mode``; odd keys as ``organisation['a b']``.

    The result is always one line without spaces, so ``file:line: field: message`` stays
    parseable whatever keys a file holds.
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.fullmatch(part):
            out += f".{part}" if out else part
        else:
            out += f"[{quoted(part)}]"
    return out


def quoted(value: object, limit: int = 60) -> str:
    """A value as Python would write it, on one line, shortened past ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def load_document(text: str, source: str) -> tuple[Any, LineMap, list[InputProblem]]:
    """Parse one YAML/JSON document; return its data, line map and any structural problems.

    Duplicate keys are returned as problems alongside the data (the first value is kept in
    the line map, PyYAML keeps the last), so the caller can report them together with schema
    problems. A document that must not be built (alias bomb, self-reference, too deep) comes
    back with data ``None`` and its problem. Syntax errors raise ``yaml.YAMLError``.
    """
    loader = _InventoryLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, LineMap({}), []
        lines: dict[PathKey, int] = {(): node.start_mark.line + 1}
        problems, aliased, depth = _walk(node, source, lines)
        # The full shape check (alias bombs, self-reference, depth through aliases) costs a
        # second pass over every node; a document without aliases needs only the depth.
        refusal = _shape_problem(node, source) if aliased or depth > MAX_DEPTH else None
        if refusal is not None:
            return None, LineMap({(): node.start_mark.line + 1}), [refusal]
        data = loader.construct_document(node)
        return data, LineMap(lines), problems
    finally:
        loader.dispose()


def _walk(
    root: yaml.Node, source: str, lines: dict[PathKey, int]
) -> tuple[list[InputProblem], bool, int]:
    """Record the line of every value and report duplicate keys.

    Also returns whether any node is reached twice (the document uses aliases) and the
    deepest nesting seen, so the costlier shape check runs only when it can matter.
    """
    problems: list[InputProblem] = []
    seen: set[int] = set()
    aliased = False
    depth = 0
    stack: list[tuple[yaml.Node, PathKey]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:  # an alias: its lines were recorded at first use
            aliased = True
            continue
        seen.add(id(node))
        if len(path) > depth:
            depth = len(path)
            if depth > MAX_DEPTH:
                break
        if isinstance(node, yaml.MappingNode):
            first_line: dict[str, int] = {}
            kept: dict[str, tuple[int, yaml.Node]] = {}
            merges: list[tuple[int, yaml.Node]] = []
            for key_node, value_node in node.value:
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
                line = key_node.start_mark.line + 1
                if key == "<<":
                    merges.append((line, value_node))
                elif key in first_line:
                    problems.append(
                        InputProblem(
                            source,
                            line,
                            dotted((*path, key)),
                            f"duplicate key {quoted(key)} (first given on line {first_line[key]}); "
                            "give each key once",
                        )
                    )
                first_line.setdefault(key, line)
                kept[key] = (line, value_node)  # PyYAML keeps the last value: locate that one
            if merges:
                problems.extend(_merge_problems(source, path, merges, set(first_line)))
            for key, (line, value_node) in kept.items():
                lines[path + (key,)] = line
                stack.append((value_node, path + (key,)))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[path + (index,)] = item.start_mark.line + 1
                stack.append((item, (*path, index)))
    return problems, aliased, depth


def _merge_problems(
    source: str, path: PathKey, merges: list[tuple[int, yaml.Node]], explicit: set[str]
) -> list[InputProblem]:
    """A second ``<<`` in one mapping, or two merged mappings giving a key the mapping does
    not give itself: YAML would keep one of the values without a word, so each is an error.
    (A key given in the mapping itself wins over merged ones, as YAML says: that is the
    point of a merge.)"""
    (first, value), *others = merges
    problems = [
        InputProblem(
            source,
            line,
            dotted((*path, "<<")),
            f"a second merge key '<<' in one mapping (the first is on line {first}); merge "
            "several mappings with one '<<: [*first, *second]'",
        )
        for line, _ in others
    ]
    if not isinstance(value, yaml.SequenceNode):
        return problems
    given: dict[str, int] = {}
    for merged in value.value:
        if not isinstance(merged, yaml.MappingNode):
            continue
        for key_node, _ in merged.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            if key in given and key not in explicit:
                problems.append(
                    InputProblem(
                        source,
                        first,
                        dotted((*path, key)),
                        f"{quoted(key)} comes from two merged mappings (lines {given[key]} and "
                        f"{key_node.start_mark.line + 1}); give it in this mapping to choose",
                    )
                )
            given.setdefault(key, key_node.start_mark.line + 1)
    return problems


@dataclass
class _Shape:
    size: int
    """Values the node expands to, aliases copied out (capped just above MAX_NODES)."""
    depth: int
    """Levels of nesting below and including the node (capped just above MAX_DEPTH)."""


def _shape_problem(root: yaml.Node, source: str) -> InputProblem | None:
    """Refuse an alias bomb, a self-referencing alias, or nesting deeper than MAX_DEPTH."""
    shapes: dict[int, _Shape] = {}
    in_progress: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:  # iterative post-order: deep nesting must not overflow the C stack
        node, children_done = stack.pop()
        if children_done:
            children = [shapes[id(child)] for child in _children(node)]
            shapes[id(node)] = _Shape(
                size=min(1 + sum(c.size for c in children), MAX_NODES + 1),
                depth=min(1 + max((c.depth for c in children), default=0), MAX_DEPTH + 1),
            )
            in_progress.discard(id(node))
            continue
        if id(node) in shapes:
            continue
        if id(node) in in_progress:  # reached again from inside itself
            return InputProblem(
                source,
                node.start_mark.line + 1,
                "",
                "an alias refers to the value that contains it (a recursive structure); "
                "inventories must be trees",
            )
        in_progress.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in shapes)
    shape = shapes[id(root)]
    if shape.size > MAX_NODES:
        return InputProblem(
            source,
            root.start_mark.line + 1,
            "",
            f"document expands to more than {MAX_NODES:,} values through aliases; "
            "refusing it (a YAML alias bomb?)",
        )
    if shape.depth > MAX_DEPTH:
        return InputProblem(
            source,
            _line_at_depth(root, shapes, MAX_DEPTH),
            "",
            TOO_DEEP,
        )
    return None


def _line_at_depth(root: yaml.Node, shapes: Mapping[int, _Shape], depth: int) -> int:
    """Line of the first value found ``depth`` levels down along the deepest branch."""
    node = root
    for _ in range(depth):
        children = _children(node)
        if not children:
            break
        node = max(children, key=lambda child: shapes[id(child)].depth)
    return node.start_mark.line + 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []
