"""``model-audit scan``: resolve every model, evaluate every rule, report."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from audit.compare.pricing import Pricing
    from audit.engine import AuditOptions
    from audit.inventory import LoadedInventory
    from audit.resolve.interface import ModelResolution
    from audit.signing.run import SigningRequest

from audit.cli.ledger_option import (
    add_history,
    check_ledger_address,
    ledger_option,
    record_scan,
)
from audit.cli.options import audit_options, gc_paused, known_rule_ids, parse_as_of
from audit.cli.scan_outputs import (
    ONE_INVENTORY_OPTIONS,
    ScanOutputs,
    plan_outputs,
    summary_line,
    write_outputs,
)
from audit.cli.sign_options import signing_options, signing_request


@click.command("scan")
@click.argument(
    "inventories",
    metavar="INVENTORY...",
    nargs=-1,
    required=True,
    type=click.Path(dir_okay=False),
)
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
    help="Write SARIF 2.1.0 for GitHub code scanning: results at the inventory's lines, "
    "paths relative to the repository root.",
)
@click.option(
    "--sarif-waived",
    type=click.Choice(["omit", "include"]),
    default="omit",
    show_default=True,
    help="Waived findings in SARIF: 'omit' (GitHub ignores suppressions and would show them "
    "as open alerts) or 'include' as suppressed results.",
)
@click.option(
    "--sarif-min-severity",
    type=click.Choice(["critical", "high", "medium", "low", "info"], case_sensitive=False),
    default="low",
    show_default=True,
    help="Lowest severity that becomes a SARIF result; the default leaves out info findings "
    "(advisories, duties whose date lies ahead).",
)
@click.option("--html", "html_path", metavar="PATH", help="Write the audit report as HTML.")
@click.option("--pdf", "pdf_path", metavar="PATH", help="Write the audit report as PDF.")
@click.option(
    "--markdown",
    "markdown_path",
    metavar="PATH",
    help="Write a GitHub-flavoured summary for a pull request or $GITHUB_STEP_SUMMARY "
    "('-' for stdout): verdict, counts, the new findings with links to their rules.",
)
@click.option(
    "--baseline",
    "baseline_path",
    metavar="OLD.json",
    help="A JSON report of an earlier run of this inventory: findings in it are 'unchanged', "
    "the rest 'new', and --fail-on judges only the new ones.",
)
@audit_options
@click.option(
    "--pricing",
    "pricing_path",
    metavar="PATH",
    help="Pricing file (as for `compare`) that the cost rule ADV001 prices with; default: "
    "the example figures shipped with the tool, which ADV001's evidence then names.",
)
@ledger_option()
@signing_options
@click.option(
    "--discover",
    "discover_paths",
    metavar="PATH",
    multiple=True,
    type=click.Path(exists=True),
    help="Also find the models the code and configs under PATH use (repeat for several "
    "paths) and compare them with the inventory: INV001 for a model in use but not declared, "
    "INV002 for a declared model not seen (see `model-audit discover`).",
)
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="Print no table, only one summary line per inventory on stderr.",
)
def command(
    inventories: tuple[str, ...],
    json_path: str | None,
    sarif_path: str | None,
    sarif_waived: str,
    sarif_min_severity: str,
    html_path: str | None,
    pdf_path: str | None,
    markdown_path: str | None,
    baseline_path: str | None,
    as_of: str | None,
    offline: bool,
    fail_on: str,
    pricing_path: str | None,
    ledger: str | None,
    discover_paths: tuple[str, ...],
    sign_key: str | None,
    sign_cert: str | None,
    tsa_url: str | None,
    quiet: bool,
) -> None:
    """Audit every model of each INVENTORY and print the findings, grouped by model.

    Several report options may be given in one run; they take a single INVENTORY. With
    several inventories (a pre-commit hook passes every changed one) each is audited and the
    exit status is the worst of them. The exit status gates CI: 0 when every licence was
    verified and no unwaived finding reaches --fail-on (default high; with --baseline, no
    new one); 1 when one does; 2 for unusable input; 3 when the tool or the infrastructure
    failed (the Hub unreachable: the reports are still written, with summary.incomplete:
    true); 130 when interrupted (Ctrl-C).

    \b
    Examples:
      model-audit scan inventory.yaml
      model-audit scan inventory.yaml --offline --as-of 2026-11-26 --json -
      model-audit scan inventory.yaml --sarif audit.sarif --pdf audit.pdf --fail-on medium
      model-audit scan inventory.yaml --baseline main.json --markdown summary.md
      model-audit scan teams/a/inventory.yaml teams/b/inventory.yaml --quiet
      model-audit scan inventory.yaml --discover src --discover deploy --sarif audit.sarif
    """
    from audit.engine import AuditOptions
    from audit.findings import Severity

    outputs = ScanOutputs(
        json=json_path,
        sarif=sarif_path,
        html=html_path,
        pdf=pdf_path,
        markdown=markdown_path,
        baseline=baseline_path,
        sarif_waived="include" if sarif_waived == "include" else "omit",
        sarif_min_severity=Severity(sarif_min_severity.lower()),
    )
    if len(outputs.to_stdout()) > 1:
        raise click.UsageError(
            "only one of --json, --sarif or --markdown may write to standard output ('-')"
        )
    if len(inventories) > 1 and outputs.any_given():
        raise click.UsageError(
            f"{', '.join(ONE_INVENTORY_OPTIONS)} take one inventory; "
            f"{len(inventories)} were given (run scan once per inventory)"
        )
    from audit.settings import check_environment

    check_environment()  # every override parsed (and HF_ENDPOINT checked) before any work
    check_ledger_address(ledger)
    signing = signing_request(sign_key, sign_cert, tsa_url, outputs)  # exit 2 before any work
    options = AuditOptions(
        as_of=parse_as_of(as_of),
        offline=offline or os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes"),
        fail_on=None if fail_on.lower() == "never" else Severity(fail_on.lower()),
        progress=not quiet and not outputs.to_stdout(),
        pricing=_pricing(pricing_path),
        discover=discover_paths,
    )
    if len(inventories) == 1:
        status = _scan_one(inventories[0], options, outputs, quiet, ledger, signing)
    else:
        status = max(_scan_guarded(inventory, options, quiet, ledger) for inventory in inventories)
    click.get_current_context().exit(status)


def _scan_one(
    inventory: str,
    options: AuditOptions,
    outputs: ScanOutputs,
    quiet: bool,
    ledger: str | None = None,
    signing: SigningRequest | None = None,
) -> int:
    """Audit one inventory, write its reports (signed with ``signing``); the exit status (0
    pass, 1 fail, 3 when the infrastructure kept a model from being verified)."""
    from audit.engine import run_audit
    from audit.inventory import load_inventory
    from reports.baseline import apply_baseline, check_same_inventory, load_baseline
    from reports.document import build_report

    # Every destination is checked before any audit work, so a bad one costs nothing.
    plan = plan_outputs(outputs, inventory, signed=signing is not None)
    baseline = load_baseline(outputs.baseline) if outputs.baseline else None
    with gc_paused():
        loaded = load_inventory(inventory, known_rules=known_rule_ids())
        result = run_audit(loaded, options)
        document = build_report(result)
    passed = result.passed
    if baseline is not None:
        check_same_inventory(baseline, document)
        passed = apply_baseline(document, baseline, options.fail_on)
    if ledger is not None:
        add_history(ledger, loaded, document)
    written = write_outputs(document, outputs, plan, signing, _inputs(loaded, signing))
    _warn_unverified(result.resolutions.values())
    if quiet:
        click.echo(summary_line(document), err=True)
    elif not outputs.to_stdout():
        from reports.terminal import TerminalConsole, render_terminal

        render_terminal(document, TerminalConsole())
    if ledger is not None:  # after the reports: a ledger failure (exit 3) loses none of them
        record_scan(ledger, loaded, document, written)
    incomplete = [r for r in result.resolutions.values() if r.infrastructure]
    if incomplete:
        return _outage(incomplete)
    return 0 if passed else 1


def _inputs(loaded: LoadedInventory, signing: SigningRequest | None) -> dict[str, str]:
    """SHA-256 of the inventory and the evidence files it points to (for the statement)."""
    if signing is None:
        return {}
    from audit.ledger import input_digests

    folders = [
        loaded.base_dir / m.path for m in loaded.inventory.models if m.source == "local" and m.path
    ]
    return input_digests(str(loaded.path), folders)


def _scan_guarded(
    inventory: str, options: AuditOptions, quiet: bool, ledger: str | None = None
) -> int:
    """``_scan_one`` for one of several inventories: unusable input or a tool failure is
    reported and becomes that inventory's status (2, 3), so the others are still audited."""
    from audit.cli import report_input_error
    from audit.errors import InputError, ToolError

    try:
        return _scan_one(inventory, options, ScanOutputs(), quiet, ledger)
    except InputError as exc:
        report_input_error(exc)
        return 2
    except ToolError as exc:
        click.echo(f"model-audit: error: {inventory}: {exc}", err=True)
        return 3


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
