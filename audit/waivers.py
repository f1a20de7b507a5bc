"""Waivers: accepted risks that silence a rule for a model until they expire."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from audit.findings import Finding, Location, WaiverStatus
from audit.inventory.loader import LoadedInventory


@dataclass(frozen=True)
class WaiverOutcome:
    """What one waiver of the inventory did in this audit."""

    rule: str
    model: str | None
    reason: str
    approved_by: str
    expires: str | None
    location: Location
    status: str
    """``active`` (matched, in force), ``expired`` (matched, past its date), ``lapsed``
    (matched, but the model's licence is no longer its ``while_licence``) or ``stale``
    (matched no finding: the risk it accepted is gone, so the waiver can be removed)."""
    matched: int
    while_licence: str | None = None
    lapsed: str | None = None
    """Why the waiver lapsed, in words."""


def apply_waivers(
    findings: Sequence[Finding],
    loaded: LoadedInventory,
    as_of: dt.date,
    licences: Mapping[str, str | None] | None = None,
) -> tuple[tuple[Finding, ...], tuple[WaiverOutcome, ...]]:
    """Mark findings covered by a waiver and report how each waiver was used.

    A waiver covers findings of its rule, for its model or for every model when it names none.
    One past its ``expires`` date still marks the finding, as expired, and leaves it active;
    so does one tied to a licence (``while_licence``) whose model now resolves to another
    licence (``licences``: model id -> resolved licence key). When several waivers match one
    finding, one in force wins.
    """
    known = licences or {}
    waivers = loaded.inventory.waivers
    matched = [0] * len(waivers)
    out: list[Finding] = []
    for finding in findings:
        best: tuple[int, WaiverStatus] | None = None
        for i, waiver in enumerate(waivers):
            if waiver.rule != finding.rule:
                continue
            if waiver.model is not None and waiver.model != finding.model:
                continue
            matched[i] += 1
            expired = waiver.expires is not None and waiver.expires < as_of
            status = WaiverStatus(
                reason=waiver.reason,
                approved_by=waiver.approved_by,
                expires=waiver.expires.isoformat() if waiver.expires else None,
                expired=expired,
                location=Location(loaded.path, loaded.line_of("waivers", i)),
                lapsed=_lapse(waiver.while_licence, finding.model, known),
            )
            if best is None or (not best[1].in_force and status.in_force):
                best = (i, status)
        out.append(replace(finding, waiver=best[1]) if best else finding)
    outcomes = []
    for i, waiver in enumerate(waivers):
        expired = waiver.expires is not None and waiver.expires < as_of
        lapsed = _lapse(waiver.while_licence, waiver.model, known) if waiver.model else None
        if lapsed is None and waiver.while_licence and waiver.model is None:
            lapsed = next(
                (
                    f.waiver.lapsed
                    for f in out
                    if f.waiver is not None and f.waiver.lapsed and f.rule == waiver.rule
                ),
                None,
            )
        state = (
            "stale"
            if matched[i] == 0
            else "expired"
            if expired
            else "lapsed"
            if lapsed
            else "active"
        )
        outcomes.append(
            WaiverOutcome(
                rule=waiver.rule,
                model=waiver.model,
                reason=waiver.reason,
                approved_by=waiver.approved_by,
                expires=waiver.expires.isoformat() if waiver.expires else None,
                location=Location(loaded.path, loaded.line_of("waivers", i)),
                status=state,
                matched=matched[i],
                while_licence=waiver.while_licence,
                lapsed=lapsed if matched[i] else None,
            )
        )
    return tuple(out), tuple(outcomes)


def _lapse(
    while_licence: str | None, model: str | None, licences: Mapping[str, str | None]
) -> str | None:
    """Why a waiver tied to ``while_licence`` no longer applies to ``model``, or None."""
    if while_licence is None or model is None or model not in licences:
        return None
    now = licences[model]
    if now == while_licence:
        return None
    return (
        f"granted while {model} was under {while_licence}; it now resolves to "
        f"{now or 'no licence'}, so the waiver lapsed and the finding counts again"
    )
