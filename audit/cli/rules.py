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
def command(rule_id: str | None, markdown_dir: str | None) -> None:
    """List every rule, or explain rule ID: when it fires, its legal source, how to fix it.

    ID is a rule id such as LIC003 (any case) or a rule name such as user-threshold.

    \b
    Examples:
      model-audit rules            the catalogue
      model-audit rules LIC003     one rule in full
      model-audit rules --markdown docs/rules   regenerate the rule pages
    """
    from rich.console import Console

    from audit.rules.registry import all_rules

    console = Console(highlight=False)
    rules = all_rules()
    if markdown_dir is not None:
        if rule_id is not None:
            raise click.UsageError("--markdown writes every rule's page; give no ID with it")
        _write_pages(markdown_dir, rules)
        return
    if rule_id is None:
        _print_catalogue(console, rules)
        return
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


def _print_catalogue(console: Console, rules: tuple[Rule, ...]) -> None:
    from rich.table import Table

    from audit.rules.registry import FAMILY_TITLES

    if not rules:
        console.print("No rules are registered in this build.")
        return
    table = Table(title=f"Rule catalogue ({len(rules)} rules)", title_justify="left")
    for column in ("id", "name", "family", "severity", "fires when"):
        table.add_column(column, overflow="fold")
    for r in rules:
        family = FAMILY_TITLES.get(r.family, r.family)
        table.add_row(r.id, r.name, family, r.severity.value, r.summary)
    console.print(table)
    console.print("Explain one rule: model-audit rules ID")


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
