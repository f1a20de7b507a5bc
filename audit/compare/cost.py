"""Monthly cost of each candidate at the use case's volume, and break-even volumes.

Two cost curves, both from the pricing file:

* a closed API model costs its blended list price per token (input and output prices
  weighted by the assumed input share);
* a self-hosted open-weight model costs its size class's engineering time plus one
  infrastructure unit per replica; each replica serves ``capacity_tokens_per_month`` (or
  throughput x utilisation x 730 hours), so the bill rises in whole replicas as volume grows.
  The class is chosen by the model's total parameters, which decide its memory.

The break-even volume of an (open, closed) pair is the first monthly volume at which
self-hosting costs no more than the API.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from audit.compare.pricing import ApiPrice, PricedFigure, Pricing, SelfHostingClass
from audit.compare.size import TOTAL_DECIDES, ModelSizeEstimate

CostKind = Literal["api", "self-hosted"]

SCENARIO_FACTORS = (0.1, 1.0, 10.0)
"""Volumes every cost is shown at, as multiples of the use case's monthly tokens."""


@dataclass(frozen=True)
class CostCurve:
    """How one candidate's monthly bill grows with monthly tokens."""

    kind: CostKind
    usd_per_million_tokens: float = 0.0
    """API only: blended list price per million tokens."""
    fixed_usd: float = 0.0
    """Self-hosted only: engineering cost per month, whatever the volume."""
    replica_usd: float = 0.0
    """Self-hosted only: infrastructure cost of one serving replica per month."""
    replica_capacity: int | None = None
    """Self-hosted only: tokens one replica serves a month; None for unlimited."""

    def replicas(self, monthly_tokens: int) -> int:
        """Serving replicas needed for ``monthly_tokens`` (at least one)."""
        if self.replica_capacity is None or monthly_tokens <= 0:
            return 1
        return max(1, math.ceil(monthly_tokens / self.replica_capacity))

    def monthly_usd(self, monthly_tokens: int) -> float:
        """The bill for one month at ``monthly_tokens``."""
        if self.kind == "api":
            return self.usd_per_million_tokens * monthly_tokens / 1_000_000
        return self.fixed_usd + self.replica_usd * self.replicas(monthly_tokens)


@dataclass(frozen=True)
class CostEstimate:
    """A candidate's cost curve, its bill at the use case's volume, and how it was priced."""

    curve: CostCurve | None
    """None when the candidate could not be priced (see ``unknown``)."""
    monthly_usd: float | None
    """The bill at the use case's ``monthly_tokens``; None when unpriced or no volume given."""
    basis: str
    """How the figure was reached, in one sentence."""
    figures: tuple[PricedFigure, ...] = ()
    """The pricing-file entries used (for example notices and sources)."""
    unknown: str | None = None
    """Why no figure could be given, when none could."""
    size_class: str | None = None
    parameters_billions: float | None = None
    """Total parameters (the figure that chose the size class)."""
    size: ModelSizeEstimate | None = None
    """Total and active parameters with their source (self-hosted candidates)."""
    throughput: str | None = None
    """What one replica is assumed to serve, in words (self-hosted candidates)."""


def api_cost(
    price: ApiPrice | None, name: str, pricing: Pricing, monthly_tokens: int | None
) -> CostEstimate:
    """The estimate for a closed API candidate named ``name`` (``provider:model``)."""
    if price is None:
        return CostEstimate(
            None,
            None,
            f"no price for {name} in {pricing.path}",
            unknown=f"add {name} under `api:` in your pricing file (--pricing) to price it",
        )
    share = pricing.input_share(price)
    blended = share * price.input_usd_per_million + (1 - share) * price.output_usd_per_million
    curve = CostCurve("api", usd_per_million_tokens=blended)
    basis = (
        f"list price USD {price.input_usd_per_million:g} input / "
        f"{price.output_usd_per_million:g} output per million tokens, assuming "
        f"{share:.0%} input tokens (USD {blended:.4g} per million blended)"
    )
    return CostEstimate(curve, _at(curve, monthly_tokens), basis, (price,))


def self_hosted_cost(
    size: ModelSizeEstimate | None, name: str, pricing: Pricing, monthly_tokens: int | None
) -> CostEstimate:
    """The estimate for an open-weight candidate run on the organisation's infrastructure.

    The size class is chosen by the total parameters (memory); the replica's throughput is
    the class's figure, stated beside the cost with the utilisation it assumes.
    """
    if size is None:
        return CostEstimate(
            None,
            None,
            f"size of {name} unknown",
            unknown="total parameter count unknown (no model facts, none in the name); add "
            "it under `model_sizes:` in your pricing file (--pricing) to price self-hosting",
        )
    entry: SelfHostingClass | None = pricing.size_class(size.total_billions)
    if entry is None:
        return CostEstimate(
            None,
            None,
            f"no self-hosting size class in {pricing.path} holds "
            f"{size.total_billions:g}B parameters",
            unknown="add an open-ended size class (no max_parameters_billions) to the pricing file",
            parameters_billions=size.total_billions,
            size=size,
        )
    capacity = entry.monthly_capacity()
    curve = CostCurve(
        "self-hosted",
        fixed_usd=entry.engineering_usd_per_month,
        replica_usd=entry.infrastructure_usd_per_month,
        replica_capacity=capacity,
    )
    replicas = curve.replicas(monthly_tokens or 0)
    basis = (
        f"size class {entry.size} chosen by {size.describe()} parameters (from {size.where}): "
        f"USD {entry.infrastructure_usd_per_month:,.0f} infrastructure per replica plus USD "
        f"{entry.engineering_usd_per_month:,.0f} engineering a month; {throughput_text(entry)}; "
        f"{replicas} replica{'s' if replicas != 1 else ''} at this volume"
    )
    if size.mixture_of_experts:
        basis += f" ({TOTAL_DECIDES}; the class's throughput figure is for a dense model)"
    return CostEstimate(
        curve,
        _at(curve, monthly_tokens),
        basis,
        (entry,),
        size_class=entry.size,
        parameters_billions=size.total_billions,
        size=size,
        throughput=throughput_text(entry),
    )


def throughput_text(entry: SelfHostingClass) -> str:
    """What one replica is assumed to serve, in words: capacity, throughput, utilisation."""
    capacity = entry.monthly_capacity()
    if capacity is None:
        return "one replica assumed to serve any volume (no capacity in the pricing file)"
    text = f"one replica assumed to serve {capacity:,} tokens a month"
    if entry.throughput_tokens_per_second is not None and entry.utilisation is not None:
        text += (
            f" ({entry.throughput_tokens_per_second:,.0f} tokens a second at "
            f"{entry.utilisation:.0%} utilisation)"
        )
    else:
        text += " (throughput and utilisation not stated in the pricing file)"
    return text


def volume_scenarios(curve: CostCurve, monthly_tokens: int) -> tuple[tuple[float, int, float], ...]:
    """(factor, tokens, monthly USD) at a tenth of, at, and ten times ``monthly_tokens``."""
    out = []
    for factor in SCENARIO_FACTORS:
        tokens = round(monthly_tokens * factor)
        out.append((factor, tokens, round(curve.monthly_usd(tokens), 2)))
    return tuple(out)


def break_even_capacity(
    open_curve: CostCurve, closed_curve: CostCurve, monthly_tokens: int
) -> int | None:
    """The per-replica monthly capacity at which self-hosting costs what the API does at
    ``monthly_tokens``; None when no capacity would do (engineering plus one replica already
    cost more than the API bill).

    k replicas cost E + k*I; the API bill is A = p*V. The most replicas affordable is
    k = floor((A - E) / I); they must serve V, so each must serve V / k.
    """
    api_bill = closed_curve.monthly_usd(monthly_tokens)
    spare = api_bill - open_curve.fixed_usd
    if spare < open_curve.replica_usd or monthly_tokens <= 0:
        return None
    if open_curve.replica_usd <= 0:
        return 1
    replicas = math.floor(round(spare / open_curve.replica_usd, 9))
    return math.ceil(monthly_tokens / replicas)


def break_even_tokens(open_curve: CostCurve, closed_curve: CostCurve) -> int | None:
    """The first monthly volume at which self-hosting costs no more than the API; None if never.

    With engineering E, replica cost I, replica capacity C and API price p per token, k
    replicas cost E + k*I and serve up to k*C tokens; the API bill reaches that at
    (E + k*I) / p. The first k for which that volume fits in k replicas is the answer:
    k >= E / (p*C - I). When a replica costs at least what the API charges for the tokens
    it serves (p*C <= I), self-hosting never catches up.
    """
    per_million = closed_curve.usd_per_million_tokens
    if per_million <= 0:
        return None
    fixed, replica = open_curve.fixed_usd, open_curve.replica_usd
    capacity = open_curve.replica_capacity
    replicas = 1
    if capacity is not None:
        margin = per_million * capacity / 1_000_000 - replica
        if margin <= 0:
            return None
        replicas = max(1, math.ceil(round(fixed / margin, 9)))
    # round() first: float noise must not push an exact volume up by one token
    return math.ceil(round((fixed + replicas * replica) * 1_000_000 / per_million, 6))


def _at(curve: CostCurve, monthly_tokens: int | None) -> float | None:
    if monthly_tokens is None:
        return None
    return round(curve.monthly_usd(monthly_tokens), 2)
