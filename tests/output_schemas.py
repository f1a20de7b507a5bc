"""Every report and comparison the tests write is checked against its shipped JSON Schema.

``assert_valid_output`` validates one document (``model-audit/report/v1`` or
``model-audit/compare/v1``) with the schema ``model-audit schema --report`` / ``--compare``
prints. tests/conftest.py applies it to every document ``render_json`` renders in a test's
process, and to every such JSON file a test leaves in its ``tmp_path``; the ``model_audit``
fixture of tests/cli applies it to JSON a CLI subprocess prints.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from audit.schemas import OUTPUT_SCHEMAS, output_schema

MAX_SCANNED_FILE = 64 * 1024 * 1024


@cache
def validator(schema: str) -> Draft202012Validator:
    """The validator of the shipped schema for documents whose ``schema`` key is ``schema``."""
    document = output_schema(schema)
    Draft202012Validator.check_schema(document)
    return Draft202012Validator(document, format_checker=Draft202012Validator.FORMAT_CHECKER)


def output_kind(document: Any) -> str | None:
    """The ``schema`` key of a model-audit output document; None for anything else."""
    if isinstance(document, dict) and document.get("schema") in OUTPUT_SCHEMAS:
        return str(document["schema"])
    return None


def assert_valid_output(document: Any, where: str = "document") -> None:
    """``document`` is a report or comparison that its shipped schema accepts."""
    kind = output_kind(document)
    assert kind is not None, f"{where} is no model-audit report or comparison"
    errors = sorted(validator(kind).iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, f"{where} does not match {kind}:\n" + "\n".join(
        f"  at /{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:10]
    )


def check_if_output(text: str, where: str) -> None:
    """Validate ``text`` when it is the JSON of a report or comparison; ignore other text."""
    if '"schema"' not in text:
        return
    try:
        document = json.loads(text)
    except ValueError:
        return
    if output_kind(document) is not None:
        assert_valid_output(document, where)


def check_files_under(folder: Path) -> None:
    """Validate every report or comparison JSON file under ``folder``."""
    for path in sorted(folder.rglob("*.json")):
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_SCANNED_FILE:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        check_if_output(text, str(path))
