"""GDPR006 route-violation: the inventory's routing policy against its use cases and itself."""

from __future__ import annotations

from collections.abc import Iterator

from audit.findings import Hit, Severity
from audit.inventory.schema import Route
from audit.rules.context import AuditContext
from audit.rules.gdpr.text import join_fixes, tag_list
from audit.rules.registry import rule

ROUTES_DETAILS = """\
routes: requests carrying any tag in `data` may only reach the models in `to`.
Two checks:
  1. every use case: for each route sharing a tag with its data, the use case's model must be
     in that route's `to`; the finding names the route that forbids the flow;
  2. routes that name the same tag all hold at once (a route never loosens another), so the
     models allowed for that tag are the intersection of their `to` lists. When the
     intersection is empty no model may receive the tag at all: reported as contradictory.
A flow that every route naming its tags permits is the organisation's own decision and is not
reported here, even to a closed api model: whether special-category data may go to a processor
is GDPR002's question (Art. 9(2) condition and Art. 28 contract), not the routing policy's.
Use check 2's fix to merge contradictory routes into one."""


@rule(
    id="GDPR006",
    name="route-violation",
    family="gdpr",
    severity=Severity.HIGH,
    summary=(
        "a use case sends a data tag to a model that a route of the routing policy does not "
        "permit (the finding names the route), or routes contradict each other"
    ),
    citation="Inventory routing policy; GDPR Art. 5(1)(f), Art. 25(1), Art. 32",
    remediation=(
        "Send each use case only to models its data tags' routes allow (or add the model to the "
        "route's `to` if it may receive them), and merge routes that contradict each other into "
        "one."
    ),
    details=ROUTES_DETAILS,
    scope="inventory",
)
def route_violation(ctx: AuditContext) -> Iterator[Hit]:
    """Use cases breaking a route (naming it) and routes that contradict each other."""
    routes = ctx.loaded.inventory.routes
    if not routes:
        return
    yield from _use_cases_breaking_routes(ctx, routes)
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
