"""LIC009 licence-drift: a relabelled derivative still carries its ancestors' obligations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from audit.findings import Hit, Severity
from audit.resolve.interface import LineageStep
from audit.rules.context import AuditContext
from audit.rules.licence.common import (
    cite,
    distributed_derivative,
    duty_holder,
    field_location,
)
from audit.rules.registry import rule

if TYPE_CHECKING:
    from licences import LicenceEntry


def obligations(entry: LicenceEntry) -> set[str]:
    """The kinds of obligation a licence imposes beyond keeping notices."""
    kinds: set[str] = set()
    if entry.user_threshold:
        kinds.add("a monthly-active-user ceiling")
    if entry.revenue_threshold:
        kinds.add("a revenue ceiling")
    if not entry.commercial_use.allowed:
        kinds.add("no commercial use")
    if not entry.commercial_use.production_use:
        kinds.add("no production use")
    if any(a.kind == "display" for a in entry.attribution):
        kinds.add("a displayed attribution")
    if entry.derivative_naming:
        kinds.add("a derivative-name prefix")
    if entry.use_policy:
        kinds.add("a use policy")
    if entry.territorial_exclusions:
        kinds.add("territorial exclusions")
    if entry.output_restrictions:
        kinds.add("restrictions on outputs")
    if entry.category == "copyleft":
        kinds.add("share-alike terms")
    return kinds


@rule(
    id="LIC009",
    name="licence-drift",
    family="licence",
    severity=Severity.HIGH,
    summary="The model (or the derivative the organisation ships) declares a licence that "
    "drops obligations of a base model in its lineage.",
    citation="A licensee cannot grant more than it received: the base model's licence binds "
    "every derivative (e.g. Llama licence section 1.b; Gemma Terms of Use section 3.1)",
    remediation="Treat the model as bound by the base model's licence: correct the card or "
    "`derivative.licence`, and meet the base licence's duties (notices, naming, use policy, "
    "thresholds).",
)
def licence_drift(ctx: AuditContext) -> Iterator[Hit]:
    """One finding per (declared licence, ancestor licence) pair whose obligations drop."""
    kb = ctx.knowledge
    for view in ctx.models():
        res = view.resolution
        claims = []
        if res.licence and res.licence_source != "base-model":
            claims.append(("declares", res.licence, field_location(view, ("licence",), ("name",))))
        derivative = distributed_derivative(view)
        own_claim = claims[0][1] if claims else None
        if (
            derivative is not None
            and derivative.licence
            and kb.get(derivative.licence) != (kb.get(own_claim) if own_claim else None)
        ):
            claims.append(
                (
                    "ships its derivative under",
                    derivative.licence,
                    field_location(view, ("derivative", "licence")),
                )
            )
        for verb, key, location in claims:
            claimed = kb.get(key)
            if claimed is None:
                continue
            ancestors = list(res.lineage)
            if verb != "declares" and view.licence is not None:
                ancestors.insert(0, _self_step(view.model.name, view.licence.key))
            reported: set[str] = set()
            for step in ancestors:
                base = kb.get(step.licence) if step.licence else None
                if base is None or base.key == claimed.key or base.key in reported:
                    continue  # one finding per ancestor licence, named at its nearest model
                reported.add(base.key)
                dropped = sorted(obligations(base) - obligations(claimed))
                if not dropped:
                    continue
                if verb == "declares":
                    subject = f"{view.model.name} declares"
                else:
                    subject = f"{duty_holder(view)} is shipped under"
                yield Hit(
                    message=f"{subject} {claimed.key}, but its base model "
                    f"{step.name} is under {base.name} ({base.key}), whose obligations "
                    f"({'; '.join(dropped)}) still bind it; {claimed.key} carries none of them",
                    location=location,
                    model=view.id,
                    evidence=(f"base model licence learnt from {step.where}",),
                    citation=cite(base, base.source),
                )


def _self_step(name: str, key: str) -> LineageStep:
    return LineageStep(name, key, "the model itself")
