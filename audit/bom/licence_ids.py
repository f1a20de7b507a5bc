"""Turn the audit's licence keys and found licence strings into SPDX expressions.

Both bill-of-materials formats need the same three things for a licence: an SPDX
expression (a listed id, a compound expression or a ``LicenseRef-``), a readable name, and
where the licence text lives. The knowledge base knows all three for its own keys; without
it (or for a key it lacks) an SPDX-listed id is recognised by ``license_expression`` and
anything else becomes a ``LicenseRef-`` built from the key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from license_expression import Licensing

LICENSE_REF_PREFIX = "LicenseRef-"
_NOT_IDSTRING = re.compile(r"[^A-Za-z0-9.\-]+")
_LICENSE_REF = re.compile(r"LicenseRef-[A-Za-z0-9.\-]+")


@dataclass(frozen=True)
class BomLicence:
    """A licence as a bill of materials states it."""

    expression: str | None
    """SPDX licence expression; None when nothing can be asserted (``NOASSERTION``)."""
    name: str | None = None
    """Human-readable name (the knowledge base's, or the text as found)."""
    url: str | None = None
    """Where the licence text is published, when known."""
    key: str | None = None
    """Knowledge-base key of the licence, when the audit resolved one."""
    listed: bool = False
    """True when every licence in ``expression`` is on the SPDX licence list."""
    proprietary: bool = False
    """True for a provider's own terms (knowledge-base category ``proprietary``): there is
    no public licence text, so ``url`` stays empty and a BOM names the provider instead."""

    @property
    def licence_refs(self) -> tuple[str, ...]:
        """The ``LicenseRef-`` ids used in ``expression``, in order of appearance."""
        if not self.expression:
            return ()
        return tuple(dict.fromkeys(_LICENSE_REF.findall(self.expression)))


NO_ASSERTION = BomLicence(expression=None)
"""Nothing is known about the licence."""

KnowledgeLookup = Callable[[str], Any]
"""``kb.get``: a licence key, alias or name to a knowledge-base entry, or None."""


def knowledge_lookup() -> KnowledgeLookup | None:
    """The knowledge base's look-up, or None when the ``licences`` package is not installed."""
    try:
        from licences import load_knowledge_base
    except ImportError:  # the knowledge base ships separately; export still works without it
        return None
    kb = load_knowledge_base()
    lookup: KnowledgeLookup = kb.get
    return lookup


def licence_for_key(key: str | None, lookup: KnowledgeLookup | None) -> BomLicence:
    """The licence the audit concluded (a knowledge-base key) as a BOM licence."""
    if not key:
        return NO_ASSERTION
    entry = lookup(key) if lookup else None
    if entry is not None:
        return _from_entry(entry)
    listed = listed_expression(key)
    if listed:
        return BomLicence(listed, key=key, listed=True)
    return BomLicence(licence_ref(key), name=key, key=key)


def licence_for_statement(
    found: str | None, key: str | None, lookup: KnowledgeLookup | None
) -> BomLicence:
    """A licence as a source stated it (``found``), falling back to what it resolved to.

    ``MIT OR Apache-2.0`` from an SPDX document stays that expression; ``llama3.1`` from a
    Hub card becomes the knowledge base's SPDX id for that key; free text that is neither
    becomes a ``LicenseRef-`` of its own.
    """
    text = (found or "").strip()
    if not text or text.upper() == "NOASSERTION":
        return licence_for_key(key, lookup)
    listed = listed_expression(text)
    entry = lookup(text) if lookup else None
    if entry is None and listed is None and lookup and key:
        entry = lookup(key)
    if entry is not None:
        from_entry = _from_entry(entry)
        # an expression of several licences is more than the one entry it may share a name with
        if listed is None or from_entry.expression == listed:
            return from_entry
    if listed:
        return BomLicence(listed, key=key, listed=True)
    if _is_custom_expression(text):
        return BomLicence(text, name=text, key=key)
    return BomLicence(licence_ref(key or text), name=text, key=key)


def licence_ref(name: str) -> str:
    """A ``LicenseRef-`` id for a licence without an SPDX id: ``LicenseRef-llama3.1``."""
    if name.startswith(LICENSE_REF_PREFIX):
        return LICENSE_REF_PREFIX + _idstring(name[len(LICENSE_REF_PREFIX) :])
    return LICENSE_REF_PREFIX + _idstring(name)


def listed_expression(text: str) -> str | None:
    """``text`` in canonical form when it is an SPDX expression of listed licences only."""
    if LICENSE_REF_PREFIX.lower() in text.lower():
        return None
    licensing = spdx_licensing()
    try:
        parsed = licensing.parse(text, validate=True, strict=True)
    except Exception:  # license_expression raises its own family of errors for non-expressions
        return None
    if parsed is None or licensing.unknown_license_keys(parsed):
        return None
    return str(parsed.render())


def _from_entry(entry: Any) -> BomLicence:
    spdx_id = str(entry.spdx_id)
    listed = listed_expression(spdx_id)
    source = getattr(entry, "source", None)
    proprietary = str(getattr(entry, "category", "")) == "proprietary"
    return BomLicence(
        listed or licence_ref(spdx_id),
        name=str(entry.name),
        # the knowledge base cites where it learnt a proprietary entry's facts (for the
        # pseudo-licence, the SPDX list page); that is no licence text, so no URL is given
        url=None if proprietary else getattr(source, "url", None),
        key=str(entry.key),
        listed=listed is not None,
        proprietary=proprietary,
    )


def _is_custom_expression(text: str) -> bool:
    """True for a syntactically valid expression that uses ``LicenseRef-`` ids."""
    if LICENSE_REF_PREFIX.lower() not in text.lower():
        return False
    try:
        return spdx_licensing().parse(text) is not None
    except Exception:  # not an expression at all
        return False


def _idstring(text: str) -> str:
    # SPDX idstring: letters, digits, '.' and '-' only; '+' is spelt out so that
    # ``openrail++`` and ``openrail`` stay different ids
    cleaned = _NOT_IDSTRING.sub("-", text.strip().replace("+", "-plus")).strip("-")
    return re.sub(r"-{2,}", "-", cleaned) or "unknown"


@cache
def spdx_licensing() -> Licensing:
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()
