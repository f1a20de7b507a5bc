"""PDF of a procurement comparison: the comparison document laid out on A4 by WeasyPrint.

It shares the audit report's stylesheet, fonts, template environment (autoescaped, strict)
and safe URL fetcher, and its reproducible-timestamp handling: the same comparison document
gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

from markupsafe import Markup

from audit.compare.cells import side_by_side_rows
from reports.html import template_environment
from reports.pdf import RenderedPdf, html_to_pdf, reproducible_timestamps

TEMPLATE = "compare.html.j2"

CHOICE_TEXT = {
    "open-weight-self-hosted": "Self-hosted open-weight model",
    "closed-api": "Closed API model",
    "hybrid": "Hybrid: open-weight model for the bulk, closed frontier model for the hard cases",
}


def render_comparison_pdf(document: dict[str, Any]) -> bytes:
    """The PDF comparison report of ``document`` (``model-audit/compare/v1``)."""
    return render_comparison_pdf_report(document).data


def render_comparison_pdf_report(document: dict[str, Any]) -> RenderedPdf:
    """The PDF with the fetcher's record of what it loaded (bundled assets only)."""
    html = comparison_html(document, embed_fonts=True)
    producer = f"model-audit {document['tool']['version']}"
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False)
    identifier = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32].encode("ascii")
    with reproducible_timestamps(document["as_of"]):
        return html_to_pdf(html, producer=producer, identifier=identifier)


def comparison_html(document: dict[str, Any], *, embed_fonts: bool) -> str:
    """The comparison as one HTML page; ``embed_fonts`` links the bundled fonts' stylesheet."""
    template = template_environment().get_template(TEMPLATE)
    return template.render(
        v=comparison_view(document), css=Markup(_stylesheet()), embed_fonts=embed_fonts
    )


@cache
def _stylesheet() -> str:
    return resources.files("reports").joinpath("styles/report.css").read_text(encoding="utf-8")


def comparison_view(document: dict[str, Any]) -> dict[str, Any]:
    """What the template prints, already worded; plain values only (the template escapes)."""
    use_case = document["use_case"]
    organisation = document["organisation"]
    recommendation = document["recommendation"]
    tokens = use_case["monthly_tokens"]
    location = use_case["location"]
    return {
        "title": f"Procurement comparison: {use_case['id']} ({organisation['name']})",
        "organisation": organisation["name"],
        "country": organisation["country"],
        "can_self_host": _yes(organisation["can_self_host"]),
        "as_of": document["as_of"],
        "tool_version": document["tool"]["version"],
        "kb_version": document["knowledge_base"]["version"],
        "inventory": f"{document['inventory']['path']} (sha256 {document['inventory']['sha256']})",
        "use_case": {
            "id": use_case["id"],
            "purpose": use_case["purpose"],
            "data": use_case["data"],
            "audience": use_case["audience"],
            "volume": f"{tokens:,} tokens" if tokens is not None else "not given",
            "frontier": _yes(use_case["needs_frontier"]),
            "location": f"{location['path']}:{location['line']}",
        },
        "choice": CHOICE_TEXT[recommendation["choice"]],
        "summary": recommendation["summary"],
        "steps": [
            {
                "question": step["question"],
                "answer": _answer(step["answer"]),
                "leads_to": POINTS_TEXT[step["leads_to"]],
                "reason": step["reason"],
            }
            for step in recommendation["steps"]
        ],
        "rule": recommendation["rule"],
        "table": [
            {"id": r["id"], "when": r["when"], "choice": CHOICE_TEXT[r["choice"]]}
            for r in recommendation["table"]
        ],
        "conditions": recommendation["conditions"],
        "shortlist": [s["name"] for s in recommendation["shortlist"]],
        "ranking": document["ranking"],
        "hybrid": _hybrid_view(document["hybrid"]),
        "columns": [c["name"] for c in document["candidates"]],
        "rows": [
            {
                "label": label,
                "cells": [{"lines": cell.text.split("\n"), "tone": cell.tone} for cell in cells],
            }
            for label, cells in side_by_side_rows(document)
        ],
        "costs": [
            {
                "name": c["name"],
                "monthly": "—"
                if c["monthly_cost_usd"] is None
                else f"USD {c['monthly_cost_usd']:,.2f}",
                "basis": c["cost"]["unknown"] or c["cost"]["basis"],
                "scenarios": [_scenario(x) for x in c["cost"]["scenarios"]],
            }
            for c in document["candidates"]
        ],
        "break_even": [
            {
                "open": b["open"],
                "closed": b["closed"],
                "volume": "never" if b["monthly_tokens"] is None else f"{b['monthly_tokens']:,}",
                "assumed": _tokens(b["capacity_assumed_tokens_per_month"], "unlimited"),
                "needed": _tokens(b["capacity_to_break_even_tokens_per_month"], "none would"),
            }
            for b in document["break_even"]
        ],
        "notices": document["pricing"]["notices"],
        "candidates": [
            {
                "name": c["name"],
                "assumptions": c["assumptions"],
                "findings": [_finding(f) for f in c["findings"]],
            }
            for c in document["candidates"]
        ],
        "shared_findings": [_finding(f) for f in document["shared_findings"]],
        "notes": document["notes"],
    }


POINTS_TEXT = {
    "open-weight-self-hosted": "open-weight",
    "closed-api": "closed API",
    "either": "neither way",
}


def _scenario(x: dict[str, Any]) -> str:
    return f"{x['factor']:g}x ({x['monthly_tokens']:,} tokens): USD {x['monthly_usd']:,.0f}"


def _tokens(value: int | None, otherwise: str) -> str:
    return otherwise if value is None else f"{value:,}"


def _usd(value: float | None) -> str:
    return "—" if value is None else f"USD {value:,.0f}"


def _hybrid_view(plan: dict[str, Any] | None) -> dict[str, Any] | None:
    """The hybrid plan in words: tiers, what stays on the open tier, costs and savings."""
    if plan is None:
        return None
    share = plan["frontier_share"]

    def saving(fraction: float | None) -> str:
        if fraction is None:
            return "—"
        return f"saves {fraction:.0%}" if fraction >= 0 else f"costs {-fraction:.0%} more"

    return {
        "open": plan["open"] or "no open-weight candidate",
        "closed": plan["closed"] or "no closed candidate",
        "open_share": f"{1 - share:.0%}",
        "closed_share": f"{share:.0%}",
        "kept": [f"{k['tag']}: {k['reason']}" for k in plan["kept_on_open_tier"]],
        "closed_data": ", ".join(plan["closed_tier_data"]) or "no tagged data",
        "rows": [
            ("Hybrid (blended)", _usd(plan["blended_usd"]), ""),
            (
                "Everything to the frontier model",
                _usd(plan["all_frontier_usd"]),
                saving(plan["saving_vs_frontier"]),
            ),
            (
                "Everything to the open-weight model",
                _usd(plan["all_open_usd"]),
                saving(plan["saving_vs_open"]),
            ),
        ],
        "problems": plan["problems"],
    }


def _finding(f: dict[str, Any]) -> dict[str, Any]:
    return {
        "severity": f["severity"],
        "rule": f["rule"],
        "name": f["name"],
        "message": f["message"],
        "citation": f["citation"],
        "remediation": f["remediation"],
        "location": f"{f['location']['path']}:{f['location']['line']}",
    }


def _answer(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return _yes(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _yes(value: bool | None) -> str:
    return "not given" if value is None else ("yes" if value else "no")
