"""``model-audit validate``: check an inventory against the schema only."""

from __future__ import annotations

import click

from audit.cli.options import inventory_argument, known_rule_ids


@click.command("validate")
@inventory_argument
def command(inventory: str) -> None:
    """Check INVENTORY against the inventory schema, without resolving or auditing.

    Every problem is reported at once as FILE:LINE: FIELD: what was expected; got what.
    Exit status 0 when the inventory is valid, 2 when it is not.

    \b
    Example:
      model-audit validate inventory.yaml
    """
    from audit.inventory import load_inventory

    loaded = load_inventory(inventory, known_rules=known_rule_ids())
    inv = loaded.inventory
    use_cases = sum(len(m.use_cases) for m in inv.models)
    click.echo(
        f"{inventory}: valid inventory for {inv.organisation.name}: {len(inv.models)} models, "
        f"{use_cases} use cases, {len(inv.routes)} routes, {len(inv.waivers)} waivers"
    )
