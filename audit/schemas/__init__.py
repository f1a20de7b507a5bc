"""The JSON Schemas (draft 2020-12) of model-audit's JSON outputs, shipped as data files.

``report-v1.schema.json`` describes ``model-audit/report/v1`` (``scan --json``) and
``compare-v1.schema.json`` describes ``model-audit/compare/v1`` (``compare --json``).
Each requires the contract's core and types it strictly, and leaves objects open to the
fields later versions add. ``model-audit schema --report`` / ``--compare`` print them.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

OUTPUT_SCHEMAS: dict[str, str] = {
    "model-audit/report/v1": "report-v1.schema.json",
    "model-audit/compare/v1": "compare-v1.schema.json",
}
"""The ``schema`` value of an output document -> the file describing it."""


def output_schema_text(schema: str) -> str:
    """The JSON Schema for output documents whose ``schema`` key is ``schema``, as text."""
    return resources.files(__name__).joinpath(OUTPUT_SCHEMAS[schema]).read_text(encoding="utf-8")


def output_schema(schema: str) -> dict[str, Any]:
    """The JSON Schema for output documents whose ``schema`` key is ``schema``."""
    loaded: dict[str, Any] = json.loads(output_schema_text(schema))
    return loaded
