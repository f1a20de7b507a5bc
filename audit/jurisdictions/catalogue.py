"""Lookups over the loaded jurisdiction data: regions, countries, adequacy, providers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from audit.jurisdictions.model import (
    STATUS_RANK,
    AdequacyDecision,
    Country,
    Provider,
    Region,
    Source,
    TransferStatus,
    TransferStatusCode,
)


def normalise_provider_key(key: str) -> str:
    """Provider keys compare case-insensitively, with ``_`` and spaces read as ``-``."""
    return "-".join(key.strip().lower().replace("_", " ").split())


@dataclass(frozen=True)
class Jurisdictions:
    """Everything the GDPR rules and the procurement comparison know about places.

    Built by ``load_jurisdictions()``; immutable. Region codes are looked up
    case-insensitively; two upper-case letters that form an ISO 3166-1 alpha-2 code mean that
    country (``US`` is the country, ``us`` Google's US multi-region; both lie in the US).
    """

    version: str
    sources: Mapping[str, Source]
    countries_by_code: Mapping[str, Country]
    regions_by_code: Mapping[str, Region]
    decisions: Mapping[str, AdequacyDecision]
    providers_by_key: Mapping[str, Provider]
    provider_aliases: Mapping[str, str] = field(default_factory=dict)
    """Alias -> provider key."""
    ambiguous_providers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Names that could mean several providers (``google``) -> the keys they could mean."""
    eu_codes: tuple[str, ...] = ()
    """The EU-27, in the order of the data file."""
    eea_efta_codes: tuple[str, ...] = ()
    """Iceland, Liechtenstein, Norway."""

    # --- countries --------------------------------------------------------------------------
    def country(self, iso2: str) -> Country | None:
        """The country with this ISO 3166-1 alpha-2 code (any case), or None."""
        return self.countries_by_code.get(iso2.strip().upper())

    def countries(self) -> tuple[Country, ...]:
        """Every known country, by code."""
        return tuple(sorted(self.countries_by_code.values(), key=lambda c: c.code))

    def country_name(self, iso2: str | None) -> str:
        """The country's name for messages, or the code itself when unknown."""
        if iso2 is None:
            return "unknown country"
        known = self.country(iso2)
        return known.name if known else iso2

    def is_eea(self, iso2: str) -> bool:
        """True for an EEA country (EU-27, IS, LI, NO, and territories EU law counts in)."""
        known = self.country(iso2)
        return bool(known and known.eea)

    def is_eu(self, iso2: str) -> bool:
        """True for an EU member state (or a territory EU law treats as part of one)."""
        known = self.country(iso2)
        return bool(known and known.eu)

    def eu_member_states(self) -> tuple[Country, ...]:
        """The EU-27."""
        return tuple(self.countries_by_code[c] for c in self.eu_codes)

    def eea_states(self) -> tuple[Country, ...]:
        """The EEA-30: the EU-27 plus Iceland, Liechtenstein and Norway."""
        return self.eu_member_states() + tuple(
            self.countries_by_code[c] for c in self.eea_efta_codes
        )

    # --- adequacy ---------------------------------------------------------------------------
    def adequacy(self, iso2: str, as_of: dt.date) -> AdequacyDecision | None:
        """The adequacy decision for ``iso2`` in force on ``as_of`` (status, start, expiry)."""
        decision = self.decisions.get(iso2.strip().upper())
        return decision if decision is not None and decision.applies_on(as_of) else None

    def adequacy_decision(self, iso2: str) -> AdequacyDecision | None:
        """The country's adequacy decision whatever its dates and status, or None."""
        return self.decisions.get(iso2.strip().upper())

    def adequacy_decisions(self) -> tuple[AdequacyDecision, ...]:
        """Every recorded adequacy decision, by country code."""
        return tuple(self.decisions[c] for c in sorted(self.decisions))

    # --- regions ----------------------------------------------------------------------------
    def region(self, code: str) -> Region | None:
        """The region with this code, an ISO country as a region, or None when unknown."""
        text = code.strip()
        if len(text) == 2 and text.isupper() and text in self.countries_by_code:
            return self._country_region(text)
        found = self.regions_by_code.get(text.lower())
        if found is not None:
            return found
        if len(text) == 2 and text.isalpha() and text.upper() in self.countries_by_code:
            return self._country_region(text.upper())
        return None

    def regions(self, cloud: str | None = None) -> tuple[Region, ...]:
        """Every catalogued region code (not the ISO countries), optionally of one cloud."""
        return tuple(r for r in self.regions_by_code.values() if cloud in (None, r.cloud))

    def _country_region(self, iso2: str) -> Region:
        country = self.countries_by_code[iso2]
        return Region(
            code=iso2,
            cloud="country",
            name=country.name,
            country=iso2,
            countries=(iso2,),
            spread="country",
            source=country.source,
            confidence=country.source.confidence,
        )

    # --- providers --------------------------------------------------------------------------
    def provider(self, key: str) -> Provider | None:
        """The provider with this key or alias (case-insensitive), or None."""
        wanted = normalise_provider_key(key)
        wanted = self.provider_aliases.get(wanted, wanted)
        return self.providers_by_key.get(wanted)

    def ambiguous_provider(self, key: str) -> tuple[str, ...]:
        """The provider keys an ambiguous name could mean (empty for any other name)."""
        return self.ambiguous_providers.get(normalise_provider_key(key), ())

    def provider_regions(self, provider: Provider) -> tuple[Region, ...]:
        """The regions a provider offers: its cloud's region file and its listed codes."""
        listed = [self.region(code) for code in provider.region_codes]
        found = [r for r in listed if r is not None]
        if provider.cloud is not None:
            found += [r for r in self.regions(provider.cloud) if r not in found]
        return tuple(found)

    def providers(self) -> tuple[Provider, ...]:
        """Every catalogued provider, by key."""
        return tuple(self.providers_by_key[k] for k in sorted(self.providers_by_key))

    # --- transfers --------------------------------------------------------------------------
    def transfer_status(self, region_code: str, as_of: dt.date) -> TransferStatus:
        """What sending personal data to ``region_code`` means on ``as_of``.

        An area spanning several countries takes the worst status among them; an area whose
        countries are unknown, or that reaches anywhere, is a third country. A code outside
        the catalogue is ``unknown``: the tool never guesses where data live.
        """
        region = self.region(region_code)
        if region is None:
            return TransferStatus.unknown(
                region_code,
                f"'{region_code}' is not in the region catalogue, so its country is unknown",
            )
        if region.spread in ("worldwide", "unknown"):
            why = (
                "processing may happen in any country"
                if region.spread == "worldwide"
                else f"the country within '{region.name}' is not known"
            )
            return TransferStatus(
                region_code=region_code,
                region=region,
                status="third-country",
                country=None,
                deciding_country=None,
                decision=None,
                lapsed=None,
                reason=f"{why}, so it counts as a third country",
            )
        verdicts = [self._country_status(c, as_of) for c in region.countries]
        worst = max(verdicts, key=lambda v: STATUS_RANK[v.status])
        return TransferStatus(
            region_code=region_code,
            region=region,
            status=worst.status,
            country=region.country,
            deciding_country=worst.country,
            decision=worst.decision,
            lapsed=worst.lapsed,
            reason=self._reason(region, worst, len(verdicts), as_of),
        )

    def _country_status(self, iso2: str, as_of: dt.date) -> _CountryVerdict:
        if self.is_eea(iso2):
            return _CountryVerdict(iso2, "EEA", None, None)
        decision = self.adequacy(iso2, as_of)
        if decision is not None:
            status: TransferStatusCode = "adequate-partial" if decision.partial else "adequate"
            return _CountryVerdict(iso2, status, decision, None)
        return _CountryVerdict(iso2, "third-country", None, self.decisions.get(iso2))

    def _reason(
        self, region: Region, worst: _CountryVerdict, candidates: int, as_of: dt.date
    ) -> str:
        name = self.country_name(worst.country)
        # An area is judged by its worst candidate country; say which one decided it.
        lead = name if candidates == 1 else f"{region.code} may reach {name}, which"
        if worst.status == "EEA":
            if candidates > 1:
                return "every country it may reach is in the EEA: no transfer"
            return f"{name} is in the EEA: no transfer"
        if worst.decision is not None:
            scope = worst.decision.scope
            limit = f", covering {scope} only" if worst.decision.partial else ""
            return f"{lead} has an adequacy decision ({worst.decision.reference}{limit})"
        text = f"{lead} has no adequacy decision in force on {as_of.isoformat()}"
        if worst.lapsed is not None:
            text += f" ({worst.lapsed.lapse_reason(as_of)})"
        return text


@dataclass(frozen=True)
class _CountryVerdict:
    country: str
    status: TransferStatusCode
    decision: AdequacyDecision | None
    lapsed: AdequacyDecision | None


def index_aliases(providers: Iterable[Provider]) -> dict[str, str]:
    """Map every alias to its provider key."""
    return {normalise_provider_key(a): p.key for p in providers for a in p.aliases}
