"""``model-audit verify``: check a signed PDF report or a signed statement."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from cryptography import x509

    from audit.errors import InputError
    from audit.signing.checks import Check


@click.command("verify")
@click.argument("files", metavar="REPORT.pdf|STATEMENT...", nargs=-1, required=True)
@click.option(
    "--trust",
    "trust_path",
    metavar="ROOTS.pem",
    help="Trusted root certificates (PEM): the signer must chain to one of them. Without it "
    "the signer's identity is shown but not checked.",
)
@click.option(
    "--inventory",
    "inventory_path",
    metavar="INV",
    help="Check that this inventory file is the one the report audited.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON.")
def command(
    files: tuple[str, ...], trust_path: str | None, inventory_path: str | None, as_json: bool
) -> None:
    """Check signed reports: a PDF's signature (intact, covering the whole file, by a
    signer chained to --trust) or a statement's (<name>.intoto.json: its DSSE signature,
    every file it lists against the files beside it, the inventory given).

    Prints one verdict per check. Exit status 0 when every check holds (a check that could
    not be made is shown as skip), 1 when one fails, 2 for unusable input.

    \b
    Examples:
      model-audit verify audit.pdf --trust team-root.pem
      model-audit verify audit.intoto.json --trust team-root.pem --inventory inventory.yaml
    """
    from audit.errors import InputError
    from audit.signing import quiet_library_logs
    from audit.signing.checks import Outcome, load_trust_roots

    quiet_library_logs()
    try:
        roots = load_trust_roots(trust_path) if trust_path else None
        checks: list[Check] = []
        for file in files:
            checks.extend(_verify_one(file, roots, inventory_path))
    except InputError as exc:
        _report_unusable(exc)
        click.get_current_context().exit(2)
    failed = any(c.outcome is Outcome.FAIL for c in checks)
    if as_json:
        _print_json(checks, failed)
    else:
        _print_table(checks, failed)
    click.get_current_context().exit(1 if failed else 0)


def _verify_one(
    file: str, roots: list[x509.Certificate] | None, inventory: str | None
) -> list[Check]:
    """The checks of one file: a PDF report by its first bytes, else a statement."""
    from audit.signing.checks import file_head
    from audit.signing.verify_pdf import verify_pdf
    from audit.signing.verify_statement import verify_statement

    if file_head(file, "PDF report or signed statement").startswith(b"%PDF-"):
        return verify_pdf(file, roots, inventory)
    return verify_statement(file, roots, inventory)


def _report_unusable(exc: InputError) -> None:
    from audit.safe_text import shown

    for problem in exc.problems:
        click.echo(shown(str(problem).removeprefix(": ")), err=True)
    count = len(exc.problems)
    click.echo(
        f"model-audit: verify: {count} problem{'s' if count != 1 else ''} found; nothing was "
        "verified.",
        err=True,
    )


def _print_table(checks: list[Check], failed: bool) -> None:
    from audit.safe_text import shown

    for check in checks:
        click.echo(
            f"{check.outcome.value.upper():4}  {shown(check.file)}: {check.name}: "
            f"{shown(check.detail)}"
        )
    total = len(checks)
    bad = sum(1 for c in checks if c.outcome.value == "fail")
    skipped = sum(1 for c in checks if c.outcome.value == "skip")
    verdict = "FAILED" if failed else "VERIFIED"
    click.echo(f"{verdict}: {total - bad - skipped} passed, {bad} failed, {skipped} skipped")


def _print_json(checks: list[Check], failed: bool) -> None:
    from audit.safe_text import shown_everywhere
    from reports.json_report import render_json

    document = {
        "schema": "model-audit/verify/v1",
        "verified": not failed,
        "checks": [
            {"file": c.file, "check": c.name, "outcome": c.outcome.value, "detail": c.detail}
            for c in checks
        ],
    }
    click.echo(render_json(shown_everywhere(document)), nl=False)
