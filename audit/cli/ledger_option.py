"""The ``--ledger`` option shared by ``scan``, ``watch``, ``history`` and ``diff``, and the
step that appends a finished scan to the ledger."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from audit.inventory.loader import LoadedInventory

F = TypeVar("F", bound=Callable[..., Any])


def ledger_option(*, required: bool = False) -> Callable[[F], F]:
    """``--ledger URL`` (default ``$MODEL_AUDIT_LEDGER``)."""
    return click.option(
        "--ledger",
        "ledger",
        metavar="URL",
        envvar="MODEL_AUDIT_LEDGER",
        required=required,
        help="Audit ledger: a file path or sqlite:///PATH (SQLite), or postgresql://HOST/DB "
        "for a team (default: $MODEL_AUDIT_LEDGER)."
        + ("" if required else " Each run is appended to it, hash-chained."),
    )


def check_ledger_address(given: str | None) -> None:
    """Refuse a malformed ledger address before any audit work (exit 2)."""
    if given is not None:
        from audit.ledger import parse_ledger_address

        parse_ledger_address(given)


def inventory_key(path: str) -> str:
    """How the ledger names an inventory across runs: its absolute, resolved path."""
    return str(Path(path).resolve())


def record_scan(
    given: str,
    loaded: LoadedInventory,
    document: Mapping[str, Any],
    rendered: Mapping[str, str | bytes],
    extra_inputs: tuple[str, ...] = (),
) -> None:
    """Append the finished scan to the ledger; ``LedgerError`` (exit 3) when it cannot."""
    from audit.ledger import input_digests, record_run

    folders = [
        loaded.base_dir / m.path for m in loaded.inventory.models if m.source == "local" and m.path
    ]
    run = record_run(
        given,
        document,
        inventory_key=inventory_key(loaded.path),
        inputs=input_digests(loaded.path, folders, extra_inputs),
        reports=rendered,
    )
    click.echo(f"model-audit: recorded as run {run.id} in the ledger", err=True)


def add_history(given: str, loaded: LoadedInventory, document: dict[str, Any]) -> None:
    """Add ``since_last_audit`` and ``trend`` to ``document`` from the ledger's earlier scans
    of this inventory, before the reports are rendered.

    A ledger that cannot be read is said on standard error and the reports go without the
    two sections; recording the run afterwards then fails with exit 3 as it would anyway.
    """
    from audit.ledger.since import TREND_RUNS, history_sections
    from audit.ledger.store import LedgerError, open_ledger

    try:
        with open_ledger(given) as ledger:
            earlier = ledger.runs(
                inventory=inventory_key(loaded.path), kind="scan", last=TREND_RUNS - 1
            )
    except LedgerError as exc:
        click.echo(
            f"model-audit: warning: {exc}; the reports have no 'since the last audit' section",
            err=True,
        )
        return
    document.update(history_sections(earlier, document))
