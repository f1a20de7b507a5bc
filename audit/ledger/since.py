"""What the reports show of the ledger: the changes since the last audit of this inventory
and the trend of active findings per severity over the last runs.

Both are computed before the reports are written, from the runs already in the ledger and
the report document of the scan in progress, and added to that document as
``since_last_audit`` and ``trend`` (see docs/ledger.md). They depend only on the ledger's
content and the document, so the same ledger and inputs give the same JSON.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from audit.ledger.diff import SEVERITY_ORDER, diff_audits, diff_to_json, side_of

if TYPE_CHECKING:
    from audit.ledger.store import StoredRun

TREND_RUNS = 8
"""How many runs the trend covers, the scan in progress included."""


def history_sections(previous: Sequence[StoredRun], document: Mapping[str, Any]) -> dict[str, Any]:
    """``since_last_audit`` and ``trend`` for ``document``, given the earlier scans of the
    same inventory, oldest first (only the last ``TREND_RUNS - 1`` are used).

    With no earlier scan, ``since_last_audit`` says this is the first recorded audit and
    the trend holds this run alone.
    """
    earlier = list(previous)[-(TREND_RUNS - 1) :]
    trend = [_trend_point(run.id, run.as_of, run.record.get("counts", {})) for run in earlier]
    trend.append(_trend_point(None, document.get("as_of"), document.get("summary", {})))
    if not earlier:
        return {"since_last_audit": {"first_audit": True, "run": None}, "trend": trend}
    last = earlier[-1]
    changes = diff_to_json(
        diff_audits(side_of(f"run {last.id}", last.record), side_of("this audit", document))
    )
    since: dict[str, Any] = {
        "first_audit": False,
        "run": last.id,
        "recorded_at": last.recorded_at,
        "as_of": last.as_of,
        "verdict": last.verdict,
        "findings": changes["findings"],
        "licence_changes": changes["licence_changes"],
        "models": changes["models"],
        "waivers": changes["waivers"],
        "unchanged": changes["empty"],
    }
    return {"since_last_audit": since, "trend": trend}


def _trend_point(run: int | None, as_of: Any, counts: Mapping[str, Any]) -> dict[str, Any]:
    point: dict[str, Any] = {"run": run, "as_of": as_of}
    for severity in SEVERITY_ORDER:
        value = counts.get(severity, 0)
        point[severity] = value if isinstance(value, int) and not isinstance(value, bool) else 0
    return point
