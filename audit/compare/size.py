"""How many parameters a model has: the total (memory) and, for a mixture of experts, the
active parameters per token (throughput).

Serving cost follows the total: every expert's weights must sit in accelerator memory, so a
400B-parameter mixture of experts needs the same node as a dense 400B model even though only
17B parameters work on each token. Throughput follows the active parameters. Both figures are
kept, and every output says which one it used and where it came from.

Sources, most trusted first: the pricing file's own ``model_sizes`` (the user's word), the
knowledge base's model facts when they give one size for the repo ("671B total, 37B
active"), then the model's name ("Llama-3.1-8B", "Qwen3-235B-A22B", "Mixtral-8x7B"). A
family-wide list ("8B, 70B, 405B") cannot say which member a repo is, and a name that only
gives the active parameters ("Llama-4-Maverick-17B-128E": 17B active, 128 experts) cannot
give the total: an unknown size is said, never guessed.
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
# "-A22B" / "-A3B": active parameters of a mixture of experts (Qwen3, Qwen2-57B-A14B).
_ACTIVE_TOKEN = re.compile(
    r"(?<![A-Za-z0-9])A(?P<count>\d+(?:\.\d+)?)(?P<unit>[BbMm])(?![A-Za-z0-9])"
)
# "17B-128E" / "17B-16E": Llama 4 names give the active size and the number of experts.
_EXPERTS_SUFFIX = re.compile(r"(?<![A-Za-z0-9])\d+(?:\.\d+)?[Bb]-(?P<experts>\d+)E(?![A-Za-z0-9])")
_FACT_FIGURE = re.compile(
    r"(?P<count>\d+(?:\.\d+)?)\s*(?P<unit>[BbMmTt])\s+(?P<what>total|active)", re.IGNORECASE
)
_UNIT_IN_BILLIONS = {"b": 1.0, "m": 0.001, "t": 1000.0}

TOTAL_DECIDES = (
    "serving cost follows the total parameters (every expert's weights must be held in "
    "memory); throughput follows the active parameters"
)
"""Why a mixture of experts is sized by its total, said wherever both figures are shown."""


@dataclass(frozen=True)
class ModelSizeEstimate:
    """A model's parameter counts and where they were learnt."""

    total_billions: float
    """All parameters, in billions: what must fit in memory, so what decides the size class."""
    where: str
    """``pricing file <path>``, ``model facts (<family>)`` or ``model name``."""
    note: str = ""
    active_billions: float | None = None
    """Parameters that work on each token (a mixture of experts); None for a dense model."""

    @property
    def parameters_billions(self) -> float:
        """The figure the size class is chosen by: the total."""
        return self.total_billions

    @property
    def mixture_of_experts(self) -> bool:
        """True when fewer parameters work per token than the model holds."""
        return self.active_billions is not None and self.active_billions < self.total_billions

    def describe(self) -> str:
        """``400B total, 17B active (mixture of experts)`` or ``8B``, with no source."""
        if self.mixture_of_experts:
            return (
                f"{self.total_billions:g}B total, {self.active_billions:g}B active "
                "(mixture of experts)"
            )
        return f"{self.total_billions:g}B"


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


def size_from_name(name: str) -> ModelSizeEstimate | None:
    """The sizes a repo name states, or None when it states no total.

    ``Qwen3-235B-A22B`` gives 235B total and 22B active; ``Llama-4-Maverick-17B-128E`` gives
    only the active size (17B over 128 experts), so no total: None.
    """
    leaf = name.rsplit("/", 1)[-1]
    if _EXPERTS_SUFFIX.search(leaf):
        return None
    total = parse_parameter_count(leaf)
    if total is None:
        return None
    active_match = _ACTIVE_TOKEN.search(leaf)
    active = (
        float(active_match["count"]) * _UNIT_IN_BILLIONS[active_match["unit"].lower()]
        if active_match
        else None
    )
    note = total[1]
    if active is not None:
        note = f"{active_match.group(0) if active_match else ''} read as active parameters"
    return ModelSizeEstimate(total[0], "model name", note, active)


def estimate_size(name: str, pricing: Pricing) -> ModelSizeEstimate | None:
    """The parameter counts of model ``name``, or None when no source gives the total."""
    given = pricing.model_size(name)
    if given is not None:
        return ModelSizeEstimate(
            given.parameters_billions,
            f"pricing file {pricing.path}",
            f"source: {given.source}",
            given.active_parameters_billions,
        )
    fact = _model_fact(name)
    if fact is not None:
        from_facts = fact_sizes(fact)
        if from_facts is not None:
            total, active = from_facts
            source = getattr(fact, "parameters_source", None) or fact.source
            return ModelSizeEstimate(
                total, f"model facts ({fact.family})", f"source: {source.url}", active
            )
    return size_from_name(name)


def fact_sizes(fact: ModelFact) -> tuple[float, float | None] | None:
    """(total, active) billions a model fact gives for every repo it covers, or None.

    Structured counts win where the fact has them; otherwise the ``parameters`` text is read:
    "671B total, 37B active" is one model, "8B, 70B" two (so None), "72B" one dense model.
    """
    total = _as_billions(getattr(fact, "parameters_total", None))
    if total is not None:
        return total, _as_billions(getattr(fact, "parameters_active", None))
    text = fact.parameters
    if not text:
        return None
    figures = {m["what"].lower(): m for m in _FACT_FIGURE.finditer(text)}
    if "total" in figures:
        if len(_FACT_FIGURE.findall(text)) > 2:
            return None  # several members, each with its own total
        return _billions(figures["total"]), (
            _billions(figures["active"]) if "active" in figures else None
        )
    if "active" in figures or "," in text or ";" in text:
        return None  # active only (no total), or a family-wide list
    parsed = parse_parameter_count(text)
    return (parsed[0], None) if parsed else None


def _as_billions(value: object) -> float | None:
    """A structured count in billions; counts written out in full (4e11) are scaled."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        return None
    return float(value) / 1e9 if value >= 1e6 else float(value)


def _billions(match: re.Match[str]) -> float:
    return float(match["count"]) * _UNIT_IN_BILLIONS[match["unit"].lower()]


def _model_fact(name: str) -> ModelFact | None:
    from licences import load_knowledge_base

    return load_knowledge_base().model_fact(name)
