"""GDPR002 special-category-to-third-party and GDPR003 processor-contract-missing."""

from __future__ import annotations

from collections.abc import Iterator

from audit.findings import Hit, Severity
from audit.jurisdictions import Provider, load_jurisdictions
from audit.rules.context import AuditContext, ModelView
from audit.rules.gdpr import details
from audit.rules.gdpr.places import ModelPlaces, model_places
from audit.rules.gdpr.text import (
    join_fixes,
    place,
    provider_name,
    route_fix,
    self_hosted_alternatives,
    tag_kinds,
    tag_list,
)
from audit.rules.registry import rule


@rule(
    id="GDPR002",
    name="special-category-to-third-party",
    family="gdpr",
    severity=Severity.HIGH,
    summary=(
        "special-category (Art. 9) or criminal (Art. 10) data reach a model hosted by a third "
        "party (managed or api)"
    ),
    citation="GDPR Art. 9, Art. 10, Art. 28",
    remediation=(
        "Route Art. 9 and Art. 10 data to a self-hosted model; where a third party must process "
        "them, document the Art. 9(2) condition (Art. 10: the legal authorisation), sign a DPA "
        "with safeguards for that data and turn on zero data retention."
    ),
    details=details.processor_details(),
    scope="use case",
)
def special_category_to_third_party(ctx: AuditContext) -> Iterator[Hit]:
    """One hit per use case sending Art. 9 or Art. 10 data to a managed or api model."""
    j = load_jurisdictions()
    tags = ctx.loaded.tags
    for view in ctx.models():
        if not view.third_party_hosted:
            continue
        places = model_places(view, j, ctx.as_of)
        for uc in view.use_cases():
            data = uc.data
            if not (data.special_category or data.criminal):
                continue
            sensitive = [t for t in data.tags if tags[t].special_category or tags[t].criminal]
            articles = " and ".join(
                a
                for a, hit in (("Art. 9", data.special_category), ("Art. 10", data.criminal))
                if hit
            )
            fixes = route_fix(self_hosted_alternatives(ctx, j, view.id), "route these requests")
            fixes.append(
                "document the Art. 9(2) condition (Art. 10: the legal authorisation), sign a DPA "
                "covering this data and set contracts.zero_data_retention: true"
            )
            yield Hit(
                message=(
                    f"Use case '{uc.id}' sends {tag_list(sensitive)} data ({articles}) to model "
                    f"'{view.id}', which a third party runs for the organisation "
                    f"({_hosting(view, places)}). Such data may be processed only under an "
                    "Art. 9(2) condition (Art. 10: with legal authorisation), and handing them "
                    "to a processor needs an Art. 28 contract with safeguards fit for them "
                    f"(GDPR Art. 9, 10, 28). Fix: {join_fixes(fixes)}."
                ),
                location=uc.at("data"),
                model=view.id,
                use_case=uc.id,
                evidence=(
                    tag_kinds(data, tags),
                    f"hosting.mode: {view.model.hosting.mode}; contracts.dpa: "
                    f"{view.model.contracts.dpa}; contracts.zero_data_retention: "
                    f"{view.model.contracts.zero_data_retention}",
                    *_provider_evidence(places.provider),
                ),
            )


@rule(
    id="GDPR003",
    name="processor-contract-missing",
    family="gdpr",
    severity=Severity.HIGH,
    summary="personal data reach a managed or api model and contracts.dpa is not true",
    citation="GDPR Art. 28(3)",
    remediation=(
        "Sign the provider's data processing agreement (Art. 28(3)) before personal data reach "
        "it, and set contracts.dpa: true on the model."
    ),
    details=details.processor_details(),
    scope="model",
)
def processor_contract_missing(ctx: AuditContext) -> Iterator[Hit]:
    """One hit per third-party-hosted model that receives personal data without a DPA."""
    j = load_jurisdictions()
    for view in ctx.models():
        if not view.third_party_hosted or view.model.contracts.dpa:
            continue
        personal = [uc for uc in view.use_cases() if uc.data.personal]
        if not personal:
            continue
        places = model_places(view, j, ctx.as_of)
        sent = "; ".join(f"'{uc.id}': {tag_list(uc.data.tags)}" for uc in personal)
        provider = places.provider
        if provider is not None and provider.dpa.offered:
            offer = f"{provider.name} offers one ({provider.dpa.note}; {provider.dpa.source.url})"
        elif places.provider_unknown:
            offer = (
                f"provider '{view.model.provider}' is not in the provider catalogue; ask it "
                "for an Art. 28 agreement"
            )
        else:
            offer = f"ask {provider_name(view, provider)} for an Art. 28 agreement"
        yield Hit(
            message=(
                f"Model '{view.id}' is run by a third party ({_hosting(view, places)}) and "
                f"receives personal data from use case(s) {sent}, but contracts.dpa is not true. "
                "A processor may handle personal data only under a written contract with the "
                "Art. 28(3) terms (GDPR Art. 28(3)). Fix: sign the data processing agreement "
                f"({offer}) and set contracts.dpa: true."
            ),
            location=view.at("contracts", "dpa"),
            model=view.id,
            evidence=(
                *(tag_kinds(uc.data, ctx.loaded.tags) for uc in personal),
                *_provider_evidence(provider),
            ),
        )


def _hosting(view: ModelView, places: ModelPlaces) -> str:
    j = load_jurisdictions()
    where = ", ".join(place(d, j) for d in places.destinations) or "region unknown"
    return (
        f"{view.model.hosting.mode} hosting, provider {provider_name(view, places.provider)}, "
        f"at {where}"
    )


def _provider_evidence(provider: Provider | None) -> tuple[str, ...]:
    if provider is None:
        return ()
    offered = {True: "offered", False: "not offered", None: "unknown"}[provider.dpa.offered]
    note = f" ({provider.dpa.note})" if provider.dpa.note else ""
    return (f"{provider.name} DPA: {offered}{note}; {provider.dpa.source.cite()}",)
