"""The in-memory knowledge base: entries, model facts and their look-up indexes."""

from __future__ import annotations

import difflib
import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass

from licences.schema import LicenceEntry, ModelFact

_SEPARATORS = re.compile(r"[\s_\-,;:()\"'/]+")
_HUB_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/", re.IGNORECASE)
_WILDCARDS = re.compile(r"\[[^\]]*\]|[*?]")


def loose_name(name: str) -> str:
    """A licence name with case, spaces, underscores, hyphens and light punctuation ignored.

    ``"Apache 2.0"``, ``"apache_2.0"`` and ``"apache-2.0"`` all become ``"apache2.0"``; dots
    and pluses stay, because they tell "Llama 3.1" from "Llama 31" and RAIL++ from RAIL.
    """
    return _SEPARATORS.sub("", name.strip().lower())


class DuplicateNameError(ValueError):
    """Two entries claim the same key, alias or SPDX id."""

    def __init__(self, name: str, key: str, other_key: str) -> None:
        super().__init__(f"{name!r} of {key!r} is already used by {other_key!r}")
        self.name = name
        self.key = key
        self.other_key = other_key


@dataclass(frozen=True)
class _FactPattern:
    regex: re.Pattern[str]
    specificity: int
    order: int
    fact: ModelFact


class KnowledgeBase:
    """The validated licence knowledge base and its look-ups; read-only once built.

    ``entries`` are sorted by key; ``model_facts`` keep file order (user facts first).
    Build it with ``licences.load_knowledge_base``; the constructor is for tests and tools.
    Raises ``DuplicateNameError`` when two entries claim one key, alias or SPDX id.
    """

    __slots__ = (
        "_by_key",
        "_entries",
        "_exact",
        "_fact_cache",
        "_loose",
        "_model_facts",
        "_patterns",
        "_version",
    )

    def __init__(
        self, version: str, entries: Iterable[LicenceEntry], model_facts: Iterable[ModelFact]
    ) -> None:
        self._version = version
        self._entries = tuple(sorted(entries, key=lambda entry: entry.key))
        self._model_facts = tuple(model_facts)
        self._by_key = {entry.key: entry for entry in self._entries}
        self._exact = _index_identifiers(self._entries)
        self._loose = _index_loose(self._entries)
        self._fact_cache: dict[str, ModelFact | None] = {}
        self._patterns = tuple(
            _FactPattern(
                re.compile(fnmatch.translate(pattern.lower())),
                len(_WILDCARDS.sub("", pattern)),
                order,
                fact,
            )
            for order, fact in enumerate(self._model_facts)
            for pattern in fact.patterns
        )

    @property
    def version(self) -> str:
        """Version of the shipped data, e.g. ``"2026.12"``; reports quote it."""
        return self._version

    @property
    def entries(self) -> tuple[LicenceEntry, ...]:
        """Every licence entry, sorted by key."""
        return self._entries

    @property
    def model_facts(self) -> tuple[ModelFact, ...]:
        """Every model fact, in file order (user facts first)."""
        return self._model_facts

    def get(self, name: str, *, include_placeholders: bool = False) -> LicenceEntry | None:
        """The entry for a key, alias, name, SPDX id or LicenseRef; None when unknown.

        Matching ignores case, surrounding space, and spaces, underscores and hyphens
        inside the name (``"Llama 3.1"`` finds ``llama3.1``), but only when exactly one
        entry fits: an ambiguous loose name returns None. Entries that are not licences
        (the Hub's ``unknown`` and ``other``) are returned only with
        ``include_placeholders``: to everything else they are no licence at all.
        """
        if not isinstance(name, str) or not name.strip():
            return None
        key = self._exact.get(name.strip().lower())
        if key is None:
            candidates = self._loose.get(loose_name(name), ())
            key = candidates[0] if len(candidates) == 1 else None
        entry = self._by_key.get(key) if key else None
        if entry is not None and entry.not_a_licence and not include_placeholders:
            return None
        return entry

    def closest(self, name: str, limit: int = 3) -> list[str]:
        """Keys of the entries whose names look most like ``name`` (for "did you mean")."""
        if not isinstance(name, str):
            return []
        names = list(self._loose)
        found: list[str] = []
        for match in difflib.get_close_matches(loose_name(name), names, n=limit * 3, cutoff=0.5):
            for key in self._loose[match]:
                if key not in found:
                    found.append(key)
        return found[:limit]

    def model_fact(self, repo_id: str) -> ModelFact | None:
        """Family facts for a Hub repo id, or None when no pattern matches.

        When several patterns match, the most specific one wins: the pattern with the most
        literal (non-wildcard) characters; on a tie, the fact listed first.
        """
        if not isinstance(repo_id, str):
            return None
        if repo_id in self._fact_cache:  # a scan asks for the same ids several times
            return self._fact_cache[repo_id]
        found = self._match_fact(repo_id)
        self._fact_cache[repo_id] = found
        return found

    def _match_fact(self, repo_id: str) -> ModelFact | None:
        wanted = _HUB_PREFIX.sub("", repo_id.strip()).strip("/").lower()
        best: _FactPattern | None = None
        for candidate in self._patterns:
            if not candidate.regex.match(wanted):
                continue
            if best is None or (candidate.specificity, -candidate.order) > (
                best.specificity,
                -best.order,
            ):
                best = candidate
        return best.fact if best else None


def _identifiers(entry: LicenceEntry) -> list[str]:
    return [entry.key, *entry.aliases, entry.spdx_id]


def _index_identifiers(entries: Iterable[LicenceEntry]) -> dict[str, str]:
    """Lower-cased key, alias and SPDX id -> key; a clash between entries is an error.

    Names are added afterwards, only where they are unambiguous.
    """
    index: dict[str, str] = {}
    for entry in entries:
        for identifier in _identifiers(entry):
            lowered = identifier.strip().lower()
            other = index.get(lowered)
            if other is not None and other != entry.key:
                raise DuplicateNameError(identifier, entry.key, other)
            index[lowered] = entry.key
    names: dict[str, set[str]] = {}
    for entry in entries:
        names.setdefault(entry.name.strip().lower(), set()).add(entry.key)
    for lowered, keys in names.items():
        if len(keys) == 1 and lowered not in index:
            index[lowered] = next(iter(keys))
    return index


def _index_loose(entries: Iterable[LicenceEntry]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for entry in entries:
        for identifier in [*_identifiers(entry), entry.name]:
            keys = index.setdefault(loose_name(identifier), [])
            if entry.key not in keys:
                keys.append(entry.key)
    return {name: tuple(keys) for name, keys in index.items()}
