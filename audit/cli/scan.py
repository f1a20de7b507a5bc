"""``model-audit scan``: resolve every model, evaluate every rule, report."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from audit.compare.pricing import Pricing
    from audit.resolve.interface import ModelResolution

from audit.cli.options import (
    audit_options,
    gc_paused,
    inventory_argument,
    known_rule_ids,
    parse_as_of,
)


@click.command("scan")
@inventory_argument
@click.option(
    "--json",
    "json_path",
    metavar="PATH",
    help="Write the JSON report ('-' for stdout; then no table).",
)
@click.option(
    "--sarif",
    "sarif_path",
    metavar="PATH",
    help="Write SARIF 2.1.0, results at the inventory's lines.",
)
@click.option("--html", "html_path", metavar="PATH", help="Write the audit report as HTML.")
@click.option("--pdf", "pdf_path", metavar="PATH", help="Write the audit report as PDF.")
@audit_options
@click.option(
    "--pricing",
    "pricing_path",
    metavar="PATH",
    help="Pricing file (as for `compare`) that the cost rule ADV001 prices with; default: "
    "the example figures shipped with the tool, which ADV001's evidence then names.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print no table (reports and exit status only).")
def command(
    inventory: str,
    json_path: str | None,
    sarif_path: str | None,
    html_path: str | None,
    pdf_path: str | None,
    as_of: str | None,
    offline: bool,
    fail_on: str,
    pricing_path: str | None,
    quiet: bool,
) -> None:
    """Audit every model of INVENTORY and print the findings, grouped by model.

    Several report options may be given in one run. The exit status gates CI: 0 when every
    licence was verified and no unwaived finding reaches --fail-on (default high); 1 when
    one does; 2 for unusable input; 3 when the tool or the infrastructure failed (the Hub
    unreachable: the reports are still written, with summary.incomplete: true); 130 when
    interrupted (Ctrl-C).

    \b
    Examples:
      model-audit scan inventory.yaml
      model-audit scan inventory.yaml --offline --as-of 2026-11-26 --json -
      model-audit scan inventory.yaml --sarif audit.sarif --pdf audit.pdf --fail-on medium
    """
    from audit.engine import AuditOptions, run_audit
    from audit.findings import Severity
    from audit.inventory import load_inventory
    from audit.outputs import OutputTarget, plan_outputs
    from reports.document import build_report
    from reports.writers import STDOUT_FORMATS, renderer

    outputs = {"json": json_path, "sarif": sarif_path, "html": html_path, "pdf": pdf_path}
    to_stdout = [fmt for fmt, dest in outputs.items() if dest == "-"]
    if len(to_stdout) > 1 or any(fmt not in STDOUT_FORMATS for fmt in to_stdout):
        raise click.UsageError("only one of --json or --sarif may write to standard output ('-')")
    # Every destination is checked before any audit work, so a bad one costs nothing.
    plan = plan_outputs(
        [
            OutputTarget(f"--{fmt}", destination, f"{fmt.upper()} report")
            for fmt, destination in outputs.items()
            if destination is not None
        ],
        inputs=[inventory],
    )
    options = AuditOptions(
        as_of=parse_as_of(as_of),
        offline=offline or os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes"),
        fail_on=None if fail_on.lower() == "never" else Severity(fail_on.lower()),
        progress=not quiet and not to_stdout,
        pricing=_pricing(pricing_path),
    )
    with gc_paused():
        loaded = load_inventory(inventory, known_rules=known_rule_ids())
        result = run_audit(loaded, options)
        document = build_report(result)
    # All reports are rendered before any is written: an interruption leaves the old set.
    plan.write_all({t.option: renderer(t.option[2:])(document) for t in plan.targets})
    _warn_unverified(result.resolutions.values())
    if not quiet and not to_stdout:
        from rich.console import Console

        from reports.terminal import render_terminal

        render_terminal(document, Console())
    incomplete = [r for r in result.resolutions.values() if r.infrastructure]
    if incomplete:
        raise click.exceptions.Exit(_outage(incomplete))
    click.get_current_context().exit(0 if result.passed else 1)


def _outage(incomplete: list[ModelResolution]) -> int:
    """Say in one line how many models the infrastructure kept from being verified; 3."""
    first = incomplete[0].infrastructure[0]
    count = len(incomplete)
    click.echo(
        f"model-audit: incomplete audit: {count} model{'s' if count != 1 else ''} could not "
        f"be verified because of the infrastructure (first: {first}); the reports were "
        "written with summary.incomplete: true; exit status 3",
        err=True,
    )
    return 3


def _warn_unverified(resolutions: Iterable[ModelResolution]) -> None:
    """Say on stderr how many models could not be verified, and why (each is a LIC001)."""
    unverified = [r for r in resolutions if r.problems]
    if not unverified:
        return
    reasons = Counter(_reason_kind(p) for r in unverified for p in dict.fromkeys(r.problems))
    listed = "; ".join(f"{kind}: {count}" for kind, count in sorted(reasons.items()))
    click.echo(
        f"model-audit: {len(unverified)} model{'s' if len(unverified) != 1 else ''} could not be "
        f"fully verified and {'are' if len(unverified) != 1 else 'is'} reported as LIC001 "
        f"({listed})",
        err=True,
    )


def _reason_kind(problem: str) -> str:
    """Group a resolution problem for the summary line."""
    for marker, kind in (
        ("Hub unreachable", "Hub unreachable"),
        ("not found on the Hub", "not found on the Hub"),
        ("gated", "gated on the Hub"),
        ("local cache", "not in the local Hub cache"),
        ("the Hub", "bad answer from the Hub"),
        ("matches no known licence", "licence text not identified"),
        ("does not know", "licence name not known"),
        ("no licence found", "no licence found"),
    ):
        if marker in problem:
            return kind
    return "other"


def _pricing(path: str | None) -> Pricing | None:
    """The ``--pricing`` file, validated before any audit work; None for the shipped one."""
    if path is None:
        return None
    from audit.compare.pricing import load_pricing

    return load_pricing(path)
