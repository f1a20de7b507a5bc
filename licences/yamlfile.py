"""Read a YAML data file so that every value can be traced back to its line.

The knowledge base is data people edit by hand; an error must name the file, the line and
the field. PyYAML's node tree keeps the marks, so we compose nodes once (with the C parser
when it is available) and construct plain Python values from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

try:  # the C parser is several times faster; loading runs on every scan
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


class DataFileError(ValueError):
    """A data file cannot be read; ``line`` is 1-based, or None when unknown."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML document: its plain value and its node tree (for line numbers)."""

    value: Any
    node: yaml.Node | None

    def line_of(self, path: Sequence[str | int]) -> int:
        """The 1-based line of the value at ``path``, or of its nearest existing parent."""
        node = self.node
        if node is None:
            return 1
        line = node.start_mark.line + 1
        for step in path:
            child = _child(node, step)
            if child is None:
                break
            node = child
            line = node.start_mark.line + 1
        return line


def _child(node: yaml.Node, step: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        pairs: list[tuple[yaml.Node, yaml.Node]] = node.value
        for key_node, value_node in pairs:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                return value_node
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int):
        items: list[yaml.Node] = node.value
        return items[step] if 0 <= step < len(items) else None
    return None


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document with the safe loader.

    Raises ``DataFileError`` for invalid YAML and for a key repeated within one mapping
    (PyYAML would silently keep the last one, hiding an editing mistake).
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(None, None)
        _reject_duplicate_keys(node)
        value = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise DataFileError(f"invalid YAML: {exc.problem or exc.context}", line) from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"invalid YAML: {exc}", None) from exc
    finally:
        loader.dispose()
    return YamlDocument(value, node)


def _reject_duplicate_keys(root: yaml.Node) -> None:
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in seen:
                        raise DataFileError(
                            f"{key_node.value}: key appears twice in the same mapping",
                            key_node.start_mark.line + 1,
                        )
                    seen.add(key_node.value)
                stack.append(value_node)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
