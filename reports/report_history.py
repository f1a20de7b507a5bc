"""The reports' "since the last audit" section and trend chart, from the ``since_last_audit``
and ``trend`` keys a scan with ``--ledger`` adds to the report document.

Read defensively (the keys are optional and a ledger is input like any other): anything
missing or malformed is left out rather than failing the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from reports.svg_chart import SEVERITY_COLOURS, severity_legend

SEVERITIES = ("critical", "high", "medium", "low", "info")
SHOWN_LIMIT = 12
"""Findings listed per kind of change; the rest are counted."""


@dataclass(frozen=True)
class ChangeLine:
    """One changed thing, as a line of plain text with its severity (for the colour mark)."""

    severity: str
    text: str


@dataclass(frozen=True)
class SinceView:
    """What changed from the last recorded audit of the same inventory to this one."""

    first_audit: bool
    previous: str
    """"run 4 of 2026-11-26 (recorded 2026-11-27 08:10 UTC), verdict fail" or ""."""
    unchanged: bool
    counts: tuple[tuple[str, int], ...]
    """(kind, number): new, fixed and changed findings, licence changes, models, waivers."""
    new: tuple[ChangeLine, ...]
    fixed: tuple[ChangeLine, ...]
    changed: tuple[ChangeLine, ...]
    other: tuple[str, ...]
    """Licence changes, models added or removed, waivers added, expired or removed."""
    hidden: int
    """Finding lines left out beyond ``SHOWN_LIMIT`` per list."""


def since_view(document: Mapping[str, Any]) -> SinceView | None:
    """The section's content, or None when the document has no ``since_last_audit``."""
    since = document.get("since_last_audit")
    if not isinstance(since, Mapping):
        return None
    if since.get("first_audit"):
        return SinceView(True, "", False, (), (), (), (), (), 0)
    findings = _mapping(since.get("findings"))
    new, hidden_new = _finding_lines(findings.get("new"))
    fixed, hidden_fixed = _finding_lines(findings.get("fixed"))
    changed, hidden_changed = _changed_lines(findings.get("changed"))
    other = _other_lines(since)
    counts = (
        ("new findings", _count(findings.get("new"))),
        ("fixed findings", _count(findings.get("fixed"))),
        ("changed findings", _count(findings.get("changed"))),
        ("other changes", len(other)),
    )
    recorded = str(since.get("recorded_at") or "")[:16].replace("T", " ")
    previous = (
        f"run {since.get('run')} of {since.get('as_of')} (recorded {recorded} UTC), "
        f"verdict {since.get('verdict')}"
    )
    return SinceView(
        first_audit=False,
        previous=previous,
        unchanged=bool(since.get("unchanged")),
        counts=counts,
        new=new,
        fixed=fixed,
        changed=changed,
        other=other,
        hidden=hidden_new + hidden_fixed + hidden_changed,
    )


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _count(value: Any) -> int:
    return len(value) if isinstance(value, list) else 0


def _describe(finding: Mapping[str, Any]) -> str:
    where = " · ".join(str(finding[k]) for k in ("model", "use_case") if finding.get(k))
    text = f"{finding.get('rule')} {where}: {finding.get('message') or ''}".strip()
    return text + (" (waived)" if finding.get("waived") else "")


def _severity(finding: Mapping[str, Any]) -> str:
    severity = str(finding.get("severity") or "info")
    return severity if severity in SEVERITIES else "info"


def _finding_lines(value: Any) -> tuple[tuple[ChangeLine, ...], int]:
    items = [f for f in (value if isinstance(value, list) else []) if isinstance(f, Mapping)]
    lines = tuple(ChangeLine(_severity(f), _describe(f)) for f in items[:SHOWN_LIMIT])
    return lines, max(len(items) - SHOWN_LIMIT, 0)


def _changed_lines(value: Any) -> tuple[tuple[ChangeLine, ...], int]:
    items = [c for c in (value if isinstance(value, list) else []) if isinstance(c, Mapping)]
    lines = []
    for change in items[:SHOWN_LIMIT]:
        before, after = _mapping(change.get("before")), _mapping(change.get("after"))
        what = ", ".join(str(w) for w in change.get("what") or [])
        moved = (
            f" (was {before.get('severity')})"
            if before.get("severity") != after.get("severity")
            else ""
        )
        lines.append(ChangeLine(_severity(after), f"{_describe(after)}{moved} [{what}]"))
    return tuple(lines), max(len(items) - SHOWN_LIMIT, 0)


def _other_lines(since: Mapping[str, Any]) -> tuple[str, ...]:
    lines = [
        f"licence of {change.get('model')}: {change.get('before') or 'none'} "
        f"({change.get('source_before') or 'no source'}) -> "
        f"{change.get('after') or 'none'} ({change.get('source_after') or 'no source'})"
        for change in since.get("licence_changes") or []
        if isinstance(change, Mapping)
    ]
    models = _mapping(since.get("models"))
    lines += [f"model added: {m}" for m in models.get("added") or []]
    lines += [f"model removed: {m}" for m in models.get("removed") or []]
    waivers = _mapping(since.get("waivers"))
    for kind in ("added", "expired", "removed"):
        for waiver in waivers.get(kind) or []:
            if isinstance(waiver, Mapping):
                target = waiver.get("model") or "every model"
                lines.append(f"waiver {kind}: {waiver.get('rule')} for {target}")
    return tuple(lines)


_WIDTH = 640
_PLOT_X = 40
_PLOT_W = 580
_TOP = 30
_PLOT_H = 150
_FONT = "font-family=\"'MA Sans','DejaVu Sans Condensed','DejaVu Sans',sans-serif\""


def trend_chart(trend: Any) -> str:
    """SVG markup: one stacked column of active findings per run (oldest left, this audit
    right), by severity; empty when the document has no trend."""
    points = [p for p in (trend if isinstance(trend, list) else []) if isinstance(p, Mapping)]
    if not points:
        return ""
    totals = [sum(_number(p.get(s)) for s in SEVERITIES) for p in points]
    largest = max(max(totals), 1)
    slot = _PLOT_W / len(points)
    bar = min(slot * 0.6, 60.0)
    height = _TOP + _PLOT_H + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart trend" '
        f'viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}" role="img" '
        'aria-label="Active findings per severity over the last audits">',
        severity_legend(SEVERITIES, _PLOT_X),
        f'<line x1="{_PLOT_X}" y1="{_TOP + _PLOT_H}" x2="{_PLOT_X + _PLOT_W}" '
        f'y2="{_TOP + _PLOT_H}" stroke="#888" stroke-width="0.5"/>',
    ]
    for index, (point, total) in enumerate(zip(points, totals, strict=True)):
        x = _PLOT_X + index * slot + (slot - bar) / 2
        y = float(_TOP + _PLOT_H)
        for severity in reversed(SEVERITIES):
            count = _number(point.get(severity))
            if count <= 0:
                continue
            tall = _PLOT_H * count / largest
            y -= tall
            parts.append(
                f'<rect x="{x:.2f}" y="{y:.2f}" width="{bar:.2f}" height="{tall:.2f}" '
                f'fill="{SEVERITY_COLOURS[severity]}"/>'
            )
        middle = x + bar / 2
        parts.append(
            f'<text x="{middle:.2f}" y="{y - 4:.2f}" text-anchor="middle" font-size="11" '
            f'{_FONT} fill="#222">{total}</text>'
        )
        run = point.get("run")
        label = "this audit" if run is None else f"run {_number(run)}"
        parts.append(
            f'<text x="{middle:.2f}" y="{_TOP + _PLOT_H + 14}" text-anchor="middle" '
            f'font-size="10" {_FONT} fill="#333">{escape(label)}</text>'
        )
        parts.append(
            f'<text x="{middle:.2f}" y="{_TOP + _PLOT_H + 27}" text-anchor="middle" '
            f'font-size="9" {_FONT} fill="#666">{escape(str(point.get("as_of") or ""))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _number(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0
