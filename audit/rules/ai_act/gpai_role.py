"""Whether the organisation becomes the provider of a general-purpose AI model (policy).

The Commission's GPAI Guidelines make a downstream modifier the provider of a *new* GPAI
model when its modification uses more than one third of the original model's training
compute. We decide that from the inventory: ``derivative.distributed`` (placing on the
market), ``derivative.fine_tuned`` and ``derivative.training_compute_flops`` (the
modification), against the original model's compute in ``resolution.training_compute_flops``
(from the inventory's ``training_compute_flops`` or the knowledge base's model facts). When
that is unknown and the inventory model is itself a derivative, the nearest ancestor in its
lineage with a published figure in the model facts stands in for the original.

Counting for Art. 51(2): the cumulative training compute of a model the organisation
provides is the original model's compute plus the modification, because the new model's
training includes the original's. A model the organisation only uses keeps the original
model's compute; its duties stay with the original provider.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from audit.rules.ai_act.common import data, format_flops
from audit.rules.context import ModelView

GpaiStatus = Literal["provider", "not-provider", "undecided", "not-applicable"]
"""``provider``: provider of a new GPAI model; ``not-provider``: modifies and distributes,
but below the threshold; ``undecided``: a compute figure is missing; ``not-applicable``:
the organisation does not place a modified model on the market."""


@dataclass(frozen=True)
class OpenSourceExemption:
    """Whether Art. 53(2) lifts Art. 53(1)(a) and (b) for the model the organisation provides."""

    licence: str | None
    """The licence the model is released under, as given (derivative, else the model's)."""
    licence_is_open: bool
    """True when the knowledge base marks that licence free and open-source."""
    available: bool
    """True when the licence qualifies and the model is not of systemic risk."""
    reason: str
    source: str | None = None
    """Where the knowledge base's open-source verdict comes from, with its confidence."""


@dataclass(frozen=True)
class GpaiRole:
    """The organisation's GPAI role for one model, with the figures behind it."""

    status: GpaiStatus
    reason: str
    """One or two sentences naming the figures and the test."""
    original_flops: float | None
    original_source: str | None
    modification_flops: float | None
    model_flops: float | None
    """Cumulative training compute counted for Art. 51(2) (see the module docstring); with
    the para 64 fallback only the modification is known, a lower bound."""
    systemic_risk: bool
    """True when ``model_flops`` exceeds the Art. 51(2) threshold."""
    missing: tuple[str, ...] = ()
    """Inventory fields to add so that an ``undecided`` role can be decided."""
    exemption: OpenSourceExemption | None = None
    """Set for ``provider`` only."""

    @property
    def provider(self) -> bool:
        """True when the organisation is the provider of a new GPAI model."""
        return self.status == "provider"


def decide_gpai_role(view: ModelView) -> GpaiRole:
    """Decide whether the organisation is the provider of a new GPAI model for ``view``."""
    derivative = view.model.derivative
    if derivative is None or not derivative.distributed:
        return _not_provider(
            view,
            "not-applicable",
            "the organisation does not distribute a modified version of this model "
            "(no `derivative` with `distributed: true`), so it places no GPAI model on the market",
        )
    modification = derivative.training_compute_flops
    if not derivative.fine_tuned and not modification:
        return _not_provider(
            view,
            "not-applicable",
            "the derivative is distributed without modification (`fine_tuned` is not true and "
            "no `derivative.training_compute_flops`): the original provider stays the provider",
        )
    original = original_compute(view)
    if modification is not None and original.flops is None:
        decided = _fallback(view, original, modification, derivative.original_systemic_risk)
        if decided is not None:
            return decided
    if modification is None or original.flops is None:
        missing = []
        if modification is None:
            missing.append(f"models[{view.index}].derivative.training_compute_flops")
        if original.flops is None:
            missing.append(f"models[{view.index}].training_compute_flops")
            if derivative.original_systemic_risk is None:
                missing.append(f"models[{view.index}].derivative.original_systemic_risk")
        unknown = " and ".join(
            what
            for what, value in (
                ("the modification's", modification),
                (f"the original model's{original.named()}", original.flops),
            )
            if value is None
        )
        return _not_provider(
            view,
            "undecided",
            f"{unknown} training compute is unknown, so whether the modification exceeds one "
            "third of the original model's compute cannot be decided",
            modification=modification,
            missing=tuple(missing),
        )
    return _compare(view, original, original.flops, modification)


def _fallback(
    view: ModelView, original: OriginalCompute, modification: float, systemic: bool | None
) -> GpaiRole | None:
    """The GPAI Guidelines' fallback (para 64) when the original compute is unknown.

    A third of 10^25 FLOP for a systemic-risk original, a third of 10^23 otherwise. When
    the original's status is unknown, a modification above the higher figure decides either
    way, one at or below the lower figure too; in between the status is needed (None).
    """
    high = data().threshold("modifier-fallback-systemic")
    low = data().threshold("modifier-fallback-gpai")
    amount = Fraction(modification)
    if systemic is None:
        if amount > high.amount:
            systemic_known = False  # above both thresholds: a provider whatever the status
        elif amount <= low.amount:
            systemic_known = True  # below both: never a provider
        else:
            return None
        limit = high if systemic_known else low
        status_text = "whether the original has systemic risk is not recorded, but "
    else:
        limit = high if systemic else low
        status_text = (
            "the original is a GPAI model with systemic risk"
            if systemic
            else "the original is a GPAI model without systemic risk"
        ) + "; "
    figure = format_flops(float(limit.amount))
    text = (
        f"the original model's{original.named()} training compute is unknown, so the GPAI "
        f"Guidelines' fallback applies ({limit.reference}): {status_text}the modification's "
        f"{format_flops(modification)} FLOP "
    )
    if amount <= limit.amount:
        return _not_provider(
            view,
            "not-provider",
            text + f"do not exceed {figure} FLOP, so the organisation does not become the "
            "provider of a new GPAI model",
            modification=modification,
        )
    return GpaiRole(
        status="provider",
        reason=text + f"exceed {figure} FLOP, so the organisation is the provider of a new "
        "GPAI model"
        + (
            "; a modified systemic-risk model stays one (GPAI Guidelines para 70)"
            if systemic
            else ""
        ),
        original_flops=None,
        original_source=None,
        modification_flops=modification,
        model_flops=modification,
        systemic_risk=bool(systemic),
        exemption=_open_source_exemption(view, bool(systemic)),
    )


def _not_provider(
    view: ModelView,
    status: GpaiStatus,
    reason: str,
    *,
    modification: float | None = None,
    missing: tuple[str, ...] = (),
) -> GpaiRole:
    """A role other than provider: the model keeps the original model's compute."""
    original = original_compute(view)
    return GpaiRole(
        status=status,
        reason=reason,
        original_flops=original.flops,
        original_source=original.source,
        modification_flops=modification,
        model_flops=original.flops,
        systemic_risk=_above_systemic_threshold(original.flops),
        missing=missing,
    )


@dataclass(frozen=True)
class OriginalCompute:
    """The original model's training compute and where the figure comes from."""

    flops: float | None
    source: str | None
    base: str | None
    """The ancestor the figure (or the missing figure) belongs to, when not the model itself."""

    def named(self) -> str:
        """`` (meta-llama/Llama-3.1-8B)`` for messages, or nothing."""
        return f" ({self.base})" if self.base else ""


def original_compute(view: ModelView) -> OriginalCompute:
    """The original model's training compute: the resolution's figure, else the model facts
    of the nearest ancestor that has one; None when neither is known."""
    resolution = view.resolution
    if resolution.training_compute_flops is not None:
        return OriginalCompute(resolution.training_compute_flops, resolution.compute_source, None)
    for step in resolution.lineage:
        fact = _model_fact(view, step.name)
        flops = getattr(fact, "training_compute_flops", None)
        if isinstance(flops, (int, float)) and flops > 0:
            return OriginalCompute(
                float(flops),
                f"model facts for {step.name}: {_cite(fact, 'compute_source')}",
                step.name,
            )
    nearest = resolution.lineage[0].name if resolution.lineage else None
    return OriginalCompute(None, None, nearest)


def _above_systemic_threshold(flops: float | None) -> bool:
    limit = data().threshold("systemic-risk-compute").amount
    return flops is not None and Fraction(flops) > limit


def _compare(
    view: ModelView, known: OriginalCompute, original: float, modification: float
) -> GpaiRole:
    share = data().threshold("new-model-compute-share").amount
    indicative = data().threshold("gpai-indicative-compute").amount
    total = original + modification
    ratio = Fraction(modification) / Fraction(original) if original else None
    figures = (
        f"modification {format_flops(modification)} FLOP against the original model's "
        f"{format_flops(original)} FLOP"
        + (f" ({float(ratio):.0%} of it)" if ratio is not None else "")
    )
    if Fraction(total) <= indicative:
        reason = (
            f"{figures}; the resulting model's {format_flops(total)} FLOP do not exceed the "
            f"indicative GPAI criterion of {format_flops(float(indicative))} FLOP, so it is "
            "presumably not a general-purpose AI model"
        )
        return _not_provider(view, "not-provider", reason, modification=modification)
    if ratio is not None and ratio <= share:
        reason = (
            f"{figures}: not more than one third, so the organisation does not become the "
            "provider of a new GPAI model"
        )
        return _not_provider(view, "not-provider", reason, modification=modification)
    derivative = view.model.derivative
    kept = derivative is not None and derivative.original_systemic_risk is True
    systemic = _above_systemic_threshold(total) or kept
    return GpaiRole(
        status="provider",
        reason=(
            f"{figures}: more than one third, so the organisation is the provider of a new "
            f"GPAI model of {format_flops(original)} + {format_flops(modification)} = "
            f"{format_flops(total)} FLOP cumulative training compute"
        ),
        original_flops=original,
        original_source=known.source,
        modification_flops=modification,
        model_flops=total,
        systemic_risk=systemic,
        exemption=_open_source_exemption(view, systemic),
    )


def _open_source_exemption(view: ModelView, systemic: bool) -> OpenSourceExemption:
    derivative = view.model.derivative
    licence = (
        (derivative.licence if derivative else None)
        or view.resolution.licence
        or view.model.licence
    )
    if licence is None:
        return OpenSourceExemption(
            None, False, False, "no licence is recorded for the released model"
        )
    entry = _licence_entry(view, licence)
    if entry is None:
        return OpenSourceExemption(
            licence,
            False,
            False,
            f"licence '{licence}' is not in the knowledge base, so it is not treated as free "
            "and open-source",
        )
    # the knowledge base may say True or "yes" (a three-way value: yes, review, no)
    is_open = getattr(entry, "free_and_open_source", False) in (True, "yes")
    cite = _cite(entry, "free_and_open_source_source")
    if not is_open:
        reason = f"licence '{licence}' is not a free and open-source licence"
    elif systemic:
        reason = f"licence '{licence}' is free and open-source, but not for a systemic-risk model"
    else:
        reason = f"licence '{licence}' is free and open-source and the model is not systemic-risk"
    return OpenSourceExemption(licence, is_open, is_open and not systemic, reason, cite)


def _cite(record: object, field: str) -> str | None:
    """``section, url (confidence)`` of a knowledge-base ``Source`` field, if present."""
    source = getattr(record, field, None)
    if source is None:
        return None
    where = ", ".join(
        str(p) for p in (getattr(source, "section", None), getattr(source, "url", None)) if p
    )
    return f"{where} ({getattr(source, 'confidence', 'unverified')})"


def _model_fact(view: ModelView, repo_id: str) -> object | None:
    """The knowledge base's facts for ``repo_id``; None when absent (or no knowledge base)."""
    try:
        return view.ctx.knowledge.model_fact(repo_id)
    except ImportError:  # the knowledge base ships with the tool; without it, no figure
        return None


def _licence_entry(view: ModelView, licence: str) -> object | None:
    """The knowledge-base entry for ``licence``; None when it (or the package) is missing."""
    try:
        return view.ctx.knowledge.get(licence)
    except ImportError:  # the knowledge base ships with the tool; without it, no exemption
        return None
