"""The jurisdiction catalogue's value types: frozen, with the source of every fact beside it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

Confidence = Literal["primary", "secondary", "unverified"]
"""How sure a fact is: read in the primary text ([P]/[V]), secondary sources only ([S]), or
not confirmed (UNVERIFIED)."""

TransferStatusCode = Literal["EEA", "adequate", "adequate-partial", "third-country", "unknown"]
"""What sending personal data to a region means under GDPR Chapter V."""

Spread = Literal["country", "several", "unknown", "worldwide"]
"""How far a region code reaches: one country, a listed set, an area whose countries are not
known, or anywhere in the world."""

AdequacyState = Literal["in-force", "suspended", "annulled"]

STATUS_RANK: dict[TransferStatusCode, int] = {
    "EEA": 0,
    "adequate": 1,
    "adequate-partial": 2,
    "third-country": 3,
    "unknown": 4,
}
"""Order of transfer statuses from least to most in need of a mechanism."""


@dataclass(frozen=True)
class Source:
    """Where a fact comes from."""

    id: str
    """Key in ``sources.yaml``; the facts' own ids (``adq-3``, ``cl-1``) where they have one."""
    title: str
    url: str
    section: str | None
    """The part of the source that says it (article, table, paragraph)."""
    confidence: Confidence
    note: str | None = None

    def cite(self) -> str:
        """One line for a finding's evidence: title, section, URL and confidence."""
        section = f", {self.section}" if self.section else ""
        return f"{self.title}{section} <{self.url}> [{self.confidence}]"


@dataclass(frozen=True)
class Country:
    """An ISO 3166-1 alpha-2 country and its place in the EU and EEA."""

    code: str
    name: str
    eu: bool
    """An EU member state, or a territory that EU law treats as part of one."""
    eea: bool
    """In the European Economic Area (EU-27 plus Iceland, Liechtenstein, Norway)."""
    source: Source


@dataclass(frozen=True)
class Region:
    """A hosting location: a cloud region, a multi-region area, or an ISO country."""

    code: str
    cloud: str
    """``aws``, ``azure``, ``gcp``, ``multi`` (an area) or ``country`` (an ISO code)."""
    name: str
    country: str | None
    """The one country the region lies in; None for an area spanning several or unknown ones."""
    countries: tuple[str, ...]
    """Every country the data may be in (empty when unknown or worldwide)."""
    spread: Spread
    source: Source
    confidence: Confidence
    """The entry's own confidence (the source's unless the entry says otherwise)."""
    note: str | None = None
    label: str | None = None
    """Short place for an area (``EU, member state unknown``); None for one country."""

    @property
    def where(self) -> str:
        """A short place for messages: ``DE``, ``EU, member state unknown``, ``any country``."""
        if self.country:
            return self.country
        if self.label:
            return self.label
        if self.spread == "worldwide":
            return "any country"
        if self.spread == "unknown":
            return "country unknown"
        if len(self.countries) <= 3:
            return "one of " + ", ".join(self.countries)
        return f"one of {len(self.countries)} countries"


@dataclass(frozen=True)
class ScopeLimit:
    """What a partial adequacy decision does not cover (Japan's public sector, Korea's credit
    information...), with the data-class flag that trips it, if any."""

    id: str
    text: str
    data_flag: str | None
    source: Source

    def describe(self) -> str:
        """``outside its scope: <text> [source, confidence]``."""
        return f"outside its scope: {self.text} [{self.source.id}, {self.source.confidence}]"


@dataclass(frozen=True)
class AdequacyDecision:
    """A Commission adequacy decision under GDPR Art. 45 for one country."""

    country: str
    reference: str
    adopted: dt.date
    in_force_from: dt.date
    valid_until: dt.date | None
    """Last day the decision applies; None for a decision without expiry."""
    review_by: dt.date | None
    scope: str
    """Who the decision covers, e.g. ``all`` or ``DPF-certified organisations``."""
    partial: bool
    """True when the scope leaves some importers out (US: DPF-certified only; Canada: PIPEDA)."""
    requires_mechanism: str | None
    """The ``transfer_mechanism`` that shows the importer is in scope (US: ``dpf``)."""
    status: AdequacyState
    status_note: str | None
    notes: str | None
    source: Source
    """Source for the decision being listed as in force."""
    reference_source: Source
    """Source for the reference number and dates."""
    status_source: Source | None = None
    scope_limits: tuple[ScopeLimit, ...] = ()
    """What a partial decision leaves out; a limit with a ``data_flag`` excludes that data."""

    def limits_tripped(self, data_flags: frozenset[str]) -> tuple[ScopeLimit, ...]:
        """The scope limits that the data's flags (e.g. ``credit_information``) fall under."""
        return tuple(limit for limit in self.scope_limits if limit.data_flag in data_flags)

    def applies_on(self, day: dt.date) -> bool:
        """True when the decision is in force on ``day`` (status, start and expiry)."""
        return self.lapse_reason(day) is None

    def lapse_reason(self, day: dt.date) -> str | None:
        """Why the decision does not apply on ``day``, or None when it does."""
        if self.status != "in-force":
            return f"{self.reference} is recorded as {self.status}"
        if day < self.in_force_from:
            return f"{self.reference} applies only from {self.in_force_from.isoformat()}"
        if self.valid_until is not None and day > self.valid_until:
            return f"{self.reference} expired after {self.valid_until.isoformat()}"
        return None

    def describe(self) -> str:
        """One line for evidence: reference, scope, dates, status and how sure each part is."""
        parts = [f"{self.country}: {self.reference}, adopted {self.adopted.isoformat()}"]
        if self.in_force_from != self.adopted:
            parts.append(f"in force from {self.in_force_from.isoformat()}")
        if self.valid_until:
            parts.append(f"valid to {self.valid_until.isoformat()}")
        if self.review_by:
            parts.append(f"review by {self.review_by.isoformat()}")
        parts.append(f"scope: {self.scope}")
        parts.extend(limit.describe() for limit in self.scope_limits)
        parts.append(f"status: {self.status}")
        if self.status_note:
            parts.append(self.status_note)
        parts.append(
            f"listed per {self.source.id} [{self.source.confidence}], reference per "
            f"{self.reference_source.id} [{self.reference_source.confidence}]"
        )
        return "; ".join(parts)


@dataclass(frozen=True)
class ResidencyOption:
    """A way to keep a provider's processing in chosen regions."""

    regions: tuple[str, ...]
    note: str
    source: Source


@dataclass(frozen=True)
class DpaOffer:
    """Whether a provider offers a GDPR Art. 28 processor agreement."""

    offered: bool | None
    """True or False when known; None when it could not be found out."""
    note: str | None
    source: Source


@dataclass(frozen=True)
class Deployment:
    """A residency option of a provider, named in an inventory's ``hosting.deployment``."""

    id: str
    name: str
    regions: tuple[str, ...] | None
    """Region codes requests may be routed to; None for a regional deployment (the model's
    own ``hosting.regions``)."""
    note: str
    source: Source

    @property
    def regional(self) -> bool:
        """True when the deployment processes in the model's declared regions only."""
        return self.regions is None


@dataclass(frozen=True)
class Provider:
    """A provider: a model API, a cloud's managed model service, or a cloud."""

    key: str
    name: str
    aliases: tuple[str, ...]
    default_regions: tuple[str, ...]
    """Region codes assumed when an api model names no region; empty when there is no default."""
    default_note: str
    default_source: Source
    default_confidence: Confidence
    residency: tuple[ResidencyOption, ...]
    residency_note: str | None
    dpa: DpaOffer
    kind: str = "model-api"
    """``model-api``, ``cloud-ai-platform`` or ``cloud``."""
    cloud: str | None = None
    """The region file whose codes are this provider's regions."""
    region_codes: tuple[str, ...] = ()
    deployments: tuple[Deployment, ...] = ()
    profile_prefixes: tuple[tuple[str, str], ...] = ()
    """(model-name prefix, deployment id), longest prefix first."""

    def deployment(self, deployment_id: str) -> Deployment | None:
        """The residency option with this id (case-insensitive), or None."""
        wanted = deployment_id.strip().lower()
        return next((d for d in self.deployments if d.id == wanted), None)

    def profile_deployment(self, model_name: str) -> Deployment | None:
        """The option a model name selects by its prefix (Bedrock ``eu.anthropic...``)."""
        lowered = model_name.strip().lower()
        for prefix, deployment_id in self.profile_prefixes:
            if lowered.startswith(prefix):
                return self.deployment(deployment_id)
        return None

    def describe_default(self) -> str:
        """One line saying where requests go by default, with source and confidence."""
        where = ", ".join(self.default_regions) if self.default_regions else "no default region"
        return (
            f"{self.name} default: {where} ({self.default_note}); source {self.default_source.id}"
            f" <{self.default_source.url}> [{self.default_confidence}]"
        )


@dataclass(frozen=True)
class TransferStatus:
    """What sending personal data to one region means under GDPR Chapter V on one day."""

    region_code: str
    region: Region | None
    """None when the code is not in the catalogue (status ``unknown``)."""
    status: TransferStatusCode
    country: str | None
    """The region's single country, if it has one."""
    deciding_country: str | None
    """The country whose status is the worst of the region's candidates (None if unknown)."""
    decision: AdequacyDecision | None
    """The adequacy decision relied on, for ``adequate`` and ``adequate-partial``."""
    lapsed: AdequacyDecision | None
    """A decision for the deciding country that does not apply on the day (expired, not yet in
    force, annulled), so the message can say so."""
    reason: str
    """One sentence explaining the status."""

    @classmethod
    def unknown(cls, region_code: str, reason: str) -> TransferStatus:
        """A place whose country is not known: status ``unknown``, never a guess."""
        return cls(region_code, None, "unknown", None, None, None, None, reason)

    @property
    def is_transfer(self) -> bool:
        """True when personal data sent here leave the EEA (or may: unknown counts)."""
        return self.status != "EEA"
