"""What resolution knows about a model: its licence, where that came from, and its lineage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

EvidenceSource = Literal[
    "declared", "hub", "card", "licence-text", "spdx", "base-model", "model-facts"
]
"""Where a licence fact was found (the ``source`` values of the JSON report). ``model-facts``
extends the contract: the knowledge base's facts for a well-known model family, used only
when no other source names a licence."""


@dataclass(frozen=True)
class LicenceEvidence:
    """One licence statement found for a model."""

    source: EvidenceSource
    licence: str | None
    """Knowledge-base key the statement resolves to, or None when it names nothing we know."""
    found: str
    """What was found, as found (``other / deepseek-license``, ``MIT OR Apache-2.0``)."""
    where: str
    """Where it was found (``cardData.license``, ``models/x/LICENSE``, ``inventory.yaml:14``)."""
    confidence: float = 1.0
    """1.0 for metadata; the match score for an identified licence text."""
    note: str = ""
    also: tuple[str, ...] = ()
    """Further knowledge-base keys that bind together with ``licence`` (``A AND B``; two
    licence texts in one file)."""
    unknown_parts: tuple[str, ...] = ()
    """Parts of an expression the knowledge base does not know (each makes LIC001)."""
    alternatives: tuple[tuple[str, ...], ...] = ()
    """For ``A OR B``: the known alternatives, each the keys binding together, in the order
    written; empty when the statement offers no choice."""
    exceptions: tuple[str, ...] = ()
    """``WITH`` exceptions written in the statement."""
    coverage: float | None = None
    """For a licence text: the share of its normalised words the identified licence(s)
    explain (None for metadata)."""

    @property
    def keys(self) -> tuple[str, ...]:
        """Every knowledge-base key that binds under this statement (``licence`` first)."""
        return tuple(dict.fromkeys(k for k in (self.licence, *self.also) if k))


@dataclass(frozen=True)
class LineageStep:
    """One ancestor of a model, nearest first."""

    name: str
    licence: str | None
    where: str
    """How the ancestor and its licence were learnt (hub, card, model facts, inventory)."""
    relation: str | None = None
    """``finetune``, ``adapter``, ``merge`` or ``quantized`` where the card says."""
    infrastructure: bool = False
    """The ancestor could not be verified because the Hub could not be reached."""


@dataclass(frozen=True)
class ModelResolution:
    """Everything resolution learnt about one inventory model."""

    model_id: str
    licence: str | None
    """The licence that binds the model itself (a knowledge-base key), or None if unresolved."""
    licence_source: EvidenceSource | None
    licence_where: str | None
    evidence: tuple[LicenceEvidence, ...] = ()
    lineage: tuple[LineageStep, ...] = ()
    modalities: tuple[str, ...] = ("text",)
    modalities_source: str = "default"
    training_compute_flops: float | None = None
    compute_source: str | None = None
    problems: tuple[str, ...] = ()
    """Why the model could not be verified (rule LIC001): 'not found on the Hub', ..."""
    notes: tuple[str, ...] = ()
    """What a reader should know but is no finding: 'declared licence not checked offline'."""
    closest: tuple[str, float] | None = None
    """For an unidentified licence text: the closest known licence and its score."""
    gated: bool = False
    eu_gated: bool = False
    """The Hub repo blocks EU users (``extra_gated_eu_disallowed``)."""
    datasets: tuple[str, ...] = ()
    family: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    co_licences: tuple[str, ...] = ()
    """Further licences that bind the model itself together with ``licence`` (an ``AND``)."""
    alternatives: tuple[tuple[str, ...], ...] = ()
    """The known alternatives of an ``OR`` that the audit still has to choose between
    (empty once chosen or when there is no choice); see ``audit.resolve.choice``."""
    choice: str | None = None
    """How an ``OR`` was decided: by ``licence_choice`` or by the audit (and why)."""
    verification: str | None = None
    """Who verified the licence by hand, when, on what evidence (``licence_verification``)."""
    infrastructure: tuple[str, ...] = ()
    """Problems caused by the infrastructure (Hub unreachable, cache disk full): such a
    model is LIC001 and the audit is incomplete (exit 3), not a compliance failure."""

    @property
    def resolved(self) -> bool:
        """True when a licence binds the model."""
        return self.licence is not None

    def ancestor_licences(self) -> tuple[str, ...]:
        """Licence keys of every ancestor, nearest first, without repeats or unknowns."""
        seen: list[str] = []
        for step in self.lineage:
            if step.licence and step.licence not in seen:
                seen.append(step.licence)
        return tuple(seen)
