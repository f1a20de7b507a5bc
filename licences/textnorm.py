"""Reduce a licence text to a canonical stream of words, so layout never decides a match.

Two copies of one licence differ in ways that carry no meaning: line endings, wrapping,
indentation, markdown emphasis and links, curly or straight quotes, dashes, a BOM, the
copyright line. After ``normalise`` they are the same word sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CHARS = 256 * 1024
"""Only this many leading characters are examined: licences are far shorter, and the cap
keeps the work bounded on huge or hostile input."""

HEAD_WORDS = 60
"""A title counts fully only within the first words of a text (past any heading)."""

# Words are runs of ASCII letters and digits. A byte table lower-cases letters and turns
# everything else (punctuation, quotes, dashes, markdown, any non-ASCII character) into a
# space in one C-level pass, which keeps identification well above 1,000 texts a second.
# Two exceptions carry meaning: a dot between digits stays, so "3.1" is one word and
# "Llama 3" never matches inside "Llama 3.1"; pluses after a word stay, so "RAIL++" is not
# mistaken for "RAIL".
_ASCII_WORD_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz"
_BYTE_TABLE = bytes(
    ord(chr(byte).lower()) if chr(byte).lower() in _ASCII_WORD_CHARS + ".+" else ord(" ")
    for byte in range(256)
)
# A dot not between two digits (pattern starts with the literal, so the scan is fast).
_STRAY_DOT = re.compile(r"\.(?:(?![0-9])|(?<![0-9]\.))")
_PLUS_RUN = re.compile(r"\++")
# A markdown link target "](...)": drop it, the link text remains. Each match starts at a
# literal "](" and stops at the next bracket or space, so the scan stays linear.
_LINK_TARGET = re.compile(r"\]\([^()\s]{0,2048}\)")
# An HTML tag such as <span style="...">; runs stop at the next "<" or ">", so linear too.
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]{0,512}>")
# A short line that only states copyright: a new holder must not change the match. A long
# "line" (a re-flowed paragraph that starts with the copyright) is kept whole.
_COPYRIGHT_LINE = re.compile(
    r"^[ \t>*#_]*(?:copyright\b|\(c\)|©)[^\n]{0,160}$", re.IGNORECASE | re.MULTILINE
)


@dataclass(frozen=True)
class NormalisedText:
    """A text as canonical words: ``body`` and ``head`` are space-delimited on both ends,
    so ``" phrase "`` in ``body`` is a whole-word match."""

    body: str
    head: str
    words: frozenset[str]


def words_of(text: str) -> list[str]:
    """The canonical lower-case words of a text (a fingerprint, or a whole licence)."""
    data = text.encode("utf-8", "replace").translate(_BYTE_TABLE).decode("ascii")
    if "." in data:
        data = _STRAY_DOT.sub(" ", data)
    if "+" in data:
        data = _PLUS_RUN.sub(_keep_word_pluses, data)
    return data.split()


def _keep_word_pluses(match: re.Match[str]) -> str:
    start = match.start()
    if start > 0 and match.string[start - 1] in _ASCII_WORD_CHARS:
        return match.group(0) + " "
    return " "


def normalise(text: str) -> NormalisedText:
    """Canonical words of a licence text; see the module docstring for what is ignored.

    Only the first ``MAX_CHARS`` characters are read.
    """
    text = text[:MAX_CHARS].replace("\r\n", "\n").replace("\r", "\n")
    text = _COPYRIGHT_LINE.sub(" ", text)
    text = _LINK_TARGET.sub("] ", text)
    text = _HTML_TAG.sub(" ", text)
    tokens = words_of(text)
    return NormalisedText(
        body=" " + " ".join(tokens) + " ",
        head=" " + " ".join(tokens[:HEAD_WORDS]) + " ",
        words=frozenset(tokens),
    )
