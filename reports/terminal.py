"""Terminal rendering: findings grouped by model, most severe first."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.padding import Padding
from rich.text import Text

from reports.licence_status import licence_status

SEVERITY_STYLE = {
    "critical": "bold white on red",
    "high": "bold red",
    "medium": "yellow",
    "low": "cyan",
    "info": "dim",
}


def render_terminal(document: dict[str, Any], console: Console) -> None:
    """Print one table per model (findings most severe first), then the waivers and a summary."""
    by_model: dict[str | None, list[dict[str, Any]]] = {}
    for finding in document["findings"]:
        by_model.setdefault(finding["model"], []).append(finding)
    org = document["organisation"]
    console.print(
        f"[bold]model-audit[/] {document['tool']['version']} · "
        f"{escape(org['name'])} ({org['country']}) · as of {document['as_of']} · "
        f"knowledge base {document['knowledge_base']['version']}"
    )
    general = by_model.get(None, [])
    if general:
        console.print(_table("Organisation-wide", general))
    for model in document["models"]:
        licence = model["licence"]
        how = licence_status(model)
        lic = escape(f"{licence['id']} ({how.label})") if licence["id"] else escape(how.label)
        if not how.verified:
            lic = f"[bold red]{lic}[/]"
        regions = escape(", ".join(model["hosting"]["regions"]) or "no region given")
        title = (
            f"[bold]{escape(model['id'])}[/] · {escape(model['name'])} · {lic} · "
            f"{model['hosting']['mode']} ({regions}) · {_status(model['status'])}"
        )
        findings = by_model.get(model["id"], [])
        if findings:
            console.print(_table(title, findings))
        else:
            console.print(Text.from_markup(f"\n{title}\n  no findings"))
        flows = [f"  {uc['id']}: {flow}" for uc in model["use_cases"] for flow in _flows(uc)]
        for line in flows:
            console.print(Text(line, style="dim"))
    stale = [w for w in document["waivers"] if w["status"] != "active"]
    for waiver in stale:
        target = escape(waiver["model"] or "every model")
        console.print(
            f"[yellow]waiver {waiver['status']}[/]: {waiver['rule']} for {target} "
            f"({waiver['location']['path']}:{waiver['location']['line']})"
            + (
                " matched no finding; remove it"
                if waiver["status"] == "stale"
                else f" lapsed: {escape(waiver.get('lapsed') or '')}"
                if waiver["status"] == "lapsed"
                else f" expired on {waiver['expires']}; its findings are active again"
            )
        )
    summary = document["summary"]
    counts = " ".join(
        f"[{SEVERITY_STYLE[s]}]{summary[s]} {s}[/]"
        for s in ("critical", "high", "medium", "low", "info")
    )
    verdict = "[bold green]PASS[/]" if summary["status"] == "pass" else "[bold red]FAIL[/]"
    console.print(
        f"\n{verdict} {counts} · {summary['waived']} waived · {summary['models']} models"
        f" ({summary['unresolved']} unresolved) · fail on {summary['fail_on']}"
    )


def _table(title: str, findings: list[dict[str, Any]]) -> Group:
    """A model's findings: one line with severity, rule and place, the message indented below.

    A block per finding reads well at any terminal width, where a wide table would squeeze
    the message into a sliver.
    """
    rows: list[RenderableType] = [Text.from_markup(f"\n{title}")]
    for f in findings:
        head = Text("  ")
        severity = Text(f"{f['severity'].upper():<8}", style=SEVERITY_STYLE[f["severity"]])
        if f["waived"]:
            severity.stylize("strike")
        head.append_text(severity)
        head.append(f" {f['rule']} {f['name']}", style="bold")
        if f["use_case"]:
            head.append(f" · {f['use_case']}")
        head.append(f"  {f['location']['path']}:{f['location']['line']}", style="dim")
        message = Text(f["message"])
        if f["waiver"]:
            note = (
                "lapsed waiver"
                if f["waiver"].get("lapsed")
                else "expired waiver"
                if f["waiver"]["expired"]
                else "waived"
            )
            message.append(f" [{note}: {f['waiver']['reason']}]", style="dim")
        rows.append(head)
        rows.append(Padding(message, (0, 0, 0, 11)))
    return Group(*rows)


def _status(status: str) -> str:
    return {"fail": "[red]fail[/]", "warn": "[yellow]warn[/]", "pass": "[green]pass[/]"}[status]


def _flows(use_case: dict[str, Any]) -> list[str]:
    flows = use_case.get("data_flows")
    if not flows:
        return []
    return [
        str(flow.get("summary", flow)) if isinstance(flow, dict) else str(flow) for flow in flows
    ]
