"""The ``data_flows`` use-case annotation: where each use case's data go, and on what basis."""

from __future__ import annotations

from typing import Any

from audit.jurisdictions import load_jurisdictions
from audit.rules.context import UseCaseView
from audit.rules.gdpr.places import Destination, TransferVerdict, assess_transfer, model_places
from audit.rules.gdpr.text import tag_list
from audit.rules.registry import use_case_annotation


@use_case_annotation("data_flows")
def data_flows(uc: UseCaseView) -> list[dict[str, Any]]:
    """One JSON-ready item per region the use case's data reach (or one unknown place).

    Keys: model, region, country, status, tags, personal, mechanism, lawful, basis,
    assumption, summary. ``lawful`` is true when the data are not personal or the transfer
    has a basis; ``summary`` is one short line for the terminal report.
    """
    ctx = uc.model.ctx
    j = load_jurisdictions()
    places = model_places(uc.model, j, ctx.as_of)
    data = uc.data
    mechanism = uc.model.model.contracts.transfer_mechanism
    tags = tag_list(data.tags)
    items: list[dict[str, Any]] = []
    if places.unresolved is not None:
        items.append(
            {
                "model": uc.model.id,
                "region": None,
                "country": None,
                "status": "unknown",
                "tags": list(data.tags),
                "personal": data.personal,
                "mechanism": mechanism,
                "lawful": not data.personal,
                "basis": None,
                "assumption": places.unresolved,
                "summary": f"{tags} -> region unknown: "
                + ("not personal data" if not data.personal else "cannot be checked"),
            }
        )
    for dest in places.destinations:
        verdict = assess_transfer(dest.status, mechanism, ctx.as_of, data.flags)
        items.append(
            {
                "model": uc.model.id,
                "region": dest.code,
                "country": dest.status.country,
                "status": dest.status.status,
                "tags": list(data.tags),
                "personal": data.personal,
                "mechanism": mechanism,
                "lawful": (not data.personal) or verdict.lawful,
                "basis": verdict.basis,
                "assumption": dest.assumed,
                "summary": f"{tags} -> {dest.code} ({_where(dest)}): "
                + _outcome(dest, verdict, data.personal, mechanism),
            }
        )
    return items


def _where(dest: Destination) -> str:
    status = dest.status
    region = status.region
    place = "unknown region" if region is None else region.where
    if status.status == "unknown":
        return place
    assumed = ", assumed" if dest.assumed else ""
    return f"{place}, {status.status}{assumed}"


def _outcome(
    dest: Destination, verdict: TransferVerdict, personal: bool, mechanism: str | None
) -> str:
    status = dest.status
    if not personal:
        return "not personal data"
    if status.status == "EEA":
        return "no transfer"
    if status.status == "unknown":
        return "cannot be checked"
    if not verdict.lawful:
        needed = status.decision.requires_mechanism if status.decision else None
        if needed:
            return f"no basis ({needed}, scc or bcr needed)"
        return f"no basis (transfer_mechanism {mechanism or 'not set'})"
    if verdict.exceptional:
        return "Art. 49 derogation, last resort"
    if mechanism == "scc":
        return "SCCs"
    if mechanism == "bcr":
        return "BCRs"
    decision = status.decision
    if decision is not None and decision.partial:
        if decision.requires_mechanism:
            return f"adequacy, {decision.requires_mechanism}"
        return "adequacy, partial scope (limits in basis)"
    return "adequacy"
