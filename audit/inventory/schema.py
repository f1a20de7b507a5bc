"""The inventory format, version 1, as pydantic models (see docs/inventory.md).

Field names are a contract. Unknown fields are refused so that a typo cannot silently switch
a check off; keys starting with ``x-`` are ignored anywhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Confidentiality = Literal["public", "internal", "confidential", "restricted"]
Modality = Literal["text", "image", "audio", "video"]
HostingMode = Literal["self-hosted", "managed", "api"]
ModelSource = Literal["huggingface", "local", "api"]
TransferMechanism = Literal["adequacy", "dpf", "scc", "bcr", "derogation", "none"]
Audience = Literal["internal", "customers", "public"]
Role = Literal["provider", "deployer"]

AnnexIIIArea = Literal[
    "biometrics",
    "critical-infrastructure",
    "education",
    "employment",
    "essential-services",
    "law-enforcement",
    "migration",
    "justice-democracy",
]
"""Annex III high-risk areas of the AI Act, by inventory key."""

ProhibitedPractice = Literal[
    "manipulation",
    "exploiting-vulnerabilities",
    "social-scoring",
    "crime-prediction-profiling",
    "facial-scraping",
    "emotion-recognition-work-education",
    "biometric-categorisation-sensitive",
    "realtime-remote-biometric-id",
]
"""Art. 5 prohibited practices of the AI Act, by inventory key."""

AiActArea = Literal[AnnexIIIArea, ProhibitedPractice, Literal["none"]]
"""An Annex III area, an Art. 5 practice, or ``none`` for a use case outside all of them."""

ANNEX_III_AREAS: tuple[str, ...] = get_args(AnnexIIIArea)
PROHIBITED_PRACTICES: tuple[str, ...] = get_args(ProhibitedPractice)


MONTH_PATTERN = r"^(\d{4}-(0[1-9]|1[0-2])|x-.*)$"
"""A calendar month as YYYY-MM (``x-`` keys are allowed, and ignored, as everywhere)."""

Month = Annotated[str, Field(pattern=MONTH_PATTERN)]


def _without_extension_keys(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: v for k, v in data.items() if not (isinstance(k, str) and k.startswith("x-"))}
    return data


class StrictModel(BaseModel):
    """Base of every inventory model: frozen, unknown fields refused, ``x-`` keys dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _drop_extension_keys(cls, data: Any) -> Any:
        return _without_extension_keys(data)


class Organisation(StrictModel):
    """The organisation whose models are audited."""

    name: str = Field(min_length=1)
    country: str = Field(
        pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2, principal place of business"
    )
    monthly_active_users: int | None = Field(default=None, ge=0)
    monthly_active_users_history: dict[Month, int] = Field(
        default_factory=dict,
        description="YYYY-MM -> monthly active users, group-wide",
        # pydantic writes the key pattern as patternProperties; other keys must fail too
        json_schema_extra={"additionalProperties": False},
    )
    annual_revenue_usd: float | None = Field(default=None, ge=0)
    commercial: bool = True
    ai_literacy_programme: bool = False
    public_body: bool = False
    can_self_host: bool = False

    @field_validator("monthly_active_users_history", mode="before")
    @classmethod
    def _drop_extension_months(cls, data: Any) -> Any:
        return _without_extension_keys(data)


class DataClass(StrictModel):
    """A custom data-classification tag, on top of the built-in ones."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    personal: bool = False
    special_category: bool = False
    criminal: bool = False
    confidentiality: Confidentiality = "internal"


class Hosting(StrictModel):
    """Where a model runs and who runs it."""

    mode: HostingMode
    regions: list[str] = Field(default_factory=list)


class Contracts(StrictModel):
    """Contracts with the party hosting a managed or api model."""

    dpa: bool = False
    transfer_mechanism: TransferMechanism | None = None
    zero_data_retention: bool = False


class Derivative(StrictModel):
    """Present when the organisation changes or ships the model."""

    name: str | None = None
    fine_tuned: bool = False
    distributed: bool = False
    training_compute_flops: float | None = Field(default=None, ge=0)
    licence: str | None = None


class Attribution(StrictModel):
    """Notices and licence copies the organisation provides."""

    notices: list[str] = Field(default_factory=list)
    licence_copy_included: bool = False
    name_prefix_ok: bool | None = None


class AiAct(StrictModel):
    """How the AI Act sees one use case."""

    role: Role = "deployer"
    area: AiActArea | None = None
    interacts_with_people: bool = False
    generates_synthetic_content: bool = False
    deep_fake: bool = False
    emotion_recognition: bool = False
    automated_decision: bool = False


class UseCase(StrictModel):
    """One purpose a model serves, with the data it sees."""

    id: str = Field(min_length=1)
    purpose: str | None = None
    audience: Audience = "internal"
    data: list[str] = Field(default_factory=list)
    monthly_tokens: int | None = Field(default=None, ge=0)
    needs_frontier: bool = False
    ai_act: AiAct = Field(default_factory=AiAct)


class LicenceVerification(StrictModel):
    """A licence checked by hand: who read it, when, and what they read."""

    by: str = Field(min_length=1, description="Who verified the licence (a person or team).")
    on: dt.date = Field(description="The day the licence was verified (YYYY-MM-DD).")
    evidence: str = Field(
        min_length=1,
        description="What was read: the licence's URL or document, and its revision.",
    )


class Model(StrictModel):
    """One AI model the organisation uses."""

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    source: ModelSource
    revision: str | None = None
    path: str | None = None
    provider: str | None = None
    licence: str | None = None
    licence_choice: str | None = Field(
        default=None,
        description="For a licence offered as alternatives (A OR B): the one the organisation "
        "uses; without it the audit assumes the least restrictive known alternative.",
    )
    licence_verification: LicenceVerification | None = Field(
        default=None,
        description="A manual check of the declared licence (by, on, evidence): the "
        "declaration counts as verified where the Hub cannot be asked.",
    )
    modalities: list[Modality] | None = None
    training_compute_flops: float | None = Field(default=None, ge=0)
    hosting: Hosting
    contracts: Contracts = Field(default_factory=Contracts)
    derivative: Derivative | None = None
    attribution: Attribution = Field(default_factory=Attribution)
    dpia: bool = False
    fria: bool = False
    use_cases: list[UseCase] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_source_fields(self) -> Model:
        if self.source == "local" and not self.path:
            raise ValueError("path: required when source is 'local' (the model folder)")
        if self.licence_verification is not None and not self.licence:
            raise ValueError(
                "licence_verification: needs `licence:` on the model (the licence that was "
                "verified)"
            )
        if self.source == "api" and not self.provider:
            raise ValueError("provider: required when source is 'api' (a provider catalogue key)")
        return self


class Route(StrictModel):
    """Requests carrying any of ``data`` may only reach the models in ``to``."""

    data: list[str] = Field(min_length=1)
    to: list[str] = Field(min_length=1)


class Waiver(StrictModel):
    """An accepted risk: silences one rule (for one model or all) until it expires."""

    rule: str = Field(pattern=r"^(LIC|GDPR|AIA|ADV)\d{3}$")
    model: str | None = None
    reason: str = Field(min_length=1)
    approved_by: str = Field(min_length=1)
    expires: dt.date | None = None


class Inventory(StrictModel):
    """A model inventory, version 1."""

    version: Literal[1]
    organisation: Organisation
    data_classes: list[DataClass] = Field(default_factory=list)
    models: list[Model] = Field(default_factory=list)
    routes: list[Route] = Field(default_factory=list)
    waivers: list[Waiver] = Field(default_factory=list)
