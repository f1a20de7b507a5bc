"""AI Act rules evaluated per use case: AIA001-AIA004 and AIA008."""

from __future__ import annotations

from collections.abc import Iterator

from audit.ai_act.schema import ClassifiedUse
from audit.findings import Hit, Severity
from audit.inventory.schema import ANNEX_III_AREAS, PROHIBITED_PRACTICES
from audit.rules.ai_act.common import (
    FAMILY,
    annex_iii_area,
    data,
    dated_hit,
    legal_basis_evidence,
    listing,
    prohibited_practice,
    subject,
    transparency_paragraphs,
)
from audit.rules.context import AuditContext, UseCaseView
from audit.rules.registry import rule


def _duties(when: str, role: str) -> list[str]:
    """``Art. 26(1): use the system ...`` lines of the obligations data, for messages."""
    return [
        f"{ob.article}: {ob.duty}"
        for ob in data().obligations.values()
        if ob.when == when and ob.role == role
    ]


def _dates_line(*milestones: str) -> str:
    return "Applies from: " + "; ".join(
        f"{data().dated(m).covers}: {data().dated(m).describe()}" for m in milestones
    )


@rule(
    id="AIA001",
    name="prohibited-practice",
    family=FAMILY,
    severity=Severity.CRITICAL,
    summary="a use case's `ai_act.area` is an Art. 5 practice",
    citation="EU AI Act Art. 5(1)",
    remediation=(
        "Stop the use. If a listed exception applies (e.g. medical or safety reasons for "
        "emotion recognition), document the legal assessment, set the area that fits, and "
        "record a waiver with the reason and approver."
    ),
    details="Art. 5 practices by inventory key:\n"
    + listing(data().practices)
    + f"\n{_dates_line('prohibitions')}\n{legal_basis_evidence()}",
    scope="use case",
)
def prohibited_practice_rule(ctx: AuditContext) -> Iterator[Hit]:
    """A use case classified as an Art. 5 practice is banned."""
    for uc in ctx.use_cases():
        practice = prohibited_practice(uc)
        if practice is None:
            continue
        yield dated_hit(
            "prohibitions",
            ctx.as_of,
            message=(
                f"{subject(uc)} has ai_act.area '{uc.use_case.ai_act.area}': "
                f"{practice.title.lower()} is a prohibited practice under {practice.reference} "
                f"({practice.description.strip().rstrip('.')})."
            ),
            location=uc.at("ai_act", "area"),
            model=uc.model.id,
            use_case=uc.id,
            evidence=(f"Source: {practice.source.cite()}",),
            citation=f"EU AI Act {practice.reference}",
        )


@rule(
    id="AIA002",
    name="high-risk-deployer",
    family=FAMILY,
    severity=Severity.HIGH,
    summary=(
        "a use case is in an Annex III area and the role is deployer (Art. 26; Art. 27 FRIA "
        "for public bodies and credit/insurance)"
    ),
    citation="EU AI Act Arts 26-27",
    remediation=(
        "Meet the deployer duties of Art. 26 (instructions, trained human oversight, input "
        "data, monitoring, logs for six months, informing workers) and, where Art. 27 "
        "applies, do the FRIA and set `fria: true`. If the provider documented under Art. "
        "6(3) that the system is not high-risk, keep that record and waive with the reason."
    ),
    details="Annex III areas by inventory key:\n"
    + listing(data().areas)
    + "\nDeployer duties:\n  "
    + "\n  ".join(_duties("high-risk", "deployer") + _duties("fria", "deployer"))
    + f"\n{_dates_line('annex-iii')}\n{legal_basis_evidence()}",
    scope="use case",
)
def high_risk_deployer(ctx: AuditContext) -> Iterator[Hit]:
    """An Annex III use case the organisation deploys carries the Art. 26 (and 27) duties."""
    for uc, area in _high_risk_uses(ctx, "deployer"):
        fria_note, fria_evidence = _fria_note(uc)
        yield dated_hit(
            "annex-iii",
            ctx.as_of,
            message=(
                f"{_high_risk_head(uc, area)}: the deployer duties of Art. 26 apply (use per the "
                "instructions, trained human oversight, relevant input data, monitoring and "
                f"incident reporting, logs kept at least six months, workers informed). {fria_note}"
            ),
            location=uc.at("ai_act", "area"),
            model=uc.model.id,
            use_case=uc.id,
            evidence=(f"Source: {area.source.cite()}", *fria_evidence),
        )


def _high_risk_uses(ctx: AuditContext, role: str) -> Iterator[tuple[UseCaseView, ClassifiedUse]]:
    """Use cases in an Annex III area with the given ``ai_act.role``, with their area."""
    for uc in ctx.use_cases():
        area = annex_iii_area(uc)
        if area is not None and uc.use_case.ai_act.role == role:
            yield uc, area


def _high_risk_head(uc: UseCaseView, area: ClassifiedUse) -> str:
    """``Use case 'x' of model 'y' is high-risk as ai_act.area '...' (...) with role '...'``."""
    return (
        f"{subject(uc)} is high-risk as ai_act.area '{uc.use_case.ai_act.area}' "
        f"({area.reference}, {area.title.lower()}) with role '{uc.use_case.ai_act.role}'"
    )


def _fria_note(uc: UseCaseView) -> tuple[str, tuple[str, ...]]:
    """What Art. 27 asks of this deployer, and whether `fria` records it."""
    fria = data().obligations["art27-fria"]
    done = uc.model.model.fria
    recorded = "`fria: true` is recorded" if done else "`fria` is not true"
    field = f"{uc.model.at('fria')} models[{uc.model.index}].fria"
    evidence = (f"Source: {fria.source.cite()}", f"FRIA flag at {field}: {done}")
    if uc.model.ctx.organisation.public_body:
        action = "" if done else "; carry it out before first use and set `fria: true`"
        note = (
            "As a body governed by public law (organisation.public_body), the organisation "
            f"must do a fundamental-rights impact assessment (Art. 27): {recorded}{action}."
        )
        return note, evidence
    if uc.use_case.ai_act.area == "essential-services":
        note = (
            "If the use case scores creditworthiness (Annex III point 5(b)) or prices life or "
            "health insurance (5(c)), a fundamental-rights impact assessment (Art. 27) is due "
            f"before first use: {recorded}."
        )
        return note, evidence
    return (
        "Art. 27 FRIA is not required of a private deployer here unless it provides public "
        "services.",
        evidence,
    )


@rule(
    id="AIA003",
    name="high-risk-provider",
    family=FAMILY,
    severity=Severity.CRITICAL,
    summary="a use case is in an Annex III area and the role is provider (Arts 8-17, 43, 49)",
    citation="EU AI Act Arts 8-17, 43, 49",
    remediation=(
        "Before placing the system on the market or putting it into service: risk "
        "management, data governance, technical documentation, logging, instructions, human "
        "oversight, accuracy and robustness, quality management, conformity assessment and "
        "EU database registration. If the system is not high-risk under Art. 6(3), document "
        "that assessment and waive with the reason."
    ),
    details="Annex III areas by inventory key:\n"
    + listing(data().areas)
    + "\nProvider duties:\n  "
    + "\n  ".join(_duties("high-risk", "provider"))
    + f"\n{_dates_line('annex-iii', 'annex-i')}\n{legal_basis_evidence()}",
    scope="use case",
)
def high_risk_provider(ctx: AuditContext) -> Iterator[Hit]:
    """An Annex III use case the organisation provides carries the provider duties."""
    articles = ", ".join(ob.split(":", 1)[0] for ob in _duties("high-risk", "provider"))
    for uc, area in _high_risk_uses(ctx, "provider"):
        yield dated_hit(
            "annex-iii",
            ctx.as_of,
            message=(
                f"{_high_risk_head(uc, area)}: the provider duties apply ({articles}) before "
                "the system is "
                "placed on the market or put into service."
            ),
            location=uc.at("ai_act", "role"),
            model=uc.model.id,
            use_case=uc.id,
            evidence=(f"Source: {area.source.cite()}",),
        )


_TRANSPARENCY_DUTY = {
    "Art. 50(1)": "art50-1-disclose-ai",
    "Art. 50(2)": "art50-2-mark-output",
    "Art. 50(3)": "art50-3-inform-exposed",
    "Art. 50(4)": "art50-4-label-deep-fake",
}


@rule(
    id="AIA004",
    name="transparency",
    family=FAMILY,
    severity=Severity.MEDIUM,
    summary=(
        "a use case interacts with people, generates synthetic content, makes deep fakes or "
        "recognises emotions (Art. 50)"
    ),
    citation="EU AI Act Art. 50",
    remediation=(
        "Tell people they are dealing with an AI system, mark synthetic output "
        "machine-readably, label deep fakes, and inform people exposed to emotion "
        "recognition; record where the disclosure is shown."
    ),
    details="Flags and duties:\n  "
    + "\n  ".join(
        f"{flag} -> {data().obligations[_TRANSPARENCY_DUTY[para]].article} "
        f"({data().obligations[_TRANSPARENCY_DUTY[para]].role}): "
        f"{data().obligations[_TRANSPARENCY_DUTY[para]].duty}"
        for flag, para in (
            ("interacts_with_people", "Art. 50(1)"),
            ("generates_synthetic_content", "Art. 50(2)"),
            ("emotion_recognition", "Art. 50(3)"),
            ("deep_fake", "Art. 50(4)"),
        )
    )
    + f"\n{_dates_line('transparency', 'transparency-marking-legacy')}\n{legal_basis_evidence()}",
    scope="use case",
)
def transparency(ctx: AuditContext) -> Iterator[Hit]:
    """Each Art. 50 flag set on a use case is one duty to disclose or mark."""
    for uc in ctx.use_cases():
        for flag, paragraph in transparency_paragraphs(uc):
            duty = data().obligations[_TRANSPARENCY_DUTY[paragraph]]
            role = uc.use_case.ai_act.role
            holder = (
                f"As {role}, the organisation bears this duty"
                if duty.role == role
                else f"The {duty.role} bears this duty; as {role}, make sure it is met"
            )
            yield dated_hit(
                "transparency",
                ctx.as_of,
                message=(
                    f"{subject(uc)} sets ai_act.{flag}: {paragraph} requires: "
                    f"{duty.duty} {holder}.{_transparency_extra(uc, paragraph)}"
                ),
                location=uc.at("ai_act", flag),
                model=uc.model.id,
                use_case=uc.id,
                evidence=(f"Source: {duty.source.cite()}",),
                citation=f"EU AI Act {paragraph}",
            )


def _transparency_extra(uc: UseCaseView, paragraph: str) -> str:
    """Paragraph-specific caveats: the Omnibus grace period, the Art. 5(1)(f) ban."""
    if paragraph == "Art. 50(2)":
        grace = data().dated("transparency-marking-legacy")
        return (
            f" Systems placed on the market before {data().dated('transparency').applies_from}"
            f" have until {grace.describe()}."
        )
    if paragraph == "Art. 50(3)" and uc.use_case.ai_act.area in ("employment", "education"):
        ban = data().practices["emotion-recognition-work-education"]
        return (
            f" Emotion recognition at work or in education is prohibited by {ban.reference} "
            "unless for medical or safety reasons; if that is this use, set ai_act.area "
            "'emotion-recognition-work-education'."
        )
    return ""


@rule(
    id="AIA008",
    name="unclassified-use",
    family=FAMILY,
    severity=Severity.MEDIUM,
    summary="a use case has no `ai_act.area`",
    citation="EU AI Act Art. 5, Art. 6(2) and Annex III",
    remediation=(
        "Set ai_act.area to the Annex III area or Art. 5 practice that fits, or to 'none' "
        "after checking the use against both lists (`model-audit rules AIA001`, `AIA002`)."
    ),
    details=(
        "Unclassified is a finding, never a pass: without an area, neither a prohibited "
        "practice (in force since the Art. 5 date) nor a high-risk use can be ruled out.\n"
        f"Annex III keys: {', '.join(ANNEX_III_AREAS)}\n"
        f"Art. 5 keys: {', '.join(PROHIBITED_PRACTICES)}\n"
        f"{_dates_line('prohibitions')}\n{legal_basis_evidence()}"
    ),
    scope="use case",
)
def unclassified_use(ctx: AuditContext) -> Iterator[Hit]:
    """A use case without an area cannot be checked against Art. 5 or Annex III."""
    for uc in ctx.use_cases():
        if uc.use_case.ai_act.area is not None:
            continue
        yield dated_hit(
            "prohibitions",
            ctx.as_of,
            message=(
                f"{subject(uc)} has no ai_act.area, so it cannot be checked "
                "against the Art. 5 prohibitions or the Annex III high-risk areas. Set one of: "
                f"{', '.join(ANNEX_III_AREAS)}, {', '.join(PROHIBITED_PRACTICES)}, or 'none'."
            ),
            location=uc.at("ai_act", "area"),
            model=uc.model.id,
            use_case=uc.id,
        )
