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
    "non-consensual-intimate-imagery",
    "child-sexual-abuse-material",
]
"""Art. 5 prohibited practices of the AI Act, by inventory key (the last two were added by the
Digital Omnibus as Art. 5(1)(ba) and (bb); their date is data, see dates.yaml)."""

AnnexILegislation = Literal[
    "machinery",
    "toys",
    "recreational-craft",
    "lifts",
    "atex",
    "radio-equipment",
    "pressure-equipment",
    "cableways",
    "personal-protective-equipment",
    "gas-appliances",
    "medical-devices",
    "in-vitro-diagnostics",
]
"""Union harmonisation acts of AI Act Annex I Section A, by inventory key (see annex_i.yaml)."""

SpecialCategoryBasis = Literal[
    "9(2)(a)",
    "9(2)(b)",
    "9(2)(c)",
    "9(2)(d)",
    "9(2)(e)",
    "9(2)(f)",
    "9(2)(g)",
    "9(2)(h)",
    "9(2)(i)",
    "9(2)(j)",
]
"""The GDPR Art. 9(2) conditions that lift the Art. 9(1) ban, by point."""

AnnexIIIPoint = Literal["5(a)", "5(b)", "5(c)", "5(d)"]
"""Annex III point 5 sub-points, which Art. 27(1) treats differently."""

AiActArea = Literal[AnnexIIIArea, ProhibitedPractice, Literal["none"]]
"""An Annex III area, an Art. 5 practice, or ``none`` for a use case outside all of them."""

ANNEX_III_AREAS: tuple[str, ...] = get_args(AnnexIIIArea)
PROHIBITED_PRACTICES: tuple[str, ...] = get_args(ProhibitedPractice)
ANNEX_I_LEGISLATION: tuple[str, ...] = get_args(AnnexILegislation)
SPECIAL_CATEGORY_BASES: tuple[str, ...] = get_args(SpecialCategoryBasis)


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
    public_body: bool = Field(
        default=False,
        description=(
            "The organisation is a body governed by public law (AI Act Art. 27(1): such "
            "deployers of Annex III systems do a fundamental-rights impact assessment)"
        ),
    )
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
    credit_information: bool = Field(
        default=False,
        description=(
            "Personal credit information under Korea's Credit Information Act: outside the "
            "scope of the Korean adequacy decision (EU) 2022/254"
        ),
    )


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
    original_systemic_risk: bool | None = Field(
        default=None,
        description=(
            "Whether the original model is a GPAI model with systemic risk; used when its "
            "training compute is unknown (GPAI Guidelines para 64 fallback), and a modified "
            "systemic-risk model stays one (para 70)"
        ),
    )


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
    built_in_house: bool = Field(
        default=False,
        description=(
            "The organisation builds this AI system (on its own or a third-party model) and "
            "puts it into service under its own name: it is the system's provider (Art. 3(3)), "
            "and its deployer when it uses it"
        ),
    )
    public_interest_text: bool = Field(
        default=False,
        description=(
            "The system generates or manipulates text published to inform the public on "
            "matters of public interest (Art. 50(4), second subparagraph)"
        ),
    )
    human_editorial_review: bool = Field(
        default=False,
        description=(
            "Such text undergoes human review or editorial control before publication "
            "(Art. 50(4) exception, together with editorial_responsibility_holder)"
        ),
    )
    editorial_responsibility_holder: bool = Field(
        default=False,
        description=(
            "A natural or legal person holds editorial responsibility for the publication "
            "(Art. 50(4) exception, together with human_editorial_review)"
        ),
    )
    annex_i: AnnexILegislation | None = Field(
        default=None,
        description=(
            "The Annex I Section A Union harmonisation act whose product the AI system is, or "
            "is a safety component of (Art. 6(1)), e.g. medical-devices"
        ),
    )
    third_party_conformity_assessment: bool | None = Field(
        default=None,
        description=(
            "Whether that act requires a third-party (notified-body) conformity assessment of "
            "the product; false means Art. 6(1) does not make the system high-risk"
        ),
    )


class UseCase(StrictModel):
    """One purpose a model serves, with the data it sees."""

    id: str = Field(min_length=1)
    purpose: str | None = None
    audience: Audience = "internal"
    data: list[str] = Field(default_factory=list)
    monthly_tokens: int | None = Field(default=None, ge=0)
    needs_frontier: bool = False
    ai_act: AiAct = Field(default_factory=AiAct)
    special_category_basis: SpecialCategoryBasis | None = Field(
        default=None,
        description=(
            "The GDPR Art. 9(2) condition under which the use case processes special-category "
            "data, 9(2)(a) to 9(2)(j); 9(2)(h) needs the Art. 9(3) secrecy condition"
        ),
    )
    criminal_data_basis: str | None = Field(
        default=None,
        min_length=1,
        description=(
            "The Union or Member State law that authorises processing criminal-offence data "
            "(GDPR Art. 10), e.g. the statute and section"
        ),
    )
    dpia: bool | None = Field(
        default=None,
        description=(
            "A data protection impact assessment (GDPR Art. 35) covers this use case; unset "
            "falls back to the model's dpia"
        ),
    )
    fria: bool | None = Field(
        default=None,
        description=(
            "A fundamental-rights impact assessment (AI Act Art. 27) covers this use case; "
            "unset falls back to the model's fria"
        ),
    )
    public_service: bool = Field(
        default=False,
        description=(
            "The organisation, a private body, provides a public service with this use case "
            "(AI Act Art. 27(1): FRIA for Annex III systems other than point 2)"
        ),
    )
    annex_iii_point: AnnexIIIPoint | None = Field(
        default=None,
        description=(
            "The Annex III sub-point when it matters for a duty: 5(a) public benefits, 5(b) "
            "creditworthiness, 5(c) life and health insurance pricing, 5(d) emergency triage"
        ),
    )
    activities: list[str] = Field(
        default_factory=list,
        description=(
            "What the use case does, from the activities vocabulary (`model-audit rules "
            "LIC012` lists it), matched against the model's licence use policy"
        ),
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
    modalities: list[Modality] | None = None
    training_compute_flops: float | None = Field(default=None, ge=0)
    hosting: Hosting
    contracts: Contracts = Field(default_factory=Contracts)
    derivative: Derivative | None = None
    attribution: Attribution = Field(default_factory=Attribution)
    dpia: bool = Field(
        default=False,
        description="Default for use_cases[].dpia: a DPIA covers the model's use cases",
    )
    fria: bool = Field(
        default=False,
        description="Default for use_cases[].fria: a FRIA covers the model's use cases",
    )
    use_cases: list[UseCase] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_source_fields(self) -> Model:
        if self.source == "local" and not self.path:
            raise ValueError("path: required when source is 'local' (the model folder)")
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
