"""AI Act rules evaluated per use case: AIA001-AIA003 and AIA008 (AIA004 in ``transparency``,
AIA009 and AIA010 in ``products``)."""

from __future__ import annotations

from collections.abc import Iterator

from audit.ai_act.schema import ClassifiedUse
from audit.findings import Hit, Severity
from audit.inventory.schema import ANNEX_III_AREAS, PROHIBITED_PRACTICES
from audit.rules.ai_act.common import (
    FAMILY,
    acts_as_deployer,
    acts_as_provider,
    annex_iii_area,
    data,
    dated_hit,
    fria_done,
    fria_scope,
    legal_basis_evidence,
    listing,
    prohibited_practice,
    roles_text,
    subject,
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
    summary=(
        "a use case's `ai_act.area` is an Art. 5 practice, or the organisation provides an "
        "image, video or audio generator without NCII/CSAM safeguards (Art. 5(1a), high)"
    ),
    citation="EU AI Act Art. 5(1)",
    remediation=(
        "Stop the use. If a listed exception applies (e.g. medical or safety reasons for "
        "emotion recognition), document the legal assessment, set the area that fits, and "
        "record a waiver with the reason and approver."
    ),
    details="Art. 5 practices by inventory key:\n"
    + listing(data().practices)
    + f"\n{_dates_line('prohibitions', 'prohibitions-ncii-csam')}\n{legal_basis_evidence()}",
    scope="use case",
)
def prohibited_practice_rule(ctx: AuditContext) -> Iterator[Hit]:
    """A use case classified as an Art. 5 practice is banned."""
    for uc in ctx.use_cases():
        practice = prohibited_practice(uc)
        if practice is None:
            continue
        yield dated_hit(
            practice.milestone or "prohibitions",
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
    yield from _generators_without_safeguards(ctx)


GENERATED_MEDIA = ("image", "video", "audio")
"""Modalities of a generator that Art. 5(1)(ba) and (bb) are about."""


def _generators_without_safeguards(ctx: AuditContext) -> Iterator[Hit]:
    """A generator of images, video or audio that the organisation provides without NCII and
    CSAM safeguards: the banned output is then a foreseeable outcome (Art. 5(1a))."""
    ncii = data().practices["non-consensual-intimate-imagery"]
    csam = data().practices["child-sexual-abuse-material"]
    for uc in ctx.use_cases():
        ai_act = uc.use_case.ai_act
        if not (ai_act.generates_synthetic_content and acts_as_provider(uc)):
            continue
        if ai_act.intimate_imagery_safeguards or prohibited_practice(uc) is not None:
            continue
        media = [m for m in uc.model.resolution.modalities if m in GENERATED_MEDIA]
        if not media:
            continue
        yield dated_hit(
            ncii.milestone or "prohibitions",
            ctx.as_of,
            message=(
                f"{subject(uc)} generates synthetic content with a model that handles "
                f"{', '.join(media)}, and the organisation is the system's provider, but "
                "ai_act.intimate_imagery_safeguards is not true. Placing such a generator on "
                "the market or putting it into service is banned where non-consensual intimate "
                "imagery or child sexual abuse material is a reasonably foreseeable outcome "
                f"without adequate technical safeguards ({ncii.reference}, {csam.reference}, "
                "Art. 5(1a)). Fix: put such safeguards in place and set "
                "ai_act.intimate_imagery_safeguards: true."
            ),
            location=uc.at("ai_act", "generates_synthetic_content"),
            model=uc.model.id,
            use_case=uc.id,
            evidence=(
                f"Source: {ncii.source.cite()}",
                f"model modalities: {', '.join(uc.model.resolution.modalities)}",
            ),
            severity=Severity.HIGH,
            citation=f"EU AI Act {ncii.reference}, {csam.reference}, Art. 5(1a)",
            remediation=(
                "Put reasonable and adequate technical safeguards against NCII and CSAM output "
                "in place, then set ai_act.intimate_imagery_safeguards: true."
            ),
        )


@rule(
    id="AIA002",
    name="high-risk-deployer",
    family=FAMILY,
    severity=Severity.HIGH,
    summary=(
        "a use case is in an Annex III area and the organisation deploys the system (role "
        "deployer, or built in house) (Art. 26; Art. 27 FRIA per use case for public bodies, "
        "private bodies providing public services, and points 5(b)/5(c); never point 2)"
    ),
    citation="EU AI Act Arts 26-27",
    remediation=(
        "Meet the deployer duties of Art. 26 (instructions, trained human oversight, input "
        "data, monitoring, logs for six months, informing workers) and, where Art. 27 "
        "applies, do the FRIA and set fria: true on the use case. Once the duties are met, "
        "record a waiver for the rule and model naming where the evidence is kept. If the "
        "provider documented under Art. 6(3) that the system is not high-risk, keep that record "
        "and waive with the reason."
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
    """Use cases in an Annex III area where the organisation acts as ``role``, with their area
    (a system built in house makes it both provider and deployer)."""
    acts_as = acts_as_deployer if role == "deployer" else acts_as_provider
    for uc in ctx.use_cases():
        area = annex_iii_area(uc)
        if area is not None and acts_as(uc):
            yield uc, area


def _high_risk_head(uc: UseCaseView, area: ClassifiedUse) -> str:
    """``Use case 'x' of model 'y' is high-risk as ai_act.area '...' (...) with role '...'``."""
    return (
        f"{subject(uc)} is high-risk as ai_act.area '{uc.use_case.ai_act.area}' "
        f"({area.reference}, {area.title.lower()}) with the organisation as {roles_text(uc)}"
    )


def _fria_note(uc: UseCaseView) -> tuple[str, tuple[str, ...]]:
    """What Art. 27 asks of this deployer, and whether the use case's `fria` records it."""
    fria = data().obligations["art27-fria"]
    done = fria_done(uc)
    required, why = fria_scope(uc)
    own = uc.use_case.fria
    recorded = (
        f"use_cases[{uc.index}].fria is {str(own).lower()}"
        if own is not None
        else f"the model's fria (the default) is {str(done).lower()}"
    )
    evidence = (f"Source: {fria.source.cite()}", f"Art. 27(1) scope: {why}; {recorded}")
    if required is False:
        return f"No Art. 27 fundamental-rights impact assessment is required: {why}.", evidence
    if required is None:
        return (
            f"Whether a fundamental-rights impact assessment (Art. 27) is due: {why}.",
            evidence,
        )
    if done:
        return f"A fundamental-rights impact assessment (Art. 27) is due, as {why}: done.", evidence
    return (
        f"A fundamental-rights impact assessment (Art. 27) is due before first use, as {why}, "
        f"and none is recorded: carry it out and set fria: true on use case '{uc.id}'.",
        evidence,
    )


@rule(
    id="AIA003",
    name="high-risk-provider",
    family=FAMILY,
    severity=Severity.CRITICAL,
    summary=(
        "a use case is in an Annex III area and the organisation is the system's provider "
        "(role provider, or built in house) (Arts 8-17, 43, 49)"
    ),
    citation="EU AI Act Arts 8-17, 43, 49",
    remediation=(
        "Before placing the system on the market or putting it into service: risk "
        "management, data governance, technical documentation, logging, instructions, human "
        "oversight, accuracy and robustness, quality management, conformity assessment and "
        "EU database registration; once done, record a waiver naming the conformity "
        "documentation. If the system is not high-risk under Art. 6(3), document that "
        "assessment and waive with the reason."
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
