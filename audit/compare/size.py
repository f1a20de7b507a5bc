"""How many parameters a model has, for choosing its self-hosting size class.

Sources, most trusted first: the pricing file's own ``model_sizes`` (the user's word), the
model's name ("Llama-3.1-8B", "Qwen2.5-72B-Instruct", "Mixtral-8x7B"), then the knowledge
base's model facts (``parameters``) when they give one size for the family ("72B",
"671B total, 37B active"); a family-wide list ("8B, 70B, 405B") cannot say which member a
repo is. An unknown size is said, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from audit.compare.pricing import Pricing
    from licences import ModelFact

# A size token stands alone between separators: "8B" in "Llama-3.1-8B-Instruct" but not the
# "3B" of "A3B" (the active parameters of a mixture of experts) nor "4o" of "gpt-4o".
_SIZE_TOKEN = re.compile(
    r"(?<![A-Za-z0-9.])(?:(?P<experts>\d+)x)?(?P<count>\d+(?:\.\d+)?)(?P<unit>[BbMmTt])"
    r"(?![A-Za-z0-9])"
)
_UNIT_IN_BILLIONS = {"b": 1.0, "m": 0.001, "t": 1000.0}


@dataclass(frozen=True)
class ModelSizeEstimate:
    """A parameter count and where it was learnt."""

    parameters_billions: float
    where: str
    """``pricing file``, ``model facts (<family>)`` or ``model name``."""
    note: str = ""


def parse_parameter_count(text: str) -> tuple[float, str] | None:
    """Billions of parameters named in ``text`` ("8B", "671B", "8x7B", "135M"), or None.

    Returns the figure and a note; ``8x7B`` is read as experts times expert size, an upper
    bound for a mixture of experts whose experts share layers.
    """
    match = _SIZE_TOKEN.search(text)
    if match is None:
        return None
    count = float(match["count"]) * _UNIT_IN_BILLIONS[match["unit"].lower()]
    if match["experts"]:
        experts = int(match["experts"])
        return experts * count, f"{match.group(0)} read as {experts} experts x {match['count']}"
    return count, ""


def estimate_size(name: str, pricing: Pricing) -> ModelSizeEstimate | None:
    """The parameter count of model ``name``, or None when no source gives it."""
    given = pricing.model_size(name)
    if given is not None:
        return ModelSizeEstimate(
            given.parameters_billions, f"pricing file {pricing.path}", f"source: {given.source}"
        )
    from_name = parse_parameter_count(name.rsplit("/", 1)[-1])
    if from_name is not None:
        return ModelSizeEstimate(from_name[0], "model name", from_name[1])
    fact = _model_fact(name)
    if fact is not None and fact.parameters:
        from_facts = _single_size(fact.parameters)
        if from_facts is not None:
            return ModelSizeEstimate(
                from_facts, f"model facts ({fact.family})", f"source: {fact.source.url}"
            )
    return None


def _single_size(text: str) -> float | None:
    """The size a facts string gives for every repo it covers, or None when it lists several.

    "671B total, 37B active" is one model (the total counts for memory); "8B, 70B" is two.
    """
    first, *rest = text.split(",")
    if rest and "total" not in first.lower():
        return None
    parsed = parse_parameter_count(first)
    return parsed[0] if parsed else None


def _model_fact(name: str) -> ModelFact | None:
    from licences import load_knowledge_base

    return load_knowledge_base().model_fact(name)
