"""``model-audit schema``: a valid JSON Schema that agrees with the loader on examples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from support import RunCli

from audit.cli import cli
from audit.cli.init import starter_inventory
from audit.inventory.loader import parse_inventory_text

MALFORMED = Path(__file__).resolve().parents[1] / "fixtures" / "malformed"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0, result.output
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema)


def as_data(text: str, name: str = "inventory.yaml") -> Any:
    """The document as the loader reads it (dates stay text, as JSON Schema expects)."""
    data, _, _ = parse_inventory_text(text, name)
    return data


def test_the_output_is_a_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "model-audit inventory, version 1"
    assert schema["required"] == ["version", "organisation"]


def test_the_starter_inventory_is_accepted(validator: Draft202012Validator) -> None:
    errors = list(validator.iter_errors(as_data(starter_inventory())))
    assert errors == []


def test_extension_keys_are_accepted(validator: Draft202012Validator) -> None:
    data = as_data(starter_inventory())
    data["x-team"] = "platform"
    data["models"][0]["x-ticket"] = 12
    data["models"][0]["hosting"]["x-cluster"] = {"name": "a"}
    assert list(validator.iter_errors(data)) == []


@pytest.mark.parametrize(
    ("fixture", "where"),
    [
        ("enum_hosting_mode.yaml", ["models", 0, "hosting", "mode"]),
        ("unknown_field.yaml", ["models", 0]),
        ("wrong_type.yaml", ["organisation", "monthly_active_users"]),
        ("missing_required.yaml", ["models", 0]),
        ("bad_country.yaml", ["organisation", "country"]),
        ("version_2.yaml", ["version"]),
        ("bad_month.yaml", ["organisation", "monthly_active_users_history"]),
        ("bad_rule_id.yaml", ["waivers", 0, "rule"]),
        ("local_without_path.yaml", ["models", 0]),
        ("api_without_provider.yaml", ["models", 0]),
        ("json_error.json", ["models", 0, "hosting", "mode"]),
    ],
)
def test_malformed_inventories_are_rejected_where_the_loader_says(
    validator: Draft202012Validator, fixture: str, where: list[Any]
) -> None:
    data = as_data((MALFORMED / fixture).read_text(encoding="utf-8"), fixture)
    errors = list(validator.iter_errors(data))
    assert errors, f"the schema accepts {fixture}"
    assert any(list(error.absolute_path) == where for error in errors), [
        (list(e.absolute_path), e.message) for e in errors
    ]


def test_the_output_is_stable_and_the_same_in_a_real_process(model_audit: RunCli) -> None:
    first = CliRunner().invoke(cli, ["schema"]).stdout
    assert CliRunner().invoke(cli, ["schema"]).stdout == first
    run = model_audit("schema")
    assert run.returncode == 0, run.stderr
    assert run.stdout == first
