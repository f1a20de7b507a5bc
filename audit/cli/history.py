"""``model-audit history``: the runs recorded in the audit ledger, and ``--verify``."""

from __future__ import annotations

import click

from audit.cli.ledger_option import inventory_key, ledger_option


@click.command("history")
@ledger_option(required=True)
@click.option(
    "--inventory",
    "inventory",
    metavar="INV",
    help="Only the runs of this inventory file (matched by its absolute path).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the runs as JSON.")
@click.option(
    "--verify",
    is_flag=True,
    help="Recompute the ledger's hash chain; exit 1 naming the first run that does not match.",
)
def command(ledger: str, inventory: str | None, as_json: bool, verify: bool) -> None:
    """List the audits recorded in the ledger: number, date, verdict and counts.

    Every `scan --ledger URL` appends a run; runs are numbered 1, 2, 3, ... and each holds the
    hash of the one before it, so `--verify` finds any run edited or removed after the fact.

    \b
    Examples:
      model-audit history --ledger audits.db
      model-audit history --ledger audits.db --inventory inventory.yaml --json
      model-audit history --ledger postgresql://db.internal/audits --verify
    """
    from audit.ledger.present import plain as safe_text
    from audit.ledger.store import open_ledger

    with open_ledger(ledger) as store:
        if verify:
            checked, problem = store.verify()
            if problem is not None:
                click.echo(f"ledger {store.address.shown}: NOT intact: {problem.message}")
                click.get_current_context().exit(1)
            click.echo(f"ledger {store.address.shown}: intact, {checked} runs, chain verified")
            return
        key = inventory_key(inventory) if inventory else None
        runs = store.runs(inventory=key)
    if as_json:
        from reports.json_report import render_json

        rows = [
            {
                "id": r.id,
                "kind": r.kind,
                "recorded_at": r.recorded_at,
                "as_of": r.as_of,
                "inventory": r.inventory,
                "verdict": r.verdict,
                "counts": r.record.get("counts", {}),
                "row_hash": r.row_hash,
            }
            for r in runs
        ]
        click.echo(render_json({"schema": "model-audit/history/v1", "runs": rows}), nl=False)
        return
    if not runs:
        click.echo("no runs recorded" + (f" for {inventory}" if inventory else ""))
        return
    for r in runs:
        counts = r.record.get("counts", {})
        shown = ", ".join(
            f"{counts[k]} {k}"
            for k in ("critical", "high", "medium", "low", "info")
            if counts.get(k)
        )
        click.echo(
            safe_text(
                f"{r.id:>4}  {r.recorded_at[:19]}  as of {r.as_of}  {r.kind:<5}  "
                f"{r.verdict:<5}  {shown or 'no findings'}  {r.inventory}"
            )
        )
