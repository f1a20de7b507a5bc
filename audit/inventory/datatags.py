"""Data-classification tags: the built-in ones of the inventory format and custom ones."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from audit.inventory.schema import DataClass

CONFIDENTIALITY_ORDER = ("public", "internal", "confidential", "restricted")
"""Confidentiality levels from least to most sensitive."""


@dataclass(frozen=True)
class DataTag:
    """What one data tag means for the GDPR and for confidentiality."""

    id: str
    personal: bool
    special_category: bool
    """GDPR Art. 9 data."""
    criminal: bool
    """GDPR Art. 10 data (criminal convictions and offences)."""
    confidentiality: str
    builtin: bool = True
    credit_information: bool = False
    """Personal credit information (outside the Korean adequacy decision's scope)."""

    @property
    def sensitive(self) -> bool:
        """True for data that is confidential or restricted."""
        return CONFIDENTIALITY_ORDER.index(self.confidentiality) >= 2


def _builtin() -> dict[str, DataTag]:
    tags = {
        "public": DataTag("public", False, False, False, "public"),
        "internal": DataTag("internal", False, False, False, "internal"),
        "confidential": DataTag("confidential", False, False, False, "confidential"),
        "restricted": DataTag("restricted", False, False, False, "restricted"),
        "personal": DataTag("personal", True, False, False, "confidential"),
        "criminal": DataTag("criminal", True, False, True, "restricted"),
        "children": DataTag("children", True, False, False, "restricted"),
    }
    for special in (
        "health",
        "biometric",
        "genetic",
        "ethnic-origin",
        "political-opinion",
        "religious-belief",
        "trade-union",
        "sex-life",
        "sexual-orientation",
    ):
        tags[special] = DataTag(special, True, True, False, "restricted")
    return tags


BUILTIN_TAGS: Mapping[str, DataTag] = _builtin()
"""The built-in tags of inventory.md, by id."""


def tag_catalogue(custom: Iterable[DataClass]) -> dict[str, DataTag]:
    """Return every known tag by id: built-in ones, then the inventory's own classes.

    A custom class may redefine a built-in tag; the inventory's definition wins.
    """
    tags = dict(BUILTIN_TAGS)
    for cls in custom:
        tags[cls.id] = DataTag(
            cls.id,
            cls.personal or cls.special_category or cls.criminal,
            cls.special_category,
            cls.criminal,
            cls.confidentiality,
            builtin=False,
            credit_information=cls.credit_information,
        )
    return tags


@dataclass(frozen=True)
class DataProfile:
    """What a set of tags adds up to."""

    tags: tuple[str, ...]
    personal: bool
    special_category: bool
    criminal: bool
    confidentiality: str
    credit_information: bool = False

    @property
    def flags(self) -> frozenset[str]:
        """Data-class flags that adequacy scope limits test (``credit_information``)."""
        return frozenset({"credit_information"} if self.credit_information else ())

    @property
    def sensitive(self) -> bool:
        """True when the strongest confidentiality is confidential or restricted."""
        return CONFIDENTIALITY_ORDER.index(self.confidentiality) >= 2


def profile(tags: Iterable[str], catalogue: Mapping[str, DataTag]) -> DataProfile:
    """Combine tags into one profile; unknown tags are ignored (the loader refuses them)."""
    known = [catalogue[t] for t in tags if t in catalogue]
    level = max((CONFIDENTIALITY_ORDER.index(t.confidentiality) for t in known), default=0)
    return DataProfile(
        tags=tuple(t.id for t in known),
        personal=any(t.personal for t in known),
        special_category=any(t.special_category for t in known),
        criminal=any(t.criminal for t in known),
        confidentiality=CONFIDENTIALITY_ORDER[level],
        credit_information=any(t.credit_information for t in known),
    )
