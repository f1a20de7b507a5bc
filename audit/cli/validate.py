"""``model-audit validate``: check an inventory against the schema only."""

from __future__ import annotations

import click

from audit.cli.options import LazyRuleIds, inventory_argument


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else (plural or noun + 's')}"


@click.command("validate")
@inventory_argument
def command(inventory: str) -> None:
    """Check INVENTORY against the inventory schema, without resolving or auditing.

    Every problem is reported at once, in line order, as FILE:LINE: FIELD: what was
    expected; got what. Cross-references are checked too: unique ids, known data tags,
    routes and waivers naming listed models, waivers naming known rules, and model folders
    inside the inventory's folder. Exit status 0 when the inventory is valid, 2 when not.

    \b
    Example:
      model-audit validate inventory.yaml
    """
    from audit.inventory import load_inventory
    from audit.safe_text import shown

    loaded = load_inventory(inventory, known_rules=LazyRuleIds())
    inv = loaded.inventory
    use_cases = sum(len(m.use_cases) for m in inv.models)
    click.echo(
        f"{shown(inventory)}: valid inventory for {shown(inv.organisation.name)}: "
        f"{_count(len(inv.models), 'model')}, {_count(use_cases, 'use case')}, "
        f"{_count(len(inv.routes), 'route')}, {_count(len(inv.waivers), 'waiver')}"
    )
