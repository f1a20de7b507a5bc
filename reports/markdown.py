"""A GitHub-flavoured Markdown summary of a scan, for a pull-request comment or
``$GITHUB_STEP_SUMMARY``: the verdict, counts by severity, the new findings as a table with a
link to each rule's page, and how many findings are waived, unchanged or absent.

Every string from the inventory or the knowledge base is escaped, so a model name cannot
inject links, images, HTML or table cells. GitHub caps a step summary at 1 MiB; the table
stops at ``MAX_ROWS`` rows and says how many it left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from audit.findings import SEVERITIES
from reports.rule_docs import docs_base_url, rule_doc_url

MAX_ROWS = 200
MESSAGE_LIMIT = 160
"""Characters of a finding's message in the table: its first sentence, clipped."""

_MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]#!|~<>&@$]")
"""Characters that can start Markdown markup, HTML, a mention or maths inside a table cell."""
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "&#124;"}


def render_markdown(document: Mapping[str, Any]) -> str:
    """The summary of ``document`` as GitHub-flavoured Markdown, ending with a newline."""
    summary = document.get("summary") or {}
    baseline = document.get("baseline") if isinstance(document.get("baseline"), Mapping) else None
    findings = [f for f in document.get("findings") or [] if isinstance(f, Mapping)]
    active = [f for f in findings if not f.get("waived")]
    shown = [f for f in active if f.get("baseline", "new") == "new"]
    status = str(summary.get("status") or "unknown").upper()
    mark = {"PASS": "✅", "FAIL": "❌"}.get(status, "❔")
    inventory = (document.get("inventory") or {}).get("source") or (
        document.get("inventory") or {}
    ).get("path")
    lines = [
        f"## {mark} model-audit: {status}",
        "",
        f"{_code(str(inventory))}: {summary.get('models', 0)} models audited as of "
        f"{escape(str(document.get('as_of') or ''))}; the gate fails on "
        f"{escape(str(summary.get('fail_on') or 'high'))}"
        + (" or above" if summary.get("fail_on") not in ("never", "info") else "")
        + (", judging only new findings." if baseline else "."),
        "",
        "| " + " | ".join(s.value for s in SEVERITIES) + " | waived |",
        "|" + "---:|" * (len(SEVERITIES) + 1),
        "| "
        + " | ".join(str(summary.get(s.value, 0)) for s in SEVERITIES)
        + f" | {summary.get('waived', 0)} |",
        "",
    ]
    if baseline:
        absent = baseline.get("absent") or []
        lines += [
            f"Against the baseline {_code(str(baseline.get('path') or ''))} "
            f"(as of {escape(str(baseline.get('as_of') or ''))}): "
            f"**{baseline.get('new', 0)} new**, {baseline.get('unchanged', 0)} unchanged, "
            f"{len(absent)} absent (fixed or removed since).",
            "",
        ]
    lines += _table(shown, "New findings" if baseline else "Findings")
    waived = sum(1 for f in findings if f.get("waived"))
    if waived:
        lines += ["", f"{waived} waived finding{'s' if waived != 1 else ''} not listed."]
    return "\n".join(lines).rstrip("\n") + "\n"


def _table(findings: list[Mapping[str, Any]], title: str) -> list[str]:
    if not findings:
        return [f"### {title}", "", "None."]
    base = docs_base_url()
    out = [
        f"### {title} ({len(findings)})",
        "",
        "| rule | severity | model | location | finding |",
        "|---|---|---|---|---|",
    ]
    for f in findings[:MAX_ROWS]:
        rule = str(f.get("rule") or "")
        link = f"[{escape(rule)}]({rule_doc_url(rule, base)})" if rule.isalnum() else escape(rule)
        where = f.get("model") or "inventory"
        if f.get("use_case"):
            where = f"{where} / {f['use_case']}"
        location = f.get("location") or {}
        line = location.get("line")
        place = f"{location.get('path') or ''}" + (f":{line}" if line else "")
        out.append(
            f"| {link} | {escape(str(f.get('severity') or ''))} | {escape(str(where))} | "
            f"{_code(place)} | {escape(one_line(str(f.get('message') or '')))} |"
        )
    if len(findings) > MAX_ROWS:
        out += ["", f"… and {len(findings) - MAX_ROWS} more; the JSON report lists them all."]
    return out


def one_line(message: str) -> str:
    """The first sentence of ``message`` on one line, clipped to ``MESSAGE_LIMIT``."""
    flat = " ".join(message.split())
    sentence = re.split(r"(?<=[.;])\s", flat, maxsplit=1)[0]
    if len(sentence) > MESSAGE_LIMIT:
        return sentence[: MESSAGE_LIMIT - 1].rstrip() + "…"
    return sentence


def escape(text: str) -> str:
    """``text`` as literal Markdown inline text: no markup, HTML or table cell breaks."""
    flat = " ".join(text.split())
    return "".join(
        _ENTITIES.get(c, f"\\{c}") if _MARKDOWN_SPECIAL.fullmatch(c) else c for c in flat
    )


def _code(text: str) -> str:
    """``text`` as an inline code span; backticks and pipes cannot end it early."""
    flat = " ".join(text.split()).replace("`", "'").replace("|", "\\|")
    return f"`{flat}`" if flat else "—"
