"""The side-by-side table's cells as plain text with a tone, for every comparison renderer.

The terminal maps a tone to a Rich style, the PDF to a CSS class; the words are the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Tone = Literal["", "bad", "good", "dim"]


@dataclass(frozen=True)
class Cell:
    """One cell: its text and whether it is bad news, good news or by the way."""

    text: str
    tone: Tone = ""


Candidate = dict[str, Any]


def side_by_side_rows(document: dict[str, Any]) -> list[tuple[str, list[Cell]]]:
    """Rows of the comparison table: a label, then one cell per candidate in order."""
    rows: list[tuple[str, Callable[[Candidate], Cell]]] = [
        ("Kind", lambda c: Cell(c["kind"])),
        ("Hosting", hosting),
        ("Licence", licence),
        ("Commercial use", commercial_use),
        ("Thresholds", thresholds),
        ("Attribution", attribution),
        ("Territorial limits", territorial_limits),
        ("Use-policy flow-down", flow_down),
        ("Residency", residency),
        ("AI Act", ai_act),
        ("Findings", finding_counts),
        ("Monthly cost", monthly_cost),
    ]
    return [(label, [cell(c) for c in document["candidates"]]) for label, cell in rows]


def hosting(c: Candidate) -> Cell:
    """Hosting mode and regions, or the provider's default region."""
    where = c["hosting"]
    if where["provider_default"]:
        return Cell(f"{where['mode']} (provider default region)")
    return Cell(f"{where['mode']} ({', '.join(where['regions']) or 'no region'})")


def licence(c: Candidate) -> Cell:
    """Licence key and where it was found."""
    found = c["licence"]
    if found["id"] is None:
        return Cell("unresolved", "bad")
    return Cell(f"{found['id']} ({found['source']})")


def _terms(c: Candidate) -> dict[str, Any] | None:
    terms: dict[str, Any] | None = c["licence"].get("terms")
    return terms


def commercial_use(c: Candidate) -> Cell:
    """Whether the licence allows commercial, production use."""
    terms = _terms(c)
    if terms is None:
        return Cell("unknown", "bad")
    if not terms["commercial_use"]:
        return Cell("not allowed", "bad")
    if not terms["production_use"]:
        return Cell("no production use", "bad")
    return Cell("allowed")


def thresholds(c: Candidate) -> Cell:
    """User and revenue ceilings of the licence."""
    terms = _terms(c)
    if terms is None:
        return Cell("unknown", "dim")
    parts = []
    if terms["user_threshold"]:
        parts.append(f"{terms['user_threshold']:,} monthly active users")
    if terms["revenue_threshold_usd"]:
        parts.append(f"USD {terms['revenue_threshold_usd']:,} annual revenue")
    if terms.get("monthly_revenue_threshold_usd"):
        parts.append(f"USD {terms['monthly_revenue_threshold_usd']:,} monthly revenue")
    return Cell("; ".join(parts) or "none")


def attribution(c: Candidate) -> Cell:
    """The first required notice, and how many more there are."""
    terms = _terms(c)
    if terms is None:
        return Cell("unknown", "dim")
    notices = terms["attribution"]
    if not notices:
        return Cell("none required")
    more = f" (+{len(notices) - 1} more)" if len(notices) > 1 else ""
    return Cell(f'"{notices[0]}"{more}')


def territorial_limits(c: Candidate) -> Cell:
    """Regions whose licensees the licence excludes."""
    terms = _terms(c)
    if terms is None:
        return Cell("unknown", "dim")
    limits = [
        f"{', '.join(t['regions'])} ({t['model_scope']} models)"
        for t in terms["territorial_exclusions"]
    ]
    return Cell("; ".join(limits), "bad") if limits else Cell("none")


def flow_down(c: Candidate) -> Cell:
    """Whether a use policy must be passed on to recipients."""
    terms = _terms(c)
    if terms is None:
        return Cell("unknown", "dim")
    policy = terms["use_policy"]
    if policy is None:
        return Cell("no use policy")
    return Cell("flows down" if policy["flows_down"] else "binds you only")


def residency(c: Candidate) -> Cell:
    """Where the use case's data would go, from the GDPR family's data flows."""
    flows = c["residency"]
    if flows is None:
        regions = ", ".join(c["hosting"]["regions"]) or "provider default"
        return Cell(f"{regions} (GDPR data flows not available)", "dim")
    if not flows:
        return Cell("no personal data flow")
    lines = []
    unlawful = False
    for flow in flows:
        lawful = flow.get("lawful")
        unlawful = unlawful or lawful is False
        mark = "" if lawful is None else (" ok" if lawful else " NO BASIS")
        lines.append(f"{flow.get('region')} ({flow.get('status')}){mark}")
    return Cell("\n".join(dict.fromkeys(lines)), "bad" if unlawful else "")


def ai_act(c: Candidate) -> Cell:
    """The use case's AI Act role and risk class with this candidate."""
    summary = c["ai_act"]
    if summary is None:
        return Cell("not available", "dim")
    return Cell(f"{summary.get('role')}; {summary.get('risk_class')}")


def finding_counts(c: Candidate) -> Cell:
    """Findings by severity; bad news when any is critical or high."""
    counts = c["finding_counts"]
    parts = [f"{count} {severity}" for severity, count in counts.items() if count]
    if not parts:
        return Cell("none", "good")
    return Cell(", ".join(parts), "bad" if counts["critical"] or counts["high"] else "")


def monthly_cost(c: Candidate) -> Cell:
    """The monthly bill at the use case's volume, or why there is none."""
    cost = c["monthly_cost_usd"]
    if cost is not None:
        return Cell(f"USD {cost:,.0f}")
    return Cell(c["cost"]["unknown"] or "no volume given", "dim")
