"""The shape of the jurisdiction data files, checked by pydantic when they are loaded.

Only the loader uses these models; the rest of the tool reads the frozen dataclasses of
``audit.jurisdictions.model``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from audit.jurisdictions.model import AdequacyState, Confidence

IsoCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
"""An ISO 3166-1 alpha-2 code. Quote ``"NO"`` in YAML: a bare NO reads as false."""
SourceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
RegionCode = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9/-]*$")]
"""A region code, lower case; IONOS writes its locations country/site (``de/fra``)."""
ProviderKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
CloudName = Literal[
    "aws", "azure", "gcp", "multi", "ovhcloud", "scaleway", "hetzner", "ionos", "stackit", "otc"
]
"""The region files under ``regions/``: one per cloud, plus ``multi`` for areas."""
ProviderKind = Literal["model-api", "cloud-ai-platform", "cloud"]
"""What a provider is: a model maker's API, a cloud's managed model service, or a cloud whose
servers the organisation runs models on itself."""
Mechanism = Literal["adequacy", "dpf", "scc", "bcr", "derogation", "none"]


class DataModel(BaseModel):
    """Base of every data-file model: unknown keys are a mistake, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceEntry(DataModel):
    """One cited source."""

    title: str = Field(min_length=1)
    url: str = Field(pattern=r"^https?://\S+$")
    section: str | None = None
    confidence: Confidence
    note: str | None = None


class SourcesFile(DataModel):
    """``sources.yaml``."""

    version: str
    sources: dict[SourceId, SourceEntry]


class CountriesFile(DataModel):
    """``countries.yaml``: ISO codes and names, all from one source."""

    source: SourceId
    countries: dict[IsoCode, str]


class CodeList(DataModel):
    """A list of ISO codes with its source."""

    source: SourceId
    codes: list[IsoCode]


class Territories(DataModel):
    """Territories with their own ISO code that EU law treats as part of a member state."""

    source: SourceId
    part_of: dict[IsoCode, IsoCode]


class EeaFile(DataModel):
    """``eea.yaml``."""

    eu_member_states: CodeList
    eea_efta_states: CodeList
    territories: Territories


class ScopeLimitEntry(DataModel):
    """Something a partial adequacy decision does not cover."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    text: str = Field(min_length=1)
    """What falls outside the decision, in plain words."""
    data_flag: Literal["credit_information"] | None = None
    """A data-class flag (``data_classes[].credit_information``) that trips the limit."""
    source: SourceId


class DecisionEntry(DataModel):
    """One adequacy decision for one country."""

    country: IsoCode
    reference: str = Field(min_length=1)
    adopted: dt.date
    in_force_from: dt.date | None = None
    valid_until: dt.date | None = None
    review_by: dt.date | None = None
    scope: str = Field(min_length=1)
    partial: bool = False
    requires_mechanism: Mechanism | None = None
    scope_limits: list[ScopeLimitEntry] = Field(default_factory=list)
    status: AdequacyState = "in-force"
    status_note: str | None = None
    status_source: SourceId | None = None
    source: SourceId
    reference_source: SourceId
    notes: str | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> DecisionEntry:
        start = self.in_force_from or self.adopted
        if self.valid_until is not None and self.valid_until < start:
            raise ValueError(f"{self.country}: valid_until {self.valid_until} is before {start}")
        if self.requires_mechanism is not None and not self.partial:
            raise ValueError(f"{self.country}: requires_mechanism needs partial: true")
        if self.scope_limits and not self.partial:
            raise ValueError(f"{self.country}: scope_limits needs partial: true")
        return self


class OrganisationDecision(DataModel):
    """An adequacy decision for an international organisation (no region maps to one)."""

    name: str
    reference: str
    adopted: dt.date
    source: SourceId
    notes: str | None = None


class AdequacyFile(DataModel):
    """``adequacy.yaml``."""

    decisions: list[DecisionEntry]
    international_organisations: list[OrganisationDecision] = Field(default_factory=list)


class RegionEntry(DataModel):
    """One region code; exactly one of ``country`` and ``countries`` is given."""

    code: RegionCode
    name: str = Field(min_length=1)
    country: IsoCode | None = None
    countries: list[IsoCode] | Literal["EU", "any", "unknown"] | None = None
    label: str | None = None
    """Short place for messages when the region spans several countries (``EU, member state
    unknown``)."""
    source: SourceId | None = None
    """Overrides the file's source for this entry."""
    confidence: Confidence | None = None
    """Overrides the source's confidence for this entry."""
    note: str | None = None

    @model_validator(mode="after")
    def _one_place(self) -> RegionEntry:
        if (self.country is None) == (self.countries is None):
            raise ValueError(f"{self.code}: give exactly one of country and countries")
        if isinstance(self.countries, list) and not self.countries:
            raise ValueError(f"{self.code}: countries is empty; use 'unknown' or 'any'")
        return self


class RegionsFile(DataModel):
    """One file under ``regions/``: one cloud's region codes."""

    cloud: CloudName
    source: SourceId
    regions: list[RegionEntry]


class ResidencyEntry(DataModel):
    """A provider's option to keep processing in chosen regions."""

    regions: list[str] = Field(min_length=1)
    note: str = Field(min_length=1)
    source: SourceId


class DpaEntry(DataModel):
    """Whether a provider offers a processor agreement."""

    offered: bool | None
    source: SourceId
    note: str | None = None


class DeploymentEntry(DataModel):
    """A residency option an inventory can name in ``hosting.deployment``."""

    id: ProviderKey
    name: str = Field(min_length=1)
    regions: list[str] | None = None
    """Region codes the option may route requests to; None: the model's own hosting.regions
    (a regional deployment)."""
    note: str = Field(min_length=1)
    source: SourceId


class ProviderEntry(DataModel):
    """One provider: a model API, a cloud's managed model service, or a cloud."""

    key: ProviderKey
    name: str = Field(min_length=1)
    kind: ProviderKind = "model-api"
    aliases: list[ProviderKey] = Field(default_factory=list)
    cloud: CloudName | None = None
    """The region file whose codes this provider's regions are (``model-audit regions``)."""
    region_codes: list[str] = Field(default_factory=list)
    """Regions of the provider when they are not a whole region file."""
    deployments: list[DeploymentEntry] = Field(default_factory=list)
    profile_prefixes: dict[str, ProviderKey] = Field(default_factory=dict)
    """Model-name prefix (Bedrock inference-profile ids: ``eu.``) -> deployment id."""
    default_regions: list[str]
    default_source: SourceId
    default_confidence: Confidence | None = None
    default_note: str = Field(min_length=1)
    residency: list[ResidencyEntry] = Field(default_factory=list)
    residency_note: str | None = None
    dpa: DpaEntry


class ProvidersFile(DataModel):
    """``providers.yaml``."""

    providers: list[ProviderEntry]
    ambiguous: dict[ProviderKey, list[ProviderKey]] = Field(default_factory=dict)
    """Names that could mean several providers (``google``): refused, with the choices."""


class OverrideFile(DataModel):
    """A user's override file: entries replace or extend the packaged data by key.

    ``regions`` entries carry a ``cloud`` key and are matched by ``code``; ``adequacy``
    entries are matched by ``country``; ``providers`` entries by ``key``. A matched entry
    keeps every field the override does not give.
    """

    sources: dict[SourceId, SourceEntry] = Field(default_factory=dict)
    regions: list[dict[str, object]] = Field(default_factory=list)
    adequacy: list[dict[str, object]] = Field(default_factory=list)
    providers: list[dict[str, object]] = Field(default_factory=list)
