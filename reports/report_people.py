"""Text of the document as people read it: no Markdown, no Python literals, each unverified
fact explained once.

Rule messages and remediations are written for the terminal and JSON too, so they quote
inventory fields in Markdown backticks and sometimes print a Python ``True``/``False``. The
HTML and PDF show a quoted field in a monospace ``<code>`` element without the backticks,
and a bare ``True``/``False``/``None`` outside such a quote as ``yes``/``no``/``not set``.

Facts marked unverified in brackets (``[OJ reference unverified in primary]``,
``[unverified]``) would repeat on every row they touch; ``note_unverified`` replaces each
with a short reference (``[note U1]``) to one list that explains them once per document.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

_CODE = re.compile(r"`([^`\n]{1,200})`")
_LITERAL = re.compile(r"(?<![\w.'\"`-])(True|False|None)(?![\w'\"`-])")
_WORDS = {"True": "yes", "False": "no", "None": "not set"}
_UNVERIFIED = re.compile(r"\s*\[([^\[\]\n]{0,160}\bunverified\b[^\[\]\n]{0,160})\]", re.IGNORECASE)

UNVERIFIED_EXPLANATION = (
    "The knowledge base holds this fact without a primary source that confirms it: it is "
    "configurable there, and it should be checked against the primary source (the Official "
    "Journal, the licence text, the provider's terms) before anyone relies on it."
)


def plain_words(text: str) -> str:
    """``text`` without backticks and with bare Python literals in words (for plain text)."""
    return "".join(
        part if code else _LITERAL.sub(lambda m: _WORDS[m.group(1)], part)
        for part, code in _segments(text)
    )


def for_people(value: Any) -> Markup:
    """Jinja filter: ``value`` escaped, quoted fields as ``<code>``, literals in words."""
    text = value if isinstance(value, str) else str(value)
    out = []
    for part, code in _segments(text):
        if code:
            out.append(Markup("<code>%s</code>") % part)
        else:
            out.append(escape(_LITERAL.sub(lambda m: _WORDS[m.group(1)], part)))
    return Markup("").join(out)


def _segments(text: str) -> list[tuple[str, bool]]:
    parts: list[tuple[str, bool]] = []
    last = 0
    for match in _CODE.finditer(text):
        parts.append((text[last : match.start()], False))
        parts.append((match.group(1), True))
        last = match.end()
    parts.append((text[last:], False))
    return parts


@dataclass(frozen=True)
class UnverifiedNote:
    """One unverified fact of the document, said once."""

    key: str
    """``U1``, ``U2``... in order of first appearance."""
    text: str
    """The bracketed remark as the knowledge base words it."""
    occurrences: int


def note_unverified(document: Any) -> tuple[Any, tuple[UnverifiedNote, ...]]:
    """A copy of ``document`` whose bracketed unverified remarks are replaced by references
    to notes, and the notes (each once, with how often it was referred to)."""
    keys: dict[str, str] = {}
    counts: dict[str, int] = {}

    def replace(match: re.Match[str]) -> str:
        remark = match.group(1).strip()
        if remark.casefold() == "unverified":
            return match.group(0)  # a source's confidence label: it stays beside its source
        key = keys.setdefault(remark, f"U{len(keys) + 1}")
        counts[key] = counts.get(key, 0) + 1
        return f" [note {key}]"

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return _UNVERIFIED.sub(replace, value) if "nverified" in value else value
        if isinstance(value, Mapping):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    marked = walk(document)
    notes = tuple(UnverifiedNote(key, remark, counts[key]) for remark, key in keys.items())
    return marked, notes


_RANK = (("primary", 1), ("secondary", 2), ("unverified", 3))


def source_rank(line: str) -> int:
    """0 for a line that cites no graded source; else 1 primary, 2 secondary, 3 unverified."""
    lowered = line.lower()
    for word, rank in _RANK:
        if f"({word})" in lowered or f"[{word}]" in lowered or f"confidence: {word}" in lowered:
            return rank
    return 0


def primary_first(lines: tuple[str, ...]) -> tuple[str, ...]:
    """``lines`` with plain facts first, then sources by confidence: primary, secondary,
    unverified (the order within each kind is kept)."""
    return tuple(sorted(lines, key=source_rank))
