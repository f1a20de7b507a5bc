"""What ADV001 and ADV004 compute: the cost comparison at a model's own volume, and whether a
provider offers the region an inventory names.

ADV001 prices with the same cost model as ``model-audit compare`` (``audit.compare.cost``),
so a scan and a comparison cannot disagree about which option is cheaper. Its alternatives are
the open-weight models the inventory already self-hosts; an inventory with none is compared
with an open-weight model of the pricing file's largest size class (frontier-grade open
models are large), and the finding says which it used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from audit.compare.cost import CostEstimate
    from audit.compare.pricing import Pricing
    from audit.jurisdictions.catalogue import Jurisdictions
    from audit.jurisdictions.model import Provider
    from audit.rules.context import AuditContext, ModelView

CLOUDS = ("aws", "azure", "gcp")
"""Region catalogues of clouds: a provider whose options are regions of one of them (Bedrock,
Azure OpenAI, Vertex AI) serves from that cloud's regions, which its options do not list in
full."""


@dataclass(frozen=True)
class SelfHostingSaving:
    """A closed api model's monthly bill set against the cheapest self-hosted alternative."""

    monthly_tokens: int
    api: CostEstimate
    alternative: str
    """What was priced instead: an inventory model id, or the largest size class."""
    self_hosted: CostEstimate
    pricing: Pricing

    @property
    def saving_usd(self) -> float:
        """How much less the self-hosted alternative costs a month (positive: a saving)."""
        return (self.api.monthly_usd or 0.0) - (self.self_hosted.monthly_usd or 0.0)


def self_hosting_saving(ctx: AuditContext, view: ModelView) -> SelfHostingSaving | None:
    """The cheapest self-hosted alternative to ``view`` at its volume when it is cheaper by
    the organisation's pricing file; None when it is not, or when either side has no price."""
    from audit.compare.cost import api_cost, self_hosted_cost
    from audit.compare.size import ModelSizeEstimate, estimate_size

    tokens = sum(uc.monthly_tokens or 0 for uc in view.model.use_cases)
    if tokens <= 0:
        return None
    pricing = ctx.pricing
    provider = view.model.provider or "api"
    price = pricing.api_price(provider, view.model.name)
    api = api_cost(price, f"{provider}:{view.model.name}", pricing, tokens)
    if api.monthly_usd is None:
        return None
    options: list[tuple[str, CostEstimate]] = []
    for other in ctx.models():
        if other.is_closed_api or other.model.hosting.mode != "self-hosted":
            continue
        size = estimate_size(other.model.name, pricing)
        cost = self_hosted_cost(size, other.model.name, pricing, tokens)
        if cost.monthly_usd is not None:
            options.append((f"inventory model {other.id} ({other.model.name})", cost))
    if not options and pricing.table.self_hosting:
        largest = pricing.table.self_hosting[-1]
        bound = largest.max_parameters_billions or _largest_finite(pricing) or 1000.0
        size = ModelSizeEstimate(bound, f"the largest size class of {pricing.path}")
        cost = self_hosted_cost(size, largest.size, pricing, tokens)
        if cost.monthly_usd is not None:
            options.append((f"an open-weight model of size class {largest.size}", cost))
    if not options:
        return None
    name, best = min(options, key=lambda item: (item[1].monthly_usd or 0.0, item[0]))
    if (best.monthly_usd or 0.0) >= api.monthly_usd:
        return None
    return SelfHostingSaving(tokens, api, name, best, pricing)


def _largest_finite(pricing: Pricing) -> float | None:
    bounds = [c.max_parameters_billions for c in pricing.table.self_hosting]
    finite = [b for b in bounds if b is not None]
    return max(finite) if finite else None


@dataclass(frozen=True)
class UnofferedRegion:
    """A region an api model names that its provider's catalogue entry does not offer."""

    region: str
    provider: Provider
    offered: tuple[str, ...]
    """What the provider does offer, in words."""


def unoffered_regions(
    catalogue: Jurisdictions, provider: Provider, regions: list[str]
) -> list[UnofferedRegion]:
    """Regions of ``regions`` that match none of the provider's options.

    A region matches an option when it is that option's code, or when every country it may
    lie in lies in the option's countries (an option that may process anywhere, such as a
    "global" default, offers no choice, so it matches only itself). For a provider whose
    options are regions of a cloud, any known region of that cloud matches. Unknown region
    codes are GDPR005's business, not this rule's.
    """
    options = tuple(dict.fromkeys((*provider.default_regions, *_residency_codes(provider))))
    clouds = {r.cloud for r in (catalogue.region(c) for c in options) if r and r.cloud in CLOUDS}
    out = []
    for code in regions:
        region = catalogue.region(code)
        if region is None:
            continue
        if region.cloud in clouds or _matches(catalogue, region.code, region.countries, options):
            continue
        out.append(UnofferedRegion(code, provider, _offered_words(provider, clouds)))
    return out


def _residency_codes(provider: Provider) -> tuple[str, ...]:
    return tuple(code for option in provider.residency for code in option.regions)


def _matches(
    catalogue: Jurisdictions, code: str, countries: tuple[str, ...], options: tuple[str, ...]
) -> bool:
    for option in options:
        if option.lower() == code.lower():
            return True
        found = catalogue.region(option)
        if found is None or found.spread in ("worldwide", "unknown") or not found.countries:
            continue
        if countries and set(countries) <= set(found.countries):
            return True
    return False


def _offered_words(provider: Provider, clouds: set[str]) -> tuple[str, ...]:
    words = []
    if provider.default_regions:
        words.append(f"default {', '.join(provider.default_regions)}")
    words.extend(f"{', '.join(option.regions)} ({option.note})" for option in provider.residency)
    words.extend(f"any {cloud} region" for cloud in sorted(clouds))
    return tuple(words)
