"""How much of a text a licence's own text explains (whole-text identification).

Fingerprints (``licences.identify``) say which licence a text resembles; they cannot tell
the MIT licence from the MIT licence plus "not for commercial use". Coverage can: the text
is cut into sentences and clauses (``licences.textprints.segments``), and a segment is
whole *explained* by a licence when the licence's reference copy holds it (its hash); in
other segments, every run of 4 words the reference holds is explained, so a broken URL or
a changed word leaves only those words unexplained. ``coverage`` is the share of the
text's words explained; a run of unexplained words that is only the licence's title (a
heading) does not count as a term.

A text *is* a licence when ``coverage >= MIN_COVERAGE`` and no run of unexplained words
has ``MIN_TERM_WORDS`` words or more: a four-word sentence such as "Not for commercial use."
is a term, a stray heading word is not. When one licence does not explain the text, the
next-best candidates are added while each explains a further ``MIN_EXTRA_WORDS``
words: two licences concatenated are both identified (they bind together, an ``AND``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from zlib import crc32

from licences.textprints import SHINGLE_WORDS, Segment, TextPrints, segment_hash

MIN_COVERAGE = 0.9
"""Share of the words the licence(s) must explain. Measured on the corpus and its
disguised variants by ``benchmarks/licence_id.py``."""

MIN_TERM_WORDS = 4
"""A run of unexplained words this long or longer is a term the licence does not have."""

MIN_EXTRA_WORDS = 30
"""A further licence is added only when it explains at least this many words that the
licences chosen so far do not (a short licence such as MIT has about 160)."""

MAX_CANDIDATES = 4
"""Only the best-scoring candidates (by fingerprints) are measured."""

MAX_LICENCES = 3
"""At most this many licences are combined to explain one text."""

NOTICE_WORDS = 12
"""Words after "copyright" (in its sentence) that are a holder's notice, not terms."""

_TITLE_NOISE = frozenset({"the", "license", "licence", "version", "agreement", "terms", "of"})


@dataclass(frozen=True)
class Coverage:
    """What the chosen licence(s) explain of a text."""

    keys: tuple[str, ...]
    """Licences that together explain the text, best first."""
    coverage: float
    """Share of the text's words the licences explain, 0..1."""
    beyond: str | None
    """The first substantial segment none of them explains, as written (shortened)."""

    @property
    def whole(self) -> bool:
        """True when the licences explain the whole text, by the documented threshold."""
        return self.beyond is None and self.coverage >= MIN_COVERAGE


def measure(
    parts: Sequence[Segment],
    candidates: Sequence[str],
    prints: dict[str, TextPrints],
    titles: dict[str, frozenset[str]],
) -> Coverage | None:
    """Coverage of ``parts`` by the best of ``candidates`` (best first), combined with
    further candidates where one does not suffice; None when no candidate has prints."""
    usable = [key for key in candidates if key in prints][:MAX_CANDIDATES]
    if not usable:
        return None
    text = _Text(parts)
    if not text.words:
        return Coverage((usable[0],), 0.0, None)
    # Word sets as integers, one byte (0 or 1) per word: unions, differences and counts
    # run in C. The best candidate is measured first; when it explains every word, the
    # others cannot add anything and are not measured at all (the common case).
    first = text.explained_by(prints[usable[0]])
    if first.bit_count() == len(text.words):
        return Coverage((usable[0],), 1.0, None)
    explained = {key: text.explained_by(prints[key]) for key in usable[1:]}
    explained[usable[0]] = first
    chosen: list[str] = []
    covered = 0
    for _ in range(MAX_LICENCES):
        gains = [
            ((explained[key] & ~covered).bit_count(), -n, key) for n, key in enumerate(usable)
            if key not in chosen
        ]  # fmt: skip
        if not gains:
            break
        gain, _, key = max(gains)
        if gain == 0 or (chosen and gain < MIN_EXTRA_WORDS):
            break
        chosen.append(key)
        covered |= explained[key]
        if covered.bit_count() >= len(text.words):
            break
    if not chosen:
        chosen = [usable[0]]
    heading_words = frozenset().union(*(titles.get(k, frozenset()) for k in chosen))
    beyond = text.first_term(covered, heading_words | _TITLE_NOISE)
    return Coverage(tuple(chosen), round(covered.bit_count() / len(text.words), 4), beyond)


class _Text:
    """A text as one stream of words, with the segment each word belongs to; the hashes
    of segments and shingles are computed once and shared by every candidate."""

    def __init__(self, parts: Sequence[Segment]) -> None:
        self.parts = parts
        self.words: list[str] = []
        self.owner: list[int] = []
        self.starts: list[int] = []
        for n, part in enumerate(parts):
            self.starts.append(len(self.words))
            self.words.extend(part.words)
            self.owner.extend([n] * len(part.words))
        self.segment_hashes = [segment_hash(p.words) for p in parts]
        self._shingles: dict[int, int] = {}

    def _shingles_at(self, positions: range) -> list[tuple[int, int]]:
        """(position, hash) of the shingles starting at ``positions``, computed once."""
        cache = self._shingles
        words = self.words
        missing = [i for i in positions if i not in cache]
        if missing:
            hashes = [
                crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode("ascii", "replace"))
                for i in missing
            ]
            cache.update(zip(missing, hashes, strict=True))
        return [(i, cache[i]) for i in positions]

    def explained_by(self, prints: TextPrints) -> int:
        """The words the licence explains, one byte per word (as an integer): whole
        segments it holds, then any run of ``SHINGLE_WORDS`` words it holds (which
        tolerates re-punctuated sentences, broken lines and changed words: only the
        changed words stay out). Shingles are hashed only where a segment is not held."""
        mask = bytearray(len(self.words))
        last = len(self.words) - SHINGLE_WORDS
        run = b"\x01" * SHINGLE_WORDS
        for n, part in enumerate(self.parts):
            start = self.starts[n]
            end = start + len(part.words)
            if self.segment_hashes[n] in prints.segments:
                mask[start:end] = b"\x01" * len(part.words)
                continue
            window = range(max(0, start - SHINGLE_WORDS + 1), min(end, last + 1))
            held = prints.shingles
            for i, shingle in self._shingles_at(window):
                if shingle in held:
                    mask[i : i + SHINGLE_WORDS] = run
        return int.from_bytes(mask, "little")

    def _in_notice(self, i: int) -> bool:
        """True for a word of a copyright notice: within ``NOTICE_WORDS`` after the word
        "copyright" in the same segment (another holder's name is not a term)."""
        segment = self.owner[i]
        for j in range(i, max(self.starts[segment], i - NOTICE_WORDS) - 1, -1):
            if self.words[j] == "copyright":
                return True
        return False

    def first_term(self, covered: int, heading: frozenset[str]) -> str | None:
        """The segment of the first run of ``MIN_TERM_WORDS`` or more unexplained words
        that is neither a heading (the licence's name) nor a copyright notice; None if
        there is none."""
        explained = covered.to_bytes(len(self.words), "little")
        for run in _UNEXPLAINED.finditer(explained):
            if run.end() - run.start() < MIN_TERM_WORDS:
                continue
            terms = [j for j in range(run.start(), run.end()) if not self._in_notice(j)]
            substantial = [j for j in terms if self.words[j] not in heading]
            if len(terms) >= MIN_TERM_WORDS and len(substantial) > 1:
                return _shorten(self.parts[self.owner[terms[0]]].written)
        return None


_UNEXPLAINED = re.compile(b"\x00+")


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
