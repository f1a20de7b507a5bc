"""``model-audit compare``: procurement review of candidate models for one use case."""

from __future__ import annotations

import os

import click

from audit.cli.options import inventory_argument, known_rule_ids, parse_as_of


def _print_pricing(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """Print the shipped example pricing file and stop (before arguments are checked)."""
    if not value or ctx.resilient_parsing:
        return
    from importlib import resources

    text = resources.files("audit.compare").joinpath("data/pricing.yaml").read_text("utf-8")
    click.echo(text, nl=False)
    ctx.exit(0)


@click.command("compare")
@click.option(
    "--print-pricing",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_print_pricing,
    help="Print the example pricing file shipped with the tool (to start your own) and exit.",
)
@inventory_argument
@click.option("--use-case", "use_case", metavar="ID", required=True, help="The use case to serve.")
@click.option(
    "--candidate",
    "candidates",
    metavar="NAME",
    multiple=True,
    required=True,
    help="A candidate model: a Hub id (owner/name), a provider model (openai:gpt-4o) or an "
    "inventory model id. Repeat for each candidate.",
)
@click.option(
    "--hosting",
    "hosting",
    metavar="NAME=MODE:REGION[,REGION]",
    multiple=True,
    help="Where a candidate would run (MODE: self-hosted, managed or api). Default: open "
    "weights self-hosted in the organisation's country, API models at the provider's default "
    "region, inventory models as they are.",
)
@click.option(
    "--pricing",
    "pricing_path",
    metavar="PATH",
    help="Pricing file (YAML) with API prices and self-hosting costs; default: the example "
    "figures shipped with the tool (every output marks them as examples). "
    "`model-audit compare --print-pricing` prints that file to start your own from.",
)
@click.option(
    "--hybrid",
    is_flag=True,
    help="Also price the hybrid plan: the best open-weight candidate for the bulk of requests, "
    "the best closed one for the hard share, tags the routing policy keeps self-hosted never "
    "sent to the closed tier. Always shown when the verdict is hybrid.",
)
@click.option(
    "--frontier-share",
    "frontier_share",
    type=float,
    default=0.25,
    show_default=True,
    metavar="SHARE",
    help="Share of requests (between 0 and 1) the hybrid plan sends to the closed model.",
)
@click.option(
    "--json", "json_path", metavar="PATH", help="Write the comparison as JSON ('-': stdout)."
)
@click.option("--pdf", "pdf_path", metavar="PATH", help="Write a short comparison report as PDF.")
@click.option(
    "--as-of",
    metavar="YYYY-MM-DD",
    help="Evaluate dated rules on this day (default: today). The same inputs and --as-of "
    "give byte-identical JSON.",
)
@click.option(
    "--offline",
    is_flag=True,
    help="Read no network: Hub metadata only from the local cache and the knowledge base's "
    "model facts; a candidate that cannot be resolved gets LIC001.",
)
def command(
    inventory: str,
    use_case: str,
    candidates: tuple[str, ...],
    hosting: tuple[str, ...],
    pricing_path: str | None,
    hybrid: bool,
    frontier_share: float,
    json_path: str | None,
    pdf_path: str | None,
    as_of: str | None,
    offline: bool,
) -> None:
    """Compare candidate models for one use case of INVENTORY, side by side.

    Each candidate is audited by every rule as if it served the use case for the
    organisation: licence terms, the findings it would raise, where the data would go, its
    AI Act role, its monthly cost (at the use case's volume, a tenth of it and ten times it)
    and break-even volumes. Four questions are answered, each by one fact that points to
    open-weight, to a closed API or neither way: how sensitive the data is, what the volume
    costs each way with your pricing file, whether frontier capability is needed, and
    whether the team can self-host. A verdict table, printed with the result, turns the
    answers into the verdict. Every candidate is ranked; critical and high findings rule a
    candidate out until they are fixed.

    Exits 0 when the comparison is made (it is advice, not a gate), 2 for unusable input.

    \b
    Example:
      model-audit compare inventory.yaml --use-case notes \\
        --candidate meta-llama/Llama-3.1-8B-Instruct --candidate openai:gpt-4o \\
        --hosting openai:gpt-4o=api:eu --pdf comparison.pdf
    """
    from audit.compare import CompareRequest, build_comparison_document, compare, load_pricing
    from audit.inventory import load_inventory
    from audit.outputs import OutputTarget, plan_outputs
    from audit.settings import check_environment

    if pdf_path == "-":
        raise click.UsageError("only --json may write to standard output ('-')")
    plan = plan_outputs(
        [
            OutputTarget(option, destination, what)
            for option, destination, what in (
                ("--json", json_path, "JSON comparison"),
                ("--pdf", pdf_path, "PDF comparison"),
            )
            if destination is not None
        ],
        inputs=[inventory, pricing_path or ""],
    )
    check_environment()
    request = CompareRequest(
        use_case=use_case,
        candidates=candidates,
        hosting=hosting,
        as_of=parse_as_of(as_of),
        offline=offline or os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes"),
        hybrid=hybrid,
        frontier_share=frontier_share,
    )
    pricing = load_pricing(pricing_path)
    loaded = load_inventory(inventory, known_rules=known_rule_ids())
    document = build_comparison_document(compare(loaded, request, pricing))
    contents: dict[str, str | bytes] = {}
    if json_path is not None:
        contents["--json"] = _json(document)
    if pdf_path is not None:
        from reports.compare_pdf import render_comparison_pdf

        contents["--pdf"] = render_comparison_pdf(document)
    plan.write_all(contents)
    if json_path != "-":
        from audit.compare.terminal import render_comparison
        from reports.terminal import TerminalConsole

        render_comparison(document, TerminalConsole())


def _json(document: dict[str, object]) -> bytes:
    from reports.json_report import render_json

    return render_json(document).encode("utf-8")
