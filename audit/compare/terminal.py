"""Terminal rendering of a comparison: one column per candidate, then findings and the verdict.

Reads only the comparison document. Every value that came from an input (model names,
messages) is printed as plain ``Text``, never as Rich markup. Lines outside the table are
wrapped by ``print_wrapped`` (continuations hang under their line, nothing padded); the
table names its columns by candidate where the names fit whole, else by number with the
names listed above it, so a candidate's name is never split.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from audit.compare.cells import side_by_side_rows
from reports.terminal import SEVERITY_STYLE, print_wrapped

CHOICE_TEXT = {
    "open-weight-self-hosted": "open-weight model, self-hosted",
    "closed-api": "closed API model",
    "hybrid": "hybrid: open-weight for the bulk, closed frontier model for the hard cases",
}

TONE_STYLE = {"": "", "bad": "bold red", "good": "green", "dim": "dim"}


def render_comparison(document: dict[str, Any], console: Console) -> None:
    """Print the side-by-side table, each candidate's findings, costs and the verdict."""
    _header(document, console)
    _side_by_side(document, console)
    _findings(document, console)
    _costs(document, console)
    _ranking(document, console)
    _hybrid(document, console)
    _verdict(document, console)
    for note in document["pricing"]["notices"]:
        print_wrapped(console, f"! {note}", hang=2, style="yellow")
    for note in document["notes"]:
        print_wrapped(console, f"note: {note}", hang=6, style="dim")


def _header(document: dict[str, Any], console: Console) -> None:
    use_case = document["use_case"]
    org = document["organisation"]
    tokens = use_case["monthly_tokens"]
    volume = f"{tokens:,} tokens a month" if tokens is not None else "volume not given"
    where = use_case["location"]
    print_wrapped(
        console,
        f"Procurement comparison · use case {use_case['id']} ({where['path']}:{where['line']})"
        f" · as of {document['as_of']}",
        hang=4,
        highlights={"Procurement comparison": "bold"},
    )
    print_wrapped(
        console,
        f"{org['name']} ({org['country']}) · data: {', '.join(use_case['data']) or 'none'} · "
        f"{volume} · audience: {use_case['audience']} · frontier needed: "
        f"{_yes(use_case['needs_frontier'])} · team can self-host: {_yes(org['can_self_host'])}",
        hang=4,
    )


def _side_by_side(document: dict[str, Any], console: Console) -> None:
    names = [candidate["name"] for candidate in document["candidates"]]
    rows = side_by_side_rows(document)
    label_width = max((len(label) for label, _ in rows), default=0)
    # borders and padding: 3 characters per column plus one closing border
    room = (console.width - label_width - 3 * (len(names) + 1) - 1) // max(len(names), 1)
    by_name = all(len(name) <= room for name in names)
    if not by_name:
        for number, name in enumerate(names, start=1):
            print_wrapped(console, f"[{number}] {name}", hang=4, highlights={f"[{number}]": "bold"})
    table = Table(show_lines=True, expand=False)
    table.add_column("", style="bold", no_wrap=True)
    for number, name in enumerate(names, start=1):
        table.add_column(Text(name if by_name else f"[{number}]"), overflow="fold")
    for label, cells in rows:
        table.add_row(label, *(Text(cell.text, style=TONE_STYLE[cell.tone]) for cell in cells))
    console.print(table)


def _findings(document: dict[str, Any], console: Console) -> None:
    for candidate in document["candidates"]:
        console.print()
        print_wrapped(console, candidate["name"], hang=4, style="bold")
        for line in candidate["assumptions"]:
            print_wrapped(console, f"assumed: {line}", indent=2, hang=11, style="dim")
        if not candidate["findings"]:
            print_wrapped(console, "no findings", indent=2, style="green")
        for finding in candidate["findings"]:
            _finding_line(finding, console)
    if document["shared_findings"]:
        console.print()
        print_wrapped(console, "Every candidate (organisation-wide)", style="bold")
        for finding in document["shared_findings"]:
            _finding_line(finding, console)


def _finding_line(finding: dict[str, Any], console: Console) -> None:
    severity = finding["severity"].upper()
    print_wrapped(
        console,
        f"{severity:<8} {finding['rule']} {finding['message']}",
        indent=2,
        hang=11,
        highlights={severity: SEVERITY_STYLE[finding["severity"]], finding["rule"]: "bold"},
    )


def _costs(document: dict[str, Any], console: Console) -> None:
    console.print()
    print_wrapped(console, "Cost", style="bold")
    for candidate in document["candidates"]:
        cost = candidate["cost"]
        print_wrapped(console, f"{candidate['name']}: {cost['basis']}", indent=2, hang=4)
        if cost["scenarios"]:
            at = "; ".join(
                f"{s['factor']:g}x ({s['monthly_tokens']:,} tokens) USD {s['monthly_usd']:,.0f}"
                for s in cost["scenarios"]
            )
            print_wrapped(console, f"a month at {at}", indent=4, hang=6, style="dim")
    for pair in document["break_even"]:
        volume = pair["monthly_tokens"]
        when = (
            f"{volume:,} tokens a month"
            if volume is not None
            else "never with these figures (the API stays cheaper)"
        )
        assumed = pair["capacity_assumed_tokens_per_month"]
        line = f"break-even {pair['open']} vs {pair['closed']}: {when}; assumes "
        line += f"{assumed:,} tokens a month per replica" if assumed else "unlimited replicas"
        needed = pair["capacity_to_break_even_tokens_per_month"]
        if needed is not None:
            line += f"; at this volume it breaks even from {needed:,} tokens a month per replica"
        print_wrapped(console, line, indent=2, hang=4)


def _ranking(document: dict[str, Any], console: Console) -> None:
    console.print()
    print_wrapped(
        console, "Candidates ranked (blocking findings first out, then cost)", style="bold"
    )
    for row in document["ranking"]:
        style = "red" if row["ruled_out"] else ""
        line = f"{row['rank']}. {row['name']} ({row['kind']}): {row['reason']}"
        print_wrapped(console, line, indent=2, hang=5, style=style)


def _hybrid(document: dict[str, Any], console: Console) -> None:
    plan = document["hybrid"]
    if plan is None:
        return
    console.print()
    print_wrapped(console, "Hybrid plan", style="bold")
    share = plan["frontier_share"]
    print_wrapped(
        console,
        f"{1 - share:.0%} of requests to {plan['open'] or 'no open-weight candidate'}, "
        f"{share:.0%} to {plan['closed'] or 'no closed candidate'}",
        indent=2,
        hang=4,
    )
    for kept in plan["kept_on_open_tier"]:
        line = f"stays on the open tier: {kept['tag']} ({kept['reason']})"
        print_wrapped(console, line, indent=2, hang=4)
    if plan["closed"]:
        data = ", ".join(plan["closed_tier_data"]) or "no tagged data"
        print_wrapped(console, f"the closed tier receives only: {data}", indent=2, hang=4)
    if plan["blended_usd"] is not None:
        line = f"blended USD {plan['blended_usd']:,.0f} a month"
        for label, key, saving in (
            ("all-frontier", "all_frontier_usd", "saving_vs_frontier"),
            ("all-open", "all_open_usd", "saving_vs_open"),
        ):
            if plan[key] is not None:
                line += f"; {label} USD {plan[key]:,.0f} ({_saving(plan[saving])})"
        print_wrapped(console, line, indent=2, hang=4)
    for problem in plan["problems"]:
        print_wrapped(console, f"! {problem}", indent=2, hang=4, style="yellow")


def _saving(fraction: float | None) -> str:
    if fraction is None:
        return "no comparison"
    if fraction >= 0:
        return f"the hybrid saves {fraction:.0%}"
    return f"the hybrid costs {-fraction:.0%} more"


def _verdict(document: dict[str, Any], console: Console) -> None:
    recommendation = document["recommendation"]
    console.print()
    choice = CHOICE_TEXT[recommendation["choice"]]
    print_wrapped(
        console,
        f"Recommendation: {choice}",
        hang=4,
        highlights={"Recommendation:": "bold", **dict.fromkeys(choice.split(), "bold green")},
    )
    for number, step in enumerate(recommendation["steps"], start=1):
        answer = step["answer"]
        shown = (
            f"{answer:,}" if isinstance(answer, int) and not isinstance(answer, bool) else answer
        )
        points = POINTS_TEXT[step["leads_to"]]
        line = f"{number}. {step['question']}: {_yes(shown)} ({points}): {step['reason']}"
        print_wrapped(console, line, indent=2, hang=5)
    rule = recommendation["rule"]
    line = f"verdict rule {rule['id']}: {rule['when']}"
    print_wrapped(console, line, indent=2, hang=4, style="bold")
    line = "verdict table (first row that holds decides):"
    print_wrapped(console, line, indent=2, hang=4, style="dim")
    for row in recommendation["table"]:
        line = f"{row['id']} {row['when']} -> {row['choice']}"
        print_wrapped(console, line, indent=4, hang=7, style="dim")
    for condition in recommendation["conditions"]:
        print_wrapped(console, f"must: {condition}", indent=2, hang=8, style="yellow")
    if recommendation["shortlist"]:
        names = ", ".join(s["name"] for s in recommendation["shortlist"])
        line = f"fitting candidates, in ranking order: {names}"
        print_wrapped(console, line, indent=2, hang=4)


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
