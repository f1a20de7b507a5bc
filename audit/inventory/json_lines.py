"""JSON inventories read as JSON (RFC 8259), keeping the line of every value.

The values come from the standard library's parser, so standard escapes and surrogate
pairs (``"\\ud83d\\ude00"``, as ``json.dumps`` writes an emoji) read as they should, and
comments, trailing commas, single quotes, ``NaN`` and ``Infinity`` are refused with a JSON
message and the line and column. A second pass walks the text with the same parser's
``raw_decode`` for each scalar to record where every value starts; only JSON's own
white space (space, tab, line feed, carriage return) separates tokens, so a U+2028 inside a
string cannot shift a line number. That pass also finds repeated keys, which JSON parsers
resolve silently by keeping the last.
"""

from __future__ import annotations

import bisect
import json
from typing import Any

from audit.errors import InputProblem
from audit.inventory.yaml_lines import MAX_DEPTH, TOO_DEEP, LineMap, PathKey, dotted, quoted

_WHITESPACE = " \t\n\r"


class JsonSyntaxError(ValueError):
    """The text is not JSON; ``problem`` says where and why."""

    def __init__(self, problem: InputProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def load_json_document(text: str, source: str) -> tuple[Any, LineMap, list[InputProblem]]:
    """Parse JSON text into plain data, the line of every value, and repeated keys.

    Raises ``JsonSyntaxError`` for text that is not JSON or nests deeper than
    ``MAX_DEPTH``.
    """
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise JsonSyntaxError(_syntax_problem(exc, source)) from None
    except ValueError as exc:  # NaN, Infinity
        raise JsonSyntaxError(InputProblem(source, 1, "", f"not valid JSON: {exc}")) from None
    except RecursionError:
        raise JsonSyntaxError(InputProblem(source, 1, "", TOO_DEEP)) from None
    lines, problems = _locate(text, source)
    return data, LineMap(lines), problems


def _syntax_problem(exc: json.JSONDecodeError, source: str) -> InputProblem:
    message = exc.msg
    around = exc.doc[exc.pos : exc.pos + 2]
    if around in ("//", "/*") or around[:1] == "#":
        message += " (JSON has no comments; remove them, or write the inventory as YAML)"
    elif around[:1] == "'":
        message += " (JSON strings use double quotes)"
    elif around[:1] in "}]" and message.startswith(("Expecting property name", "Expecting value")):
        message += " (a trailing comma? JSON allows none after the last item)"
    return InputProblem(source, exc.lineno, "", f"not valid JSON: {message} (column {exc.colno})")


class _Locator:
    """Walks valid JSON text, recording the line where each value begins."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.decoder = json.JSONDecoder(parse_constant=_refuse_constant)
        self.line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self.lines: dict[PathKey, int] = {}
        self.problems: list[InputProblem] = []

    def line(self, position: int) -> int:
        return bisect.bisect_right(self.line_starts, position)

    def skip(self, position: int) -> int:
        text = self.text
        while position < len(text) and text[position] in _WHITESPACE:
            position += 1
        return position

    def value(self, position: int, path: PathKey) -> int:
        """Record the value at ``position`` (already past white space); return its end."""
        if len(path) > MAX_DEPTH:
            raise JsonSyntaxError(InputProblem(self.source, self.line(position), "", TOO_DEEP))
        self.lines[path] = self.line(position)
        opener = self.text[position]
        if opener == "{":
            return self.mapping(position + 1, path)
        if opener == "[":
            return self.sequence(position + 1, path)
        _, end = self.decoder.raw_decode(self.text, position)
        return int(end)

    def mapping(self, position: int, path: PathKey) -> int:
        first_line: dict[str, int] = {}
        position = self.skip(position)
        if self.text[position] == "}":
            return position + 1
        while True:
            position = self.skip(position)
            key_line = self.line(position)
            key, position = self.decoder.raw_decode(self.text, position)
            if key in first_line:
                self.problems.append(
                    InputProblem(
                        self.source,
                        key_line,
                        dotted((*path, key)),
                        f"duplicate key {quoted(key)} (first given on line {first_line[key]}); "
                        "give each key once",
                    )
                )
            first_line.setdefault(key, key_line)
            position = self.skip(self.skip(position) + 1)  # past the ':'
            position = self.skip(self.value(position, (*path, key)))
            if self.text[position] == "}":
                return position + 1
            position += 1  # past the ','

    def sequence(self, position: int, path: PathKey) -> int:
        position = self.skip(position)
        if self.text[position] == "]":
            return position + 1
        index = 0
        while True:
            position = self.skip(self.value(self.skip(position), (*path, index)))
            if self.text[position] == "]":
                return position + 1
            position += 1
            index += 1


def _locate(text: str, source: str) -> tuple[dict[PathKey, int], list[InputProblem]]:
    locator = _Locator(text, source)
    locator.value(locator.skip(0), ())
    return locator.lines, locator.problems
