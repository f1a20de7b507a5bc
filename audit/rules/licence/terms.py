"""LIC003-LIC005 and LIC008: may this organisation use the model at all?

Thresholds on users and revenue, non-commercial terms, and territorial exclusions, checked
for the model's own licence and every licence in its lineage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from audit.findings import Hit, Severity
from audit.rules.context import AuditContext, ModelView
from audit.rules.licence.common import bound_licences, cite, confidence_note, is_multimodal
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
            if threshold.monthly_revenue_usd is not None:
                limit, revenue = threshold.monthly_revenue_usd, org.monthly_revenue_usd
                period, field = "monthly", "monthly_revenue_usd"
            else:
                limit, revenue = threshold.annual_revenue_usd or 0, org.annual_revenue_usd
                period, field = "annual", "annual_revenue_usd"
            evidence = (
                f"threshold: {threshold.comparison.replace('-', ' ')} USD {limit:,} {period} "
                "revenue" + (", affiliates aggregated" if threshold.includes_affiliates else ""),
                confidence_note(threshold.source),
            )
            common = {
                "model": view.id,
                "evidence": evidence,
                "citation": cite(bound.entry, threshold.source),
            }
            where = ctx.location("organisation", field)
            if revenue is None:
                yield Hit(
                    message=f"{view.model.name} is bound by {bound.describe()}, which limits use "
                    f"by {period} revenue (USD {limit:,}), but the inventory gives no {field}",
                    location=ctx.location("organisation"),
                    severity=Severity.MEDIUM,
                    **common,  # type: ignore[arg-type]
                )
            elif revenue > limit or (revenue == limit and threshold.comparison == "at-or-above"):
                yield Hit(
                    message=f"{org.name}'s {period} revenue of USD {revenue:,.0f} exceeds the USD "
                    f"{limit:,} threshold of {bound.describe()}: {threshold.consequence}",
                    location=where,
                    **common,  # type: ignore[arg-type]
                )
            elif revenue == limit:
                yield Hit(
                    message=f"{org.name}'s {period} revenue is exactly USD {limit:,}, the "
                    f"threshold of {bound.describe()}; the licence's wording is ambiguous at "
                    "this figure: have it reviewed",
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
    "is commercial; or it allows commercial use only after registering with the licensor "
    "(medium, until confirmed).",
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
            registration = bound.entry.registration
            if terms.allowed and terms.production_use and registration is not None:
                yield Hit(
                    message=f"{view.model.name} is bound by {bound.describe()}, which allows "
                    f"commercial use only after registration ({registration.how}); "
                    f"{org.name} is commercial: confirm the registration (then waive this "
                    "finding with the reference as its reason)",
                    location=view.at(),
                    model=view.id,
                    evidence=(confidence_note(registration.source),),
                    severity=Severity.MEDIUM,
                    citation=cite(bound.entry, registration.source),
                )
                continue
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
    summary="The licence withholds rights in a region where the organisation is established "
    "or uses the model (Llama 3.2 and Llama 4 multimodal models: EU-domiciled licensees; "
    "Tencent Hunyuan: any use in the EU, UK or South Korea).",
    citation="Llama 3.2 / 3.3 / 4 Acceptable Use Policy (incorporated by licence section "
    "1.b.iv); Tencent Hunyuan Community License Agreement, sections 1 (Territory) and 5.c",
    remediation="Use a text-only model of the family or another model, or (where the clause "
    "exempts end users) consume the model only as an end user of a product or service that "
    "incorporates it; confirm with counsel.",
    details="A `licensee-domicile` clause looks at the organisation's country "
    "(`organisation.country`, principal place of business); a `use-location` clause also "
    "looks at every hosting region (`hosting.regions`) and applies whoever the licensee is. "
    "A clause limited to multimodal models applies when the model handles more than text "
    "(inventory `modalities`, the card's pipeline tag, or the model facts). A model reached "
    "through a third party's API is used as an end user.",
)
def territorial_exclusion(ctx: AuditContext) -> Iterator[Hit]:
    """One finding per model and exclusion clause that covers where it is held or used."""
    for view in ctx.models():
        res = view.resolution
        multimodal = is_multimodal(view)
        for bound in bound_licences(view):
            for exclusion in bound.entry.territorial_exclusions:
                places = _excluded_places(ctx, view, exclusion.applies_to, exclusion.regions)
                if not places:
                    continue
                if exclusion.model_scope == "multimodal" and not multimodal:
                    continue
                if exclusion.end_users_exempt and view.model.hosting.mode == "api":
                    continue
                scope = "multimodal models" if exclusion.model_scope == "multimodal" else "models"
                whom = (
                    "licensees established in"
                    if exclusion.applies_to == "licensee-domicile"
                    else "any use or distribution in"
                )
                evidence = [
                    f"modalities: {', '.join(res.modalities)} ({res.modalities_source})",
                    f"clause applies to: {exclusion.applies_to}",
                    confidence_note(exclusion.source),
                ]
                if res.eu_gated:
                    evidence.append("the Hub repo blocks EU users (extra_gated_eu_disallowed)")
                yield Hit(
                    message=f"{bound.describe()} withholds its grant for {scope} from {whom} "
                    f"{', '.join(exclusion.regions)}; {ctx.organisation.name} "
                    f"{'; '.join(places)} and runs {view.model.name} "
                    f"({'multimodal' if multimodal else 'text'})",
                    location=view.at("hosting"),
                    model=view.id,
                    evidence=tuple(evidence),
                    citation=cite(bound.entry, exclusion.source),
                )


def _excluded_places(
    ctx: AuditContext, view: ModelView, applies_to: str, regions: list[str]
) -> list[str]:
    """Where the organisation meets an exclusion: its domicile, and for a use-location
    clause every hosting region in an excluded country, in words."""
    from audit.jurisdictions import load_jurisdictions

    country = ctx.organisation.country
    places = []
    if any(_covers(region, country) for region in regions):
        places.append(f"is in {country}")
    if applies_to == "use-location":
        catalogue = load_jurisdictions()
        for code in view.model.hosting.regions:
            found = catalogue.region(code)
            if found is None:
                continue
            hit = sorted(
                {c for c in found.countries if any(_covers(region, c) for region in regions)}
            )
            if hit:
                places.append(f"hosts it in {code} ({', '.join(hit)})")
    return places


def _covers(region: str, country: str) -> bool:
    if region == "EU":
        from audit.jurisdictions import load_jurisdictions

        return load_jurisdictions().is_eu(country)
    return region == country
