"""``model-audit providers [ID]``: the provider catalogue, or one provider in full."""

from __future__ import annotations

import json
from typing import Any

import click


class UnknownProviderError(click.ClickException):
    """The ID names no provider (exit status 2: unusable input)."""

    exit_code = 2


@click.command("providers")
@click.argument("provider_id", metavar="[ID]", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def command(provider_id: str | None, as_json: bool) -> None:
    """List the providers an inventory's `provider:` may name, or show provider ID in full.

    For each: its id and aliases, what it is (a model API, a cloud's managed model service,
    or a cloud you run models on), where it processes data by default, the residency
    options `hosting.deployment` may name, and the source of each fact. A name that could
    mean two providers (`google`: AI Studio or Vertex AI) is refused, never guessed.

    \b
    Examples:
      model-audit providers                   every provider, a few lines each
      model-audit providers azure-openai      one provider with its deployment options
      model-audit providers --json            the catalogue as JSON
    """
    from audit.cli.catalogue_view import provider_detail, provider_json, provider_summary
    from audit.jurisdictions import load_jurisdictions

    j = load_jurisdictions()
    if provider_id is None:
        if as_json:
            data: dict[str, Any] = {"providers": [provider_json(j, p) for p in j.providers()]}
            data["ambiguous"] = {k: list(v) for k, v in sorted(j.ambiguous_providers.items())}
            click.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
            return
        blocks = ["\n".join(provider_summary(j, p)) for p in j.providers()]
        click.echo("\n\n".join(blocks))
        click.echo(
            "\n`model-audit providers ID` shows one in full;\n"
            "`model-audit regions ID` lists its regions."
        )
        return
    provider = j.provider(provider_id)
    if provider is None:
        from audit.inventory.hosting_refs import unknown_provider_message

        raise UnknownProviderError(unknown_provider_message(j, provider_id))
    if as_json:
        click.echo(
            json.dumps(
                {"provider": provider_json(j, provider)},
                indent=2,
                sort_keys=True,
                ensure_ascii=False,
            )
        )
        return
    click.echo("\n".join(provider_detail(j, provider)))
