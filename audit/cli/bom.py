"""``model-audit bom``: export the audited inventory as an AI bill of materials."""

from __future__ import annotations

import os

import click

from audit.cli.options import inventory_argument, known_rule_ids, parse_as_of

FORMAT_LABELS = {"spdx": "SPDX 3.0.1 JSON-LD", "cyclonedx": "CycloneDX 1.6 JSON"}


@click.command("bom")
@inventory_argument
@click.option(
    "--spdx",
    "spdx_path",
    metavar="PATH",
    help="Write an SPDX 3.0.1 JSON-LD document with one AI package per model ('-': stdout).",
)
@click.option(
    "--cyclonedx",
    "cyclonedx_path",
    metavar="PATH",
    help="Write a CycloneDX 1.6 JSON BOM with model cards ('-': stdout).",
)
@click.option(
    "--offline",
    is_flag=True,
    help="Read no network: Hub metadata only from the local cache. HF_HUB_OFFLINE=1 has the "
    "same effect.",
)
@click.option(
    "--as-of",
    metavar="YYYY-MM-DD",
    help="Audit date and the BOM's creation time (default: today). The same inputs and "
    "--as-of give byte-identical files.",
)
def command(
    inventory: str,
    spdx_path: str | None,
    cyclonedx_path: str | None,
    offline: bool,
    as_of: str | None,
) -> None:
    """Audit INVENTORY and export every model, its licences and lineage as an AI BOM.

    Each model becomes an SPDX 3.0.1 ai_AIPackage and a CycloneDX machine-learning-model
    component, with the licence its source declares, the licence the audit concluded, its
    base models, the datasets its card names, its use cases with their AI Act risk class,
    and the audit's open findings. Give --spdx, --cyclonedx or both. Findings do not change
    the exit status: 0 when the files were written, 2 for unusable input.

    \b
    Examples:
      model-audit bom inventory.yaml --spdx ai-bom.spdx3.json
      model-audit bom inventory.yaml --offline --as-of 2026-11-26 \\
          --spdx ai-bom.spdx3.json --cyclonedx ai-bom.cdx.json
    """
    outputs = {"spdx": spdx_path, "cyclonedx": cyclonedx_path}
    if not any(outputs.values()):
        raise click.UsageError("give --spdx PATH, --cyclonedx PATH or both")
    if spdx_path == "-" and cyclonedx_path == "-":
        raise click.UsageError("only one of --spdx or --cyclonedx may write to standard output")
    from audit.bom import bom_facts, render_bom
    from audit.engine import AuditOptions, run_audit
    from audit.findings import Severity
    from audit.inventory import load_inventory
    from audit.outputs import OutputTarget, plan_outputs
    from audit.safe_text import shown
    from audit.settings import check_environment

    plan = plan_outputs(
        [
            OutputTarget(f"--{fmt}", destination, FORMAT_LABELS[fmt])
            for fmt, destination in outputs.items()
            if destination is not None
        ],
        inputs=[inventory],
    )
    check_environment()

    # the default gate of ``scan``, so each model's status in the BOM reads as it does there
    options = AuditOptions(
        as_of=parse_as_of(as_of),
        offline=offline or os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes"),
        fail_on=Severity.HIGH,
        progress=False,
    )
    loaded = load_inventory(inventory, known_rules=known_rule_ids())
    facts = bom_facts(run_audit(loaded, options))
    plan.write_all({t.option: render_bom(t.option[2:], facts) for t in plan.targets})
    for target in plan.targets:
        if not target.to_stdout:
            click.echo(
                f"{shown(target.destination)}: {target.what} with {len(facts.models)} models",
                err=True,
            )
