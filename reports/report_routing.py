"""The routing map of the report: which data tags reach which models, in which countries,
beside the inventory's routing policy (``routes``) and the GDPR family's ``data_flows``.

``data_flows`` may be absent (the GDPR family did not run) or carry keys this module does not
know; both are accepted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reports.report_text import as_mapping, as_text, mappings, text_list


@dataclass(frozen=True)
class RoutePolicy:
    """One route of the inventory: these tags may only reach these models."""

    tags: tuple[str, ...]
    models: tuple[str, ...]


@dataclass(frozen=True)
class TagExposure:
    """Where one data tag goes: which models receive it, in which countries."""

    tag: str
    reaches: tuple[str, ...]
    places: tuple[str, ...]
    permitted: tuple[str, ...]
    """Models the routing policy permits for this tag; empty when no route names it."""


@dataclass(frozen=True)
class FlowRow:
    """One data flow of a use case (from the GDPR family's annotation)."""

    model: str
    use_case: str
    tags: tuple[str, ...]
    region: str
    country: str
    basis: str
    """The transfer basis in words (``no transfer (EEA)``), else the mechanism key."""
    status: str
    assumption: str
    lawful: str
    summary: str


@dataclass(frozen=True)
class FlowGroup:
    """Data flows that go the same way on the same basis: said once, with their use cases."""

    uses: tuple[str, ...]
    """``model / use case`` of every flow of the group."""
    tags: tuple[str, ...]
    region: str
    country: str
    basis: str
    status: str
    assumption: str
    lawful: str


@dataclass(frozen=True)
class RoutingView:
    """The routing map: policy, exposure of each data tag, and every data flow."""

    policy: tuple[RoutePolicy, ...]
    exposures: tuple[TagExposure, ...]
    flows: tuple[FlowRow, ...]
    flows_known: bool
    """True when at least one use case carries a ``data_flows`` annotation."""
    flow_groups: tuple[FlowGroup, ...] = ()


def build_routing(
    models: Sequence[Mapping[str, Any]], routes: Sequence[Mapping[str, Any]]
) -> RoutingView:
    """Which data tags reach which models and where, beside the routing policy."""
    policy = tuple(
        RoutePolicy(text_list(r.get("data")), text_list(r.get("to")))
        for r in routes
        if isinstance(r, Mapping)
    )
    reaches: dict[str, list[str]] = {}
    places: dict[str, set[str]] = {}
    flows: list[FlowRow] = []
    flows_known = False
    for model in (m for m in models if isinstance(m, Mapping)):
        model_id = as_text(model.get("id"), "?")
        hosting = as_mapping(model.get("hosting"))
        regions = text_list(hosting.get("regions"))
        for uc in mappings(model.get("use_cases")):
            uc_id = as_text(uc.get("id"), "?")
            uc_flows = mappings(uc.get("data_flows"))
            flows_known = flows_known or "data_flows" in uc
            for tag in text_list(uc.get("data")):
                reaches.setdefault(tag, []).append(f"{model_id} ({uc_id})")
                tag_flows = [f for f in uc_flows if tag in text_list(f.get("tags"))]
                found = {_place(f) for f in tag_flows} or {f"region {r}" for r in regions}
                places.setdefault(tag, set()).update(found)
            flows.extend(_flow_row(model_id, uc_id, f) for f in uc_flows)
    exposures = tuple(
        TagExposure(
            tag=tag,
            reaches=tuple(reaches[tag]),
            places=tuple(sorted(places.get(tag, set()))),
            permitted=tuple(m for p in policy if tag in p.tags for m in p.models),
        )
        for tag in sorted(reaches)
    )
    return RoutingView(policy, exposures, tuple(flows), flows_known, group_flows(flows))


def group_flows(flows: Sequence[FlowRow]) -> tuple[FlowGroup, ...]:
    """``flows`` with the same tags, place, basis and verdict merged, in order of appearance."""
    grouped: dict[tuple[Any, ...], list[str]] = {}
    for f in flows:
        key = (f.tags, f.region, f.country, f.basis, f.status, f.assumption, f.lawful)
        grouped.setdefault(key, []).append(f"{f.model} / {f.use_case}")
    return tuple(FlowGroup(tuple(uses), *key) for key, uses in grouped.items())


def _place(flow: Mapping[str, Any]) -> str:
    country = as_text(flow.get("country"), "")
    region = as_text(flow.get("region"), "")
    if country and region and country != region:
        return f"{country} ({region})"
    return country or region or "unknown"


def _flow_row(model_id: str, uc_id: str, flow: Mapping[str, Any]) -> FlowRow:
    lawful = flow.get("lawful")
    return FlowRow(
        model=as_text(flow.get("model"), model_id),
        use_case=uc_id,
        tags=text_list(flow.get("tags")),
        region=as_text(flow.get("region"), ""),
        country=as_text(flow.get("country"), ""),
        basis=_flow_basis(flow),
        status=as_text(flow.get("status"), ""),
        assumption=as_text(flow.get("assumption"), ""),
        lawful="yes" if lawful is True else "no" if lawful is False else "not assessed",
        summary=as_text(flow.get("summary"), ""),
    )


def _flow_basis(flow: Mapping[str, Any]) -> str:
    basis = as_text(flow.get("basis"), "")
    mechanism = as_text(flow.get("mechanism"), "")
    if basis and mechanism and mechanism not in basis:
        return f"{basis} ({mechanism})"
    return basis or mechanism or "none recorded"
