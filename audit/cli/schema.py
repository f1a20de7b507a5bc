"""``model-audit schema``: print the JSON Schema of the inventory, the report or a comparison."""

from __future__ import annotations

import json
from typing import Any

import click

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://model-audit.invalid/schema/inventory-v1.json"


def inventory_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of inventory format version 1.

    It accepts what the loader accepts, as far as a schema can say it: ``x-`` keys anywhere,
    ``path`` required for local models and ``provider`` for API models. Cross-references
    (unique ids, known tags and models) are left to ``model-audit validate``.
    """
    from audit.inventory.schema import Inventory

    schema = Inventory.model_json_schema(mode="validation")
    schema["$schema"] = SCHEMA_DIALECT
    schema["$id"] = SCHEMA_ID
    schema["title"] = "model-audit inventory, version 1"
    _allow_extension_keys(schema)
    _describe_references(schema)
    _require_source_fields(schema.get("$defs", {}).get("Model"))
    return schema


def _allow_extension_keys(node: Any) -> None:
    """Objects refuse unknown keys except those starting with ``x-`` (as the loader does)."""
    if isinstance(node, dict):
        if node.get("additionalProperties") is False:
            # merged, not replaced: month-keyed maps already carry their own key pattern
            node.setdefault("patternProperties", {}).setdefault("^x-", {})
        for value in node.values():
            _allow_extension_keys(value)
    elif isinstance(node, list):
        for value in node:
            _allow_extension_keys(value)


def _describe_references(schema: dict[str, Any]) -> None:
    """A property that only points at an object gets that object's description.

    pydantic leaves ``description`` off a ``$ref`` property whose field text equals the
    class docstring; editors show the property's own description, so it is copied.
    """
    defs = schema.get("$defs", {})
    for node in (schema, *defs.values()):
        for prop in node.get("properties", {}).values():
            ref = prop.get("$ref")
            if isinstance(ref, str) and "description" not in prop:
                target = defs.get(ref.removeprefix("#/$defs/"), {})
                if "description" in target:
                    prop["description"] = target["description"]


def _require_source_fields(model: Any) -> None:
    """The schema's copy of ``Model._check_source_fields``."""
    if not isinstance(model, dict):
        return
    model["allOf"] = [
        {
            "if": {"properties": {"source": {"const": source}}, "required": ["source"]},
            "then": {"required": [field]},
        }
        for source, field in (("local", "path"), ("api", "provider"))
    ]


@click.command("schema")
@click.option(
    "--report",
    is_flag=True,
    help="Print the schema of the JSON report (scan --json, model-audit/report/v1).",
)
@click.option(
    "--compare",
    is_flag=True,
    help="Print the schema of the comparison JSON (compare --json, model-audit/compare/v1).",
)
def command(report: bool, compare: bool) -> None:
    """Print a JSON Schema (draft 2020-12): the inventory's, or an output's.

    Without an option it is the inventory format's. Point your editor at it for completion
    and checking while you write an inventory, e.g. with the YAML language server:

    \b
      model-audit schema > inventory.schema.json
      # first line of inventory.yaml:
      # yaml-language-server: $schema=./inventory.schema.json

    --report and --compare print the schemas of the JSON outputs, for consumers that
    validate what they read (each requires the contract's core and allows added fields):

    \b
      model-audit schema --report > report.schema.json
      model-audit scan inventory.yaml --json audit.json
      check-jsonschema --schemafile report.schema.json audit.json
    """
    if report and compare:
        raise click.UsageError("give --report or --compare, not both")
    if not (report or compare):
        click.echo(json.dumps(inventory_json_schema(), indent=2, sort_keys=True))
        return
    from audit.schemas import output_schema

    which = "model-audit/report/v1" if report else "model-audit/compare/v1"
    click.echo(json.dumps(output_schema(which), indent=2, sort_keys=True))
