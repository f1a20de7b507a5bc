"""The shape of the EU AI Act data files (``audit/ai_act/data/*.yaml``).

Every entry carries a ``Source`` saying where it was read and how sure we are, so a finding
can repeat it as evidence. Models are frozen and refuse unknown fields: a typo in a data
file must fail loudly instead of silently dropping a duty.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Confidence = Literal["primary", "secondary", "unverified"]
"""``primary``: read in the legal text or an official page ([P]/[V] in the facts);
``secondary``: law firms, trackers, blogs ([S]); ``unverified``: not confirmed anywhere."""

DutyRole = Literal["deployer", "provider", "gpai-provider", "any"]
"""Who bears a duty; ``any`` means whichever role the use case has."""

Condition = Literal[
    "always",
    "prohibited",
    "high-risk",
    "high-risk-public-body",
    "fria",
    "interacts-with-people",
    "synthetic-content",
    "deep-fake",
    "public-interest-text",
    "emotion-recognition",
    "high-risk-product",
    "gpai-provider",
    "gpai-provider-outside-eu",
    "gpai-open-source-exempt",
    "systemic-risk",
]
"""What triggers a duty for one use case (evaluated in ``audit.rules.ai_act.checklist``)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Frozen):
    """Where a fact was read and how sure we are of it."""

    url: str = Field(min_length=1)
    section: str | None = None
    """The article, paragraph or section the fact comes from."""
    confidence: Confidence

    def cite(self) -> str:
        """One line for evidence and reports: ``section, url (confidence)``."""
        where = f"{self.section}, {self.url}" if self.section else self.url
        return f"{where} ({self.confidence})"


class Act(_Frozen):
    """A legal act that sets or moves application dates."""

    citation: str = Field(min_length=1)
    """Short citation, e.g. ``Reg. (EU) 2024/1689``."""
    title: str
    order: int = Field(ge=1)
    """Higher means newer: where two acts date the same duty, the higher order wins."""
    note: str | None = None
    source: Source


class DatedApplication(_Frozen):
    """One act's statement of when a duty applies."""

    act: str
    """Key of the act in ``acts``."""
    applies_from: dt.date
    source: Source


class Milestone(_Frozen):
    """A group of duties that start on the same day, with every act's date for it."""

    covers: str
    """Which articles the date governs, in plain words."""
    dates: list[DatedApplication] = Field(min_length=1)
    note: str | None = None

    @model_validator(mode="after")
    def _one_date_per_act(self) -> Milestone:
        acts = [d.act for d in self.dates]
        if len(acts) != len(set(acts)):
            raise ValueError("dates: each act may date a milestone only once")
        return self


class DatesFile(_Frozen):
    """``dates.yaml``: the legal basis, the acts, and the milestones they date."""

    legal_basis_version: str = Field(min_length=1)
    """Printed in every AI Act finding's evidence, e.g. the amending regulation."""
    acts: dict[str, Act] = Field(min_length=1)
    milestones: dict[str, Milestone] = Field(min_length=1)


class ClassifiedUse(_Frozen):
    """An Annex III area or an Art. 5 practice: its legal reference and what it means."""

    reference: str
    """Where the law lists it, e.g. ``Annex III point 4`` or ``Art. 5(1)(c)``."""
    title: str
    description: str
    """One line in plain language."""
    milestone: str | None = None
    """Key of the milestone in ``dates.yaml`` when the entry has its own application date
    (e.g. the Art. 5 practices added by the Digital Omnibus); None: the family's date."""
    source: Source


class AreasFile(_Frozen):
    """``annex_iii.yaml``: Annex III areas by inventory key."""

    areas: dict[str, ClassifiedUse] = Field(min_length=1)


class LegislationFile(_Frozen):
    """``annex_i.yaml``: Annex I Union harmonisation acts by inventory key."""

    legislation: dict[str, ClassifiedUse] = Field(min_length=1)


class PracticesFile(_Frozen):
    """``prohibited_practices.yaml``: Art. 5 practices by inventory key."""

    practices: dict[str, ClassifiedUse] = Field(min_length=1)


class Threshold(_Frozen):
    """A figure a rule compares against."""

    value: str | float
    """A number or an exact fraction such as ``"1/3"``; read it through ``amount``."""
    unit: str
    reference: str
    description: str
    source: Source

    @field_validator("value")
    @classmethod
    def _value_is_positive_number(cls, value: str | float) -> str | float:
        try:
            amount = Fraction(value)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"expected a number or a fraction like '1/3'; got {value!r}") from None
        if amount <= 0:
            raise ValueError(f"expected a positive value; got {value!r}")
        return value

    @property
    def amount(self) -> Fraction:
        """The value as an exact fraction (so that "more than one third" has no rounding)."""
        return Fraction(self.value)


class ThresholdsFile(_Frozen):
    """``thresholds.yaml``: compute thresholds and the list of member states."""

    thresholds: dict[str, Threshold] = Field(min_length=1)


class Obligation(_Frozen):
    """One duty: who bears it, what triggers it, and from when it applies."""

    role: DutyRole
    when: Condition
    article: str
    duty: str
    """What to do, in one or two plain sentences."""
    milestone: str
    """Key of the milestone in ``dates.yaml`` that says from when the duty applies."""
    listed_for_any_role: bool = False
    """List the duty under a use case whatever its role (Art. 50 names who must act)."""
    waived_by_open_source: bool = False
    """Art. 53(2) lifts the duty for a qualifying free and open-source release."""
    source: Source


class ObligationsFile(_Frozen):
    """``obligations.yaml``: every duty the checklist may list, by id."""

    obligations: dict[str, Obligation] = Field(min_length=1)
