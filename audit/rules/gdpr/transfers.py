"""GDPR001 transfer-without-basis and GDPR005 unknown-region (GDPR Chapter V)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from audit.findings import Hit, Severity
from audit.jurisdictions import Jurisdictions, load_jurisdictions
from audit.rules.context import AuditContext, ModelView, UseCaseView
from audit.rules.gdpr import details
from audit.rules.gdpr.places import Destination, ModelPlaces, assess_transfer, model_places
from audit.rules.gdpr.text import (
    eu_alternatives,
    join_fixes,
    place,
    provider_name,
    region_evidence,
    route_fix,
    self_hosted_alternatives,
    tag_kinds,
    tag_list,
)
from audit.rules.registry import rule

# An Art. 49 derogation is a lawful basis, so it cannot be critical like a transfer with no
# basis at all. But derogations are for occasional transfers and are read restrictively,
# while a model serving a use case sends data systematically: the claim is very likely wrong.
# MEDIUM keeps it visible in every report without failing the default gate (high) on a
# judgement the tool cannot make (whether explicit consent or a contract really covers it).
DEROGATION_SEVERITY = Severity.MEDIUM


@rule(
    id="GDPR001",
    name="transfer-without-basis",
    family="gdpr",
    severity=Severity.CRITICAL,
    summary=(
        "personal data reach a region outside the EEA whose country has no adequacy decision, "
        "and no transfer_mechanism (scc, bcr, derogation; dpf only for the US) covers it"
    ),
    citation="GDPR Art. 44-46 (Chapter V)",
    remediation=(
        "Keep the data in the EEA (an EU region, the provider's EU residency option, or a "
        "self-hosted model), or put a Chapter V basis in place and declare it in "
        "contracts.transfer_mechanism: scc (with a transfer impact assessment), bcr, or dpf "
        "for a DPF-certified US importer."
    ),
    details=details.transfer_details(),
    scope="use case",
)
def transfer_without_basis(ctx: AuditContext) -> Iterator[Hit]:
    """One hit per use case and non-EEA region its personal data reach without a valid basis."""
    j = load_jurisdictions()
    for view in ctx.models():
        places = model_places(view, j, ctx.as_of)
        mechanism = view.model.contracts.transfer_mechanism
        for uc in view.use_cases():
            if not uc.data.personal:
                continue
            for dest in places.destinations:
                if dest.status.status in ("EEA", "unknown"):
                    continue  # no transfer, or GDPR005's business
                verdict = assess_transfer(dest.status, mechanism, ctx.as_of, uc.data.flags)
                if verdict.lawful and not verdict.exceptional:
                    continue
                yield _transfer_hit(ctx, j, view, uc, places, dest, verdict.problem)


def _transfer_hit(
    ctx: AuditContext,
    j: Jurisdictions,
    view: ModelView,
    uc: UseCaseView,
    places: ModelPlaces,
    dest: Destination,
    problem: str | None,
) -> Hit:
    status = dest.status
    mechanism = view.model.contracts.transfer_mechanism
    where = place(dest, j)
    assumed = f" ({dest.assumed_short})" if dest.assumed_short else ""
    fixes = eu_alternatives(view, j, ctx.organisation.country)
    fixes += route_fix(self_hosted_alternatives(ctx, j, view.id))
    who = provider_name(view, places.provider)
    if status.decision is not None and status.decision.requires_mechanism:
        fixes.append(
            f"set transfer_mechanism: {status.decision.requires_mechanism} if {who} is "
            f"certified under the decision's scope ({status.decision.scope})"
        )
    fixes.append(f"sign SCCs with {who} and set transfer_mechanism: scc")
    evidence = [tag_kinds(uc.data, ctx.loaded.tags), region_evidence(status.region, dest.code)]
    if dest.assumed:
        evidence.append(dest.assumed)
        if places.provider is not None:
            evidence.append(places.provider.describe_default())
    evidence.extend(
        "adequacy " + decision.describe()
        for decision in (status.decision, status.lapsed)
        if decision is not None
    )
    evidence.append(f"transfer_mechanism: {mechanism or 'not set'}")
    location = dest.at(view)
    if problem is None:  # lawful only through an Art. 49 derogation
        return Hit(
            message=(
                f"Use case '{uc.id}' sends {tag_list(uc.data.tags)} data to model "
                f"'{view.id}' at {where}{assumed} relying on an Art. 49 derogation: "
                f"{status.reason}. Derogations cover occasional transfers and are read "
                "restrictively; a model serving a use case transfers data systematically, so "
                "the documented Art. 49(1) ground (e.g. explicit consent) must really apply "
                f"(GDPR Art. 49). Fix: {join_fixes(fixes)}."
            ),
            location=location,
            model=view.id,
            use_case=uc.id,
            evidence=tuple(evidence),
            subject=f"region {dest.code}",
            severity=DEROGATION_SEVERITY,
            citation="GDPR Art. 49(1) (Chapter V derogations)",
        )
    return Hit(
        message=(
            f"Use case '{uc.id}' sends {tag_list(uc.data.tags)} data to model '{view.id}' at "
            f"{where}{assumed}: {problem}. Personal data may leave the EEA only under an "
            f"adequacy decision or an Art. 46 safeguard (GDPR Art. 44-46). Fix: "
            f"{join_fixes(fixes)}."
        ),
        location=location,
        model=view.id,
        use_case=uc.id,
        evidence=tuple(evidence),
        subject=f"region {dest.code}",
    )


@rule(
    id="GDPR005",
    name="unknown-region",
    family="gdpr",
    severity=Severity.MEDIUM,
    summary="a hosting region is not in the region catalogue",
    citation="GDPR Art. 44 (Chapter V); Art. 30(1)(e) (record of transfers)",
    remediation=(
        "Give the region as an AWS, Azure or Google Cloud region code, a multi-region code "
        "(eu, us, global, ...) or an ISO 3166-1 alpha-2 country; for a region the catalogue "
        "lacks, add it with its source in an override file ($MODEL_AUDIT_JURISDICTIONS)."
    ),
    details=details.region_details(),
    scope="model",
)
def unknown_region(ctx: AuditContext) -> Iterator[Hit]:
    """One hit per region code the catalogue lacks, or per model whose region cannot be told."""
    j = load_jurisdictions()
    codes = [r.code for r in j.regions()]
    for view in ctx.models():
        places = model_places(view, j, ctx.as_of)
        personal = [uc for uc in view.use_cases() if uc.data.personal]
        stake = (
            "personal data from use case(s) "
            + ", ".join(f"'{uc.id}' ({tag_list(uc.data.tags)})" for uc in personal)
            + " cannot be checked under GDPR Chapter V"
            if personal
            else "no use case sends personal data yet, but any that does could not be checked"
        )
        evidence = tuple(tag_kinds(uc.data, ctx.loaded.tags) for uc in personal)
        if places.unresolved is not None:
            yield Hit(
                message=(
                    f"Model '{view.id}' ({view.model.hosting.mode} hosting): "
                    f"{places.unresolved}, so the tool cannot tell which country its data reach "
                    f"and does not guess; {stake} (GDPR Art. 44). Fix: list the regions the "
                    "requests are processed in under hosting.regions."
                ),
                location=view.at("hosting"),
                model=view.id,
                evidence=evidence,
            )
        for dest in places.destinations:
            if dest.status.status != "unknown":
                continue
            close = difflib.get_close_matches(dest.code.lower(), codes, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            if dest.path is not None and dest.path[:2] == ("hosting", "locations"):
                yield Hit(
                    message=(
                        f"Location '{dest.code}' of model '{view.id}' names no country, so the"
                        f" tool cannot tell which country its data reach and does not guess;"
                        f" {stake} (GDPR Art. 44). Fix: give the location's country as an ISO"
                        " 3166-1 alpha-2 code under hosting.locations."
                    ),
                    location=dest.at(view),
                    model=view.id,
                    evidence=evidence,
                )
                continue
            index = dest.index if dest.index is not None else 0
            yield Hit(
                message=(
                    f"Region '{dest.code}' of model '{view.id}' is not in the region catalogue "
                    "(AWS, Azure and Google Cloud region codes, multi-region codes, ISO "
                    f"countries), so the country its data reach is unknown; {stake} (GDPR Art. "
                    f"44).{hint} Fix: use the provider's region code or the ISO country code, "
                    "or add the region with its source in an override file."
                ),
                location=view.at("hosting", "regions", index),
                model=view.id,
                evidence=evidence,
            )
