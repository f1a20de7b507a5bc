"""What the licence rules share: which licences bind a model and in what situation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from audit.findings import Location
from audit.inventory.schema import Derivative
from audit.rules.context import ModelView

if TYPE_CHECKING:
    from licences import LicenceEntry, Source


@dataclass(frozen=True)
class BoundLicence:
    """A licence whose terms bind a model: its own, or an ancestor's."""

    entry: LicenceEntry
    via: str | None
    """None for the model's own licence; else the ancestor it comes through."""

    def describe(self) -> str:
        """``the Llama 3.1 Community License Agreement`` plus where it comes from."""
        if self.via is None:
            return f"{self.entry.name} ({self.entry.key})"
        return f"{self.entry.name} ({self.entry.key}, through its base model {self.via})"


def bound_licences(view: ModelView) -> list[BoundLicence]:
    """The model's own licence(s) (every part of an ``AND``) and every ancestor's, nearest
    first, each once."""
    kb = view.ctx.knowledge
    out: list[BoundLicence] = []
    seen: set[str] = set()
    own = view.licence
    if own is not None and view.resolution.licence_source != "base-model":
        out.append(BoundLicence(own, None))
        seen.add(own.key)
        for key in view.resolution.co_licences:  # A AND B: every part binds
            entry = kb.get(key)
            if entry is not None and entry.key not in seen:
                out.append(BoundLicence(entry, None))
                seen.add(entry.key)
    for step in view.resolution.lineage:
        entry = kb.get(step.licence) if step.licence else None
        if entry is not None and entry.key not in seen:
            out.append(BoundLicence(entry, step.name))
            seen.add(entry.key)
    return out


def cite(entry: LicenceEntry, source: Source) -> str:
    """``Llama 3.1 Community License Agreement, section 1.b.i`` (URL when no section)."""
    if source.section:
        section = source.section if len(source.section) <= 80 else source.section[:77] + "..."
        return f"{entry.name}, section {section}"
    return f"{entry.name} ({source.url})"


def confidence_note(source: Source) -> str:
    """Evidence line saying how sure the fact is and where it was read."""
    label = {
        "primary": "read in the licence text",
        "secondary": "secondary sources only; verify against the licence",
        "unverified": "UNVERIFIED; configurable in the knowledge base",
    }[source.confidence]
    return f"fact confidence: {source.confidence} ({label}); source: {source.url}"


def distributed_derivative(view: ModelView) -> Derivative | None:
    """The model's ``derivative`` when the organisation ships it outside itself, else None."""
    derivative = view.model.derivative
    return derivative if derivative is not None and derivative.distributed else None


def occasions(view: ModelView) -> set[str]:
    """Occasions that trigger licence duties: service, distribution, derivative-distribution."""
    found: set[str] = set()
    if any(uc.audience in ("customers", "public") for uc in view.model.use_cases):
        found.add("service")
    derivative = distributed_derivative(view)
    if derivative is not None:
        found.add("derivative-distribution" if derivative.fine_tuned else "distribution")
    return found


def field_location(view: ModelView, *candidates: tuple[str | int, ...]) -> Location:
    """The first of several fields that the inventory actually gives, else the model."""
    lines = view.ctx.loaded.lines.lines
    for path in candidates:
        if ("models", view.index, *path) in lines:
            return view.at(*path)
    return view.at()


_SPACE = re.compile(r"\s+")


def normalise_notice(text: str) -> str:
    """Case, spacing and quote style ignored, for comparing notices."""
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
    return _SPACE.sub(" ", text).strip().casefold()


def scope_applies(model_scope: str, view: ModelView) -> bool:
    """Whether a term limited to some models under a licence covers this one.

    ``multimodal`` terms cover a model that handles more than text, judged from its
    modalities (inventory, card or model facts), never from its name.
    """
    if model_scope == "multimodal":
        return is_multimodal(view)
    return True


def is_multimodal(view: ModelView) -> bool:
    """True when the model handles anything besides text."""
    return any(m != "text" for m in view.resolution.modalities)
