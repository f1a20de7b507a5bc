"""docs/inventory.md: generated from the schema, current, and its examples validate."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from support import ROOT, RunCli

from audit.cli.schema import inventory_json_schema
from audit.inventory.reference import render_document, sections

DOC = ROOT / "docs" / "inventory.md"
YAML_BLOCK = re.compile(r"```yaml\n(.*?)```", re.DOTALL)


def _properties(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every field of the format: the root's properties and those of each definition."""
    for owner, node in [("#", schema), *schema.get("$defs", {}).items()]:
        for name, prop in node.get("properties", {}).items():
            yield f"{owner}.{name}", prop


def test_every_schema_property_has_a_description() -> None:
    schema = inventory_json_schema()
    found = list(_properties(schema))
    assert len(found) > 60
    missing = [where for where, prop in found if not str(prop.get("description", "")).strip()]
    assert missing == []


def test_the_document_is_current() -> None:
    """Run `python -m audit.inventory.reference docs/inventory.md` when this fails."""
    current = DOC.read_text(encoding="utf-8")
    assert render_document(current) == current


def test_every_field_of_the_format_has_a_row() -> None:
    text = DOC.read_text(encoding="utf-8")
    rows = [row for section in sections() for row in section.rows]
    for row in rows:
        assert f"| `{row.name}` | {row.meaning} |" in text, row.path
    paths = {row.path for row in rows}
    assert {"models[].hosting.regions", "models[].use_cases[].ai_act.area"} <= paths


def _doc_inventories() -> list[str]:
    """Every example of the document as a complete inventory (the header plus one part)."""
    blocks = YAML_BLOCK.findall(DOC.read_text(encoding="utf-8"))
    header = next(b for b in blocks if b.startswith("version: 1\norganisation:\n"))
    parts = [b for b in blocks if b.startswith(("models:", "routes:"))]
    models = "".join(p for p in parts if p.startswith("models:"))
    merged = header + "models:\n" + models.replace("models:\n", "")
    rest = [p for p in parts if not p.startswith("models:")]
    return [header + p for p in parts if p.startswith("models:")] + [merged + "".join(rest)]


def test_the_document_has_an_example_per_kind_of_model() -> None:
    kinds = set()
    for text in _doc_inventories()[:-1]:
        for entry in yaml.safe_load(text)["models"]:
            kinds.add((entry["source"], entry["hosting"]["mode"]))
    assert {s for s, _ in kinds} == {"huggingface", "local", "api"}
    assert {m for _, m in kinds} == {"self-hosted", "managed", "api"}


@pytest.mark.parametrize("index", range(len(_doc_inventories())))
def test_every_example_validates(index: int, tmp_path: Path, model_audit: RunCli) -> None:
    text = _doc_inventories()[index]
    (tmp_path / "inventory.yaml").write_text(text, encoding="utf-8")
    result = model_audit("validate", "inventory.yaml")
    assert result.returncode == 0, text + result.stderr
    schema_errors = list(
        Draft202012Validator(inventory_json_schema()).iter_errors(
            json.loads(json.dumps(yaml.safe_load(text), default=str))
        )
    )
    assert schema_errors == []


def test_month_keyed_history_is_accepted_by_the_schema() -> None:
    """The x- key pattern used to replace the month pattern, refusing every real month."""
    validator = Draft202012Validator(inventory_json_schema())
    data = {
        "version": 1,
        "organisation": {
            "name": "A",
            "country": "DE",
            "monthly_active_users_history": {"2024-06": 5, "x-note": "ok"},
        },
    }
    assert list(validator.iter_errors(data)) == []
    data["organisation"]["monthly_active_users_history"] = {"June": 5}
    assert list(validator.iter_errors(data)) != []


@pytest.mark.parametrize("name", ["README.md", "docs/inventory.md", "docs/ci.md", "docs/limits.md"])
def test_user_documents_never_point_outside_the_project(name: str) -> None:
    text = (ROOT / name).read_text(encoding="utf-8")
    assert "../shared" not in text
    assert "shared/spec" not in text
