"""``model-audit discover``: the models a code base uses, and the inventory entries it lacks."""

from __future__ import annotations

import json

import click


@click.command("discover")
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--inventory",
    "inventory_path",
    metavar="INV",
    type=click.Path(dir_okay=False),
    help="Compare with this inventory: list the models in use that it does not declare and "
    "the declared ones not seen, and propose entries only for the undeclared.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
    help="yaml: an inventory of proposed entries (valid for `model-audit validate`) with the "
    "evidence under x-discovered keys; json: the full discovery report.",
)
@click.option(
    "--hf-cache",
    "hf_cache",
    metavar="[DIR]",
    is_flag=False,
    flag_value="",
    default=None,
    help="Also list the models in the local Hugging Face cache (offline): the default cache, "
    "or DIR. Without DIR, give it after the paths (or as --hf-cache=) so no path is taken "
    "for DIR.",
)
@click.option(
    "--output",
    "-o",
    "output_path",
    metavar="PATH",
    help="Write to PATH instead of standard output.",
)
def command(
    paths: tuple[str, ...],
    inventory_path: str | None,
    output_format: str,
    hf_cache: str | None,
    output_path: str | None,
) -> None:
    """Find every model PATH's code and configs use, with FILE:LINE evidence.

    Reads Python and notebooks (parsed, never run), LiteLLM proxy configs, Dockerfiles,
    compose files, Kubernetes manifests, Helm values, shell scripts, Ollama Modelfiles,
    .env files, GGUF and safetensors headers, and with --hf-cache the local Hugging Face
    cache. Symlinks out of PATH are not followed, .gitignore is honoured, files over the
    size limit are skipped (and listed). Nothing is fetched. Exit status 0 when the walk
    finished, 2 for unusable input.

    \b
    Examples:
      model-audit discover .
      model-audit discover src/ deploy/ --inventory inventory.yaml
      model-audit discover . --format json --hf-cache
    """
    from pathlib import Path

    from audit.discover import discover
    from audit.discover.matching import compare
    from audit.discover.proposals import proposed_inventory, report

    loaded = None
    if inventory_path is not None:
        from audit.cli.options import LazyRuleIds
        from audit.inventory import load_inventory

        loaded = load_inventory(inventory_path, known_rules=LazyRuleIds())
    cache: Path | bool = False if hf_cache is None else (Path(hf_cache) if hf_cache else True)
    found = discover(list(paths), hf_cache=None if cache is True else cache)
    comparison = compare(found, loaded)
    if output_format == "json":
        text = json.dumps(report(found, comparison, loaded), indent=2, ensure_ascii=False) + "\n"
    else:
        text = _yaml(proposed_inventory(found, comparison, loaded))
    if output_path is None or output_path == "-":
        click.echo(text, nl=False)
    else:
        from reports.writers import write_output

        write_output(text, output_path, f"discovery {output_format}")
    click.echo(_summary(found, comparison, loaded is not None), err=True)


def _yaml(document: dict[str, object]) -> str:
    import yaml

    header = (
        "# Proposed by `model-audit discover`: one entry per model in use that the inventory\n"
        "# does not declare. Evidence and proposals are under x-discovered keys (the schema\n"
        "# ignores them). Check each entry, add its use_cases, then copy it into the inventory.\n"
    )
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return header + body


def _summary(found: object, comparison: object, compared: bool) -> str:
    from audit.discover.interface import Discovery
    from audit.discover.matching import Comparison

    assert isinstance(found, Discovery) and isinstance(comparison, Comparison)
    line = (
        f"model-audit discover: {len(found.references)} references to "
        f"{len(comparison.used)} models in {found.files_read} files read "
        f"({found.files_seen} listed)"
    )
    if compared:
        line += f"; {len(comparison.undeclared)} undeclared, {len(comparison.unseen)} unseen"
    if found.unresolved:
        line += f"; {len(found.unresolved)} unresolved"
    if found.truncated:
        line += "; the walk stopped at the file limit"
    return line
