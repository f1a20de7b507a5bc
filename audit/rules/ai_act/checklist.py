"""Per-use-case AI Act facts for the reports: the risk class and the obligations checklist.

Both are JSON-ready (``@use_case_annotation``): the JSON report prints them under each use
case as ``ai_act`` and ``obligations``, and the HTML and PDF reports render them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from audit.ai_act.schema import Condition, Obligation
from audit.jurisdictions import load_jurisdictions
from audit.rules.ai_act.common import (
    acts_as_deployer,
    acts_as_provider,
    annex_i_product,
    annex_iii_area,
    data,
    fria_scope,
    prohibited_practice,
    risk_class,
    transparency_paragraphs,
)
from audit.rules.ai_act.gpai_role import GpaiRole, decide_gpai_role
from audit.rules.context import UseCaseView
from audit.rules.registry import use_case_annotation


@use_case_annotation("ai_act")
def ai_act_summary(uc: UseCaseView) -> dict[str, Any]:
    """Risk class, role, GPAI-provider and systemic-risk status, and the legal basis.

    The inventory's own ``ai_act`` fields (area, Art. 50 flags) come first: the report
    document lays annotations over the use case's ``ai_act`` block, and they must survive.
    """
    role = decide_gpai_role(uc.model)
    return {
        **uc.use_case.ai_act.model_dump(mode="json"),
        "risk_class": risk_class(uc),
        "role": uc.use_case.ai_act.role,
        "system_provider": acts_as_provider(uc),
        "gpai_provider": role.provider,
        "systemic_risk": role.systemic_risk,
        "legal_basis": data().legal_basis_version,
    }


@use_case_annotation("obligations")
def obligations_checklist(uc: UseCaseView) -> list[dict[str, Any]]:
    """Every duty that binds this use case, by role, with its date and whether it applies.

    Rows come from ``audit/ai_act/data/obligations.yaml`` in file order: duties of the
    use case's role, Art. 50 duties whoever bears them, and GPAI-provider duties when the
    organisation provides the model. ``in_force`` is decided on ``--as-of``.
    """
    role = decide_gpai_role(uc.model)
    conditions = _conditions(uc, role)
    as_of = uc.model.ctx.as_of
    rows = []
    for obligation in data().obligations.values():
        if not conditions[obligation.when]:
            continue
        if obligation.waived_by_open_source and conditions["gpai-open-source-exempt"]:
            continue
        holder = _holder(obligation, uc)
        if holder is None:
            continue
        dated = data().dated(_milestone(obligation, uc))
        rows.append(
            {
                "role": holder,
                "article": obligation.article,
                "duty": obligation.duty.strip(),
                "applies_from": dated.applies_from.isoformat(),
                "in_force": dated.in_force(as_of),
                "source": obligation.source.cite(),
            }
        )
    return rows


def _holder(obligation: Obligation, uc: UseCaseView) -> str | None:
    """Who the checklist names for a duty, or None when the duty is not this use case's.

    A system built in house makes the organisation both its provider and its deployer, so
    the duties of both roles are listed.
    """
    if obligation.role == "any":
        return "provider" if acts_as_provider(uc) else uc.use_case.ai_act.role
    own = (obligation.role == "provider" and acts_as_provider(uc)) or (
        obligation.role == "deployer" and acts_as_deployer(uc)
    )
    if obligation.role == "gpai-provider" or own or obligation.listed_for_any_role:
        return obligation.role
    return None


def _milestone(obligation: Obligation, uc: UseCaseView) -> str:
    """The obligation's milestone; an Art. 5 practice with its own date brings that date."""
    practice = prohibited_practice(uc)
    if obligation.when == "prohibited" and practice is not None and practice.milestone:
        return practice.milestone
    return obligation.milestone


def _conditions(uc: UseCaseView, role: GpaiRole) -> Mapping[Condition, bool]:
    """The truth of every obligation trigger for this use case."""
    ai_act = uc.use_case.ai_act
    organisation = uc.model.ctx.organisation
    high_risk = annex_iii_area(uc) is not None
    exemption = role.exemption
    return {
        "always": True,
        "prohibited": prohibited_practice(uc) is not None,
        "high-risk": high_risk,
        "high-risk-public-body": high_risk and organisation.public_body,
        "fria": acts_as_deployer(uc) and fria_scope(uc)[0] is not False,
        "interacts-with-people": ai_act.interacts_with_people,
        "public-interest-text": ("public_interest_text", "Art. 50(4), second subparagraph")
        in transparency_paragraphs(uc),
        "high-risk-product": annex_i_product(uc) is not None,
        "synthetic-content": ai_act.generates_synthetic_content,
        "deep-fake": ai_act.deep_fake,
        "emotion-recognition": ai_act.emotion_recognition,
        "gpai-provider": role.provider,
        "gpai-provider-outside-eu": role.provider
        and not load_jurisdictions().is_eu(organisation.country),
        "gpai-open-source-exempt": role.provider and exemption is not None and exemption.available,
        "systemic-risk": role.provider and role.systemic_risk,
    }
