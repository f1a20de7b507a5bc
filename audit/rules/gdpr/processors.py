"""GDPR002 special-category-to-third-party and GDPR003 processor-contract-missing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from audit.findings import Hit, Location, Severity
from audit.jurisdictions import Provider, load_jurisdictions
from audit.rules.context import AuditContext, ModelView, UseCaseView
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

BASIS_DETAILS = """\
No GDPR article forbids special-category data on a processor's infrastructure as such: Art. 9
conditions the processing. A use case sending Art. 9 or Art. 10 data to a managed or api model
therefore needs:
  - special_category_basis on the use case: the Art. 9(2) condition, one of 9(2)(a)..9(2)(j)
    (e.g. 9(2)(h) care under a contract with a health professional, subject to the Art. 9(3)
    professional-secrecy condition; 9(2)(a) explicit consent);
  - criminal_data_basis on the use case for Art. 10 data: the Union or Member State law that
    authorises the processing;
  - contracts.dpa: true on the model: the Art. 28(3) processor contract.
With all of them set the finding clears. Art. 32 security, the DPIA (GDPR004) and the transfer
basis (GDPR001) are checked by their own rules."""

SECRECY_NOTE = (
    "9(2)(h) applies only subject to Art. 9(3): the data are processed by or under the "
    "responsibility of a professional bound by professional secrecy (processor staff under "
    "the controller's responsibility and a confidentiality commitment, Art. 28(3)(b)); check "
    "whether national law adds conditions (Art. 9(4))"
)


@rule(
    id="GDPR002",
    name="special-category-to-third-party",
    family="gdpr",
    severity=Severity.HIGH,
    summary=(
        "special-category (Art. 9) or criminal (Art. 10) data reach a model hosted by a third "
        "party (managed or api) without a recorded lawful condition (special_category_basis, "
        "criminal_data_basis) and a processor contract (contracts.dpa)"
    ),
    citation="GDPR Art. 9(2), Art. 10, Art. 28(3)",
    remediation=(
        "Record the lawful condition on the use case: special_category_basis (the Art. 9(2) "
        "point, e.g. 9(2)(h)) for Art. 9 data and criminal_data_basis (the authorising law) for "
        "Art. 10 data; sign the processor's Art. 28 contract and set contracts.dpa: true. Or "
        "route these requests to a self-hosted model."
    ),
    details=BASIS_DETAILS + "\n" + details.processor_details(),
    scope="use case",
)
def special_category_to_third_party(ctx: AuditContext) -> Iterator[Hit]:
    """One hit per use case sending Art. 9 or Art. 10 data to a managed or api model while
    the Art. 9(2) condition, the Art. 10 authorisation or the Art. 28 contract is missing."""
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
            missing = _missing_conditions(view, uc)
            if not missing:
                continue
            sensitive = [t for t in data.tags if tags[t].special_category or tags[t].criminal]
            articles = " and ".join(
                a
                for a, hit in (("Art. 9", data.special_category), ("Art. 10", data.criminal))
                if hit
            )
            fixes = ["; ".join(fix for _, fix, _ in missing)]
            fixes += route_fix(self_hosted_alternatives(ctx, j, view.id), "route these requests")
            basis = uc.use_case.special_category_basis
            evidence = [
                tag_kinds(data, tags),
                f"special_category_basis: {basis or 'not set'}; criminal_data_basis: "
                f"{uc.use_case.criminal_data_basis or 'not set'}; contracts.dpa: "
                f"{view.model.contracts.dpa}",
                f"hosting.mode: {view.model.hosting.mode}; contracts.zero_data_retention: "
                f"{view.model.contracts.zero_data_retention}",
                *_provider_evidence(places.provider),
            ]
            if basis == "9(2)(h)":
                evidence.append(SECRECY_NOTE)
            yield Hit(
                message=(
                    f"Use case '{uc.id}' sends {tag_list(sensitive)} data ({articles}) to model "
                    f"'{view.id}', which a third party runs for the organisation "
                    f"({_hosting(view, places)}), but {_and(what for what, _, _ in missing)}. "
                    "A processor may handle such data for the organisation where an Art. 9(2) "
                    "condition applies (Art. 10: a law authorises it) and an Art. 28 contract "
                    f"binds it (GDPR Art. 9(2), 10, 28(3)). Fix: {join_fixes(fixes)}."
                ),
                location=missing[0][2],
                model=view.id,
                use_case=uc.id,
                evidence=tuple(evidence),
            )


def _missing_conditions(view: ModelView, uc: UseCaseView) -> list[tuple[str, str, Location]]:
    """What the use case lacks: (what is missing, how to fix it, where to fix it)."""
    out = []
    data = uc.data
    if data.special_category and uc.use_case.special_category_basis is None:
        out.append(
            (
                "special_category_basis is not set",
                f"set special_category_basis on use case '{uc.id}' to the Art. 9(2) condition "
                "that applies (9(2)(a) to 9(2)(j), e.g. 9(2)(h) for care under a contract "
                "with a health professional)",
                uc.at("data"),
            )
        )
    if data.criminal and uc.use_case.criminal_data_basis is None:
        out.append(
            (
                "criminal_data_basis is not set",
                f"set criminal_data_basis on use case '{uc.id}' to the Union or Member State "
                "law that authorises processing the criminal-offence data (Art. 10)",
                uc.at("data"),
            )
        )
    if not view.model.contracts.dpa:
        out.append(
            (
                "contracts.dpa is not true",
                f"sign the Art. 28 processor contract and set contracts.dpa: true on model "
                f"'{view.id}'",
                view.at("contracts", "dpa"),
            )
        )
    return out


def _and(parts: Iterable[str]) -> str:
    items = list(parts)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


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
