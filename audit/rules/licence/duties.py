"""LIC006, LIC007, LIC010, LIC011: what the organisation owes when it offers or ships a model.

Attribution notices, derivative names, the flow-down of use policies, and licence copies.
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.findings import Hit, Severity
from audit.rules.context import AuditContext, ModelView
from audit.rules.licence.common import (
    bound_licences,
    cite,
    confidence_note,
    distributed_derivative,
    field_location,
    normalise_notice,
    occasions,
    scope_applies,
)
from audit.rules.licence.sizes import display_threshold_state
from audit.rules.registry import rule


@rule(
    id="LIC006",
    name="attribution-missing",
    family="licence",
    severity=Severity.HIGH,
    summary="The licence requires a notice when the model, a derivative, or a product or "
    "service using it is made available to others (e.g. 'Built with Llama'), a use case's "
    "audience is customers or public or the derivative is distributed, and "
    "`attribution.notices` lacks it.",
    citation="e.g. Llama 3.1 Community License Agreement, section 1.b.i",
    remediation="Show the notice where the licence says (website, user interface, "
    "documentation, or a Notice file shipped with copies) and list it under "
    "`attribution.notices`.",
    details="A duty applies on the occasions the knowledge base records for it: 'service' "
    "(a use case's audience is customers or public), 'distribution' (the model is shipped), "
    "'derivative-distribution' (a fine-tune is shipped). A notice counts when its words "
    "appear in one of `attribution.notices` (case and spacing ignored).",
)
def attribution_missing(ctx: AuditContext) -> Iterator[Hit]:
    """One finding per required notice that the inventory does not list."""
    for view in ctx.models():
        now = occasions(view)
        if not now:
            continue
        given = [normalise_notice(n) for n in view.model.attribution.notices]
        for bound in bound_licences(view):
            for duty in bound.entry.attribution:
                triggered = now.intersection(duty.applies_when)
                if not triggered or not scope_applies(duty.model_scope, view):
                    continue
                wordings = [duty.notice, *duty.alternatives]
                if any(normalise_notice(w) in g for w in wordings for g in given):
                    continue
                size = display_threshold_state(ctx, duty.threshold)
                if size.below:
                    continue
                why = ", ".join(sorted(_occasion_text(view, o) for o in triggered))
                if size.reason:
                    why += f" and {size.reason}"
                evidence = [f"accepted wordings: {' | '.join(wordings)}"]
                if duty.scope:
                    evidence.append(f"scope: {duty.scope}")
                if duty.certainty == "interpretation":
                    evidence.append("interpretation: the duty is arguable here; have it reviewed")
                evidence.append(confidence_note(duty.source))
                uncertain = duty.certainty == "interpretation" or size.unknown
                yield Hit(
                    message=f"{view.model.name}: {bound.describe()} requires the notice "
                    f'"{duty.notice}" ({duty.kind.replace("-", " ")}: {duty.where}) because '
                    f"{why}; attribution.notices does not contain it",
                    location=field_location(view, ("attribution", "notices"), ("attribution",)),
                    model=view.id,
                    evidence=tuple(evidence),
                    citation=cite(bound.entry, duty.source),
                    subject=f"{bound.entry.key}: {duty.notice}",
                    **({"severity": Severity.MEDIUM} if uncertain else {}),
                )


def _occasion_text(view: ModelView, occasion: str) -> str:
    if occasion == "service":
        ids = [uc.id for uc in view.model.use_cases if uc.audience in ("customers", "public")]
        return f"use case {', '.join(ids)} serves customers or the public"
    if occasion == "derivative-distribution":
        return "a fine-tuned derivative is distributed"
    return "the model is distributed"


@rule(
    id="LIC007",
    name="derivative-naming",
    family="licence",
    severity=Severity.HIGH,
    summary="A distributed derivative must carry a name prefix (Llama 3+: 'Llama' at the "
    "start) and `derivative.name` does not.",
    citation="Llama 3.1-4 Community License Agreements, section 1.b.i (Llama 3: 'Llama 3')",
    remediation="Rename the distributed model so its name begins with the required prefix "
    "(e.g. 'Llama-Acme-Med-8B'), or set `attribution.name_prefix_ok: true` once checked.",
)
def derivative_naming(ctx: AuditContext) -> Iterator[Hit]:
    """One finding per distributed derivative whose name lacks a required prefix."""
    for view in ctx.models():
        derivative = distributed_derivative(view)
        if derivative is None or view.model.attribution.name_prefix_ok is True:
            continue
        for bound in bound_licences(view):
            naming = bound.entry.derivative_naming
            if naming is None:
                continue
            name = derivative.name
            unset = view.model.attribution.name_prefix_ok is None
            if unset and name and name.strip().casefold().startswith(naming.prefix.casefold()):
                continue
            shown = f"'{name}'" if name else "no derivative.name"
            yield Hit(
                message=f"{view.model.name}: the distributed derivative has {shown}, but "
                f'{bound.describe()} requires its name to begin with "{naming.prefix}"',
                location=field_location(view, ("derivative", "name"), ("derivative",)),
                model=view.id,
                evidence=(f"applies to: {naming.applies_to}", confidence_note(naming.source)),
                citation=cite(bound.entry, naming.source),
            )


@rule(
    id="LIC010",
    name="use-policy-flow-down",
    family="licence",
    severity=Severity.MEDIUM,
    summary="A distributed derivative's licence must pass the base licence's use "
    "restrictions on (RAIL, Gemma, Llama AUP) and the derivative licence does not carry them.",
    citation="e.g. Gemma Terms of Use section 3.1; OpenRAIL-M paragraph 4(a); Llama licence "
    "section 1.b.iv",
    remediation="Ship the derivative under the base licence, or include the base licence's "
    "use restrictions as an enforceable provision of your licence and tell recipients; set "
    "`derivative.licence` accordingly.",
)
def use_policy_flow_down(ctx: AuditContext) -> Iterator[Hit]:
    """One finding per flow-down policy the derivative's licence does not carry."""
    for view in ctx.models():
        derivative = distributed_derivative(view)
        if derivative is None:
            continue
        shipped = ctx.knowledge.get(derivative.licence) if derivative.licence else None
        for bound in bound_licences(view):
            policy = bound.entry.use_policy
            if policy is None or not policy.flows_down:
                continue
            if shipped is not None and shipped.key == bound.entry.key:
                continue
            shown = f"under {derivative.licence}" if derivative.licence else "with no licence given"
            yield Hit(
                message=f"{view.model.name}: the derivative is distributed {shown}, which does "
                f"not carry the use restrictions of {bound.describe()} ({policy.name}) that "
                "must flow down to recipients",
                location=field_location(view, ("derivative", "licence"), ("derivative",)),
                model=view.id,
                evidence=(f"use policy: {policy.url}", confidence_note(policy.source)),
                citation=cite(bound.entry, policy.source),
            )


@rule(
    id="LIC011",
    name="licence-copy-missing",
    family="licence",
    severity=Severity.MEDIUM,
    summary="Redistribution requires a copy of the licence / NOTICE and "
    "`attribution.licence_copy_included` is not true.",
    citation="e.g. Apache-2.0 section 4(a); Llama licence section 1.b.i(A)",
    remediation="Ship the licence text (and any NOTICE file) with every copy and set "
    "`attribution.licence_copy_included: true`.",
)
def licence_copy_missing(ctx: AuditContext) -> Iterator[Hit]:
    """One finding per distributed model whose licences require a copy that is not shipped."""
    for view in ctx.models():
        if distributed_derivative(view) is None or view.model.attribution.licence_copy_included:
            continue
        needing = [b for b in bound_licences(view) if b.entry.licence_copy.required_on_distribution]
        if not needing:
            continue
        notices = [b.entry.licence_copy.notice_file_text for b in needing]
        yield Hit(
            message=f"{view.model.name} is distributed, and "
            f"{', '.join(b.describe() for b in needing)} require a copy of the licence with "
            "every copy; attribution.licence_copy_included is not true",
            location=field_location(
                view, ("attribution", "licence_copy_included"), ("derivative",)
            ),
            model=view.id,
            evidence=tuple(
                [f"notice file text: {n}" for n in notices if n]
                + [confidence_note(b.entry.licence_copy.source) for b in needing]
            ),
            citation="; ".join(cite(b.entry, b.entry.licence_copy.source) for b in needing),
        )
