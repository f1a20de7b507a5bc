"""``model-audit rules [ID]``: the rule catalogue, or one rule explained."""

from __future__ import annotations

import click


@click.command("rules")
@click.argument("rule_id", metavar="[ID]", required=False)
def command(rule_id: str | None) -> None:
    """List every rule, or explain rule ID: when it fires, its legal source, how to fix it.

    \b
    Examples:
      model-audit rules            the catalogue
      model-audit rules LIC003     one rule in full
    """
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from audit.rules.registry import FAMILY_TITLES, all_rules, get_rule

    console = Console()
    if rule_id is None:
        table = Table(title="Rule catalogue", title_justify="left")
        for column in ("id", "name", "family", "severity", "fires when"):
            table.add_column(column, overflow="fold")
        for r in all_rules():
            table.add_row(r.id, r.name, FAMILY_TITLES.get(r.family, r.family), r.severity.value, r.summary)
        console.print(table)
        console.print("Explain one rule: model-audit rules ID")
        return
    found = get_rule(rule_id)
    if found is None:
        import difflib

        ids = [r.id for r in all_rules()]
        close = difflib.get_close_matches(rule_id.upper(), ids, n=1)
        hint = f"; did you mean {close[0]}?" if close else "; see `model-audit rules`"
        raise click.UsageError(f"unknown rule {rule_id!r}{hint}")
    console.print(f"[bold]{found.id} {found.name}[/] ({FAMILY_TITLES.get(found.family, found.family)}, "
                  f"default severity {found.severity.value}, evaluated per {found.scope})")
    console.print(f"\n[bold]Fires when[/]: {escape(found.summary)}")
    console.print(f"[bold]Source[/]: {escape(found.citation)}")
    console.print(f"[bold]How to fix[/]: {escape(found.remediation)}")
    if found.details:
        console.print(f"\n{escape(found.details)}")
