"""YAML documents as plain values that remember their lines, built safely.

Every scalar becomes a ``Text`` (a ``str`` with the 1-based line it starts on): discovery
only ever needs strings, so no type is constructed and no tag runs code. Aliases are
followed once (a shared node is not expanded again), documents are capped at ``MAX_NODES``
nodes and ``MAX_DEPTH`` levels, and several documents in one file (``---``, as Kubernetes
manifests have) are all read.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_NODES = 200_000
MAX_DEPTH = 64

try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader


class Text(str):
    """A YAML scalar's text and the line it is on."""

    line: int

    def __new__(cls, value: str, line: int) -> Text:
        """A string that carries ``line``."""
        text = super().__new__(cls, value)
        text.line = line
        return text


class YamlTooLarge(Exception):
    """The document expands past the node or depth limit."""


def load_all(text: str) -> list[Any]:
    """Every document of ``text`` as dicts, lists and ``Text`` values.

    Raises ``yaml.YAMLError`` for text that is not YAML and ``YamlTooLarge`` past the limits.
    """
    budget = [MAX_NODES]
    return [_plain(node, 0, budget, set()) for node in yaml.compose_all(text, Loader=_Loader)]


def _plain(node: yaml.Node, depth: int, budget: list[int], active: set[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlTooLarge(f"more than {MAX_NODES} values")
    if depth > MAX_DEPTH:
        raise YamlTooLarge(f"nested deeper than {MAX_DEPTH} levels")
    if isinstance(node, yaml.ScalarNode):
        return Text(str(node.value), node.start_mark.line + 1)
    if id(node) in active:
        return None  # an alias that refers to itself
    active = active | {id(node)}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(child, depth + 1, budget, active) for child in node.value]
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                out[Text(str(key.value), key.start_mark.line + 1)] = _plain(
                    value, depth + 1, budget, active
                )
        return out
    return None
