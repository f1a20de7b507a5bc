"""Turn what a source says about a licence into evidence with a knowledge-base key.

A statement may be a Hub licence id (``llama3.1``), an SPDX id or expression
(``MIT OR Apache-2.0``), ``other`` with a ``license_name``/``license_link``, or ``unknown``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from audit.resolve.card import CardFacts
from audit.resolve.interface import EvidenceSource, LicenceEvidence

if TYPE_CHECKING:
    from licences import KnowledgeBase

LinkedText = Callable[[str], "LicenceEvidence | None"]
"""Identify the licence file a card's ``license_link`` points at (``LICENSE``, ``LICENSE.md``)."""

_PLACEHOLDERS = frozenset({"other", "unknown", "noassertion", "none", ""})


def expression_key(text: str, kb: KnowledgeBase) -> tuple[str | None, str]:
    """Map a licence id or SPDX expression to one knowledge-base key, with a note.

    For ``A OR B`` the licensee may choose: the first alternative we know is taken and the
    note says so. For ``A AND B`` both bind: the most restrictive known one is taken (the
    other stays visible in the evidence text).
    """
    direct = kb.get(text)
    if direct is not None:
        return direct.key, ""
    try:
        from license_expression import ExpressionError, Licensing

        parsed = Licensing().parse(text, simple=False)
    except (ExpressionError, Exception):  # any parse failure means "not an expression"
        return None, ""
    if parsed is None:
        return None, ""
    keys = [e.key for e in (kb.get(str(s.key)) for s in parsed.symbols) if e is not None]
    if not keys:
        return None, ""
    operator = type(parsed).__name__.upper()
    if operator == "OR":
        return keys[0], f"chose {keys[0]} from the alternatives of '{text}'"
    if operator == "AND":
        ranked = sorted(keys, key=lambda k: _restrictiveness(kb, k), reverse=True)
        return ranked[0], f"'{text}': all of these bind; the most restrictive, {ranked[0]}, is used"
    return keys[0], ""


def _restrictiveness(kb: KnowledgeBase, key: str) -> int:
    order = ["permissive", "copyleft", "open-weight-restricted", "non-commercial", "proprietary"]
    entry = kb.get(key)
    return order.index(entry.category) if entry and entry.category in order else 0


def statement_evidence(
    value: str, source: EvidenceSource, where: str, kb: KnowledgeBase
) -> LicenceEvidence:
    """Evidence for one licence id or expression as a source states it."""
    key, note = (
        expression_key(value, kb) if value.strip().lower() not in _PLACEHOLDERS else (None, "")
    )
    return LicenceEvidence(source, key, value, where, note=note)


def card_evidence(
    facts: CardFacts,
    source: EvidenceSource,
    kb: KnowledgeBase,
    linked_text: LinkedText | None = None,
) -> list[LicenceEvidence]:
    """Evidence from a card: ``license`` values, then ``other`` resolved through
    ``license_name``, ``license_link`` (URL or licence file) — never left as "other"."""
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
    if not facts.license and (facts.license_name or facts.license_link):
        out.append(_other_evidence(facts, source, kb, linked_text))
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
