"""Procurement review: evaluate candidate models for one use case side by side.

``model-audit compare`` answers "which model may we use for this?"::

    from audit.compare import CompareRequest, compare, load_pricing, build_comparison_document

    comparison = compare(loaded, CompareRequest("notes", ("openai:gpt-4o", "Qwen/...")),
                         load_pricing(None))
    document = build_comparison_document(comparison)   # model-audit/compare/v1

Each candidate is audited by the real engine as if it served the use case for the
organisation; cost comes from a pricing file; the verdict from four questions (data
sensitivity, volume, frontier need, self-hosting capacity).
"""

from audit.compare.comparison import (
    BreakEven,
    CandidateResult,
    CompareRequest,
    Comparison,
    compare,
)
from audit.compare.decision import Recommendation, Step, decide
from audit.compare.document import SCHEMA, build_comparison_document
from audit.compare.pricing import Pricing, load_pricing, parse_pricing

__all__ = [
    "SCHEMA",
    "BreakEven",
    "CandidateResult",
    "CompareRequest",
    "Comparison",
    "Pricing",
    "Recommendation",
    "Step",
    "build_comparison_document",
    "compare",
    "decide",
    "load_pricing",
    "parse_pricing",
]
