"""GDPR004 dpia-missing: use cases that need a data protection impact assessment."""

from __future__ import annotations

from collections.abc import Iterator

from audit.findings import Hit, Location, Severity
from audit.inventory.schema import ANNEX_III_AREAS
from audit.rules.context import AuditContext, UseCaseView
from audit.rules.gdpr.text import tag_kinds
from audit.rules.registry import rule

DPIA_DETAILS = """\
A use case needs a DPIA (Art. 35) when any of these holds:
  - it sends special-category data (Art. 9 tags such as health, biometric, genetic):
    large-scale processing of such data is listed in Art. 35(3)(b);
  - ai_act.automated_decision is true: decisions based solely on automated processing with
    legal or similarly significant effect (Art. 22) are listed in Art. 35(3)(a);
  - ai_act.area is an AI Act Annex III area and the data are personal: evaluation or scoring
    with an innovative technology meets at least two WP248 rev.01 criteria.
A DPIA assesses a processing operation (or a set of similar ones), not a model (Art. 35(1)):
use_cases[].dpia records that one covers the use case; when a use case does not say, the
model's dpia stands in as the default, so one assessment on one use case never clears
another."""


@rule(
    id="GDPR004",
    name="dpia-missing",
    family="gdpr",
    severity=Severity.HIGH,
    summary=(
        "a use case needs a DPIA (special-category data, criminal-offence data (Art. 10), "
        "automated decisions under Art. 22, or an Annex III area with personal data) and dpia "
        "is not true for it (use_cases[].dpia, else the model's dpia)"
    ),
    citation="GDPR Art. 35(1), Art. 35(3)",
    remediation=(
        "Carry out a data protection impact assessment for the use case before processing "
        "(Art. 35), then set dpia: true on that use case (use_cases[].dpia)."
    ),
    details=DPIA_DETAILS,
    scope="use case",
)
def dpia_missing(ctx: AuditContext) -> Iterator[Hit]:
    """One hit per use case that meets an Art. 35 trigger and is not covered by a DPIA (its own
    ``dpia``, else the model's default)."""
    for view in ctx.models():
        for uc in view.use_cases():
            if dpia_done(uc):
                continue
            reasons = _reasons(uc)
            if not reasons:
                continue
            yield Hit(
                message=(
                    f"Use case '{uc.id}' on model '{view.id}' needs a DPIA because "
                    f"{'; '.join(text for text, _ in reasons)}, but no DPIA is recorded for "
                    "it (GDPR Art. 35(1), 35(3)). Fix: carry out a data protection impact "
                    f"assessment for '{uc.id}' and set dpia: true on use case '{uc.id}'."
                ),
                location=reasons[0][1],
                model=view.id,
                use_case=uc.id,
                evidence=(
                    tag_kinds(uc.data, ctx.loaded.tags),
                    f"use case dpia: {_said(uc.use_case.dpia)}; model dpia (default): "
                    f"{view.model.dpia}",
                ),
            )


def dpia_done(uc: UseCaseView) -> bool:
    """True when a DPIA covers the use case: its own ``dpia``, else the model's default."""
    own = uc.use_case.dpia
    return own if own is not None else uc.model.model.dpia


def _said(value: bool | None) -> str:
    return "not set" if value is None else str(value).lower()


def _reasons(uc: UseCaseView) -> list[tuple[str, Location]]:
    """Why the use case needs a DPIA, each with the inventory place that shows it."""
    tags = uc.model.ctx.loaded.tags
    data = uc.data
    out = []
    if data.special_category:
        special = ", ".join(t for t in data.tags if tags[t].special_category)
        out.append(
            (f"it processes special-category data ({special}; Art. 9, 35(3)(b))", uc.at("data"))
        )
    if data.criminal:
        criminal = ", ".join(t for t in data.tags if tags[t].criminal)
        out.append(
            (f"it processes criminal-offence data ({criminal}; Art. 10, 35(3)(b))", uc.at("data"))
        )
    if uc.use_case.ai_act.automated_decision:
        out.append(
            (
                "it makes solely automated decisions about people (Art. 22, 35(3)(a))",
                uc.at("ai_act", "automated_decision"),
            )
        )
    area = uc.use_case.ai_act.area
    if area in ANNEX_III_AREAS and data.personal:
        out.append(
            (
                f"it is in the AI Act Annex III area '{area}' with personal data "
                "(evaluation with a new technology, WP248 rev.01)",
                uc.at("ai_act", "area"),
            )
        )
    return out
