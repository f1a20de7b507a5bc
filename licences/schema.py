"""The shape of the licence knowledge base: one ``LicenceEntry`` per licence, ``ModelFact``s.

Every term carries its own ``Source`` so a finding can say where a duty comes from and how
sure we are of it. The models are frozen and reject unknown fields: a typo in a data file
must fail loudly instead of silently dropping a duty.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from licences.clauses import (
    MAX_FINGERPRINT_WORDS,
    Certainty,
    Confidence,
    DisplayThreshold,
    Identification,
    LatestVersionDuty,
    LitigationTermination,
    Registration,
    Source,
    _Frozen,
)

__all__ = [
    "MAX_FINGERPRINT_WORDS",
    "Attribution",
    "Category",
    "Certainty",
    "CommercialUse",
    "Confidence",
    "DisplayThreshold",
    "FossStatus",
    "Identification",
    "LatestVersionDuty",
    "LicenceCopy",
    "LicenceEntry",
    "LitigationTermination",
    "Modality",
    "ModelFact",
    "ModelScope",
    "Registration",
    "RevenueThreshold",
    "Source",
    "TerritorialExclusion",
    "UsePolicy",
    "UserThreshold",
]

Category = Literal[
    "permissive",
    "copyleft",
    "open-weight-restricted",
    "non-commercial",
    "proprietary",
    "not-a-licence",
]
"""Broad licence family; rules ask about terms, the category is for people and summaries."""

Occasion = Literal["distribution", "derivative-distribution", "service"]
"""When a duty applies: the model itself is passed on, a derivative of it is passed on, or a
product or service that uses the model is made available to others."""

Modality = Literal["text", "image", "audio", "video"]

FossStatus = Literal["yes", "no", "review"]
"""Whether a licence counts as free and open source for AI Act Art. 53(2)/54(6):
``no`` where a disqualifier of the GPAI guidelines para. 83 is present (non-commercial or
research-only terms, user-scale or revenue ceilings, distribution bans); ``review`` where
only use restrictions, a use policy or a display duty stand in the way (para. 84 allows
proportionate safety terms, paras. 80/82 attribution); ``yes`` otherwise."""

ModelScope = Literal["all", "multimodal"]
"""Which models under a licence a term covers: all of them, or only those that handle more
than text (decided from the model's modalities, never from its name)."""

_KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.+\-]*$")


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
    """A revenue ceiling (annual or monthly) on commercial use."""

    annual_revenue_usd: int | None = Field(default=None, gt=0)
    """The annual ceiling in US dollars (or local-currency equivalent where the licence
    says so)."""
    monthly_revenue_usd: int | None = Field(default=None, gt=0)
    """A monthly ceiling instead (e.g. Mistral's modified MIT: the preceding month)."""
    includes_affiliates: bool
    """True when the revenue of affiliates or the wider legal entity is aggregated."""
    comparison: Literal["more-than", "at-or-above"]
    """Whether revenue *equal* to the figure already triggers the consequence."""
    consequence: str
    """What happens past the ceiling, in plain words."""
    source: Source

    @model_validator(mode="after")
    def _one_period(self) -> RevenueThreshold:
        if (self.annual_revenue_usd is None) == (self.monthly_revenue_usd is None):
            raise ValueError("give exactly one of annual_revenue_usd and monthly_revenue_usd")
        return self


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
    """Which models the duty covers, in plain words (shown to people; rules use
    ``model_scope``)."""
    model_scope: ModelScope = "all"
    """``multimodal``: only models that handle more than text owe the notice."""
    certainty: Certainty = "certain"
    """``interpretation`` when the duty is arguable on the facts it is applied to."""
    threshold: DisplayThreshold | None = None
    """A size above which the notice is owed (e.g. Kimi K2: 100M MAU or USD 20M a month);
    None when it is owed whatever the size."""
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
    """Rights the licence withholds in some regions."""

    regions: list[str] = Field(min_length=1)
    """``EU`` or ISO 3166-1 alpha-2 country codes."""
    applies_to: Literal["licensee-domicile", "use-location"]
    """``licensee-domicile``: where the licensee is domiciled or has its principal place of
    business (Llama 3.2); ``use-location``: any use, distribution or service in the region,
    whoever the licensee is (Tencent Hunyuan)."""
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
    certainty: Certainty = "certain"
    """``interpretation`` when the text supports the restriction only on one reading."""
    source: Source


class LicenceEntry(_Frozen):
    """Everything the auditor knows about one licence, each term with its source."""

    key: str
    """Hugging Face Hub licence id where one exists, else the key used in the corpus."""
    name: str
    aliases: list[str] = Field(default_factory=list)
    """Other names and every ``license_name`` variant seen on model cards."""
    spdx_id: str
    """SPDX identifier, or a ``LicenseRef-...`` (ScanCode keys where known)."""
    scancode_key: str | None = None
    """The licence's key in the ScanCode LicenseDB, where it has one."""
    version: str | None = None
    release_date: dt.date | None = None
    """The version's release date; Llama's user test is measured in the month before it."""
    editions: list[str] = Field(default_factory=list)
    """Every edition of the text this entry covers (e.g. its "Last modified" dates)."""
    category: Category
    free_and_open_source: bool
    """True only when ``free_and_open_source_status`` is ``yes`` (kept for older readers)."""
    free_and_open_source_status: FossStatus | None = None
    """``yes``, ``no`` or ``review`` (see ``FossStatus``); derived from
    ``free_and_open_source`` when a file omits it."""
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
    litigation_termination: LitigationTermination | None = None
    registration: Registration | None = None
    latest_version_duty: LatestVersionDuty | None = None
    share_alike: bool = False
    """Derivatives must be shared under the same or a compatible licence."""
    no_derivatives: bool = False
    """Adapted material may not be shared."""
    research_only: bool = False
    """Only research (or research and education) use is licensed."""
    data_licence: bool = False
    """Written for data or content rather than software or model weights."""
    not_a_licence: bool = False
    """A placeholder a card may carry (``unknown``, ``other``) that grants nothing by itself;
    never the licence of a model (``KnowledgeBase.get`` skips it)."""
    identification: Identification
    notes: list[str] = Field(default_factory=list)

    @field_validator("key")
    @classmethod
    def _key_is_lowercase_id(cls, key: str) -> str:
        if not _KEY_PATTERN.match(key):
            raise ValueError(f"expected a lowercase id (a-z, 0-9, '.', '+', '-'); got {key!r}")
        return key

    @model_validator(mode="before")
    @classmethod
    def _default_foss_status(cls, data: object) -> object:
        if not isinstance(data, dict):
            return data
        status = data.get("free_and_open_source_status")
        if isinstance(status, bool):  # YAML 1.1 reads a bare yes/no as a boolean
            data = {**data, "free_and_open_source_status": "yes" if status else "no"}
        elif status is None and isinstance(data.get("free_and_open_source"), bool):
            flag = data["free_and_open_source"]
            data = {**data, "free_and_open_source_status": "yes" if flag else "no"}
        return data

    @model_validator(mode="after")
    def _terms_agree(self) -> LicenceEntry:
        if self.category == "non-commercial" and self.commercial_use.allowed:
            raise ValueError("category non-commercial but commercial_use.allowed is true")
        if self.free_and_open_source != (self.free_and_open_source_status == "yes"):
            raise ValueError(
                "free_and_open_source must be true exactly when free_and_open_source_status "
                "is 'yes'"
            )
        if self.free_and_open_source_status == "yes":
            # GPAI guidelines para. 83: user-scale thresholds and non-commercial or
            # research-only terms disqualify; a safety-oriented use policy does not (84).
            if self.category not in ("permissive", "copyleft"):
                raise ValueError(
                    "free_and_open_source is true but the category is " + repr(self.category)
                )
            if self.user_threshold or self.revenue_threshold or self.research_only:
                raise ValueError(
                    "free_and_open_source is true but the licence has a user or revenue "
                    "ceiling or is research-only"
                )
        if self.not_a_licence and self.category != "not-a-licence":
            raise ValueError("not_a_licence is true but the category is " + repr(self.category))
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
    """Sizes of the family in words, e.g. ``8B, 70B``."""
    parameters_total: float | None = Field(default=None, gt=0)
    """Total parameter count of the model (all experts of a mixture-of-experts model)."""
    parameters_active: float | None = Field(default=None, gt=0)
    """Parameters used per token (mixture-of-experts models; equals the total otherwise)."""
    parameters_source: Source | None = None
    """Where the parameter counts were read."""
    use_policy: UsePolicy | None = None
    """A vendor policy that ships with these weights but is not part of their licence."""
    source: Source
    """Where the licence (and family facts) for these repos were read."""

    @model_validator(mode="after")
    def _compute_has_source(self) -> ModelFact:
        if self.training_compute_flops is not None and self.compute_source is None:
            raise ValueError("training_compute_flops needs a compute_source")
        counts = (self.parameters_total, self.parameters_active)
        if any(c is not None for c in counts) and self.parameters_source is None:
            raise ValueError("parameters_total / parameters_active need a parameters_source")
        if None not in counts and counts[1] > counts[0]:  # type: ignore[operator]
            raise ValueError("parameters_active cannot exceed parameters_total")
        return self
