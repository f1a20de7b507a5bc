"""``model-audit schema``: print the inventory's JSON Schema."""

from __future__ import annotations

import json
from typing import Any

import click


def inventory_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of inventory format version 1, with ``x-`` keys allowed."""
    from audit.inventory.schema import Inventory

    schema = Inventory.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://model-audit.invalid/schema/inventory-v1.json"
    schema["title"] = "model-audit inventory, version 1"
    _allow_extension_keys(schema)
    return schema


def _allow_extension_keys(node: Any) -> None:
    """Objects refuse unknown keys except those starting with ``x-`` (as the loader does)."""
    if isinstance(node, dict):
        if node.get("additionalProperties") is False:
            node["patternProperties"] = {"^x-": {}}
        for value in node.values():
            _allow_extension_keys(value)
    elif isinstance(node, list):
        for value in node:
            _allow_extension_keys(value)


@click.command("schema")
def command() -> None:
    """Print the JSON Schema of the inventory format.

    Point your editor at it for completion and checking while you write an inventory, e.g.
    with the YAML language server:

    \b
      model-audit schema > inventory.schema.json
      # first line of inventory.yaml:
      # yaml-language-server: $schema=./inventory.schema.json
    """
    click.echo(json.dumps(inventory_json_schema(), indent=2, sort_keys=True))
