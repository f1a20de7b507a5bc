"""The inventory format, version 1, as pydantic models (see docs/inventory.md).

Field names are a contract. Unknown fields are refused so that a typo cannot silently switch
a check off; keys starting with ``x-`` are ignored anywhere.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from audit.inventory.field_types import CalendarDate, VisibleText, whole_number_input
from audit.inventory.identifiers import Identifier

# Upper bounds of the numbers (docs/limits.md): far above any real value, low enough that
# no rule's arithmetic overflows. Infinity and NaN are refused everywhere (``StrictModel``).
MAX_COMPUTE_FLOPS = 1e35
"""Training compute in FLOP; the largest models of 2026 are near 1e26."""
MAX_USERS = 100_000_000_000
"""Monthly active users: ten times the world's population."""
MAX_MONEY_USD = 1e15
"""Revenue in USD: ten times the world's yearly economic output."""
MAX_MONTHLY_TOKENS = 10**18
"""Tokens a month a use case may process."""

UserCount = Annotated[int, Field(ge=0, le=MAX_USERS), BeforeValidator(whole_number_input)]
"""A number of users: whole (``9e8`` is fine), never a boolean."""
TokenCount = Annotated[int, Field(ge=0, le=MAX_MONTHLY_TOKENS), BeforeValidator(whole_number_input)]
"""A number of tokens a month: whole, never a boolean."""

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


MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
"""A calendar month as YYYY-MM (``x-`` keys are dropped before, and allowed by the schema)."""

Month = Annotated[str, Field(pattern=MONTH_PATTERN)]


def read_by(*rules: str) -> dict[str, Any]:
    """The JSON Schema annotation naming the rules (or commands) that read a field.

    ``docs/inventory.md`` is generated from the schema, this annotation included, so the
    reference cannot drift from the code.
    """
    return {"x-read-by": list(rules)}


def _without_extension_keys(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: v for k, v in data.items() if not (isinstance(k, str) and k.startswith("x-"))}
    return data


class StrictModel(BaseModel):
    """Base of every inventory model: frozen, unknown fields refused, ``x-`` keys dropped."""

    # strict: no silent coercion (``true`` is not 1 user, ``"no"`` is not false, ``1`` is not
    # true); no infinity or NaN in any number.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _drop_extension_keys(cls, data: Any) -> Any:
        return _without_extension_keys(data)


class Organisation(StrictModel):
    """The organisation whose models are audited."""

    name: str = Field(
        min_length=1,
        description="The organisation's legal name, as it should appear on the report.",
        examples=["Acme Health GmbH"],
    )
    country: str = Field(
        pattern=r"^[A-Z]{2}$",
        description=(
            "Principal place of business as an ISO 3166-1 alpha-2 code (capitals). It decides"
            " which data-protection regime is at home and which countries are a transfer."
        ),
        examples=["FR", "DE"],
        json_schema_extra=read_by("GDPR001"),
    )
    monthly_active_users: UserCount | None = Field(
        default=None,
        description=(
            "Monthly active users of the products that use the models, group-wide including"
            " affiliates, in the preceding calendar month. Compared with licence user caps"
            " (Llama's 700 million); unknown when absent, which is reported, not assumed small."
        ),
        examples=[12000000],
        json_schema_extra=read_by("LIC003"),
    )
    monthly_active_users_history: dict[Month, UserCount] = Field(
        default_factory=dict,
        description=(
            "Monthly active users by calendar month (YYYY-MM: figure), for licences whose user"
            " threshold is measured at the model's release date (Llama: the month before it)."
        ),
        examples=[{"2024-06": 650000000}],
        # pydantic writes the key pattern as patternProperties; other keys must fail too
        json_schema_extra={"additionalProperties": False, **read_by("LIC003")},
    )
    annual_revenue_usd: float | None = Field(
        default=None,
        ge=0,
        le=MAX_MONEY_USD,
        description=(
            "Annual revenue in US dollars, for licences with a revenue threshold; unknown when"
            " absent."
        ),
        examples=[250000000],
        json_schema_extra=read_by("LIC004"),
    )
    commercial: bool = Field(
        default=True,
        description=(
            "The organisation uses the models commercially (any business use counts);"
            " non-commercial licences are then breached."
        ),
        json_schema_extra=read_by("LIC005"),
    )
    ai_literacy_programme: bool = Field(
        default=False,
        description=(
            "Staff who use or operate AI systems have had AI-literacy measures (AI Act Art. 4)."
        ),
        json_schema_extra=read_by("AIA007"),
    )
    monthly_revenue_usd: float | None = Field(
        default=None,
        ge=0,
        le=MAX_MONEY_USD,
        description=(
            "Revenue of the latest full calendar month in US dollars, group-wide, for licences"
            " with monthly revenue terms (Kimi K2's display duty, Mistral's modified MIT"
            " cut-off); unknown when absent, which is reported, not assumed small."
        ),
        json_schema_extra=read_by("LIC004", "LIC006"),
    )
    public_body: bool = Field(
        default=False,
        description=(
            "The organisation is a body governed by public law; such deployers of Annex III"
            " systems do a fundamental-rights impact assessment (AI Act Art. 27(1)). A private"
            " body providing a public service says so per use case (`public_service`)."
        ),
        json_schema_extra=read_by("AIA002"),
    )
    can_self_host: bool = Field(
        default=False,
        description=(
            "The organisation has the engineering capacity to run open-weight models itself;"
            " `compare` and ADV003 only recommend self-hosting when it does."
        ),
        json_schema_extra=read_by("ADV003", "compare"),
    )

    @field_validator("monthly_active_users_history", mode="before")
    @classmethod
    def _drop_extension_months(cls, data: Any) -> Any:
        return _without_extension_keys(data)


class DataClass(StrictModel):
    """A custom data-classification tag, on top of the built-in ones."""

    id: str = Field(
        pattern=r"^[a-z0-9][a-z0-9._-]*$",
        description=(
            "The tag's name, used in `use_cases[].data` and `routes[].data`: lower case,"
            " digits, '.', '_' and '-'. It must not repeat a built-in tag."
        ),
        examples=["patient-records"],
    )
    personal: bool = Field(
        default=False,
        description="The data relates to identified or identifiable people (GDPR Art. 4(1)).",
        json_schema_extra=read_by("GDPR001", "GDPR002", "GDPR003", "GDPR004"),
    )
    special_category: bool = Field(
        default=False,
        description=(
            "Special-category data (GDPR Art. 9: health, biometric, genetic, ...); implies"
            " personal."
        ),
        json_schema_extra=read_by("GDPR002", "GDPR004", "GDPR006"),
    )
    criminal: bool = Field(
        default=False,
        description="Data on criminal convictions and offences (GDPR Art. 10); implies personal.",
        json_schema_extra=read_by("GDPR002", "GDPR004", "GDPR006"),
    )
    confidentiality: Confidentiality = Field(
        default="internal",
        description="How secret the data is, from least to most: public, internal,"
        " confidential, restricted.",
        json_schema_extra=read_by("GDPR006", "ADV003"),
    )
    credit_information: bool = Field(
        default=False,
        description=(
            "Personal credit information under Korea's Credit Information Act: outside the "
            "scope of the Korean adequacy decision (EU) 2022/254"
        ),
        json_schema_extra=read_by("GDPR001"),
    )


class Location(StrictModel):
    """A hosting place the region catalogue lacks (your own data centre, a colocation site)."""

    name: str = Field(
        min_length=1,
        description=("Your name for the place; `hosting.regions` may list it like a region code."),
        examples=["lyon-datacentre"],
    )
    country: str | None = Field(
        default=None,
        pattern=r"^[A-Z]{2}$",
        description=(
            "The ISO 3166-1 alpha-2 country the place is in (capitals). Absent when it cannot"
            " be established, which GDPR005 reports."
        ),
        examples=["FR"],
        json_schema_extra=read_by("GDPR001", "GDPR005"),
    )


class Hosting(StrictModel):
    """Where a model runs and who runs it."""

    mode: HostingMode = Field(
        description=(
            "Who runs the model: `self-hosted` (your own servers or your own cloud account),"
            " `managed` (a cloud runs the weights for you, e.g. Bedrock, Vertex, Azure),"
            " `api` (a provider's API)."
        ),
        json_schema_extra=read_by("GDPR001", "GDPR002", "GDPR003", "GDPR005"),
    )
    regions: list[str] = Field(
        default_factory=list,
        description=(
            "Where the model runs: cloud region codes (`eu-central-1`, `westeurope`,"
            " `europe-west4`, `gra`, `fr-par`, ...; `model-audit regions` lists them),"
            " multi-regions (`eu`, `us`, `global`) or ISO 3166-1 alpha-2 countries (`DE`)."
            " Empty for an api model means the provider's default (see `model-audit"
            " providers`)."
        ),
        examples=[["europe-west4"], ["eu-central-1", "eu-west-1"], ["FR"]],
        json_schema_extra=read_by("GDPR001", "GDPR005"),
    )
    deployment: str | None = Field(
        default=None,
        description=(
            "The provider's residency option that decides where requests are processed, from"
            " `model-audit providers PROVIDER`: Azure OpenAI `global`, `data-zone-eu`,"
            " `data-zone-us`, `regional`; Vertex AI `regional`, `eu`, `us`, `global`; OpenAI"
            " `us`, `eu` (eu.api.openai.com); Anthropic `global`, `us` (inference_geo);"
            " Bedrock `in-region`, `eu`, `us`, `apac`, `global` (also read from an"
            " inference-profile model name such as `eu.anthropic...`). GDPR001 judges every"
            " country the option may route to. Absent: the regions as listed, else the"
            " provider's default."
        ),
        examples=["data-zone-eu", "eu"],
        json_schema_extra=read_by("GDPR001", "GDPR005"),
    )
    locations: list[Location] = Field(
        default_factory=list,
        description=(
            "Places the region catalogue lacks, each with its country; a region code not in"
            " the catalogue must be one of these names (otherwise it is an error with a"
            " suggestion)."
        ),
        examples=[[{"name": "lyon-datacentre", "country": "FR"}]],
        json_schema_extra=read_by("GDPR001", "GDPR005"),
    )


class Contracts(StrictModel):
    """Contracts with the party hosting a managed or api model."""

    dpa: bool = Field(
        default=False,
        description=(
            "A GDPR Art. 28 data-processing agreement is signed with the party that hosts the"
            " model (managed or api hosting)."
        ),
        json_schema_extra=read_by("GDPR002", "GDPR003"),
    )
    transfer_mechanism: TransferMechanism | None = Field(
        default=None,
        description=(
            "The GDPR Chapter V basis for sending personal data outside the EEA: `adequacy`"
            " (Art. 45 decision), `dpf` (EU-US Data Privacy Framework, certified recipient),"
            " `scc` (standard contractual clauses), `bcr` (binding corporate rules),"
            " `derogation` (Art. 49), `none`. Absent means none stated."
        ),
        json_schema_extra=read_by("GDPR001"),
    )
    zero_data_retention: bool = Field(
        default=False,
        description="The provider has agreed not to store prompts and outputs.",
        json_schema_extra=read_by("GDPR002"),
    )


class Derivative(StrictModel):
    """Present when the organisation changes or ships the model."""

    name: str | None = Field(
        default=None,
        description=(
            "The name the organisation gives the changed model; checked against licences that"
            ' require a name prefix (Llama: "Llama" at the start).'
        ),
        examples=["Llama-3.1-Acme-Med-8B"],
        json_schema_extra=read_by("LIC007"),
    )
    fine_tuned: bool = Field(
        default=False,
        description="The organisation fine-tuned or otherwise modified the weights.",
        json_schema_extra=read_by("LIC007", "LIC009", "AIA005"),
    )
    distributed: bool = Field(
        default=False,
        description=(
            "The model (or a derivative) is published or shipped outside the organisation;"
            " licence duties to pass on terms and notices apply then."
        ),
        json_schema_extra=read_by("LIC006", "LIC009", "LIC010", "LIC011", "AIA005"),
    )
    training_compute_flops: float | None = Field(
        default=None,
        ge=0,
        le=MAX_COMPUTE_FLOPS,
        description=(
            "Compute used for the modification, in floating-point operations; above a third"
            " of the original model's the modifier becomes a GPAI provider (AI Act)."
        ),
        examples=[2.0e21],
        json_schema_extra=read_by("AIA005"),
    )
    licence: str | None = Field(
        default=None,
        description=(
            "The licence the organisation ships the derivative under (Hub licence id or SPDX"
            " expression); checked against what the base model's licence allows."
        ),
        examples=["apache-2.0"],
        json_schema_extra=read_by("LIC009"),
    )
    original_systemic_risk: bool | None = Field(
        default=None,
        description=(
            "Whether the original model is a GPAI model with systemic risk; used when its "
            "training compute is unknown (GPAI Guidelines para 64 fallback), and a modified "
            "systemic-risk model stays one (para 70)"
        ),
        json_schema_extra=read_by("AIA005", "AIA006"),
    )


class Attribution(StrictModel):
    """Notices and licence copies the organisation provides."""

    notices: list[str] = Field(
        default_factory=list,
        description=("Attribution notices shown in the product or its documentation, verbatim."),
        examples=[["Built with Llama"]],
        json_schema_extra=read_by("LIC006"),
    )
    licence_copy_included: bool = Field(
        default=False,
        description="A copy of the model's licence ships with the product or its documentation.",
        json_schema_extra=read_by("LIC010"),
    )
    name_prefix_ok: bool | None = Field(
        default=None,
        description=(
            "You have checked that the derivative's name meets the licence's naming rule;"
            " when absent, `derivative.name` is checked instead."
        ),
        json_schema_extra=read_by("LIC007"),
    )


class AiAct(StrictModel):
    """How the AI Act sees one use case."""

    role: Role = Field(
        default="deployer",
        description=(
            "The organisation's role for this use case under the AI Act: `deployer` (uses the"
            " system under its authority) or `provider` (places it on the market or puts it"
            " into service under its own name)."
        ),
        json_schema_extra=read_by("AIA002", "AIA003", "AIA004", "AIA009", "AIA010"),
    )
    area: AiActArea | None = Field(
        default=None,
        description=(
            "An Annex III high-risk area, an Art. 5 prohibited practice, or `none` for a use"
            " case outside all of them. Absent means unclassified, which is a finding."
        ),
        json_schema_extra=read_by("AIA001", "AIA002", "AIA003", "AIA008", "GDPR004", "LIC012"),
    )
    interacts_with_people: bool = Field(
        default=False,
        description="People talk to the system directly, e.g. a chatbot (AI Act Art. 50(1)).",
        json_schema_extra=read_by("AIA004"),
    )
    generates_synthetic_content: bool = Field(
        default=False,
        description="The system generates text, audio, images or video (AI Act Art. 50(2)).",
        json_schema_extra=read_by("AIA004"),
    )
    deep_fake: bool = Field(
        default=False,
        description=(
            "The output resembles real people, places or events and could pass as real"
            " (AI Act Art. 50(4))."
        ),
        json_schema_extra=read_by("AIA004"),
    )
    emotion_recognition: bool = Field(
        default=False,
        description=(
            "The system infers emotions or categorises people by biometric data"
            " (AI Act Art. 50(3))."
        ),
        json_schema_extra=read_by("AIA004"),
    )
    automated_decision: bool = Field(
        default=False,
        description=(
            "Decisions with legal or similarly significant effects on people are taken"
            " without meaningful human review (GDPR Art. 22)."
        ),
        json_schema_extra=read_by("GDPR004", "LIC012"),
    )
    built_in_house: bool = Field(
        default=False,
        description=(
            "The organisation builds this AI system (on its own or a third-party model) and "
            "puts it into service under its own name: it is the system's provider (Art. 3(3)), "
            "and its deployer when it uses it"
        ),
        json_schema_extra=read_by("AIA002", "AIA003", "AIA004", "AIA009", "AIA010"),
    )
    public_interest_text: bool = Field(
        default=False,
        description=(
            "The system generates or manipulates text published to inform the public on "
            "matters of public interest (Art. 50(4), second subparagraph)"
        ),
        json_schema_extra=read_by("AIA004"),
    )
    human_editorial_review: bool = Field(
        default=False,
        description=(
            "Such text undergoes human review or editorial control before publication "
            "(Art. 50(4) exception, together with editorial_responsibility_holder)"
        ),
        json_schema_extra=read_by("AIA004"),
    )
    editorial_responsibility_holder: bool = Field(
        default=False,
        description=(
            "A natural or legal person holds editorial responsibility for the publication "
            "(Art. 50(4) exception, together with human_editorial_review)"
        ),
        json_schema_extra=read_by("AIA004"),
    )
    intimate_imagery_safeguards: bool = Field(
        default=False,
        description=(
            "The image, video or audio generator has reasonable and adequate technical "
            "safeguards against producing non-consensual intimate imagery and child sexual "
            "abuse material (Art. 5(1a), as inserted by the Digital Omnibus)"
        ),
        json_schema_extra=read_by("AIA001"),
    )
    annex_i: AnnexILegislation | None = Field(
        default=None,
        description=(
            "The Annex I Section A Union harmonisation act whose product the AI system is, or "
            "is a safety component of (Art. 6(1)), e.g. medical-devices"
        ),
        json_schema_extra=read_by("AIA009", "LIC012"),
    )
    third_party_conformity_assessment: bool | None = Field(
        default=None,
        description=(
            "Whether that act requires a third-party (notified-body) conformity assessment of "
            "the product; false means Art. 6(1) does not make the system high-risk"
        ),
        json_schema_extra=read_by("AIA009"),
    )


class UseCase(StrictModel):
    """One purpose a model serves, with the data it sees."""

    id: Identifier = Field(
        min_length=1,
        description=(
            "Names the use case in findings, `compare --use-case` and waivers; unique within"
            " a model."
        ),
        examples=["discharge-letters"],
    )
    purpose: str | None = Field(
        default=None,
        description="What the model is used for, in a sentence a reviewer understands.",
        examples=["Draft discharge letters for physicians to check and sign"],
    )
    audience: Audience = Field(
        default="internal",
        description=(
            "Who the service is made available to: `internal` (staff), `customers`, `public`;"
            " licence attribution duties apply outside the organisation."
        ),
        json_schema_extra=read_by("LIC006", "LIC011"),
    )
    data: list[Identifier] = Field(
        default_factory=list,
        description=(
            "The data-class tags of what the model sees in this use case, built-in (see the"
            " table of built-in tags) or from `data_classes`."
        ),
        examples=[["personal", "health"]],
        json_schema_extra=read_by("GDPR001", "GDPR002", "GDPR003", "GDPR004", "GDPR006"),
    )
    monthly_tokens: TokenCount | None = Field(
        default=None,
        description="Tokens (input plus output) the use case consumes per month, for cost.",
        examples=[40000000],
        json_schema_extra=read_by("ADV001", "compare"),
    )
    needs_frontier: bool = Field(
        default=False,
        description=(
            "A benchmark showed the use case needs frontier-model capability; otherwise an"
            " open model is suggested where sensitive data flows."
        ),
        json_schema_extra=read_by("ADV003", "compare"),
    )
    ai_act: AiAct = Field(
        default_factory=AiAct,
        description="How the AI Act sees this use case.",
    )
    special_category_basis: SpecialCategoryBasis | None = Field(
        default=None,
        description=(
            "The GDPR Art. 9(2) condition under which the use case processes special-category "
            "data, 9(2)(a) to 9(2)(j); 9(2)(h) needs the Art. 9(3) secrecy condition"
        ),
        json_schema_extra=read_by("GDPR002"),
    )
    criminal_data_basis: str | None = Field(
        default=None,
        min_length=1,
        description=(
            "The Union or Member State law that authorises processing criminal-offence data "
            "(GDPR Art. 10), e.g. the statute and section"
        ),
        json_schema_extra=read_by("GDPR002"),
    )
    dpia: bool | None = Field(
        default=None,
        description=(
            "A data protection impact assessment (GDPR Art. 35) covers this use case; unset "
            "falls back to the model's dpia"
        ),
        json_schema_extra=read_by("GDPR004"),
    )
    fria: bool | None = Field(
        default=None,
        description=(
            "A fundamental-rights impact assessment (AI Act Art. 27) covers this use case; "
            "unset falls back to the model's fria"
        ),
        json_schema_extra=read_by("AIA002"),
    )
    public_service: bool = Field(
        default=False,
        description=(
            "The organisation, a private body, provides a public service with this use case "
            "(AI Act Art. 27(1): FRIA for Annex III systems other than point 2)"
        ),
        json_schema_extra=read_by("AIA002"),
    )
    annex_iii_point: AnnexIIIPoint | None = Field(
        default=None,
        description=(
            "The Annex III sub-point when it matters for a duty: 5(a) public benefits, 5(b) "
            "creditworthiness, 5(c) life and health insurance pricing, 5(d) emergency triage"
        ),
        json_schema_extra=read_by("AIA002"),
    )
    activities: list[str] = Field(
        default_factory=list,
        description=(
            "What the use case does, from the activities vocabulary (`model-audit rules "
            "LIC012` lists it), matched against the model's licence use policy"
        ),
        json_schema_extra=read_by("LIC012"),
    )
    use_policy_conditions_met: list[str] = Field(
        default_factory=list,
        description=(
            "Activities whose use-policy condition the organisation meets (e.g. medical-advice "
            "given only under licensed professionals); clears LIC012's conditional findings"
        ),
        json_schema_extra=read_by("LIC012"),
    )

    @field_validator("activities", "use_policy_conditions_met")
    @classmethod
    def _known_activities(cls, values: list[str]) -> list[str]:
        from audit.use_policies import activity_keys

        known = activity_keys()
        for value in values:
            if value not in known:
                raise ValueError(f"unknown activity {value!r}; expected one of {', '.join(known)}")
        return values

    @model_validator(mode="after")
    def _point_fits_area(self) -> UseCase:
        if self.annex_iii_point is not None and self.ai_act.area != "essential-services":
            raise ValueError("annex_iii_point: needs ai_act.area 'essential-services' (point 5)")
        return self


class LicenceVerification(StrictModel):
    """A licence checked by hand: who read it, when, and what they read."""

    by: str = Field(min_length=1, description="Who verified the licence (a person or team).")
    on: CalendarDate = Field(description="The day the licence was verified (YYYY-MM-DD).")
    evidence: str = Field(
        min_length=1,
        description="What was read: the licence's URL or document, and its revision.",
    )


class Model(StrictModel):
    """One AI model the organisation uses."""

    id: Identifier = Field(
        min_length=1,
        description=(
            "Your name for this model, unique in the file; findings, routes and waivers refer"
            " to it."
        ),
        examples=["discharge-letters-llm"],
    )
    name: str = Field(
        min_length=1,
        description=(
            "What the model is: a Hugging Face Hub repository id for `huggingface`, any label"
            " for `local`, the provider's model name (or Bedrock inference-profile id) for"
            " `api`."
        ),
        examples=["meta-llama/Llama-3.3-70B-Instruct", "gpt-4o"],
    )
    source: ModelSource = Field(
        description=(
            "Where the weights or the service come from: `huggingface` (a Hub repository),"
            " `local` (a folder on disk), `api` (a provider's model)."
        ),
        json_schema_extra=read_by("LIC001"),
    )
    revision: str | None = Field(
        default=None,
        description="Hub branch, tag or commit to read (huggingface only); default `main`.",
        examples=["main"],
        json_schema_extra=read_by("LIC001", "LIC002"),
    )
    path: str | None = Field(
        default=None,
        description=(
            "The model folder (local only; required there), relative to the inventory file:"
            " its README.md model card, LICENSE* files and *.spdx.json documents are read."
        ),
        examples=["models/triage-8b"],
        json_schema_extra=read_by("LIC001", "LIC002"),
    )
    provider: str | None = Field(
        default=None,
        description=(
            "The provider catalogue id or one of its aliases (required for `api`; also used"
            " by managed hosting); `model-audit providers` lists them. An unknown id is an"
            " error."
        ),
        examples=["azure-openai", "amazon-bedrock", "google-vertex"],
        json_schema_extra=read_by("GDPR001", "GDPR002", "GDPR005"),
    )
    licence: str | None = Field(
        default=None,
        description=(
            "The licence you believe applies (Hub licence id or SPDX expression); checked"
            " against what the sources say."
        ),
        examples=["llama3.3", "apache-2.0"],
        json_schema_extra=read_by("LIC001", "LIC002"),
    )
    licence_choice: str | None = Field(
        default=None,
        description=(
            "For a licence offered as alternatives (`A OR B`): the one the organisation uses;"
            " without it the audit assumes the least restrictive known alternative."
        ),
        examples=["apache-2.0"],
        json_schema_extra=read_by("LIC001"),
    )
    licence_verification: LicenceVerification | None = Field(
        default=None,
        description=(
            "A manual check of the declared licence (`by`, `on`, `evidence`): the"
            " declaration counts as verified where the Hub cannot be asked."
        ),
        json_schema_extra=read_by("LIC001"),
    )
    modalities: list[Modality] | None = Field(
        default=None,
        description=(
            "What the model takes in or produces; default from the model card, else text."
            " Some licences exclude multimodal use in the EU."
        ),
        examples=[["text", "image"]],
        json_schema_extra=read_by("LIC008"),
    )
    training_compute_flops: float | None = Field(
        default=None,
        ge=0,
        le=MAX_COMPUTE_FLOPS,
        description=(
            "Training compute of the model in floating-point operations; the knowledge"
            " base's figure when absent. Above 10^25 a GPAI model presumes systemic risk."
        ),
        examples=[3.8e25],
        json_schema_extra=read_by("AIA005", "AIA006"),
    )
    hosting: Hosting = Field(description="Where the model runs and who runs it.")
    contracts: Contracts = Field(
        default_factory=Contracts,
        description="Contracts with the party that hosts a managed or api model.",
    )
    derivative: Derivative | None = Field(
        default=None,
        description="Present when the organisation changes or ships the model.",
    )
    attribution: Attribution = Field(
        default_factory=Attribution,
        description="Notices and licence copies the organisation provides.",
    )
    dpia: bool = Field(
        default=False,
        description=(
            "A GDPR Art. 35 data-protection impact assessment covers this model's use cases;"
            " the default for `use_cases[].dpia`."
        ),
        json_schema_extra=read_by("GDPR004"),
    )
    fria: bool = Field(
        default=False,
        description=(
            "An AI Act Art. 27 fundamental-rights impact assessment covers this model's use"
            " cases; the default for `use_cases[].fria`."
        ),
        json_schema_extra=read_by("AIA002"),
    )
    use_cases: list[UseCase] = Field(
        default_factory=list,
        description="The purposes the model serves, each with the data it sees.",
    )

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

    data: list[Identifier] = Field(
        min_length=1,
        description="Data-class tags: a request carrying any of them is governed by this route.",
        examples=[["health"]],
        json_schema_extra=read_by("GDPR006"),
    )
    to: list[Identifier] = Field(
        min_length=1,
        description="Model ids such requests may reach; any other model seeing them is a finding.",
        examples=[["discharge-letters-llm"]],
        json_schema_extra=read_by("GDPR006"),
    )


class Waiver(StrictModel):
    """An accepted risk: silences one rule (for one model or all) until it expires."""

    rule: str = Field(
        pattern=r"^(LIC|GDPR|AIA|ADV|INV)\d{3}$",
        description="The rule id to silence (`model-audit rules` lists them).",
        examples=["LIC006"],
    )
    model: Identifier | None = Field(
        default=None,
        description="The model id the waiver covers; every model when absent.",
        examples=["discharge-letters-llm"],
    )
    reason: VisibleText = Field(
        min_length=1,
        description="Why the risk is accepted, for the auditor reading the report.",
    )
    approved_by: VisibleText = Field(
        min_length=1,
        description="Who accepted the risk (name and role).",
        examples=["J. Weber (DPO)"],
    )
    expires: CalendarDate | None = Field(
        default=None,
        description=(
            "Last day the waiver applies (YYYY-MM-DD); after it the finding counts again and"
            " the report says the waiver expired. Without it the waiver applies until removed."
        ),
        examples=["2027-03-31"],
    )
    while_licence: str | None = Field(
        default=None,
        min_length=1,
        description=(
            "Ties the waiver to a licence (a knowledge-base key, e.g. `llama3.1`): it lapses,"
            " and the report says so, as soon as the model resolves to another licence."
        ),
        examples=["llama3.1"],
    )


class Inventory(StrictModel):
    """A model inventory, version 1."""

    version: Literal[1] = Field(description="The format version; always 1.")
    organisation: Organisation = Field(description="The organisation whose models are audited.")

    @field_validator("version", mode="before")
    @classmethod
    def _version_is_a_number(cls, value: Any) -> Any:
        # Literal[1] would take ``true`` (True == 1); a version is never a boolean.
        return str(value).lower() if isinstance(value, bool) else value

    data_classes: list[DataClass] = Field(
        default_factory=list,
        description="Custom data-classification tags, on top of the built-in ones.",
    )
    models: list[Model] = Field(
        default_factory=list,
        description="Every AI model the organisation uses: Hub, local folder or API.",
    )
    routes: list[Route] = Field(
        default_factory=list,
        description="Hybrid-routing policy: which models may see which data.",
    )
    waivers: list[Waiver] = Field(
        default_factory=list,
        description="Accepted risks: each silences one rule until it expires.",
    )
