"""The shape of the licence knowledge base: one ``LicenceEntry`` per licence, ``ModelFact``s.

Every term carries its own ``Source`` so a finding can say where a duty comes from and how
sure we are of it. The models are frozen and reject unknown fields: a typo in a data file
must fail loudly instead of silently dropping a duty.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Confidence = Literal["primary", "secondary", "unverified"]
"""How a fact was established: read in the licensor's text ([P]/[V]/P-copy in the facts),
seen only in secondary material ([S]), or not confirmed anywhere (UNVERIFIED)."""

Category = Literal[
    "permissive", "copyleft", "open-weight-restricted", "non-commercial", "proprietary"
]
"""Broad licence family; rules ask about terms, the category is for people and summaries."""

Occasion = Literal["distribution", "derivative-distribution", "service"]
"""When a duty applies: the model itself is passed on, a derivative of it is passed on, or a
product or service that uses the model is made available to others."""

Modality = Literal["text", "image", "audio", "video"]

MAX_FINGERPRINT_WORDS = 14
"""Fingerprints stay short quotations (under 15 words), never copies of a licence text."""

_KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.+\-]*$")


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


class CommercialUse(_Frozen):
    """Whether the licence lets a commercial organisation use the model."""

    allowed: bool
    """True when commercial use is licensed (possibly subject to thresholds below)."""
    production_use: bool
    """False when any production use is excluded (research, evaluation or testing only)."""
    conditions: str | None = None
    """Plain-language conditions on commercial use, if any."""
    source: Source


class UserThreshold(_Frozen):
    """A monthly-active-user ceiling above which the licence stops granting rights."""

    monthly_active_users: int = Field(gt=0)
    """The ceiling; the licence bites when users are *more than* this figure."""
    measured: Literal["release-month", "ongoing"]
    """``release-month``: once, in the calendar month before the version's release date
    (Llama); ``ongoing``: at any time while the model is used commercially (Qwen)."""
    includes_affiliates: bool
    """True when users of the licensee's affiliates are counted too."""
    consequence: str
    """What happens above the ceiling, in plain words."""
    source: Source


class RevenueThreshold(_Frozen):
    """An annual-revenue ceiling on commercial use."""

    annual_revenue_usd: int = Field(gt=0)
    """The ceiling in US dollars (or local-currency equivalent where the licence says so)."""
    includes_affiliates: bool
    """True when the revenue of affiliates or the wider legal entity is aggregated."""
    comparison: Literal["more-than", "at-or-above"]
    """Whether revenue *equal* to the figure already triggers the consequence."""
    consequence: str
    """What happens past the ceiling, in plain words."""
    source: Source


class Attribution(_Frozen):
    """One notice that must be shown or shipped."""

    notice: str = Field(min_length=1)
    """The exact words to show or ship, e.g. ``Built with Llama``."""
    alternatives: list[str] = Field(default_factory=list)
    """Other wordings the licence accepts instead of ``notice`` (e.g. "Improved using Qwen")."""
    kind: Literal["display", "notice-file"]
    """``display``: shown on a website, UI or documentation; ``notice-file``: a text file
    shipped with copies."""
    where: str
    """Where the notice must appear, in plain words."""
    applies_when: list[Occasion] = Field(min_length=1)
    """The occasions that trigger the duty."""
    scope: str | None = None
    """A restriction on which models the duty covers, e.g. "Cosmos models only"."""
    source: Source


class DerivativeNaming(_Frozen):
    """A rule on the names of derived models."""

    prefix: str = Field(min_length=1)
    """The words a derived model's name must start with."""
    applies_to: str
    """Which derived models the rule covers."""
    source: Source


class LicenceCopy(_Frozen):
    """Whether redistribution must carry the licence text and a notice file."""

    required_on_distribution: bool
    """True when recipients must be given a copy of the licence."""
    notice_file_text: str | None = None
    """The text a ``Notice``/``NOTICE`` file must contain, where the licence fixes it."""
    source: Source


class TerritorialExclusion(_Frozen):
    """Rights the licence withholds from licensees established in some regions."""

    regions: list[str] = Field(min_length=1)
    """``EU`` or ISO 3166-1 alpha-2 country codes."""
    applies_to: Literal["licensee-domicile"]
    """Where the licensee is domiciled or has its principal place of business."""
    model_scope: Literal["multimodal", "all"]
    """Whether only the multimodal models under the licence are affected."""
    end_users_exempt: bool
    """True when end users of a product that incorporates the model are not affected."""
    source: Source

    @field_validator("regions")
    @classmethod
    def _regions_are_codes(cls, regions: list[str]) -> list[str]:
        for region in regions:
            if region != "EU" and not re.fullmatch(r"[A-Z]{2}", region):
                raise ValueError(f"expected 'EU' or an ISO 3166-1 alpha-2 code; got {region!r}")
        return regions


class UsePolicy(_Frozen):
    """An acceptable-use or prohibited-use policy that binds users of the model."""

    name: str
    url: str
    flows_down: bool
    """True when recipients of the model or of derivatives must be bound by the policy too:
    the licence makes it an enforceable term of downstream agreements, or the licence copy
    that must accompany redistribution incorporates it."""
    source: Source


class OutputRestriction(_Frozen):
    """A limit on what outputs of the model may be used for, or what they carry with them."""

    description: str
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


class LicenceEntry(_Frozen):
    """Everything the auditor knows about one licence, each term with its source."""

    key: str
    """Hugging Face Hub licence id where one exists, else the key used in the corpus."""
    name: str
    aliases: list[str] = Field(default_factory=list)
    """Other names and every ``license_name`` variant seen on model cards."""
    spdx_id: str
    """SPDX identifier, or a ``LicenseRef-...`` (ScanCode keys where known)."""
    version: str | None = None
    release_date: dt.date | None = None
    """The version's release date; Llama's user test is measured in the month before it."""
    category: Category
    free_and_open_source: bool
    """True when the licence counts as free and open-source for EU AI Act Art. 53(2)."""
    free_and_open_source_source: Source
    source: Source
    """The licence text itself."""
    commercial_use: CommercialUse
    user_threshold: UserThreshold | None = None
    revenue_threshold: RevenueThreshold | None = None
    attribution: list[Attribution] = Field(default_factory=list)
    derivative_naming: DerivativeNaming | None = None
    licence_copy: LicenceCopy
    territorial_exclusions: list[TerritorialExclusion] = Field(default_factory=list)
    use_policy: UsePolicy | None = None
    output_restrictions: list[OutputRestriction] = Field(default_factory=list)
    identification: Identification
    notes: list[str] = Field(default_factory=list)

    @field_validator("key")
    @classmethod
    def _key_is_lowercase_id(cls, key: str) -> str:
        if not _KEY_PATTERN.match(key):
            raise ValueError(f"expected a lowercase id (a-z, 0-9, '.', '+', '-'); got {key!r}")
        return key

    @model_validator(mode="after")
    def _terms_agree(self) -> LicenceEntry:
        if self.category == "non-commercial" and self.commercial_use.allowed:
            raise ValueError("category non-commercial but commercial_use.allowed is true")
        if self.free_and_open_source:
            if self.category not in ("permissive", "copyleft"):
                raise ValueError(
                    "free_and_open_source is true but the category is " + repr(self.category)
                )
            if self.use_policy or self.user_threshold or self.revenue_threshold:
                raise ValueError(
                    "free_and_open_source is true but the licence has a use policy or threshold"
                )
        return self


class ModelFact(_Frozen):
    """Facts about a model family, used when a model card is silent."""

    patterns: list[str] = Field(min_length=1)
    """Hub repo ids, fnmatch-style, matched case-insensitively."""
    family: str
    licence: str
    """Key of the knowledge-base entry that licenses these weights."""
    modalities: list[Modality] = Field(min_length=1)
    training_compute_flops: float | None = Field(default=None, gt=0)
    compute_source: Source | None = None
    base_model: str | None = None
    """Hub id of the model these weights were derived from, where relevant."""
    parameters: str | None = None
    source: Source
    """Where the licence (and family facts) for these repos were read."""

    @model_validator(mode="after")
    def _compute_has_source(self) -> ModelFact:
        if self.training_compute_flops is not None and self.compute_source is None:
            raise ValueError("training_compute_flops needs a compute_source")
        return self
