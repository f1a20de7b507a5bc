"""``model-audit regions [PROVIDER]``: region codes with country, EEA status and source."""

from __future__ import annotations

import json

import click


class UnknownProviderError(click.ClickException):
    """PROVIDER names no provider or cloud (exit status 2: unusable input)."""

    exit_code = 2


@click.command("regions")
@click.argument("provider_id", metavar="[PROVIDER]", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def command(provider_id: str | None, as_json: bool) -> None:
    """List the region codes `hosting.regions` may name, with country, EEA status and source.

    Without PROVIDER: every code, grouped by cloud, then the areas (`eu`, `us`, `global`,
    ...), which may reach several countries. EEA is `yes` when every country a code may
    reach is in the EEA, `partly`, `no`, or `unknown`. Any ISO 3166-1 alpha-2 country code
    (`DE`) is accepted too. A place the list lacks goes under `hosting.locations` with its
    country.

    \b
    Examples:
      model-audit regions                 every region code
      model-audit regions ovhcloud        OVHcloud's regions (gra, sbg, de1, ...)
      model-audit regions azure-openai    Azure's regions
      model-audit regions scaleway --json
    """
    from audit.cli.catalogue_view import region_json, region_lines
    from audit.jurisdictions import load_jurisdictions

    j = load_jurisdictions()
    if provider_id is None:
        regions = j.regions()
        title = "every catalogued region"
    else:
        provider = j.provider(provider_id)
        if provider is None:
            from audit.inventory.hosting_refs import unknown_provider_message

            raise UnknownProviderError(unknown_provider_message(j, provider_id))
        regions = j.provider_regions(provider)
        title = f"regions of {provider.name}"
    if as_json:
        data = {"regions": [region_json(j, r) for r in regions]}
        click.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
        return
    if not regions:
        click.echo(f"{title}: none listed; name the region's country (e.g. DE) instead")
        return
    click.echo(f"{title} ({len(regions)}):")
    for cloud in dict.fromkeys(r.cloud for r in regions):
        group = tuple(r for r in regions if r.cloud == cloud)
        click.echo(f"\n[{cloud}]")
        click.echo("\n".join(region_lines(j, group)))
