"""What every AI Act rule shares: dated severity, the legal basis in evidence, wording.

A duty that does not apply yet on ``--as-of`` still produces its finding, at ``info``
severity, and every message says from when the duty applies: an organisation preparing
for a date needs the list before the date, not after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Literal

from audit.ai_act import AiActData, ClassifiedUse, DatedDuty, ai_act_data
from audit.findings import Hit, Location, Severity
from audit.rules.context import UseCaseView

FAMILY = "ai-act"

RiskClass = Literal["prohibited", "high-risk", "transparency", "minimal", "unclassified"]

TRANSPARENCY_FLAGS: tuple[tuple[str, str], ...] = (
    ("interacts_with_people", "Art. 50(1)"),
    ("generates_synthetic_content", "Art. 50(2)"),
    ("emotion_recognition", "Art. 50(3)"),
    ("deep_fake", "Art. 50(4)"),
    ("public_interest_text", "Art. 50(4), second subparagraph"),
)
"""The inventory's Art. 50 flags and the paragraph each one triggers."""


def data() -> AiActData:
    """The AI Act data (dates, classifications, thresholds, obligations), cached."""
    return ai_act_data()


def legal_basis_evidence() -> str:
    """The evidence line naming the version of the law the findings rest on."""
    return f"Legal basis: {data().legal_basis_version}"


def timing_sentence(dated: DatedDuty, as_of: dt.date) -> str:
    """Say from when the duty applies and whether it applies on ``as_of``."""
    if dated.in_force(as_of):
        return f"This duty applies since {dated.describe()}."
    return (
        f"This duty applies from {dated.describe()}; on {as_of.isoformat()} it does not "
        "apply yet, so this finding is for planning only (info)."
    )


def dated_hit(
    milestone: str,
    as_of: dt.date,
    *,
    message: str,
    location: Location,
    model: str | None,
    use_case: str | None = None,
    evidence: Sequence[str] = (),
    severity: Severity | None = None,
    citation: str | None = None,
    remediation: str | None = None,
) -> Hit:
    """A hit whose severity drops to ``info`` before the milestone's application date.

    ``severity`` overrides the rule's default while the duty applies (None keeps the
    default). The message gets the timing sentence; the evidence gets the legal basis and
    the application date with its source.
    """
    dated = data().dated(milestone)
    in_force = dated.in_force(as_of)
    return Hit(
        message=f"{message} {timing_sentence(dated, as_of)}",
        location=location,
        model=model,
        use_case=use_case,
        evidence=(*evidence, dated.evidence(), legal_basis_evidence()),
        severity=severity if in_force else Severity.INFO,
        citation=citation,
        remediation=remediation,
    )


def subject(uc: UseCaseView) -> str:
    """How messages start when naming a use case: ``Use case 'cv-screening' of model 'hr'``."""
    return f"Use case '{uc.id}' of model '{uc.model.id}'"


def annex_iii_area(uc: UseCaseView) -> ClassifiedUse | None:
    """The Annex III area of the use case, or None when it is in none."""
    area = uc.use_case.ai_act.area
    return data().areas.get(area) if area else None


def annex_i_product(uc: UseCaseView) -> ClassifiedUse | None:
    """The Annex I act of a use case that is high-risk under Art. 6(1), or None.

    ``ai_act.annex_i`` names the act; the system is high-risk only when that act sends the
    product to a third-party conformity assessment, so an explicit
    ``third_party_conformity_assessment: false`` takes it out. Unset counts as required: most
    diagnostic software needs a notified body, and the finding says how to record otherwise.
    """
    ai_act = uc.use_case.ai_act
    if ai_act.annex_i is None or ai_act.third_party_conformity_assessment is False:
        return None
    return data().legislation.get(ai_act.annex_i)


def prohibited_practice(uc: UseCaseView) -> ClassifiedUse | None:
    """The Art. 5 practice the use case is classified as, or None."""
    area = uc.use_case.ai_act.area
    return data().practices.get(area) if area else None


def transparency_paragraphs(uc: UseCaseView) -> tuple[tuple[str, str], ...]:
    """The Art. 50 flags set on the use case whose duty applies, with their paragraphs.

    Public-interest text under human review or editorial control, with a person holding
    editorial responsibility, is exempt from the Art. 50(4) disclosure.
    """
    ai_act = uc.use_case.ai_act
    return tuple(
        (flag, para)
        for flag, para in TRANSPARENCY_FLAGS
        if getattr(ai_act, flag)
        and not (flag == "public_interest_text" and editorial_exception(uc))
    )


def editorial_exception(uc: UseCaseView) -> bool:
    """True when AI-generated public-interest text is under human review or editorial control
    and a person holds editorial responsibility (Art. 50(4), second subparagraph)."""
    ai_act = uc.use_case.ai_act
    return ai_act.human_editorial_review and ai_act.editorial_responsibility_holder


def acts_as_provider(uc: UseCaseView) -> bool:
    """True when the organisation is the AI system's provider: ``role: provider``, or it builds
    the system and puts it into service under its own name (``built_in_house``, Art. 3(3))."""
    ai_act = uc.use_case.ai_act
    return ai_act.role == "provider" or ai_act.built_in_house


def acts_as_deployer(uc: UseCaseView) -> bool:
    """True when the organisation uses the system under its authority (Art. 3(4)): ``role:
    deployer``, or a system built in house that it also uses."""
    ai_act = uc.use_case.ai_act
    return ai_act.role == "deployer" or ai_act.built_in_house


def roles_text(uc: UseCaseView) -> str:
    """How messages name the organisation's role: ``provider and deployer (built in house)``."""
    if uc.use_case.ai_act.built_in_house:
        return "provider (built in house, Art. 3(3)) and deployer"
    return uc.use_case.ai_act.role


def fria_done(uc: UseCaseView) -> bool:
    """True when a FRIA covers the use case: its own ``fria``, else the model's default."""
    own = uc.use_case.fria
    return own if own is not None else uc.model.model.fria


def fria_scope(uc: UseCaseView) -> tuple[bool | None, str]:
    """Whether Art. 27(1) asks this use case's deployer for a FRIA, and why.

    True, False, or None when it depends on an Annex III point 5 sub-point the inventory does
    not give. Only Annex III (Art. 6(2)) systems are in scope, never those of point 2.
    """
    area = uc.use_case.ai_act.area
    if annex_iii_area(uc) is None:
        return False, "Art. 27(1) covers only Annex III (Art. 6(2)) high-risk systems"
    if area == "critical-infrastructure":
        return False, "Art. 27(1) excludes systems of Annex III point 2 (critical infrastructure)"
    if uc.model.ctx.organisation.public_body:
        return True, "the organisation is a body governed by public law (organisation.public_body)"
    if uc.use_case.public_service:
        return True, "the organisation, a private body, provides a public service (public_service)"
    point = uc.use_case.annex_iii_point
    if area == "essential-services":
        if point in ("5(b)", "5(c)"):
            return True, f"every deployer of an Annex III point {point} system needs one"
        if point is None:
            return None, (
                "it depends on the Annex III point 5 sub-point: creditworthiness (5(b)) and "
                "life or health insurance pricing (5(c)) need one; set annex_iii_point"
            )
    return False, (
        "a private deployer that provides no public service needs one only for Annex III "
        "points 5(b) and 5(c)"
    )


def risk_class(uc: UseCaseView) -> RiskClass:
    """The AI Act risk class of a use case, from its area and Art. 50 flags.

    A use case without ``ai_act.area`` is ``unclassified`` even when Art. 50 flags are set:
    without an area, a prohibited or high-risk use cannot be ruled out.
    """
    area = uc.use_case.ai_act.area
    if area is None:
        return "unclassified"
    if area in data().practices:
        return "prohibited"
    if area in data().areas or annex_i_product(uc) is not None:
        return "high-risk"
    return "transparency" if transparency_paragraphs(uc) else "minimal"


def format_flops(value: float) -> str:
    """Training compute as people write it: ``3.8e25``."""
    mantissa, exponent = f"{value:.2e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"


def listing(entries: Mapping[str, ClassifiedUse]) -> str:
    """Data-driven lines for ``model-audit rules ID``: key, reference, description."""
    return "\n".join(
        f"  {key}: {entry.reference}, {entry.title}. {entry.description}"
        for key, entry in entries.items()
    )
