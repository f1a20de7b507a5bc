"""GDPR006 route-violation: the inventory's routing policy against its use cases and itself."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from audit.findings import Hit, Severity
from audit.inventory.datatags import DataTag
from audit.inventory.schema import Route
from audit.jurisdictions import load_jurisdictions
from audit.rules.context import AuditContext, ModelView
from audit.rules.gdpr.text import join_fixes, route_fix, self_hosted_alternatives, tag_list
from audit.rules.registry import rule

ROUTES_DETAILS = """\
routes: requests carrying any tag in `data` may only reach the models in `to`.
Three checks:
  1. every use case: for each route sharing a tag with its data, the use case's model must be
     in that route's `to`;
  2. every route: no restricted, special-category (Art. 9) or criminal (Art. 10) tag may be
     routed to a closed api model (a model the organisation does not control);
  3. routes that name the same tag all hold at once (a route never loosens another), so the
     models allowed for that tag are the intersection of their `to` lists. When the
     intersection is empty no model may receive the tag at all: reported as contradictory.
Use check 3's fix to merge such routes into one."""


@rule(
    id="GDPR006",
    name="route-violation",
    family="gdpr",
    severity=Severity.HIGH,
    summary=(
        "a route lets a data tag reach a model, or a use case sends a tag to a model, that the "
        "routing policy forbids"
    ),
    citation="Inventory routing policy; GDPR Art. 5(1)(f), Art. 25(1), Art. 32",
    remediation=(
        "Send each use case only to models its data tags' routes allow, keep restricted, Art. 9 "
        "and Art. 10 data away from closed api models, and merge routes that contradict each "
        "other."
    ),
    details=ROUTES_DETAILS,
    scope="inventory",
)
def route_violation(ctx: AuditContext) -> Iterator[Hit]:
    """Use cases breaking a route, routes sending sensitive tags to api models, contradictions."""
    routes = ctx.loaded.inventory.routes
    if not routes:
        return
    yield from _use_cases_breaking_routes(ctx, routes)
    yield from _sensitive_tags_to_api_models(ctx, routes)
    yield from _contradictory_routes(ctx, routes)


def _route_text(ctx: AuditContext, i: int, route: Route) -> str:
    line = ctx.location("routes", i).line
    return f"route {i + 1} (line {line}: {tag_list(route.data)} -> {', '.join(route.to)})"


def _use_cases_breaking_routes(ctx: AuditContext, routes: list[Route]) -> Iterator[Hit]:
    for uc in ctx.use_cases():
        sent = uc.use_case.data
        for i, route in enumerate(routes):
            carried = [t for t in sent if t in route.data]
            if not carried or uc.model.id in route.to:
                continue
            allowed = ", ".join(f"'{m}'" for m in route.to)
            yield Hit(
                message=(
                    f"Use case '{uc.id}' on model '{uc.model.id}' sends {tag_list(carried)} "
                    f"data, but {_route_text(ctx, i, route)} lets such requests reach only "
                    f"{allowed}. Fix: "
                    + join_fixes(
                        [
                            f"serve '{uc.id}' with {allowed}",
                            f"stop sending {tag_list(carried)} data to '{uc.model.id}'",
                            f"add '{uc.model.id}' to the route if it may receive them",
                        ]
                    )
                    + "."
                ),
                location=uc.at("data", sent.index(carried[0])),
                model=uc.model.id,
                use_case=uc.id,
                evidence=(f"data tags of '{uc.id}': {tag_list(sent)}",),
            )


def _sensitivity(tag: DataTag) -> str | None:
    if tag.special_category:
        return "Art. 9 special category"
    if tag.criminal:
        return "Art. 10 criminal-offence data"
    if tag.confidentiality == "restricted":
        return "restricted confidentiality"
    return None


def _sensitive_tags_to_api_models(ctx: AuditContext, routes: list[Route]) -> Iterator[Hit]:
    tags: Mapping[str, DataTag] = ctx.loaded.tags
    j = load_jurisdictions()
    for i, route in enumerate(routes):
        kinds = {t: _sensitivity(tags[t]) for t in route.data if t in tags}
        sensitive = [t for t, kind in kinds.items() if kind]
        if not sensitive:
            continue
        for k, target in enumerate(route.to):
            view = ctx.model(target)
            if view is None or not view.is_closed_api:
                continue
            described = ", ".join(f"{t} ({kinds[t]})" for t in sensitive)
            fixes = route_fix(self_hosted_alternatives(ctx, j, target), "route them")
            fixes.insert(0, f"remove '{target}' from the route's to")
            yield Hit(
                message=(
                    f"{_route_text(ctx, i, route).capitalize()} lets {described} data reach "
                    f"'{target}', a closed model behind {_provider(view)}, which the "
                    "organisation does not control. Such data should stay on models under its "
                    f"own control (GDPR Art. 9, 10, 25(1), 32). Fix: {join_fixes(fixes)}."
                ),
                location=ctx.location("routes", i, "to", k),
                model=target,
                evidence=(
                    f"hosting.mode of '{target}': {view.model.hosting.mode}; source: "
                    f"{view.model.source}",
                ),
            )


def _provider(view: ModelView) -> str:
    known = load_jurisdictions().provider(view.model.provider) if view.model.provider else None
    if known is not None:
        return f"the {known.name}"
    return f"provider '{view.model.provider}'s API" if view.model.provider else "an API"


def _contradictory_routes(ctx: AuditContext, routes: list[Route]) -> Iterator[Hit]:
    by_tag: dict[str, list[int]] = {}
    for i, route in enumerate(routes):
        for tag in dict.fromkeys(route.data):
            by_tag.setdefault(tag, []).append(i)
    for tag, indexes in by_tag.items():
        if len(indexes) < 2:
            continue
        common = set(routes[indexes[0]].to).intersection(*(routes[i].to for i in indexes[1:]))
        if common:
            continue
        listing = "; ".join(_route_text(ctx, i, routes[i]) for i in indexes)
        senders = [f"'{uc.id}'" for uc in ctx.use_cases() if tag in uc.use_case.data]
        affected = f" (sent by use case(s) {', '.join(senders)})" if senders else ""
        last = indexes[-1]
        yield Hit(
            message=(
                f"Routes {_numbers(indexes)} restrict '{tag}' data but "
                f"share no model ({listing}). Every route holds at once, so no model may "
                f"receive '{tag}' data{affected}. Fix: merge them into one route whose to lists "
                f"the models allowed to receive '{tag}' data."
            ),
            location=ctx.location("routes", last, "data", routes[last].data.index(tag)),
            evidence=tuple(_route_text(ctx, i, routes[i]) for i in indexes),
        )


def _numbers(indexes: list[int]) -> str:
    """``1 and 3`` or ``1, 2 and 4`` (1-based route numbers)."""
    names = [str(i + 1) for i in indexes]
    return ", ".join(names[:-1]) + " and " + names[-1]
