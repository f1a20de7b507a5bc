"""Waivers: accepted risks that silence a rule for a model until they expire."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
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
    """``active`` (matched, in force), ``expired`` (matched, past its date) or ``stale``
    (matched no finding: the risk it accepted is gone, so the waiver can be removed)."""
    matched: int


def apply_waivers(
    findings: Sequence[Finding], loaded: LoadedInventory, as_of: dt.date
) -> tuple[tuple[Finding, ...], tuple[WaiverOutcome, ...]]:
    """Mark findings covered by a waiver and report how each waiver was used.

    A waiver covers findings of its rule, for its model or for every model when it names none.
    One past its ``expires`` date still marks the finding, as expired, and leaves it active.
    When several waivers match one finding, an unexpired one wins.
    """
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
            )
            if best is None or (best[1].expired and not expired):
                best = (i, status)
        out.append(replace(finding, waiver=best[1]) if best else finding)
    outcomes = []
    for i, waiver in enumerate(waivers):
        expired = waiver.expires is not None and waiver.expires < as_of
        state = "stale" if matched[i] == 0 else ("expired" if expired else "active")
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
            )
        )
    return tuple(out), tuple(outcomes)
