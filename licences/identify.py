"""Identify which licence (or acceptable-use policy) a text is, from short fingerprints.

The reference material is the ``identification`` block of each knowledge-base entry:
titles, distinctive phrases, exclusion phrases and use-policy phrases, all under 15 words.
No licence text is stored. A text is normalised (``licences.textnorm``) and every
fingerprint is looked up as a whole-word sequence.

Scoring, per entry, on a 0..1 scale:

- licence score = (2 x title credit + phrases found) / (2 + phrases listed), where the
  title credit is 1 for a title within the first words of the text, 0.5 for a title
  further down and 0 otherwise (an entry without titles scores phrases found / listed);
- use-policy score, likewise, with "a policy phrase within the first words" as the title;
- a text that contains any exclusion phrase of the entry keeps only a quarter of its score.

The best entry wins if its score reaches ``ACCEPT_SCORE`` with at least ``MIN_MATCHES``
fingerprints found; otherwise the result has no key but still names the closest entry
and its score. When no fingerprint at all is found, the closest entry is the one whose
fingerprint vocabulary the text shares most, with a deliberately small score.

Speed: each fingerprint is filed under its rarest word, so a text only tests the few
fingerprints whose anchor word it contains (well over 1,000 texts a second on one core;
see ``benchmarks/licence_id.py``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from licences.coverage import measure
from licences.kb import KnowledgeBase
from licences.schema import LicenceEntry
from licences.textnorm import NormalisedText, normalise, words_of
from licences.textprints import load_prints, segments

ACCEPT_SCORE = 0.6
"""Below this the text is not identified. A licence's first paragraph alone stays under
it, because the phrases of an entry are spread through the whole licence."""

MIN_MATCHES = 2
"""A text is identified only when at least this many fingerprints match: a title alone is
what a README line mentioning the licence has, not the licence."""

TITLE_WEIGHT = 2.0
"""A title counts as much as two phrases."""

EXCLUDED_FACTOR = 0.25
"""What is left of a score when the text contains one of the entry's exclusion phrases."""


@dataclass(frozen=True)
class TextIdentification:
    """The outcome of identifying one text."""

    key: str | None
    """Knowledge-base key of the licence the text is, or None if nothing matched well."""
    confidence: float
    """Score of ``key`` in 0..1; 0.0 when ``key`` is None."""
    closest: str | None
    """The best-scoring entry even when it was not good enough (equals ``key`` on a match)."""
    closest_score: float
    """Score of ``closest`` in 0..1."""
    is_use_policy: bool
    """True when the text is the acceptable-use policy of licence ``key``, not the licence."""
    matched: tuple[str, ...]
    """The fingerprints of ``closest`` found in the text, as written in the data (evidence)."""
    coverage: float | None = None
    """Share of the text's words that ``key`` (with ``also``) explains, or that ``closest``
    explains when the text holds more; None when no reference prints exist for it."""
    also: tuple[str, ...] = ()
    """Further licences the text holds, which bind together with ``key`` (an ``AND``)."""
    beyond: str | None = None
    """When the text is not wholly a known licence: its first substantial sentence that
    ``closest`` does not explain (an added restriction, a display duty, another text)."""


@dataclass(frozen=True)
class _Fingerprint:
    owner: str
    """Key of the entry the fingerprint belongs to."""
    role: str
    """title, phrase, exclude or policy: the same words may play two roles."""
    text: str
    """As written in the knowledge base (reported back as evidence)."""
    needle: str
    """Canonical words, space-delimited, searched for in the normalised body."""
    words: frozenset[str]


@dataclass(frozen=True)
class _EntryPrints:
    key: str
    titles: tuple[_Fingerprint, ...]
    phrases: tuple[_Fingerprint, ...]
    excludes: tuple[_Fingerprint, ...]
    policy: tuple[_Fingerprint, ...]

    def all_prints(self) -> tuple[_Fingerprint, ...]:
        return self.titles + self.phrases + self.excludes + self.policy


@dataclass(frozen=True)
class _Score:
    key: str
    score: float
    is_use_policy: bool
    matched: tuple[str, ...]
    strength: int
    """How many fingerprints matched; breaks ties between equal scores."""


def identify_licence_text(text: str, kb: KnowledgeBase | None = None) -> TextIdentification:
    """Identify the licence or acceptable-use policy ``text`` is, with a confidence.

    Never raises for any ``str`` (bytes are decoded as UTF-8 with replacement). Only the
    first 256 KiB characters are examined. Case, whitespace, wrapping, indentation, line
    endings, markdown, quotes, dashes, a BOM and copyright lines make no difference. An
    empty text, unrelated prose or a fragment returns ``key=None`` with the closest
    candidate and its score.
    """
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", errors="replace")
    if not isinstance(text, str):
        raise TypeError(f"expected the licence text as str; got {type(text).__name__}")
    if kb is None:
        from licences.loader import load_knowledge_base

        kb = load_knowledge_base()
    matcher = _matcher_for(kb)
    normalised = normalise(text)
    ranked = matcher.ranked(normalised)
    best = ranked[0] if ranked else None
    if best is None or best.score <= 0.0:
        return _nearest_by_vocabulary(matcher, normalised)
    score = round(best.score, 4)
    if score < ACCEPT_SCORE or len(best.matched) < MIN_MATCHES:
        return TextIdentification(None, 0.0, best.key, score, False, best.matched)
    if best.is_use_policy:
        return TextIdentification(best.key, score, best.key, score, True, best.matched)
    return _whole_text(text, best, score, ranked, matcher)


def _whole_text(
    text: str, best: _Score, score: float, ranked: list[_Score], matcher: _Matcher
) -> TextIdentification:
    """Accept ``best`` only when it (with further licences, an AND) explains the text."""
    prints = load_prints()
    if best.key not in prints:  # no reference copy: fingerprints are all there is
        return TextIdentification(best.key, score, best.key, score, False, best.matched)
    found = measure(segments(text), [s.key for s in ranked], prints, matcher.title_words)
    if found is None:
        return TextIdentification(best.key, score, best.key, score, False, best.matched)
    if found.whole:
        return TextIdentification(
            found.keys[0], score, found.keys[0], score, False, best.matched,
            coverage=found.coverage, also=found.keys[1:],
        )  # fmt: skip
    return TextIdentification(
        None, 0.0, found.keys[0], score, False, best.matched,
        coverage=found.coverage, beyond=found.beyond or "(too little of the text is explained)",
    )  # fmt: skip


def _nearest_by_vocabulary(matcher: _Matcher, text: NormalisedText) -> TextIdentification:
    """No fingerprint matched: name the entry whose fingerprint words the text shares most.

    The score is the shared fraction scaled to at most half of ``ACCEPT_SCORE``: a hint of
    resemblance, never close to a match.
    """
    best_key: str | None = None
    best_share = 0.0
    for key, vocabulary in matcher.vocabularies:
        if vocabulary:
            share = len(vocabulary & text.words) / len(vocabulary)
            if share > best_share:
                best_key, best_share = key, share
    score = round(best_share * ACCEPT_SCORE / 2, 4)
    return TextIdentification(None, 0.0, best_key, score, False, ())


class _Matcher:
    """All fingerprints of a knowledge base, indexed by an anchor word for fast look-up.

    Each fingerprint is filed under its rarest word; a text only tests the fingerprints
    whose anchor it contains, so most of the knowledge base is never looked at.
    """

    def __init__(self, entries: tuple[_EntryPrints, ...]) -> None:
        self.entries = entries
        self.vocabularies = tuple(
            (entry.key, frozenset(word for item in entry.all_prints() for word in item.words))
            for entry in entries
        )
        frequency: dict[str, int] = {}
        for entry in entries:
            for item in entry.all_prints():
                for word in item.words:
                    frequency[word] = frequency.get(word, 0) + 1
        self.title_words: dict[str, frozenset[str]] = {
            entry.key: frozenset(word for item in entry.titles for word in item.words)
            for entry in entries
        }
        self.by_anchor: dict[str, list[_Fingerprint]] = {}
        for entry in entries:
            for item in entry.all_prints():
                anchor = min(item.words, key=lambda word: (frequency[word], -len(word), word))
                self.by_anchor.setdefault(anchor, []).append(item)

    def ranked(self, text: NormalisedText) -> list[_Score]:
        """Every entry with a fingerprint in ``text``, best first (score, then strength,
        then knowledge-base order): the candidates whole-text identification weighs."""
        found = self._found(text)
        owners = {item.owner for item in found}
        scored = [
            (_score(e, text, found), n) for n, e in enumerate(self.entries) if e.key in owners
        ]
        scored.sort(key=lambda pair: (-pair[0].score, -pair[0].strength, pair[1]))
        return [s for s, _ in scored]

    def _found(self, text: NormalisedText) -> set[_Fingerprint]:
        found: set[_Fingerprint] = set()
        for anchor in self.by_anchor.keys() & text.words:
            for item in self.by_anchor[anchor]:
                if item.words <= text.words and item.needle in text.body:
                    found.add(item)
        return found

    def best(self, text: NormalisedText) -> _Score | None:
        """The best-scoring entry for ``text``, or None when no fingerprint matched."""
        found: set[_Fingerprint] = set()
        for anchor in self.by_anchor.keys() & text.words:
            for item in self.by_anchor[anchor]:
                if item.words <= text.words and item.needle in text.body:
                    found.add(item)
        if not found:
            return None
        owners = {item.owner for item in found}
        best: _Score | None = None
        for entry in self.entries:
            if entry.key not in owners:
                continue
            scored = _score(entry, text, found)
            if best is None or (scored.score, scored.strength) > (best.score, best.strength):
                best = scored
        return best


def _score(entry: _EntryPrints, text: NormalisedText, found: set[_Fingerprint]) -> _Score:
    title_credit = 0.0
    matched: list[str] = []
    for title in entry.titles:
        if title in found:
            matched.append(title.text)
            title_credit = max(title_credit, 1.0 if title.needle in text.head else 0.5)
    hits = [phrase.text for phrase in entry.phrases if phrase in found]
    matched.extend(hits)
    if entry.titles:
        licence = (TITLE_WEIGHT * title_credit + len(hits)) / (TITLE_WEIGHT + len(entry.phrases))
    else:
        licence = len(hits) / len(entry.phrases) if entry.phrases else 0.0
    policy_found = [item for item in entry.policy if item in found]
    policy = 0.0
    if entry.policy:
        at_top = any(item.needle in text.head for item in policy_found)
        policy = (TITLE_WEIGHT * at_top + len(policy_found)) / (TITLE_WEIGHT + len(entry.policy))
    excluded = sum(1 for item in entry.excludes if item in found)
    factor = EXCLUDED_FACTOR if excluded else 1.0
    is_policy = policy > licence
    chosen = [item.text for item in policy_found] if is_policy else matched
    return _Score(
        entry.key, max(licence, policy) * factor, is_policy, tuple(chosen), len(chosen) - excluded
    )


@functools.lru_cache(maxsize=8)
def _matcher_for(kb: KnowledgeBase) -> _Matcher:
    return _Matcher(tuple(_entry_prints(entry) for entry in kb.entries))


def _entry_prints(entry: LicenceEntry) -> _EntryPrints:
    ident = entry.identification
    return _EntryPrints(
        key=entry.key,
        titles=_fingerprints(entry.key, "title", ident.titles),
        phrases=_fingerprints(entry.key, "phrase", ident.phrases),
        excludes=_fingerprints(entry.key, "exclude", ident.excludes),
        policy=_fingerprints(entry.key, "policy", ident.use_policy_phrases),
    )


def _fingerprints(owner: str, role: str, texts: list[str]) -> tuple[_Fingerprint, ...]:
    prints = []
    for text in texts:
        words = words_of(text)
        if words:
            needle = " " + " ".join(words) + " "
            prints.append(_Fingerprint(owner, role, text, needle, frozenset(words)))
    return tuple(prints)
