"""Advisory rules ADV001-ADV003: procurement hints that never fail a gate by default.

They encode the procurement decision pattern: self-host when the organisation's own figures
show a saving or the data are sensitive, keep a frontier API for what needs it, avoid
depending on one closed vendor, and only rely on residency options a provider offers.
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.findings import Hit, Severity
from audit.rules.context import AuditContext, ModelView, UseCaseView
from audit.rules.registry import rule

COST_AT_SCALE_TOKENS = 10_000_000
"""Monthly tokens above which self-hosting an open-weight model is usually cheaper."""

_DECISION = "model-audit procurement heuristic (four questions: data sensitivity, monthly "
_DECISION += "token volume, need for frontier capability, ability to self-host)"


def _open_weight_self_hosted(view: ModelView) -> bool:
    return not view.is_closed_api and view.model.hosting.mode == "self-hosted"


@rule(
    id="ADV001",
    name="cost-at-scale",
    family="advisory",
    severity=Severity.INFO,
    summary="By the organisation's pricing file, self-hosting an open-weight model would cost "
    "less than a closed api model's list price at its monthly volume.",
    citation=_DECISION,
    remediation="Run `model-audit compare` for the use case with an open-weight candidate and "
    "your pricing file (--pricing); route the bulk of traffic to a self-hosted model if the "
    "saving holds with your own figures.",
    details="ADV001 uses the cost model of `model-audit compare`: the API's list price per "
    "token against a self-hosted model's engineering and replica costs, from the pricing file "
    "given with `scan --pricing` (default: the example figures shipped with the tool, which "
    "the finding then says). The alternatives are the open-weight models the inventory "
    "self-hosts; without any, an open-weight model of the largest size class. A common rule "
    f"of thumb puts the crossover at {COST_AT_SCALE_TOKENS:,} tokens a month; it is quoted as "
    "context only, because real prices often contradict it.",
)
def cost_at_scale(ctx: AuditContext) -> Iterator[Hit]:
    """One finding per closed api model whose volume a self-hosted model would serve for less,
    by the organisation's own figures."""
    from audit.rules.advisory_cost import self_hosting_saving

    for view in ctx.models():
        if not view.is_closed_api:
            continue
        saving = self_hosting_saving(ctx, view)
        if saving is None:
            continue
        api_usd = saving.api.monthly_usd or 0.0
        own_usd = saving.self_hosted.monthly_usd or 0.0
        evidence = [
            f"{uc.id}: {uc.monthly_tokens:,} tokens a month"
            for uc in view.model.use_cases
            if uc.monthly_tokens
        ]
        evidence += [
            f"API: {saving.api.basis}",
            f"self-hosted: {saving.self_hosted.basis}",
            f"context only: a common rule of thumb puts the crossover near "
            f"{COST_AT_SCALE_TOKENS:,} tokens a month",
        ]
        if saving.pricing.shipped:
            evidence.append(
                "priced with the example figures shipped with the tool: pass your own with "
                "`scan --pricing PATH` before acting on this"
            )
        yield Hit(
            message=f"{view.model.name} ({view.model.provider or 'api'}) serves "
            f"{saving.monthly_tokens:,} tokens a month, USD {api_usd:,.0f} at list price; "
            f"{saving.alternative} self-hosted would cost USD {own_usd:,.0f} by "
            f"{saving.pricing.path}, a saving of {saving.saving_usd / api_usd:.0%}",
            location=view.at("use_cases"),
            model=view.id,
            evidence=tuple(evidence),
        )


@rule(
    id="ADV002",
    name="vendor-lock-in",
    family="advisory",
    severity=Severity.INFO,
    summary="Every model serving a use case is a closed api model.",
    citation=_DECISION,
    remediation="Add an open-weight model that can serve the use case (even as a fallback "
    "route), so a change in the vendor's terms, prices or availability does not stop it.",
    scope="use case",
    details="A use case id may appear under several models when a router serves it with "
    "more than one; the rule looks at all of them together.",
)
def vendor_lock_in(ctx: AuditContext) -> Iterator[Hit]:
    """One finding per use case id served only by closed api models."""
    serving: dict[str, list[UseCaseView]] = {}
    for uc in ctx.use_cases():
        serving.setdefault(uc.id, []).append(uc)
    for use_case_id, views in serving.items():
        if not all(v.model.is_closed_api for v in views):
            continue
        first = views[0]
        names = ", ".join(sorted({v.model.model.name for v in views}))
        yield Hit(
            message=f"use case {use_case_id} is served only by closed api models ({names}); "
            "no open-weight alternative is in place",
            location=first.at("id"),
            model=first.model.id,
            use_case=use_case_id,
        )


@rule(
    id="ADV003",
    name="sensitive-data-to-closed-model",
    family="advisory",
    severity=Severity.INFO,
    summary="Confidential or restricted data reach a closed api model although an "
    "open-weight model in the inventory could serve, and no route permits that flow.",
    citation=_DECISION + "; GDPR Art. 25 (data protection by design) where data are personal",
    remediation="Route the sensitive requests to the self-hosted open-weight model, or record "
    "the decision to keep them on the closed model in a `routes:` entry whose `to` lists it "
    "(a flow the routing policy permits is not reported).",
    scope="use case",
    details="At most one finding per use case id, naming every closed model that serves it. "
    "A use case is left alone when it needs frontier capability, or when the routing policy "
    "permits the flow explicitly: some route naming one of its tags lists the closed model in "
    "its `to` and no route naming any of its tags leaves that model out. The policy then "
    "records the organisation's decision.",
)
def sensitive_data_to_closed_model(ctx: AuditContext) -> Iterator[Hit]:
    """One finding per sensitive use case id on closed api models the routing policy does not
    permit, when a self-hosted open-weight model exists."""
    alternatives = [m for m in ctx.models() if _open_weight_self_hosted(m)]
    if not alternatives:
        return
    names = ", ".join(m.id for m in alternatives[:3]) + ("..." if len(alternatives) > 3 else "")
    flagged: dict[str, list[UseCaseView]] = {}
    for uc in ctx.use_cases():
        if not uc.model.is_closed_api or not uc.data.sensitive or uc.use_case.needs_frontier:
            continue  # a use case that needs frontier capability is one an open model cannot serve
        if _permitted_by_routes(ctx, uc):
            continue
        flagged.setdefault(uc.id, []).append(uc)
    for use_case_id, views in flagged.items():
        first = views[0]
        closed = ", ".join(dict.fromkeys(v.model.model.name for v in views))
        tags = ", ".join(dict.fromkeys(t for v in views for t in v.data.tags))
        yield Hit(
            message=f"use case {use_case_id} sends {first.data.confidentiality} data ({tags}) "
            f"to the closed model(s) {closed}, although self-hosted open-weight models are in "
            f"the inventory ({names}) and no route permits the flow",
            location=first.at("data"),
            model=first.model.id,
            use_case=use_case_id,
            evidence=tuple(
                f"served by '{v.model.id}' ({v.model.model.hosting.mode})" for v in views
            ),
        )


def _permitted_by_routes(ctx: AuditContext, uc: UseCaseView) -> bool:
    """True when the routing policy explicitly permits the flow: some route naming one of the
    use case's tags lists its model, and no route naming any of its tags leaves it out."""
    naming = [r for r in ctx.loaded.inventory.routes if set(r.data) & set(uc.use_case.data)]
    return bool(naming) and all(uc.model.id in r.to for r in naming)


@rule(
    id="ADV004",
    name="residency-option-not-offered",
    family="advisory",
    severity=Severity.MEDIUM,
    summary="A closed api model's hosting names a region or residency option its provider's "
    "catalogue entry does not offer.",
    citation="Provider catalogue (model-audit providers); GDPR Chapter V depends on where "
    "the provider really processes the data",
    remediation="Name a region the provider offers (see `model-audit providers`), or, if the "
    "provider has added the option, record it in a catalogue override "
    "(MODEL_AUDIT_JURISDICTIONS) with its source.",
    details="The GDPR rules judge the regions the inventory states. A region the provider "
    "cannot deliver makes that judgement rest on a promise nobody made, so it is flagged at "
    "medium. A region matches an option when it is the option, or lies wholly within it; a "
    "provider whose options are regions of a cloud (Bedrock, Azure OpenAI, Vertex AI) "
    "matches any region of that cloud.",
)
def residency_option_not_offered(ctx: AuditContext) -> Iterator[Hit]:
    """One finding per stated region that the model's provider does not offer."""
    from audit.jurisdictions import load_jurisdictions
    from audit.rules.advisory_cost import unoffered_regions

    catalogue = load_jurisdictions()
    for view in ctx.models():
        model = view.model
        if model.hosting.mode != "api" or not model.provider or not model.hosting.regions:
            continue
        provider = catalogue.provider(model.provider)
        if provider is None:
            continue
        for miss in unoffered_regions(catalogue, provider, list(model.hosting.regions)):
            yield Hit(
                message=f"{model.name} is set to run in {miss.region}, but {provider.name} "
                f"does not offer it; it offers {'; '.join(miss.offered) or 'no region choice'}",
                location=view.at("hosting", "regions"),
                model=view.id,
                evidence=(provider.describe_default(),),
            )
