"""Terminal rendering of a comparison: one column per candidate, then findings and the verdict.

Reads only the comparison document. Every value that came from an input (model names,
messages) is printed as plain ``Text``, never as Rich markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

SEVERITY_STYLE = {
    "critical": "bold white on red",
    "high": "bold red",
    "medium": "yellow",
    "low": "cyan",
    "info": "dim",
}

CHOICE_TEXT = {
    "open-weight-self-hosted": "open-weight model, self-hosted",
    "closed-api": "closed API model",
    "hybrid": "hybrid: open-weight for the bulk, closed frontier model for the hard cases",
}

Row = tuple[str, Callable[[dict[str, Any]], Text]]


def render_comparison(document: dict[str, Any], console: Console) -> None:
    """Print the side-by-side table, each candidate's findings, costs and the verdict."""
    _header(document, console)
    console.print(_side_by_side(document))
    _findings(document, console)
    _costs(document, console)
    _verdict(document, console)
    for note in document["pricing"]["notices"]:
        console.print(Text(f"! {note}", style="yellow"))
    for note in document["notes"]:
        console.print(Text(f"note: {note}", style="dim"))


def _header(document: dict[str, Any], console: Console) -> None:
    use_case = document["use_case"]
    org = document["organisation"]
    tokens = use_case["monthly_tokens"]
    volume = f"{tokens:,} tokens a month" if tokens is not None else "volume not given"
    where = use_case["location"]
    console.print(
        Text.assemble(
            ("Procurement comparison", "bold"),
            f" · use case {use_case['id']} ({where['path']}:{where['line']}) · as of "
            f"{document['as_of']}",
        )
    )
    console.print(
        Text(
            f"{org['name']} ({org['country']}) · data: {', '.join(use_case['data']) or 'none'} · "
            f"{volume} · audience: {use_case['audience']} · frontier needed: "
            f"{_yes(use_case['needs_frontier'])} · team can self-host: {_yes(org['can_self_host'])}"
        )
    )


def _side_by_side(document: dict[str, Any]) -> Table:
    table = Table(show_lines=True, expand=False)
    table.add_column("", style="bold", no_wrap=True)
    for candidate in document["candidates"]:
        table.add_column(Text(candidate["name"]), overflow="fold")
    rows: list[Row] = [
        ("Kind", lambda c: Text(c["kind"])),
        ("Hosting", _hosting),
        ("Licence", _licence),
        ("Commercial use", _commercial),
        ("Thresholds", _thresholds),
        ("Attribution", _attribution),
        ("Territorial limits", _territorial),
        ("Use-policy flow-down", _flow_down),
        ("Residency", _residency),
        ("AI Act", _ai_act),
        ("Findings", _counts),
        ("Monthly cost", _cost),
    ]
    for label, cell in rows:
        table.add_row(label, *(cell(c) for c in document["candidates"]))
    return table


def _hosting(c: dict[str, Any]) -> Text:
    hosting = c["hosting"]
    if hosting["provider_default"]:
        return Text(f"{hosting['mode']} (provider default region)")
    return Text(f"{hosting['mode']} ({', '.join(hosting['regions']) or 'no region'})")


def _licence(c: dict[str, Any]) -> Text:
    licence = c["licence"]
    if licence["id"] is None:
        return Text("unresolved", style="red")
    return Text(f"{licence['id']} ({licence['source']})")


def _terms(c: dict[str, Any]) -> dict[str, Any] | None:
    terms: dict[str, Any] | None = c["licence"].get("terms")
    return terms


def _commercial(c: dict[str, Any]) -> Text:
    terms = _terms(c)
    if terms is None:
        return Text("unknown", style="red")
    if not terms["commercial_use"]:
        return Text("not allowed", style="bold red")
    if not terms["production_use"]:
        return Text("no production use", style="bold red")
    return Text("allowed")


def _thresholds(c: dict[str, Any]) -> Text:
    terms = _terms(c)
    if terms is None:
        return Text("unknown")
    parts = []
    if terms["user_threshold"]:
        parts.append(f"{terms['user_threshold']:,} monthly active users")
    if terms["revenue_threshold_usd"]:
        parts.append(f"USD {terms['revenue_threshold_usd']:,} annual revenue")
    return Text("; ".join(parts) or "none")


def _attribution(c: dict[str, Any]) -> Text:
    terms = _terms(c)
    if terms is None:
        return Text("unknown")
    notices = terms["attribution"]
    if not notices:
        return Text("none required")
    more = f" (+{len(notices) - 1} more)" if len(notices) > 1 else ""
    return Text(f'"{notices[0]}"{more}')


def _territorial(c: dict[str, Any]) -> Text:
    terms = _terms(c)
    if terms is None:
        return Text("unknown")
    limits = [
        f"{', '.join(t['regions'])} ({t['model_scope']} models)"
        for t in terms["territorial_exclusions"]
    ]
    return Text("; ".join(limits) or "none", style="bold red" if limits else "")


def _flow_down(c: dict[str, Any]) -> Text:
    terms = _terms(c)
    if terms is None:
        return Text("unknown")
    policy = terms["use_policy"]
    if policy is None:
        return Text("no use policy")
    return Text("flows down" if policy["flows_down"] else "binds you only")


def _residency(c: dict[str, Any]) -> Text:
    flows = c["residency"]
    if flows is None:
        regions = ", ".join(c["hosting"]["regions"]) or "provider default"
        return Text(f"{regions} (GDPR data flows not available)", style="dim")
    if not flows:
        return Text("no personal data flow")
    lines = []
    for flow in flows:
        lawful = flow.get("lawful")
        mark = "" if lawful is None else (" ok" if lawful else " NO BASIS")
        lines.append(f"{flow.get('region')} ({flow.get('status')}){mark}")
    return Text("\n".join(dict.fromkeys(lines)))


def _ai_act(c: dict[str, Any]) -> Text:
    summary = c["ai_act"]
    if summary is None:
        return Text("not available", style="dim")
    return Text(f"{summary.get('role')}; {summary.get('risk_class')}")


def _counts(c: dict[str, Any]) -> Text:
    text = Text()
    for severity, count in c["finding_counts"].items():
        if count:
            text.append(f"{count} {severity} ", style=SEVERITY_STYLE[severity])
    return text if text.plain else Text("none", style="green")


def _cost(c: dict[str, Any]) -> Text:
    cost = c["monthly_cost_usd"]
    if cost is not None:
        return Text(f"USD {cost:,.0f}")
    return Text(c["cost"]["unknown"] or "no volume given", style="dim")


def _findings(document: dict[str, Any], console: Console) -> None:
    for candidate in document["candidates"]:
        console.print(Text(f"\n{candidate['name']}", style="bold"))
        for line in candidate["assumptions"]:
            console.print(Text(f"  assumed: {line}", style="dim"))
        if not candidate["findings"]:
            console.print(Text("  no findings", style="green"))
        for finding in candidate["findings"]:
            console.print(_finding_line(finding))
    if document["shared_findings"]:
        console.print(Text("\nEvery candidate (organisation-wide)", style="bold"))
        for finding in document["shared_findings"]:
            console.print(_finding_line(finding))


def _finding_line(finding: dict[str, Any]) -> Text:
    return Text.assemble(
        "  ",
        (f"{finding['severity'].upper():<8}", SEVERITY_STYLE[finding["severity"]]),
        (f" {finding['rule']} ", "bold"),
        finding["message"],
    )


def _costs(document: dict[str, Any], console: Console) -> None:
    console.print(Text("\nCost", style="bold"))
    for candidate in document["candidates"]:
        console.print(Text(f"  {candidate['name']}: {candidate['cost']['basis']}"))
    for pair in document["break_even"]:
        volume = pair["monthly_tokens"]
        when = (
            f"{volume:,} tokens a month" if volume is not None else "never (the API stays cheaper)"
        )
        console.print(Text(f"  break-even {pair['open']} vs {pair['closed']}: {when}"))


def _verdict(document: dict[str, Any], console: Console) -> None:
    recommendation = document["recommendation"]
    console.print(
        Text.assemble(
            ("\nRecommendation: ", "bold"),
            (CHOICE_TEXT[recommendation["choice"]], "bold green"),
        )
    )
    for number, step in enumerate(recommendation["steps"], start=1):
        answer = step["answer"]
        shown = (
            f"{answer:,}" if isinstance(answer, int) and not isinstance(answer, bool) else answer
        )
        console.print(
            Text(
                f"  {number}. {step['question']}: {_yes(shown)} -> {step['leads_to']}: "
                f"{step['reason']}"
            )
        )
    for condition in recommendation["conditions"]:
        console.print(Text(f"  must: {condition}", style="yellow"))
    if recommendation["shortlist"]:
        names = ", ".join(s["name"] for s in recommendation["shortlist"])
        console.print(Text(f"  fitting candidates, fewest blocking findings first: {names}"))


def _yes(value: Any) -> str:
    if value is None:
        return "not given"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
