"""Policy: where a model's data go, and whether a transfer there has a Chapter V basis.

The facts (regions, adequacy decisions, provider defaults) come from ``audit.jurisdictions``;
this module decides what they mean for one model and one ``transfer_mechanism``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from audit.findings import Location
from audit.jurisdictions import Jurisdictions, Provider, TransferStatus
from audit.jurisdictions.model import Deployment
from audit.rules.context import ModelView

SCC_BASIS = (
    "standard contractual clauses (Art. 46(2)(c), Decision (EU) 2021/914) with a transfer "
    "impact assessment"
)
BCR_BASIS = "binding corporate rules (Art. 46(2)(b), Art. 47)"
DEROGATION_BASIS = "an Art. 49 derogation (exceptional; last resort)"


@dataclass(frozen=True)
class Destination:
    """One region a model's data reach, with its transfer status on the audit date."""

    code: str
    index: int | None
    """Position in ``hosting.regions``; None when the region was assumed."""
    assumed: str | None
    """Why the region was assumed (empty ``hosting.regions``), or None when declared."""
    status: TransferStatus
    assumed_short: str | None = None
    """The assumption in a few words for messages, e.g. ``assumed: OpenAI API's default``."""
    path: tuple[str | int, ...] | None = None
    """Where in the model entry the destination comes from, when not ``hosting.regions``
    (``("hosting", "deployment")``, ``("hosting", "locations", 0)``, ``("name",)``)."""

    def at(self, view: ModelView) -> Location:
        """The inventory location this destination is reported at."""
        if self.path is not None:
            return view.at(*self.path)
        if self.index is not None:
            return view.at("hosting", "regions", self.index)
        return view.at("hosting")


@dataclass(frozen=True)
class ModelPlaces:
    """Where one model's data go, or why that cannot be told."""

    destinations: tuple[Destination, ...]
    unresolved: str | None
    """Why no region could be determined (no regions and no usable provider default)."""
    provider: Provider | None
    """The catalogue entry of the model's provider, when it has one."""
    provider_unknown: bool
    """True when the model names a provider key that the catalogue lacks."""


def model_places(view: ModelView, j: Jurisdictions, as_of: dt.date) -> ModelPlaces:
    """Where ``view``'s data go: its declared regions, else an assumption that says so.

    Computed once per model and audit: several rules ask, some for every other model.
    """
    return view.ctx.memo(("gdpr", "places", view.id, as_of), lambda: _places(view, j, as_of))


def _places(view: ModelView, j: Jurisdictions, as_of: dt.date) -> ModelPlaces:
    """Where ``view``'s data go (see ``model_places``).

    A self-hosted model without regions is assumed in the organisation's own country; a
    managed or api model at its provider's default. Without a usable default the places are
    unresolved (GDPR005): the tool never guesses.
    """
    model = view.model
    provider = j.provider(model.provider) if model.provider else None
    provider_unknown = model.provider is not None and provider is None
    declared = _declared(view, j, as_of)
    option, option_path = chosen_deployment(view, provider)
    if option is not None and provider is not None:
        if option.regional:
            if declared:
                return ModelPlaces(declared, None, provider, provider_unknown)
            why = (
                f"{provider.name}'s '{option.id}' deployment processes in the model's own "
                "regions, and hosting.regions is empty"
            )
            return ModelPlaces((), why, provider, provider_unknown)
        short = f"may be routed there by {provider.name}'s '{option.id}' option ({option.name})"
        routed = tuple(
            Destination(code, None, None, j.transfer_status(code, as_of), short, option_path)
            for code in option.regions or ()
            if code not in {d.code for d in declared}
        )
        return ModelPlaces(declared + routed, None, provider, provider_unknown)
    if declared:
        return ModelPlaces(declared, None, provider, provider_unknown)
    if model.hosting.mode == "self-hosted":
        home = view.ctx.organisation.country
        why = (
            f"hosting.regions is empty: assumed the organisation's own country ({home}) for a "
            "self-hosted model"
        )
        short = "assumed: the organisation's country, as hosting.regions is empty"
        return ModelPlaces(
            (Destination(home, None, why, j.transfer_status(home, as_of), short),),
            None,
            provider,
            provider_unknown,
        )
    if provider is None:
        if model.provider:
            known = ", ".join(p.key for p in j.providers())
            why = f"provider '{model.provider}' is not in the provider catalogue (known: {known})"
        else:
            why = "the model names no provider"
        return ModelPlaces((), f"hosting.regions is empty and {why}", None, provider_unknown)
    if not provider.default_regions:
        why = f"{provider.name} has no default region: {provider.default_note}"
        return ModelPlaces((), f"hosting.regions is empty and {why}", provider, False)
    assumed = (
        f"hosting.regions is empty: assumed {provider.name}'s default "
        f"{', '.join(provider.default_regions)} ({provider.default_note}; source "
        f"{provider.default_source.id}, confidence {provider.default_confidence})"
    )
    short = f"assumed: {provider.name}'s default, as hosting.regions is empty"
    defaults = tuple(
        Destination(code, None, assumed, j.transfer_status(code, as_of), short)
        for code in provider.default_regions
    )
    return ModelPlaces(defaults, None, provider, False)


def chosen_deployment(
    view: ModelView, provider: Provider | None
) -> tuple[Deployment | None, tuple[str | int, ...]]:
    """The residency option that decides where the model's requests go, and where it is said.

    ``hosting.deployment`` when given; else an inference-profile prefix of the model's name
    (Bedrock ``eu.anthropic...``). The loader has refused options the provider lacks.
    """
    if provider is None:
        return None, ()
    named = view.model.hosting.deployment
    if named is not None:
        return provider.deployment(named), ("hosting", "deployment")
    return provider.profile_deployment(view.model.name), ("name",)


def _declared(view: ModelView, j: Jurisdictions, as_of: dt.date) -> tuple[Destination, ...]:
    """The places the model's entry lists: region codes and custom locations."""
    hosting = view.model.hosting
    custom = {loc.name: (i, loc.country) for i, loc in enumerate(hosting.locations)}
    out: list[Destination] = []
    for i, code in enumerate(hosting.regions):
        if code in custom:  # reported at its hosting.locations entry, where its country is
            k, country = custom[code]
            status = _custom(j, code, country, as_of)
            out.append(Destination(code, i, None, status, None, ("hosting", "locations", k)))
        else:
            out.append(Destination(code, i, None, j.transfer_status(code, as_of)))
    listed = set(hosting.regions)
    for name, (i, country) in custom.items():
        if name not in listed:
            status = _custom(j, name, country, as_of)
            out.append(Destination(name, None, None, status, None, ("hosting", "locations", i)))
    return tuple(out)


def _custom(j: Jurisdictions, name: str, country: str | None, as_of: dt.date) -> TransferStatus:
    """A location of ``hosting.locations``: judged by its country, unknown without one."""
    if country is None:
        return TransferStatus.unknown(
            name, f"location '{name}' of hosting.locations names no country"
        )
    status = j.transfer_status(country, as_of)
    return TransferStatus(
        region_code=name,
        region=status.region,
        status=status.status,
        country=status.country,
        deciding_country=status.deciding_country,
        decision=status.decision,
        lapsed=status.lapsed,
        reason=f"location '{name}' is in {status.reason[0].lower()}{status.reason[1:]}"
        if status.status == "EEA"
        else status.reason,
    )


@dataclass(frozen=True)
class TransferVerdict:
    """Whether personal data may go to one destination under one declared mechanism."""

    lawful: bool
    basis: str | None
    """What makes the transfer lawful (or that there is no transfer)."""
    problem: str | None
    """Why it fails; None when lawful."""
    exceptional: bool = False
    """True when the basis is an Art. 49 derogation: lawful only as a last resort."""


def assess_transfer(
    status: TransferStatus,
    mechanism: str | None,
    as_of: dt.date,
    data_flags: frozenset[str] = frozenset(),
) -> TransferVerdict:
    """Judge one transfer: adequacy in scope, else an Art. 46 safeguard, else Art. 49.

    Order follows GDPR Chapter V: adequacy (Art. 45) first, then safeguards (SCCs, BCRs),
    then derogations. ``dpf`` helps only for the United States, and only while its decision
    applies; ``adequacy`` only where a decision is in force and its scope is met. A partial
    decision's scope limits that ``data_flags`` trip (e.g. ``credit_information`` for Korea)
    take the transfer out of it; the basis of a partial decision names its limits.
    """
    declared = mechanism if mechanism not in (None, "none") else None
    said = f"transfer_mechanism is {mechanism}" if mechanism else "transfer_mechanism is not set"
    if status.status == "EEA":
        return TransferVerdict(True, "no transfer (EEA)", None)
    if status.status == "unknown":
        return TransferVerdict(False, None, status.reason)
    decision = status.decision
    if status.status == "adequate" and decision is not None:
        return TransferVerdict(True, f"adequacy decision {decision.reference} (Art. 45)", None)
    if status.status == "adequate-partial" and decision is not None:
        needed = decision.requires_mechanism
        in_scope = f"adequacy for {decision.scope} ({decision.reference}, Art. 45)"
        limits = "; ".join(limit.describe() for limit in decision.scope_limits)
        if limits:
            in_scope += f"; {limits}"
        tripped = decision.limits_tripped(data_flags)
        if tripped:
            fallback = _safeguard(declared)
            if fallback is not None:
                return fallback
            excluded = "; ".join(limit.text for limit in tripped)
            return TransferVerdict(
                False,
                None,
                f"adequacy under {decision.reference} does not cover {excluded}, and {said}",
            )
        if needed is None:
            return TransferVerdict(True, in_scope, None)
        if declared == needed:
            return TransferVerdict(True, f"{in_scope}; importer declared `{needed}`", None)
        fallback = _safeguard(declared)
        if fallback is not None:
            return fallback
        return TransferVerdict(
            False,
            None,
            f"adequacy under {decision.reference} covers {decision.scope} only and "
            f"{said}, so nothing shows the importer is in its scope",
        )
    # A third country: adequacy cannot help, so only Art. 46 safeguards or Art. 49 remain.
    fallback = _safeguard(declared)
    if fallback is not None:
        return fallback
    if declared == "dpf":
        lapsed = status.lapsed
        if status.deciding_country == "US" and lapsed is not None:
            why = f"`dpf` relies on {lapsed.reference}, which does not apply: "
            return TransferVerdict(False, None, why + str(lapsed.lapse_reason(as_of)))
        return TransferVerdict(
            False,
            None,
            f"{status.reason}; `dpf` covers only DPF-certified organisations in the United States",
        )
    if declared == "adequacy":
        return TransferVerdict(
            False, None, f"transfer_mechanism says adequacy, but {status.reason}"
        )
    return TransferVerdict(False, None, f"{status.reason}, and {said}")


def _safeguard(declared: str | None) -> TransferVerdict | None:
    if declared == "scc":
        return TransferVerdict(True, SCC_BASIS, None)
    if declared == "bcr":
        return TransferVerdict(True, BCR_BASIS, None)
    if declared == "derogation":
        return TransferVerdict(True, DEROGATION_BASIS, None, exceptional=True)
    return None
