"""Turn what a source says about a licence into evidence with a knowledge-base key.

A statement may be a Hub licence id (``llama3.1``), an SPDX id or expression
(``MIT OR Apache-2.0``), ``other`` with a ``license_name``/``license_link``, or ``unknown``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from audit.resolve.card import CardFacts
from audit.resolve.expressions import MAX_ALTERNATIVES, parse_expression
from audit.resolve.interface import EvidenceSource, LicenceEvidence

if TYPE_CHECKING:
    from licences import KnowledgeBase

LinkedText = Callable[[str], "LicenceEvidence | None"]
"""Identify the licence file a card's ``license_link`` points at (``LICENSE``, ``LICENSE.md``)."""

_PLACEHOLDERS = frozenset({"other", "unknown", "noassertion", "none", ""})


def expression_key(text: str, kb: KnowledgeBase) -> tuple[str | None, str]:
    """Map a licence id or expression to one knowledge-base key, with a note.

    The key is the first licence of the first wholly known alternative (for ``A AND B``
    the most restrictive part); use ``statement_evidence`` for the full structure.
    """
    evidence = statement_evidence(text, "declared", "", kb)
    return evidence.licence, evidence.note


def _restrictiveness(kb: KnowledgeBase, key: str) -> int:
    order = ["permissive", "copyleft", "open-weight-restricted", "non-commercial", "proprietary"]
    entry = kb.get(key)
    return order.index(entry.category) if entry and entry.category in order else 0


def statement_evidence(
    value: str, source: EvidenceSource, where: str, kb: KnowledgeBase
) -> LicenceEvidence:
    """Evidence for one licence id or expression as a source states it.

    ``AND``: every part binds (``licence`` is the most restrictive, ``also`` the rest) and
    parts the knowledge base does not know are listed in ``unknown_parts``. ``WITH``: the
    exception is recorded, the base licence binds. ``OR``: ``alternatives`` lists the known
    alternatives in the order written; ``licence`` is provisionally the first of them until
    the choice is made (``audit.resolve.choice``). An unknown alternative is never chosen.
    """
    if value.strip().lower() in _PLACEHOLDERS:
        return LicenceEvidence(source, None, value, where)
    parsed = parse_expression(value, kb)
    if parsed is None:
        return LicenceEvidence(source, None, value, where)
    notes: list[str] = []
    if parsed.truncated:
        notes.append(f"more than {MAX_ALTERNATIVES} alternatives; only the first are read")
    if parsed.exceptions:
        notes.append(
            "exception "
            + ", ".join(parsed.exceptions)
            + " recorded; the base licence's terms are audited"
        )
    if parsed.is_choice:
        known = [a for a in parsed.alternatives if a.known]
        unknown = [a.describe() for a in parsed.alternatives if not a.known]
        if unknown:
            notes.append("alternatives not known, never chosen: " + "; ".join(unknown))
        if not known:
            return LicenceEvidence(
                source,
                None,
                value,
                where,
                note="; ".join(notes),
                unknown_parts=tuple(
                    dict.fromkeys(u for a in parsed.alternatives for u in a.unknown)
                ),
                exceptions=parsed.exceptions,
            )
        ordered = [_ranked(a.keys, kb) for a in known]
        return LicenceEvidence(
            source,
            ordered[0][0],
            value,
            where,
            note="; ".join(notes),
            also=ordered[0][1:],
            alternatives=tuple(ordered) if len(ordered) > 1 else (),
            exceptions=parsed.exceptions,
        )
    only = parsed.alternatives[0]
    keys = _ranked(only.keys, kb)
    if len(only.parts) > 1 and keys:
        notes.insert(0, f"all of {', '.join(keys)} bind")
    return LicenceEvidence(
        source,
        keys[0] if keys else None,
        value,
        where,
        note="; ".join(notes),
        also=keys[1:],
        unknown_parts=only.unknown,
        exceptions=parsed.exceptions,
    )


def _ranked(keys: tuple[str, ...], kb: KnowledgeBase) -> tuple[str, ...]:
    """``keys`` most restrictive first; equal ones keep the order written (a stable sort)."""
    return tuple(sorted(keys, key=lambda k: -_restrictiveness(kb, k)))


def card_evidence(
    facts: CardFacts,
    source: EvidenceSource,
    kb: KnowledgeBase,
    linked_text: LinkedText | None = None,
) -> list[LicenceEvidence]:
    """Evidence from a card: ``license`` values, then ``other`` resolved through
    ``license_name``, ``license_link`` (URL or licence file) — never left as "other".

    ``license_name`` and ``license_link`` are evidence of their own even when ``license``
    names a licence, so the two can disagree (LIC002)."""
    out: list[LicenceEvidence] = []
    for value in facts.license:
        if value.strip().lower() == "other":
            out.append(_other_evidence(facts, source, kb, linked_text))
        elif value.strip().lower() == "unknown":
            out.append(
                LicenceEvidence(
                    source,
                    None,
                    "unknown",
                    f"{facts.where} license",
                    note="the card says the licence is unknown",
                )
            )
        else:
            out.append(statement_evidence(value, source, f"{facts.where} license", kb))
    says_other = any(v.strip().lower() == "other" for v in facts.license)
    if not says_other and (facts.license_name or facts.license_link):
        # license_name / license_link are read whatever license: says, so a card with
        # license: apache-2.0 and license_name: jamba-open-model-license is a conflict
        # (LIC002), not a silent apache-2.0.
        named = _other_evidence(facts, source, kb, linked_text)
        stated = {e.licence for e in out if e.licence}
        if named.licence is not None or not stated:
            out.append(named)
        elif named.licence is None and facts.license_name:
            out.append(
                LicenceEvidence(
                    source,
                    None,
                    named.found,
                    f"{facts.where} license_name",
                    note=f"license_name {facts.license_name!r} names no known licence, "
                    f"although license says {', '.join(sorted(stated))}",
                )
            )
    out.extend(
        statement_evidence(tag, source, f"{facts.where} tags license:{tag}", kb)
        for tag in facts.license_tags
        if tag.lower() not in _PLACEHOLDERS and tag not in facts.license
    )
    return out


def _other_evidence(
    facts: CardFacts, source: EvidenceSource, kb: KnowledgeBase, linked_text: LinkedText | None
) -> LicenceEvidence:
    found = "other"
    if facts.license_name:
        found += f" / {facts.license_name}"
        entry = kb.get(facts.license_name)
        if entry is not None:
            return LicenceEvidence(source, entry.key, found, f"{facts.where} license_name")
    link = facts.license_link
    if link:
        found += f" (link: {link})"
        entry = kb.get(link)
        if entry is not None:
            return LicenceEvidence(source, entry.key, found, f"{facts.where} license_link")
        if linked_text is not None and "://" not in link:
            linked = linked_text(link)
            if linked is not None and linked.licence is not None:
                return LicenceEvidence(
                    source,
                    linked.licence,
                    found,
                    f"{facts.where} license_link -> {linked.where}",
                    confidence=linked.confidence,
                    note="identified from the linked licence text",
                )
    return LicenceEvidence(
        source,
        None,
        found,
        f"{facts.where} license_name",
        note="'other' with a name and link that match no known licence",
    )
