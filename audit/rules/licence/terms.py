"""LIC003-LIC005 and LIC008: may this organisation use the model at all?

Thresholds on users and revenue, non-commercial terms, and territorial exclusions, checked
for the model's own licence and every licence in its lineage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from audit.findings import Hit, Severity
from audit.rules.context import AuditContext
from audit.rules.licence.common import bound_licences, cite, confidence_note
from audit.rules.registry import rule


@rule(
    id="LIC003",
    name="user-threshold",
    family="licence",
    severity=Severity.CRITICAL,
    summary="The organisation's monthly active users exceed the licence's threshold "
    "(Llama 2-4: 700M; Tongyi Qianwen and Qwen: 100M).",
    citation="Llama 2-4 Community License Agreements, section 2; Tongyi Qianwen License "
    "Agreement, section 4",
    remediation="Request a licence from the licensor before use (Meta or Alibaba Cloud), or "
    "replace the model with one without a user ceiling. Give "
    "`monthly_active_users_history` for the month the licence measures.",
    details="Llama licences measure once: monthly active users of the licensee and its "
    "affiliates in the calendar month before the version's release date "
    "(`organisation.monthly_active_users_history`, YYYY-MM). Qwen-family licences measure on "
    "an ongoing basis (`organisation.monthly_active_users`). Exactly at the threshold does "
    "not exceed it. A missing figure is reported at medium severity, never passed.",
)
def user_threshold(ctx: AuditContext) -> Iterator[Hit]:
    """One finding per model and licence whose user ceiling is exceeded or unknown."""
    org = ctx.organisation
    for view in ctx.models():
        for bound in bound_licences(view):
            threshold = bound.entry.user_threshold
            if threshold is None:
                continue
            figure, basis = org.monthly_active_users, "current monthly active users"
            month = None
            if threshold.measured == "release-month" and bound.entry.release_date:
                month = _month_before(bound.entry.release_date)
                if month in org.monthly_active_users_history:
                    figure = org.monthly_active_users_history[month]
                    basis = f"monthly active users in {month}, the month before its release"
                else:
                    basis = (
                        f"current monthly active users (no figure for {month}, the month "
                        "before its release, in monthly_active_users_history)"
                    )
            evidence = (
                f"threshold: more than {threshold.monthly_active_users:,} monthly active users, "
                f"measured {threshold.measured}"
                + (", affiliates included" if threshold.includes_affiliates else ""),
                confidence_note(threshold.source),
            )
            citation = cite(bound.entry, threshold.source)
            if figure is None:
                yield Hit(
                    message=f"{view.model.name} is bound by {bound.describe()}, which caps use at "
                    f"{threshold.monthly_active_users:,} monthly active users, but the inventory "
                    "gives no monthly_active_users figure to check",
                    location=ctx.location("organisation"),
                    model=view.id,
                    evidence=evidence,
                    severity=Severity.MEDIUM,
                    citation=citation,
                )
            elif figure > threshold.monthly_active_users:
                yield Hit(
                    message=f"{org.name} has {figure:,} {basis}, more than the "
                    f"{threshold.monthly_active_users:,} allowed by {bound.describe()}: "
                    f"{threshold.consequence}",
                    location=ctx.location(
                        "organisation",
                        "monthly_active_users_history" if month else "monthly_active_users",
                    ),
                    model=view.id,
                    evidence=evidence,
                    citation=citation,
                )


def _month_before(day: dt.date) -> str:
    first = day.replace(day=1) - dt.timedelta(days=1)
    return f"{first.year:04d}-{first.month:02d}"


@rule(
    id="LIC004",
    name="revenue-threshold",
    family="licence",
    severity=Severity.CRITICAL,
    summary="The organisation's annual revenue exceeds the licence's threshold (e.g. "
    "Stability AI Community: USD 1M).",
    citation="Stability AI Community License Agreement, section III (and similar clauses)",
    remediation="Obtain the licensor's enterprise licence before use, or replace the model. "
    "Give `organisation.annual_revenue_usd` (group-wide where the licence aggregates "
    "affiliates).",
    details="Revenue counts from any source, affiliates aggregated where the licence says "
    "so. Revenue exactly at a 'more than' threshold is reported at medium severity for "
    "review (the Stability text is ambiguous there). A missing figure is reported at medium "
    "severity, never passed.",
)
def revenue_threshold(ctx: AuditContext) -> Iterator[Hit]:
    """One finding per model and licence whose revenue ceiling is exceeded or unknown."""
    org = ctx.organisation
    for view in ctx.models():
        for bound in bound_licences(view):
            threshold = bound.entry.revenue_threshold
            if threshold is None:
                continue
            limit = threshold.annual_revenue_usd
            revenue = org.annual_revenue_usd
            evidence = (
                f"threshold: {threshold.comparison.replace('-', ' ')} USD {limit:,} annual revenue"
                + (", affiliates aggregated" if threshold.includes_affiliates else ""),
                confidence_note(threshold.source),
            )
            common = {
                "model": view.id,
                "evidence": evidence,
                "citation": cite(bound.entry, threshold.source),
            }
            where = ctx.location("organisation", "annual_revenue_usd")
            if revenue is None:
                yield Hit(
                    message=f"{view.model.name} is bound by {bound.describe()}, which limits use "
                    f"by revenue (USD {limit:,}), but the inventory gives no annual_revenue_usd",
                    location=ctx.location("organisation"),
                    severity=Severity.MEDIUM,
                    **common,  # type: ignore[arg-type]
                )
            elif revenue > limit or (revenue == limit and threshold.comparison == "at-or-above"):
                yield Hit(
                    message=f"{org.name}'s annual revenue of USD {revenue:,.0f} exceeds the USD "
                    f"{limit:,} threshold of {bound.describe()}: {threshold.consequence}",
                    location=where,
                    **common,  # type: ignore[arg-type]
                )
            elif revenue == limit:
                yield Hit(
                    message=f"{org.name}'s annual revenue is exactly USD {limit:,}, the threshold "
                    f"of {bound.describe()}; the licence's wording is ambiguous at this figure: "
                    "have it reviewed",
                    location=where,
                    severity=Severity.MEDIUM,
                    **common,  # type: ignore[arg-type]
                )


@rule(
    id="LIC005",
    name="non-commercial",
    family="licence",
    severity=Severity.CRITICAL,
    summary="The licence forbids commercial use (or any production use) and the organisation "
    "is commercial.",
    citation="e.g. CC BY-NC 4.0 section 2(a)(1); Mistral AI Research License section 3.2; "
    "Tongyi Qianwen Research License",
    remediation="Stop commercial use, obtain a commercial licence from the licensor, or "
    "replace the model with a commercially licensed one.",
)
def non_commercial(ctx: AuditContext) -> Iterator[Hit]:
    """One finding per model and non-commercial licence in a commercial organisation."""
    org = ctx.organisation
    if not org.commercial:
        return
    for view in ctx.models():
        for bound in bound_licences(view):
            terms = bound.entry.commercial_use
            if terms.allowed and terms.production_use:
                continue
            what = "commercial use" if not terms.allowed else "production use"
            yield Hit(
                message=f"{view.model.name} is bound by {bound.describe()}, which does not allow "
                f"{what}; {org.name} is a commercial organisation"
                + (f" ({terms.conditions})" if terms.conditions else ""),
                location=view.at(),
                model=view.id,
                evidence=(confidence_note(terms.source),),
                citation=cite(bound.entry, terms.source),
            )


@rule(
    id="LIC008",
    name="territorial-exclusion",
    family="licence",
    severity=Severity.CRITICAL,
    summary="The licence withholds rights from the organisation's country for this model "
    "(Llama 3.2 and Llama 4 multimodal models: EU-domiciled licensees).",
    citation="Llama 3.2 / 3.3 / 4 Acceptable Use Policy (incorporated by licence section 1.b.iv)",
    remediation="Use a text-only model of the family or another model, or consume the model "
    "only as an end user of a product or service that incorporates it (the clause exempts "
    "end users); confirm with counsel.",
    details="Applies to the licensee: the organisation's country (`organisation.country`, "
    "principal place of business). A clause limited to multimodal models applies when the "
    "model handles more than text (inventory `modalities`, the card's pipeline tag, or the "
    "model facts). A model reached through a third party's API is used as an end user.",
)
def territorial_exclusion(ctx: AuditContext) -> Iterator[Hit]:
    """One finding per model whose licence excludes the organisation's country."""
    country = ctx.organisation.country
    for view in ctx.models():
        res = view.resolution
        multimodal = any(m != "text" for m in res.modalities)
        for bound in bound_licences(view):
            for exclusion in bound.entry.territorial_exclusions:
                if not any(_covers(region, country) for region in exclusion.regions):
                    continue
                if exclusion.model_scope == "multimodal" and not multimodal:
                    continue
                if exclusion.end_users_exempt and view.model.hosting.mode == "api":
                    continue
                scope = "multimodal models" if exclusion.model_scope == "multimodal" else "models"
                evidence = [
                    f"modalities: {', '.join(res.modalities)} ({res.modalities_source})",
                    confidence_note(exclusion.source),
                ]
                if res.eu_gated:
                    evidence.append("the Hub repo blocks EU users (extra_gated_eu_disallowed)")
                yield Hit(
                    message=f"{bound.describe()} withholds its grant for {scope} from licensees "
                    f"established in {', '.join(exclusion.regions)}; {ctx.organisation.name} "
                    f"is in {country} and runs {view.model.name} "
                    f"({'multimodal' if multimodal else 'text'})",
                    location=view.at("hosting"),
                    model=view.id,
                    evidence=tuple(evidence),
                    citation=cite(bound.entry, exclusion.source),
                )


def _covers(region: str, country: str) -> bool:
    if region == "EU":
        from audit.jurisdictions import load_jurisdictions

        return load_jurisdictions().is_eu(country)
    return region == country
