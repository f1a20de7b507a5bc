"""Inventories and comparisons for the procurement-review tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from support import AS_OF, inventory, load, model, organisation

from audit.compare import CompareRequest, Comparison, compare, load_pricing
from audit.compare.pricing import Pricing

LLAMA = "meta-llama/Llama-3.1-8B-Instruct"
DEEPSEEK = "deepseek-ai/DeepSeek-V3"
QWEN = "Qwen/Qwen2.5-72B-Instruct"
GPT4O = "openai:gpt-4o"
FOUR = (LLAMA, DEEPSEEK, QWEN, GPT4O)


def health_inventory(**org: Any) -> dict[str, Any]:
    """An EU clinic whose patient portal summarises notes: health data, customers, 40M tokens."""
    return inventory(
        model(
            "notes-bot",
            name="example/current-summariser",
            hosting={"mode": "self-hosted", "regions": ["eu-central-1"]},
            dpia=True,
            use_cases=[
                {
                    "id": "patient-notes",
                    "purpose": "Summarise clinicians' notes for patients in the portal",
                    "audience": "customers",
                    "data": ["personal", "health"],
                    "monthly_tokens": 40_000_000,
                    "ai_act": {"role": "deployer", "area": "none"},
                }
            ],
        ),
        organisation=organisation(**org),
    )


def frontier_inventory(**org: Any) -> dict[str, Any]:
    """An internal, non-personal research assistant at 1M tokens that needs frontier models."""
    return inventory(
        model(
            "research",
            name="example/current-assistant",
            use_cases=[
                {
                    "id": "market-research",
                    "purpose": "Draft internal market-research briefs from public filings",
                    "audience": "internal",
                    "data": ["internal"],
                    "monthly_tokens": 1_000_000,
                    "needs_frontier": True,
                    "ai_act": {"role": "deployer", "area": "none"},
                }
            ],
        ),
        organisation=organisation(**org),
    )


def run_compare(
    tmp_path: Path,
    data: dict[str, Any],
    use_case: str,
    candidates: tuple[str, ...],
    *,
    hosting: tuple[str, ...] = (),
    pricing: Pricing | None = None,
    as_of: dt.date = AS_OF,
) -> Comparison:
    """Compare offline, as ``model-audit compare --offline`` would."""
    request = CompareRequest(use_case, candidates, hosting, as_of=as_of, offline=True)
    return compare(load(tmp_path, data), request, pricing or load_pricing(None))


def jurisdictions_available() -> bool:
    """True when the GDPR family's jurisdiction catalogue is part of this checkout."""
    try:
        import audit.jurisdictions  # noqa: F401
    except ImportError:
        return False
    return True
