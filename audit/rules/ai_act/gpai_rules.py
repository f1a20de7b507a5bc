"""AI Act rules evaluated per model: AIA005 (GPAI provider) and AIA006 (systemic risk)."""

from __future__ import annotations

from collections.abc import Iterator

from audit.findings import Hit, Severity
from audit.jurisdictions import load_jurisdictions
from audit.rules.ai_act.common import FAMILY, data, dated_hit, format_flops, legal_basis_evidence
from audit.rules.ai_act.gpai_role import GpaiRole, decide_gpai_role
from audit.rules.context import AuditContext, ModelView
from audit.rules.registry import rule

UNDECIDED_SEVERITY = Severity.MEDIUM
"""Severity when a compute figure is missing. Like an unclassified use case (AIA008), a
missing fact must surface and fail ``--fail-on medium``; it stays below ``high`` because the
tool does not know that the duty exists, and never guesses that it does."""


def _threshold_line(key: str) -> str:
    t = data().threshold(key)
    value = format_flops(t.value) if isinstance(t.value, float) else t.value
    return f"{t.reference}: {t.description.strip()} Value: {value} {t.unit}. {t.source.cite()}"


def _gpai_duties(when: str) -> str:
    return "".join(
        f"\n  {ob.article}: {ob.duty.strip()}"
        for ob in data().obligations.values()
        if ob.when == when
    )


@rule(
    id="AIA005",
    name="gpai-provider",
    family=FAMILY,
    severity=Severity.HIGH,
    summary=(
        "the organisation distributes a derivative of a general-purpose model that it modified "
        "with more than one third of the original training compute, so it becomes a GPAI "
        "provider (Art. 53); the open-source exemption of Art. 53(2) is noted when the licence "
        "qualifies"
    ),
    citation="EU AI Act Art. 53; Commission GPAI Guidelines (18 Jul 2025)",
    remediation=(
        "Meet the Art. 53(1) duties for the modification: technical documentation, information "
        "for downstream providers, a copyright policy and a public training-content summary "
        "(and an EU authorised representative if established outside the EU). Or keep the "
        "modification at or below one third of the original compute, or do not distribute it."
    ),
    details=(
        "Decided per model from `derivative` (distributed, fine_tuned, training_compute_flops) "
        "against the original model's compute (`training_compute_flops` in the inventory, else "
        "the knowledge base's model facts).\n"
        f"  {_threshold_line('new-model-compute-share')}\n"
        f"  {_threshold_line('gpai-indicative-compute')}\n"
        "When a figure is missing the role cannot be decided: the finding says which field "
        f"to add, at {UNDECIDED_SEVERITY.value} severity (a missing fact, like AIA008).\n"
        f"Duties:{_gpai_duties('gpai-provider')}\n"
        "Art. 53(2): a free and open-source release (licence per the knowledge base, public "
        "weights, architecture and usage information) lifts only Art. 53(1)(a) and (b), and "
        "not for a systemic-risk model.\n"
        f"Applies from: {data().dated('gpai').describe()}; models placed on the market before "
        f"then: {data().dated('gpai-legacy').describe()}.\n{legal_basis_evidence()}"
    ),
)
def gpai_provider(ctx: AuditContext) -> Iterator[Hit]:
    """Modifying and distributing a GPAI model with over a third of its compute makes a provider."""
    for view in ctx.models():
        role = decide_gpai_role(view)
        if role.status == "provider":
            yield _provider_hit(ctx, view, role)
        elif role.status == "undecided":
            yield _undecided_hit(ctx, view, role)


def _compute_evidence(view: ModelView, role: GpaiRole) -> tuple[str, ...]:
    share = data().threshold("new-model-compute-share")
    lines = [f"New-model test ({share.value} of the original compute): {share.source.cite()}"]
    if role.original_flops is not None:
        lines.append(
            f"Original training compute {format_flops(role.original_flops)} FLOP from "
            f"{role.original_source or 'the resolution'}"
        )
    if role.modification_flops is not None:
        lines.append(
            f"Modification compute {format_flops(role.modification_flops)} FLOP from "
            f"{view.at('derivative', 'training_compute_flops')} "
            f"models[{view.index}].derivative.training_compute_flops"
        )
    return tuple(lines)


def _provider_hit(ctx: AuditContext, view: ModelView, role: GpaiRole) -> Hit:
    exemption = role.exemption
    derivative = view.model.derivative
    name = f" '{derivative.name}'" if derivative and derivative.name else ""
    if exemption is not None and exemption.available:
        open_source = (
            f"Art. 53(2) exemption: {exemption.reason}, so Art. 53(1)(a) and (b) are lifted "
            "provided the weights, architecture and usage information are public and the model "
            "is not monetised; the copyright policy (c) and training summary (d) remain."
        )
    else:
        why = exemption.reason if exemption else "no licence is recorded"
        open_source = f"No Art. 53(2) open-source exemption: {why}."
    evidence = list(_compute_evidence(view, role))
    if exemption is not None and exemption.source:
        evidence.append(f"Open-source verdict for '{exemption.licence}': {exemption.source}")
    legacy = data().dated("gpai-legacy")
    evidence.append(legacy.evidence())
    outside_eu = not load_jurisdictions().is_eu(ctx.organisation.country)
    representative = ""
    if outside_eu and exemption is not None and exemption.available:
        representative = (
            f" The organisation is established in {ctx.organisation.country}, outside the EU, "
            "but Art. 54(6) lifts the duty to appoint an EU authorised representative for "
            "this free and open-source, non-systemic release."
        )
    elif outside_eu:
        representative = (
            f" As the organisation is established in {ctx.organisation.country}, outside the "
            "EU, it must appoint an EU authorised representative (Art. 54)."
        )
    return dated_hit(
        "gpai",
        ctx.as_of,
        message=(
            f"Model '{view.id}' ({view.model.name}): the organisation distributes the "
            f"derivative{name} with {role.reason}. Art. 53(1) requires technical documentation "
            "(a), information for downstream providers (b), a copyright policy (c) and a "
            f"public training-content summary (d).{representative} {open_source}"
        ),
        location=view.at("derivative", "training_compute_flops"),
        model=view.id,
        evidence=evidence,
    )


def _undecided_hit(ctx: AuditContext, view: ModelView, role: GpaiRole) -> Hit:
    fields = " and ".join(f"`{field}`" for field in role.missing)
    return dated_hit(
        "gpai",
        ctx.as_of,
        message=(
            f"Model '{view.id}' ({view.model.name}): the organisation distributes a modified "
            f"derivative, but {role.reason} (GPAI Guidelines test for Art. 53). Add {fields} "
            "in FLOP so the role can be decided; until then it is unknown whether the Art. 53 "
            "provider duties apply."
        ),
        location=view.at("derivative"),
        model=view.id,
        evidence=_compute_evidence(view, role),
        severity=UNDECIDED_SEVERITY,
        remediation=(
            f"Add {fields} (training compute in FLOP; the original model's figure is often in "
            "its model card or technical report), then re-run the audit."
        ),
    )


@rule(
    id="AIA006",
    name="systemic-risk",
    family=FAMILY,
    severity=Severity.CRITICAL,
    summary="a model the organisation provides has training compute above 10^25 FLOP (Art. 51, 55)",
    citation="EU AI Act Arts 51(2), 52, 55",
    remediation=(
        "Notify the Commission within two weeks (Art. 52; you may argue the model has no "
        "systemic risk), then meet Art. 55: state-of-the-art evaluation with adversarial "
        "testing, Union-level risk assessment and mitigation, serious-incident reporting and "
        "cybersecurity. The open-source exemption does not apply."
    ),
    details=(
        f"{_threshold_line('systemic-risk-compute')}\n"
        "A model the organisation provides is one where AIA005 finds it the provider of a new "
        "GPAI model. Its cumulative training compute is counted as the original model's compute "
        "plus the modification, since the new model's training includes the original's.\n"
        f"Duties:{_gpai_duties('systemic-risk')}\n"
        f"Applies from: {data().dated('gpai').describe()}.\n{legal_basis_evidence()}"
    ),
)
def systemic_risk(ctx: AuditContext) -> Iterator[Hit]:
    """A GPAI model the organisation provides above 10^25 FLOP is presumed of systemic risk."""
    threshold = data().threshold("systemic-risk-compute")
    for view in ctx.models():
        role = decide_gpai_role(view)
        if not (role.provider and role.systemic_risk and role.modification_flops is not None):
            continue
        if (
            role.original_flops is not None
            and role.model_flops is not None
            and (role.model_flops > threshold.amount)
        ):
            why = (
                f"has {format_flops(role.original_flops)} (original) + "
                f"{format_flops(role.modification_flops)} (modification) = "
                f"{format_flops(role.model_flops)} FLOP cumulative training compute, above "
                f"{format_flops(float(threshold.amount))} FLOP ({threshold.reference}), so it "
                "is presumed to have systemic risk"
            )
        else:
            why = (
                "is a modification of a GPAI model with systemic risk "
                "(derivative.original_systemic_risk), so it is presumed to have high-impact "
                "capabilities as well (GPAI Guidelines para 70; Art. 51(1)(a))"
            )
        yield dated_hit(
            "gpai",
            ctx.as_of,
            message=(
                f"Model '{view.id}' ({view.model.name}): the GPAI model the organisation "
                f"provides {why}: notify the Commission within two weeks (Art. 52) and meet "
                "Art. 55(1)(a)-(d); no open-source exemption applies."
            ),
            location=view.at("derivative", "training_compute_flops"),
            model=view.id,
            evidence=(
                f"Source: {threshold.source.cite()}",
                *_compute_evidence(view, role),
            ),
        )
