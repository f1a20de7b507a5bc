"""Building blocks of the knowledge-base schema: sources, confidence, small clause terms.

Split from ``licences.schema`` to keep modules small; import them from either module.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Confidence = Literal["primary", "secondary", "unverified"]
"""How a fact was established: read in the licensor's text ([P]/[V]/P-copy in the facts),
seen only in secondary material ([S]), or not confirmed anywhere (UNVERIFIED)."""

Certainty = Literal["certain", "interpretation"]
"""``interpretation``: the duty follows from one reasonable reading of the text and is
reported for review, not as a failure."""

MAX_FINGERPRINT_WORDS = 14
"""Fingerprints stay short quotations (under 15 words), never copies of a licence text."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Frozen):
    """Where a fact was read and how sure we are of it."""

    # A bare section number ("section: 3") is natural to write in YAML; accept it as text.
    model_config = ConfigDict(frozen=True, extra="forbid", coerce_numbers_to_str=True)

    url: str = Field(min_length=1)
    """The document the fact comes from (licence file, official page, secondary copy)."""
    section: str | None = None
    """The clause or section within the document, e.g. ``1.b.i`` or ``IV.a``."""
    confidence: Confidence
    """``primary``, ``secondary`` or ``unverified``; findings repeat it as evidence."""


class DisplayThreshold(_Frozen):
    """Sizes of the product or service above which a display duty applies (any one)."""

    monthly_active_users: int | None = Field(default=None, gt=0)
    """More than this many monthly active users triggers the duty."""
    monthly_revenue_usd: int | None = Field(default=None, gt=0)
    """More than this monthly revenue (US dollars or equivalent) triggers the duty."""
    annual_recurring_revenue_usd: int | None = Field(default=None, gt=0)
    """More than this annual recurring revenue triggers the duty."""

    @model_validator(mode="after")
    def _has_a_figure(self) -> DisplayThreshold:
        if not (
            self.monthly_active_users
            or self.monthly_revenue_usd
            or self.annual_recurring_revenue_usd
        ):
            raise ValueError("a display threshold needs at least one figure")
        return self


class LitigationTermination(_Frozen):
    """The licence ends when the licensee sues over the licensed materials."""

    against: Literal["licensor", "licensor-or-any-entity"]
    """Whom a suit must be against: only the licensor, or the licensor or anyone."""
    covers: str
    """What kind of claim counts, in plain words."""
    source: Source


class LatestVersionDuty(_Frozen):
    """A duty to move to the licensor's latest version of the model or its terms."""

    description: str
    source: Source


class Registration(_Frozen):
    """A duty to register with the licensor before some use."""

    required_for: Literal["commercial-use", "any-use"]
    how: str
    """How to register, in plain words."""
    source: Source


class Identification(_Frozen):
    """Short fingerprints the text identifier looks for; each under 15 words."""

    titles: list[str] = Field(default_factory=list)
    """The licence's own title(s); worth most when found at the top of a text."""
    phrases: list[str] = Field(default_factory=list)
    """Distinctive phrases spread through the text, including version and date lines."""
    excludes: list[str] = Field(default_factory=list)
    """Phrases that prove a text is *not* this licence (e.g. "non-commercial" for MIT)."""
    use_policy_phrases: list[str] = Field(default_factory=list)
    """Phrases of the licence's acceptable-use policy; the policy's title first."""

    @field_validator("titles", "phrases", "excludes", "use_policy_phrases")
    @classmethod
    def _short_fingerprints(cls, values: list[str]) -> list[str]:
        for value in values:
            words = len(value.split())
            if words == 0:
                raise ValueError("empty fingerprint")
            if words > MAX_FINGERPRINT_WORDS:
                raise ValueError(
                    f"fingerprint has {words} words; keep it under 15: {value[:40]!r}..."
                )
        return values
