"""Terminal rendering of a comparison: one column per candidate, then findings and the verdict.

Reads only the comparison document. Every value that came from an input (model names,
messages) is printed as plain ``Text``, never as Rich markup.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from audit.compare.cells import side_by_side_rows
from reports.terminal import SEVERITY_STYLE

CHOICE_TEXT = {
    "open-weight-self-hosted": "open-weight model, self-hosted",
    "closed-api": "closed API model",
    "hybrid": "hybrid: open-weight for the bulk, closed frontier model for the hard cases",
}

TONE_STYLE = {"": "", "bad": "bold red", "good": "green", "dim": "dim"}


def render_comparison(document: dict[str, Any], console: Console) -> None:
    """Print the side-by-side table, each candidate's findings, costs and the verdict."""
    _header(document, console)
    console.print(_side_by_side(document))
    _findings(document, console)
    _costs(document, console)
    _ranking(document, console)
    _hybrid(document, console)
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
    for label, cells in side_by_side_rows(document):
        table.add_row(label, *(Text(cell.text, style=TONE_STYLE[cell.tone]) for cell in cells))
    return table


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
        cost = candidate["cost"]
        console.print(Text(f"  {candidate['name']}: {cost['basis']}"))
        if cost["scenarios"]:
            at = "; ".join(
                f"{s['factor']:g}x ({s['monthly_tokens']:,} tokens) USD {s['monthly_usd']:,.0f}"
                for s in cost["scenarios"]
            )
            console.print(Text(f"    a month at {at}", style="dim"))
    for pair in document["break_even"]:
        volume = pair["monthly_tokens"]
        when = (
            f"{volume:,} tokens a month"
            if volume is not None
            else "never with these figures (the API stays cheaper)"
        )
        assumed = pair["capacity_assumed_tokens_per_month"]
        line = f"  break-even {pair['open']} vs {pair['closed']}: {when}; assumes "
        line += f"{assumed:,} tokens a month per replica" if assumed else "unlimited replicas"
        needed = pair["capacity_to_break_even_tokens_per_month"]
        if needed is not None:
            line += f"; at this volume it breaks even from {needed:,} tokens a month per replica"
        console.print(Text(line))


def _ranking(document: dict[str, Any], console: Console) -> None:
    console.print(
        Text("\nCandidates ranked (blocking findings first out, then cost)", style="bold")
    )
    for row in document["ranking"]:
        style = "red" if row["ruled_out"] else ""
        console.print(
            Text(f"  {row['rank']}. {row['name']} ({row['kind']}): {row['reason']}", style)
        )


def _hybrid(document: dict[str, Any], console: Console) -> None:
    plan = document["hybrid"]
    if plan is None:
        return
    console.print(Text("\nHybrid plan", style="bold"))
    share = plan["frontier_share"]
    console.print(
        Text(
            f"  {1 - share:.0%} of requests to {plan['open'] or 'no open-weight candidate'}, "
            f"{share:.0%} to {plan['closed'] or 'no closed candidate'}"
        )
    )
    for kept in plan["kept_on_open_tier"]:
        console.print(Text(f"  stays on the open tier: {kept['tag']} ({kept['reason']})"))
    if plan["closed"]:
        data = ", ".join(plan["closed_tier_data"]) or "no tagged data"
        console.print(Text(f"  the closed tier receives only: {data}"))
    if plan["blended_usd"] is not None:
        line = f"  blended USD {plan['blended_usd']:,.0f} a month"
        for label, key, saving in (
            ("all-frontier", "all_frontier_usd", "saving_vs_frontier"),
            ("all-open", "all_open_usd", "saving_vs_open"),
        ):
            if plan[key] is not None:
                line += f"; {label} USD {plan[key]:,.0f} ({_saving(plan[saving])})"
        console.print(Text(line))
    for problem in plan["problems"]:
        console.print(Text(f"  ! {problem}", style="yellow"))


def _saving(fraction: float | None) -> str:
    if fraction is None:
        return "no comparison"
    if fraction >= 0:
        return f"the hybrid saves {fraction:.0%}"
    return f"the hybrid costs {-fraction:.0%} more"


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
        points = POINTS_TEXT[step["leads_to"]]
        console.print(
            Text(f"  {number}. {step['question']}: {_yes(shown)} ({points}): {step['reason']}")
        )
    rule = recommendation["rule"]
    console.print(Text(f"  verdict rule {rule['id']}: {rule['when']}", style="bold"))
    console.print(Text("  verdict table (first row that holds decides):", style="dim"))
    for row in recommendation["table"]:
        console.print(Text(f"    {row['id']} {row['when']} -> {row['choice']}", style="dim"))
    for condition in recommendation["conditions"]:
        console.print(Text(f"  must: {condition}", style="yellow"))
    if recommendation["shortlist"]:
        names = ", ".join(s["name"] for s in recommendation["shortlist"])
        console.print(Text(f"  fitting candidates, in ranking order: {names}"))


POINTS_TEXT = {
    "open-weight-self-hosted": "points to open-weight",
    "closed-api": "points to closed API",
    "either": "points neither way",
}


def _yes(value: Any) -> str:
    if value is None:
        return "not given"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
