"""The executive summary's chart: active findings per area, stacked by severity, as inline SVG.

Drawn here from counts rather than by a plotting library so the PDF needs no image files and
the same markup works in the HTML report. Labels are escaped although they are fixed strings.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import escape

SEVERITY_COLOURS: dict[str, str] = {
    "critical": "#8e2a1c",
    "high": "#c2642b",
    "medium": "#c9a43a",
    "low": "#5c7fa3",
    "info": "#b4b4b4",
}
"""Fill of each severity; the report's stylesheet uses the same values."""

_WIDTH = 640
_LABEL_W = 110
_BAR_X = 120
_BAR_W = 430
_ROW_H = 30
_BAR_H = 15
_TOP = 34
# A presentation attribute, not a style attribute: the HTML report's Content-Security-Policy
# allows only its own stylesheet, and a style="" attribute would need 'unsafe-inline'.
_FONT = "font-family=\"'MA Sans','DejaVu Sans Condensed','DejaVu Sans',sans-serif\""

Row = tuple[str, Sequence[tuple[str, int]]]
"""An area title and its (severity, count) pairs, most serious first."""


def findings_chart(rows: Sequence[Row]) -> str:
    """SVG markup: one horizontal bar per area, one segment per severity, totals at the end."""
    largest = max((sum(n for _, n in counts) for _, counts in rows), default=0)
    height = _TOP + _ROW_H * len(rows) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {_WIDTH} {height}" '
        f'width="{_WIDTH}" height="{height}" role="img" '
        'aria-label="Active findings by area and severity">',
        _legend(rows),
    ]
    for i, (title, counts) in enumerate(rows):
        y = _TOP + i * _ROW_H
        total = sum(n for _, n in counts)
        parts.append(
            f'<text x="{_LABEL_W}" y="{y + _BAR_H - 3}" text-anchor="end" font-size="12" '
            f'{_FONT} fill="#222">{escape(title)}</text>'
        )
        parts.append(
            f'<rect x="{_BAR_X}" y="{y}" width="{_BAR_W}" height="{_BAR_H}" fill="#f1f0ec"/>'
        )
        x = float(_BAR_X)
        for severity, count in counts:
            if count <= 0 or largest == 0:
                continue
            width = _BAR_W * count / largest
            colour = SEVERITY_COLOURS.get(severity, "#999999")
            parts.append(
                f'<rect x="{x:.2f}" y="{y}" width="{width:.2f}" height="{_BAR_H}" fill="{colour}"/>'
            )
            if width >= 16:
                ink = "#ffffff" if severity in ("critical", "high", "low") else "#222222"
                parts.append(
                    f'<text x="{x + width / 2:.2f}" y="{y + _BAR_H - 3.5}" text-anchor="middle" '
                    f'font-size="10" {_FONT} fill="{ink}">{count}</text>'
                )
            x += width
        parts.append(
            f'<text x="{_BAR_X + _BAR_W + 8}" y="{y + _BAR_H - 3}" font-size="12" '
            f'{_FONT} fill="#222">{total}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _legend(rows: Sequence[Row]) -> str:
    return severity_legend([s for s, _ in rows[0][1]] if rows else list(SEVERITY_COLOURS), _BAR_X)


def severity_legend(severities: Sequence[str], left: int) -> str:
    """SVG markup: a colour square and the name of each severity, in a row from ``left``."""
    items = []
    x = left
    for severity in severities:
        colour = SEVERITY_COLOURS.get(severity, "#999999")
        items.append(
            f'<rect x="{x}" y="6" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="15" font-size="11" {_FONT} fill="#333">'
            f"{escape(severity.capitalize())}</text>"
        )
        x += 26 + 7 * len(severity)
    return "".join(items)
