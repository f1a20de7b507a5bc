"""Where data may go: EU/EEA membership, adequacy decisions, cloud regions, API providers.

Knowledge is data: the YAML files under ``data/`` hold every fact with a source (URL and
section) and a confidence (``primary``, ``secondary``, ``unverified``); this package only
loads, validates and looks them up. Policy (what a transfer needs) lives in the GDPR rules.

Loading::

    from audit.jurisdictions import load_jurisdictions

    j = load_jurisdictions()                     # cached; validated by pydantic at load

Lookups (all return frozen dataclasses from ``audit.jurisdictions.model``)::

    j.region("eu-central-1")      # Region(code, cloud, name, country="DE", countries, spread,
                                  #        source, confidence, note) or None when unknown
    j.region("DE")                # an ISO 3166-1 alpha-2 code is accepted as a region
    j.region("eu")                # multi-region: country=None, countries=EU-27
    j.country("NO")               # Country(code, name, eu=False, eea=True, source)
    j.is_eea("IS")                # True (EU-27 + IS, LI, NO; outermost regions count in)
    j.eu_member_states()          # the EU-27; j.eea_states() the EEA-30
    j.adequacy("GB", as_of)       # AdequacyDecision in force on that day, else None
    j.adequacy_decision("BR")     # the decision whatever its dates (for messages)
    j.provider("aws-bedrock")     # Provider by key or alias, or None
    j.transfer_status("us-east-1", as_of)
        # TransferStatus(status="EEA" | "adequate" | "adequate-partial" | "third-country"
        #                | "unknown", region, country, deciding_country, decision, lapsed,
        #                reason)

``transfer_status`` semantics: a region in the EEA is ``EEA`` (no transfer); a country with
a decision in force on ``as_of`` is ``adequate``, or ``adequate-partial`` when the decision
covers only some importers (US: DPF-certified organisations; Canada: organisations subject
to PIPEDA); any other country is ``third-country``. An area spanning several countries takes
the worst of them; an area whose countries are unknown, or a global endpoint, counts as a
third country. A code outside the catalogue is ``unknown``: nothing is guessed.

Overrides: set ``MODEL_AUDIT_JURISDICTIONS`` to a YAML file (or pass its path to
``load_jurisdictions``) to change or extend the packaged data without editing it, e.g. when
the CJEU decides the Latombe appeal (C-703/25 P) or a provider opens a region::

    sources:
      cjeu-latombe: {title: "CJEU judgment in C-703/25 P", url: "https://curia.europa.eu/",
                     confidence: primary}
    adequacy:
      - {country: US, status: annulled, status_source: cjeu-latombe,
         status_note: "Decision (EU) 2023/1795 annulled by the CJEU"}
    regions:
      - {cloud: azure, code: taiwannorth, name: Taiwan North (Taipei), country: TW,
         source: my-source}
    providers:
      - {key: cohere, default_regions: [ca-central-1]}

Matched entries keep the fields the override does not give; new entries must be complete
(a new region must name its own source).
"""

from audit.jurisdictions.catalogue import Jurisdictions
from audit.jurisdictions.loader import OVERRIDE_ENV, JurisdictionError, load_jurisdictions
from audit.jurisdictions.model import (
    AdequacyDecision,
    Confidence,
    Country,
    DpaOffer,
    Provider,
    Region,
    ResidencyOption,
    Source,
    TransferStatus,
    TransferStatusCode,
)

__all__ = [
    "OVERRIDE_ENV",
    "AdequacyDecision",
    "Confidence",
    "Country",
    "DpaOffer",
    "JurisdictionError",
    "Jurisdictions",
    "Provider",
    "Region",
    "ResidencyOption",
    "Source",
    "TransferStatus",
    "TransferStatusCode",
    "load_jurisdictions",
]
