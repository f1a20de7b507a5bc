"""How a model's licence was established, in words, and whether anyone verified it.

Every report medium (terminal, HTML, PDF) shows this beside the licence, so a licence that
was only declared in the inventory never looks like one read from the licence text. It
reads the resolution's own fields from the report document (``licence.source``,
``licence.verification``, the ``licence_evidence`` records) and recomputes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reports.report_text import as_mapping, as_text, mappings

NOT_VERIFIED = "NOT VERIFIED"
"""The mark every medium prints beside a licence nobody verified."""

_METHODS: Mapping[str, str] = {
    "licence-text": "read from the licence text",
    "spdx": "read from an SPDX document",
    "card": "read from the model card",
    "hub": "read from the Hub's metadata",
    "base-model": "inherited from the base model",
    "model-facts": "from the knowledge base's sourced model facts",
}


@dataclass(frozen=True)
class LicenceStatus:
    """How one model's licence was established."""

    method: str
    """In words: ``read from the licence text``, ``declared only``, ``provider's terms``..."""
    verified: bool
    """False for a licence that is only declared, unresolved, or of an unknown source."""
    detail: str
    """Where, who or when: the file and line, or the manual verification's record."""

    @property
    def label(self) -> str:
        """``method (detail)``, with the NOT VERIFIED mark in front when not verified."""
        text = f"{self.method} ({self.detail})" if self.detail else self.method
        return text if self.verified else f"{NOT_VERIFIED}: {text}"


def licence_status(model: Mapping[str, Any]) -> LicenceStatus:
    """How the licence of ``model`` (a model of the report document) was established."""
    licence = as_mapping(model.get("licence"))
    source = as_text(licence.get("source"), "")
    where = as_text(licence.get("evidence"), "")
    if not licence.get("id"):
        return LicenceStatus("unresolved: no licence could be established", False, "")
    verification = licence.get("verification")
    if isinstance(verification, str) and verification:
        return LicenceStatus("declared, manually verified", True, verification)
    if source == "declared":
        if _provider_terms(model, where):
            provider = as_text(model.get("provider"), "the provider")
            return LicenceStatus(f"the provider's terms ({provider})", True, where)
        return LicenceStatus("declared only", False, where)
    method = _METHODS.get(source)
    if method is None:
        return LicenceStatus(f"source {source or 'not recorded'}", False, where)
    return LicenceStatus(method, True, where)


def _provider_terms(model: Mapping[str, Any], where: str) -> bool:
    """True when the licence of an API model is its provider's terms of service: the
    resolution records it as an ``api: <provider>`` statement, not a ``licence:`` line."""
    if model.get("source") != "api":
        return False
    return any(
        e.get("source") == "declared"
        and as_text(e.get("found"), "").startswith("api:")
        and as_text(e.get("where"), "") == where
        for e in mappings(model.get("licence_evidence"))
    )
