"""``model-audit rules [ID]``: the rule catalogue, or one rule explained."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # rich and the registry load only when the command runs
    from rich.console import Console

    from audit.rules.registry import Rule


@click.command("rules")
@click.argument("rule_id", metavar="[ID]", required=False)
@click.option(
    "--markdown",
    "markdown_dir",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Write one Markdown page per rule (DIR/<ID>.md) and an index (DIR/README.md), "
    "generated from the rule metadata; pages of rules that no longer exist are removed.",
)
@click.option(
    "--long",
    is_flag=True,
    help="Print every rule with its whole summary, family and legal source "
    "(without it: one line per rule).",
)
def command(rule_id: str | None, markdown_dir: str | None, long: bool) -> None:
    """List every rule, or explain rule ID: when it fires, its legal source, how to fix it.

    ID is a rule id such as LIC003 (any case) or a rule name such as user-threshold.

    \b
    Examples:
      model-audit rules            the catalogue, one line per rule
      model-audit rules --long     every rule with its summary and source
      model-audit rules LIC003     one rule in full
      model-audit rules --markdown docs/rules   regenerate the rule pages
    """
    from audit.rules.registry import all_rules
    from reports.terminal import TerminalConsole

    console = TerminalConsole(highlight=False)
    rules = all_rules()
    if markdown_dir is not None:
        if rule_id is not None:
            raise click.UsageError("--markdown writes every rule's page; give no ID with it")
        _write_pages(markdown_dir, rules)
        return
    if rule_id is None:
        _print_catalogue(console, rules, long)
        return
    if long:
        raise click.UsageError("--long prints the whole catalogue; give no ID with it")
    found = find_rule(rule_id, rules)
    if found is None:
        raise click.UsageError(f"unknown rule {rule_id!r}{_suggestion(rule_id, rules)}")
    _print_rule(console, found)


def _write_pages(folder: str, rules: tuple[Rule, ...]) -> None:
    """Write every rule page into ``folder`` (through the atomic writer) and remove the
    generated pages of rules that are gone, so the folder mirrors the registry."""
    from pathlib import Path

    from audit.outputs import OutputTarget, plan_outputs
    from reports.rule_pages import rule_pages, stale_pages

    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    pages = rule_pages(rules)
    targets = [OutputTarget(str(root / name), str(root / name), "rule page") for name in pages]
    plan_outputs(targets, inputs=()).write_all({str(root / n): text for n, text in pages.items()})
    for old in stale_pages(root, pages):
        old.unlink()
    click.echo(f"wrote {len(pages)} pages to {root}", err=True)


def find_rule(wanted: str, rules: tuple[Rule, ...]) -> Rule | None:
    """The rule whose id or name is ``wanted`` (case and surrounding spaces ignored)."""
    key = wanted.strip().lower()
    return next((r for r in rules if key in (r.id.lower(), r.name.lower())), None)


def _suggestion(wanted: str, rules: tuple[Rule, ...]) -> str:
    if not rules:
        return "; no rules are registered in this build"
    by_key = {r.id: r for r in rules} | {r.name: r for r in rules}
    close = difflib.get_close_matches(wanted.strip(), list(by_key), n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(wanted.strip().upper(), [r.id for r in rules], n=1)
    if close:
        guess = by_key[close[0]]
        return f"; did you mean {guess.id} ({guess.name})?"
    return "; see `model-audit rules` for the catalogue"


def _print_catalogue(console: Console, rules: tuple[Rule, ...], long: bool) -> None:
    """One line per rule (the summary cut to the terminal's width), or with ``long`` each
    rule's whole summary, family and legal source hanging under its line."""
    from audit.rules.registry import FAMILY_TITLES
    from reports.terminal import print_wrapped

    if not rules:
        console.print("No rules are registered in this build.")
        return
    console.print(f"Rule catalogue ({len(rules)} rules)", style="bold")
    name_width = max(len(r.name) for r in rules)
    for r in rules:
        head = f"{r.id:<8}{r.severity.value:<9}{r.name:<{name_width}}  "
        if long:
            console.print()
            console.print(head.rstrip(), style="bold", soft_wrap=True)
            family = FAMILY_TITLES.get(r.family, r.family)
            print_wrapped(console, f"Fires when: {r.summary}", indent=4, hang=6)
            print_wrapped(console, f"Family: {family}; source: {r.citation}", indent=4, hang=6)
            continue
        room = console.width - len(head)
        summary = r.summary if len(r.summary) <= room else r.summary[: max(room - 1, 0)] + "…"
        console.print((head + summary).rstrip(), soft_wrap=True, markup=False)
    console.print()
    console.print("Explain one rule: model-audit rules ID (every rule in full: --long)")


def _print_rule(console: Console, found: Rule) -> None:
    from rich.markup import escape

    from audit.rules.registry import FAMILY_TITLES

    family = FAMILY_TITLES.get(found.family, found.family)
    console.print(
        f"[bold]{found.id} {escape(found.name)}[/] ({family}, default severity "
        f"{found.severity.value}, evaluated per {found.scope})"
    )
    console.print(f"\n[bold]Fires when[/]: {escape(found.summary)}")
    console.print(f"[bold]Source[/]: {escape(found.citation)}")
    console.print(f"[bold]How to fix[/]: {escape(found.remediation)}")
    if found.details:
        console.print(f"\n{escape(found.details)}")
