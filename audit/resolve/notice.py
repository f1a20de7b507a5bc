"""Read a NOTICE file: attribution to keep with every copy, or terms that bind.

Apache-style NOTICE files (and the ones model licences ask for, such as "Llama 3.1 is
licensed under the Llama 3.1 Community License, Copyright (c) Meta Platforms, Inc.") name
holders and bundled works; they grant and forbid nothing. A sentence that speaks of what
someone may, must or may not do is a term, and a NOTICE holding one is not attribution.

No library classifies NOTICE text (licence scanners look for licence texts, which the
knowledge base's identification already does), so the test here is small and written by
hand: a sentence is a term when it holds one of the words licence terms are made of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

NoticeKind = Literal["attribution", "terms"]

_TERM_WORDS = re.compile(
    r"\b(?:must|shall|may|cannot|can\s+not|not|only|solely|exclusively|prohibit\w*|"
    r"forbid\w*|restrict\w*|(?:non-?)?commercial\w*|agree\w*|permi(?:t|ts|tted|ssion)\w*|"
    r"grant\w*|licensee\w*|you|your|except\w*|terminat\w*|waive\w*|liab\w*|warrant\w*|"
    r"indemn\w*|requir\w*|condition\w*|oblig\w*|royalt\w*|fee|fees)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
_COPYRIGHT = re.compile(r"(?:copyright|\(c\)|©)", re.IGNORECASE)
MAX_QUOTED = 160


@dataclass(frozen=True)
class NoticeReading:
    """What a NOTICE file holds."""

    kind: NoticeKind
    first_term: str | None
    """The first sentence that is a term (for ``terms``), as written, shortened."""
    holders: tuple[str, ...]
    """Its copyright sentences (at most three, shortened), to show as attribution."""
    remainder: str
    """The text without its attribution sentences: what may still be a licence text."""


def read_notice(text: str) -> NoticeReading:
    """Split a NOTICE into attribution sentences and terms; never raises."""
    terms: list[str] = []
    holders: list[str] = []
    kept: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        joined = " ".join(paragraph.split())
        if not joined:
            continue
        paragraph_terms = []
        for sentence in _SENTENCE_END.split(joined):
            if _TERM_WORDS.search(sentence):
                paragraph_terms.append(sentence)
            elif _COPYRIGHT.search(sentence) and len(holders) < 3:
                holders.append(_shorten(sentence))
        if paragraph_terms:
            terms.extend(paragraph_terms)
            kept.append(paragraph)
    if not terms:
        return NoticeReading("attribution", None, tuple(holders), "")
    return NoticeReading("terms", _shorten(terms[0]), tuple(holders), "\n\n".join(kept))


def _shorten(sentence: str) -> str:
    return sentence if len(sentence) <= MAX_QUOTED else sentence[: MAX_QUOTED - 3] + "..."
