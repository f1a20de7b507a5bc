"""Follow ``base_model`` up the lineage: Hub cards, inventory models, then model facts.

Obligations of every ancestor bind the descendant, whatever its own card says (a fine-tune
of Llama 3.1 relabelled Apache-2.0 is still bound by Llama 3.1). The walk stops at
``MAX_DEPTH`` levels and reports cycles. Of each card's ``base_model`` list only the first
``MODEL_AUDIT_MAX_BASE_MODELS`` are followed, so one stranger's card naming thousands of
base models costs at most that many look-ups; a model whose lineage holds such a card is
LIC001 saying so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from audit.resolve.card import card_facts
from audit.resolve.interface import LineageStep
from audit.resolve.statements import card_evidence

if TYPE_CHECKING:
    from audit.resolve.hub import HubClient
    from licences import KnowledgeBase, ModelFact

MAX_DEPTH = 10


@dataclass(frozen=True)
class Ancestor:
    """What we know about one base model."""

    name: str
    licence: str | None
    where: str
    bases: tuple[str, ...]
    relation: str | None = None
    infrastructure: bool = False
    """Unverified because the Hub could not be reached (the audit is incomplete)."""


@dataclass(frozen=True)
class LineageResult:
    """The ancestors of one model, nearest first, and anything odd found on the way."""

    steps: tuple[LineageStep, ...]
    problems: tuple[str, ...]


class LineageWalker:
    """Looks up ancestors once each, in batches, and walks every model's lineage."""

    def __init__(
        self,
        kb: KnowledgeBase,
        hub: HubClient | None,
        inventory_models: Mapping[str, Ancestor],
        *,
        progress: bool = False,
        max_bases: int | None = None,
    ) -> None:
        from audit.settings import BASE_MODELS

        self._max_bases = BASE_MODELS.value() if max_bases is None else max_bases
        self._kb = kb
        self._hub = hub
        # Exact ids: ``Acme/Base`` and ``acme/base`` are different inventory models.
        self._known: dict[str, Ancestor] = dict(inventory_models)
        self._progress = progress

    def walk(
        self, starts: Mapping[str, tuple[str, tuple[str, ...], str | None]]
    ) -> dict[str, LineageResult]:
        """Walk every model's lineage breadth-first, level by level, batching Hub look-ups.

        ``starts`` maps a model id to (its own name, its direct bases, their relation).
        """
        steps: dict[str, list[LineageStep]] = {mid: [] for mid in starts}
        problems: dict[str, list[str]] = {mid: [] for mid in starts}
        seen: dict[str, set[str]] = {mid: {name} for mid, (name, _, _) in starts.items()}
        frontier: dict[str, list[tuple[str, str | None]]] = {
            mid: [(b, relation) for b in self._followed(name, bases, problems[mid])]
            for mid, (name, bases, relation) in starts.items()
        }
        for depth in range(1, MAX_DEPTH + 2):
            pending = {b for items in frontier.values() for b, _ in items}
            if not pending:
                break
            if depth > MAX_DEPTH:
                for mid, items in frontier.items():
                    if items:
                        problems[mid].append(
                            f"lineage deeper than {MAX_DEPTH} levels; stopped at {items[0][0]}"
                        )
                break
            self._prefetch(sorted(pending))
            next_frontier: dict[str, list[tuple[str, str | None]]] = {mid: [] for mid in starts}
            for mid, items in frontier.items():
                for base, relation in items:
                    if base in seen[mid]:
                        if base == starts[mid][0]:
                            problems[mid].append(f"lineage cycle: {base} is its own ancestor")
                        continue
                    seen[mid].add(base)
                    info = self._known[base]
                    steps[mid].append(
                        LineageStep(
                            base,
                            info.licence,
                            info.where,
                            relation or info.relation,
                            info.infrastructure,
                        )
                    )
                    followed = self._followed(base, info.bases, problems[mid])
                    next_frontier[mid].extend((b, info.relation) for b in followed)
            frontier = next_frontier
        return {
            mid: LineageResult(tuple(steps[mid]), tuple(dict.fromkeys(problems[mid])))
            for mid in starts
        }

    def _followed(self, name: str, bases: tuple[str, ...], problems: list[str]) -> tuple[str, ...]:
        """The base models of ``name``'s card that are followed: the first ones, up to the
        cap; a card naming more is a problem of the model whose lineage holds it."""
        if len(bases) <= self._max_bases:
            return bases
        from audit.settings import BASE_MODELS

        problems.append(
            f"the card of {name} names {len(bases):,} base models, over the cap of "
            f"{self._max_bases:,} {BASE_MODELS.what} ({BASE_MODELS.variable}); only the first "
            f"{self._max_bases:,} were followed"
        )
        return bases[: self._max_bases]

    def _prefetch(self, names: Sequence[str]) -> None:
        missing = [n for n in names if n not in self._known]
        lookups = {}
        if missing and self._hub is not None:
            lookups = self._hub.lookup_many([(n, None) for n in missing], progress=self._progress)
        for name in missing:
            lookup = lookups.get((name, None))
            self._known[name] = self._from_sources(name, lookup)

    def _from_sources(self, name: str, lookup: object) -> Ancestor:
        fact = self._kb.model_fact(name)
        card = getattr(lookup, "card", None)
        if card is not None and getattr(lookup, "status", "") == "ok":
            where = f"hub:{card.repo_id}"
            facts = card_facts(card.card_data, card.tags, where)
            evidence = [e for e in card_evidence(facts, "hub", self._kb) if e.licence]
            partial = next((e for e in evidence if e.unknown_parts), None)
            if partial is not None:
                unknown = ", ".join(partial.unknown_parts)
                return Ancestor(
                    name,
                    None,
                    f"{partial.where} names '{partial.found}'; the knowledge base does not "
                    f"know {unknown}",
                    facts.base_models,
                    facts.base_model_relation,
                )
            if evidence:
                return Ancestor(
                    name,
                    evidence[0].licence,
                    evidence[0].where,
                    facts.base_models,
                    facts.base_model_relation,
                )
            if fact is not None:
                return Ancestor(
                    name,
                    fact.licence,
                    _established(fact),
                    facts.base_models or _fact_bases(fact.base_model),
                    facts.base_model_relation,
                )
            return Ancestor(
                name,
                None,
                f"{where}: the card names no licence",
                facts.base_models,
                facts.base_model_relation,
            )
        if fact is not None:
            return Ancestor(
                name, fact.licence, _established(fact), _fact_bases(fact.base_model)
            )  # fmt: skip
        reason = getattr(lookup, "problem", None) or (
            "the Hub was not asked (offline) and the knowledge base's model facts do not know it"
        )
        status = getattr(lookup, "status", None)
        return Ancestor(
            name, None, f"unresolved: {reason}", (), infrastructure=status == "unreachable"
        )


def _established(fact: ModelFact) -> str:
    """How a model fact is shown: established by the knowledge base, with its source."""
    return (
        f"established by the knowledge base ({fact.family} family; source: "
        f"{fact.source.url} [{fact.source.confidence}])"
    )


def _fact_bases(base: str | None) -> tuple[str, ...]:
    return (base,) if base else ()
