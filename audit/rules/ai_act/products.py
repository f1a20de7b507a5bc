"""AIA009 high-risk-product (Art. 6(1), Annex I) and AIA010 role-contradiction (Art. 3(3)).

Annex I acts are data (``audit/ai_act/data/annex_i.yaml``), dated by the ``annex-i``
milestone; the Digital Omnibus moved that date, and the newest act's date wins.
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.findings import Hit, Severity
from audit.inventory.schema import ANNEX_I_LEGISLATION
from audit.rules.ai_act.common import (
    FAMILY,
    acts_as_deployer,
    acts_as_provider,
    annex_i_product,
    data,
    dated_hit,
    legal_basis_evidence,
    listing,
    subject,
)
from audit.rules.context import AuditContext
from audit.rules.registry import rule


@rule(
    id="AIA009",
    name="high-risk-product",
    family=FAMILY,
    severity=Severity.HIGH,
    summary=(
        "a use case's AI system is, or is a safety component of, a product under an Annex I "
        "act (`ai_act.annex_i`) that needs third-party conformity assessment: high-risk "
        "under Art. 6(1)"
    ),
    citation="EU AI Act Art. 6(1), Art. 43(3), Annex I",
    remediation=(
        "As provider, meet the Chapter III Section 2 requirements and have them checked in the "
        "product's own conformity assessment (Art. 43(3), e.g. the MDR procedure with the "
        "notified body); as deployer, meet Art. 26. Once done, record a waiver naming the "
        "certificate. If the product act needs no third-party assessment (e.g. MDR class I "
        "software), set ai_act.third_party_conformity_assessment: false."
    ),
    details="Annex I acts by inventory key (ai_act.annex_i):\n"
    + listing(data().legislation)
    + "\nHigh-risk under Art. 6(1) only when the act requires a third-party conformity "
    "assessment: ai_act.third_party_conformity_assessment true or unset (unset is treated as "
    "required and said so). A FRIA (Art. 27) is not required for Art. 6(1) systems.\n"
    f"Applies from: {data().dated('annex-i').describe()}\n{legal_basis_evidence()}",
    scope="use case",
)
def high_risk_product(ctx: AuditContext) -> Iterator[Hit]:
    """An AI system under Annex I product legislation with a notified body is high-risk."""
    for uc in ctx.use_cases():
        act = annex_i_product(uc)
        if act is None:
            continue
        ai_act = uc.use_case.ai_act
        duties = []
        if acts_as_provider(uc):
            duties.append(
                "as its provider the organisation must meet the Chapter III Section 2 "
                "requirements and have them assessed within the product's conformity "
                "assessment (Art. 43(3))"
            )
        if acts_as_deployer(uc):
            duties.append(
                "as its deployer the organisation must meet Art. 26 (use per the instructions, "
                "human oversight, input data, monitoring, logs)"
            )
        assumed = (
            ""
            if ai_act.third_party_conformity_assessment
            else " (ai_act.third_party_conformity_assessment is unset, so a notified body is "
            "assumed; set it to false if the product act requires none)"
        )
        yield dated_hit(
            "annex-i",
            ctx.as_of,
            message=(
                f"{subject(uc)} has ai_act.annex_i '{ai_act.annex_i}': the AI system is, or is "
                f"a safety component of, a product under {act.title.lower()} legislation "
                f"({act.reference}) that needs third-party conformity assessment{assumed}, so "
                f"it is high-risk under Art. 6(1); {'; '.join(duties)}."
            ),
            location=uc.at("ai_act", "annex_i"),
            model=uc.model.id,
            use_case=uc.id,
            evidence=(f"Source: {act.source.cite()}", f"Annex I act: {act.description.strip()}"),
        )


@rule(
    id="AIA010",
    name="role-contradiction",
    family=FAMILY,
    severity=Severity.MEDIUM,
    summary=(
        "a use case says `ai_act.role: deployer` and `ai_act.built_in_house: true`: an "
        "organisation that builds an AI system and puts it into service under its own name is "
        "its provider (Art. 3(3))"
    ),
    citation="EU AI Act Art. 3(3), 3(4), 3(11)",
    remediation=(
        "Set ai_act.role: provider (the deployer duties of a system built in house stay listed), "
        "or set built_in_house: false if the organisation uses a vendor's AI system as supplied."
    ),
    details=(
        "Art. 3(3): the provider develops an AI system, or has it developed, and puts it into "
        "service under its own name, paid or free; Art. 3(11): putting into service includes "
        "supply for own use. An assistant built on a third-party model and used in house "
        "therefore makes the organisation its provider and, when it uses it, its deployer. The "
        "model's vendor stays the GPAI model provider. Until the role is corrected, the audit "
        "already treats the use case as both provider and deployer.\n"
        f"Annex I keys for ai_act.annex_i: {', '.join(ANNEX_I_LEGISLATION)}"
    ),
    scope="use case",
)
def role_contradiction(ctx: AuditContext) -> Iterator[Hit]:
    """``role: deployer`` with ``built_in_house: true`` contradicts Art. 3(3)."""
    for uc in ctx.use_cases():
        ai_act = uc.use_case.ai_act
        if not (ai_act.built_in_house and ai_act.role == "deployer"):
            continue
        yield Hit(
            message=(
                f"{subject(uc)} says role: deployer but built_in_house: true. An organisation "
                "that builds an AI system and puts it into service under its own name, "
                "including for its own use, is that system's provider (Art. 3(3), 3(11)) and "
                "its deployer when it uses it, never only a deployer; the audit treats it as "
                "both. Fix: set ai_act.role: provider, or built_in_house: false if the "
                "organisation uses a vendor's AI system as supplied."
            ),
            location=uc.at("ai_act", "role"),
            model=uc.model.id,
            use_case=uc.id,
            evidence=(f"ai_act.role: {ai_act.role}; ai_act.built_in_house: true",),
        )
