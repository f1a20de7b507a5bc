"""LIC012 use-policy-conflict: what a use case does against the use policy of its model's
licence, or of any ancestor's licence through the lineage.

The activities a use case does are the ones it declares (``activities``) plus those that follow
from its other facts (an AI Act area, ``ai_act.automated_decision``, an Annex I act, a data tag),
all defined in ``audit/use_policies/data/activities.yaml``. The policies, with their clauses,
are in ``policies.yaml``: rules ask about activities, never about licence names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from audit.findings import Hit, Location, Severity
from audit.rules.context import AuditContext, UseCaseView
from audit.rules.licence.common import BoundLicence, bound_licences
from audit.rules.registry import rule
from audit.use_policies import UsePolicies, use_policies


@dataclass(frozen=True)
class DoneActivity:
    """An activity of a use case and how the inventory shows it."""

    key: str
    why: str
    """``declared in activities`` or ``from ai_act.area 'employment'``."""
    location: Location


def use_case_activities(uc: UseCaseView, data: UsePolicies) -> list[DoneActivity]:
    """Declared activities first, then the ones that follow from the use case's other facts."""
    out: dict[str, DoneActivity] = {}
    for i, key in enumerate(uc.use_case.activities):
        out.setdefault(key, DoneActivity(key, "declared in activities", uc.at("activities", i)))
    ai_act = uc.use_case.ai_act
    for key, activity in data.activities.items():
        if key in out:
            continue
        if ai_act.area is not None and ai_act.area in activity.from_areas:
            out[key] = DoneActivity(
                key, f"follows from ai_act.area '{ai_act.area}'", uc.at("ai_act", "area")
            )
        elif any(getattr(ai_act, flag, False) is True for flag in activity.from_flags):
            flag = next(f for f in activity.from_flags if getattr(ai_act, f, False) is True)
            out[key] = DoneActivity(key, f"follows from ai_act.{flag}", uc.at("ai_act", flag))
        elif ai_act.annex_i is not None and ai_act.annex_i in activity.from_annex_i:
            out[key] = DoneActivity(
                key, f"follows from ai_act.annex_i '{ai_act.annex_i}'", uc.at("ai_act", "annex_i")
            )
        else:
            tags = [t for t in uc.use_case.data if t in activity.from_data]
            if tags:
                out[key] = DoneActivity(
                    key,
                    f"follows from the data tag '{tags[0]}'",
                    uc.at("data", uc.use_case.data.index(tags[0])),
                )
    return list(out.values())


def _details() -> str:
    data = use_policies()
    lines = ["Activities (use_cases[].activities) and what else implies them:"]
    for key, activity in data.activities.items():
        implied = [
            *(f"ai_act.area {a}" for a in activity.from_areas),
            *(f"ai_act.{f}" for f in activity.from_flags),
            *(f"ai_act.annex_i {a}" for a in activity.from_annex_i),
            *(f"data tag {t}" for t in activity.from_data),
        ]
        extra = f" (also from {', '.join(implied)})" if implied else ""
        lines.append(f"  {key}: {activity.description.strip()}{extra}")
    lines.append("Use policies (licences they bind; forbidden -> high, conditional -> medium):")
    for policy in data.policies.values():
        lines.append(f"  {policy.name} [{', '.join(policy.licences)}]; {policy.source.cite()}")
        for r in policy.rules:
            cond = f"; condition: {r.condition}" if r.condition else ""
            lines.append(f"    {r.activity}: {r.verdict} by {r.clause.strip()}{cond}")
    lines.append(
        "A licence that has a use policy not encoded here gets an info finding when the use "
        "case has activities: they could not be checked against it."
    )
    return "\n".join(lines)


@rule(
    id="LIC012",
    name="use-policy-conflict",
    family="licence",
    severity=Severity.HIGH,
    summary=(
        "a use case does an activity that the use policy of its model's licence (or an "
        "ancestor's) forbids (high) or allows only on a condition (medium)"
    ),
    citation="The licence's use policy (Llama AUP, Gemma Prohibited Use Policy, RAIL and "
    "DeepSeek Attachment A)",
    remediation=(
        "For a forbidden activity: stop it on this model, or serve the use case with a model "
        "whose licence allows it. For a conditional one: meet the condition, then list the "
        "activity under the use case's use_policy_conditions_met."
    ),
    details=_details(),
    scope="use case",
)
def use_policy_conflict(ctx: AuditContext) -> Iterator[Hit]:
    """One hit per use case, activity and use policy that forbids or conditions it."""
    data = use_policies()
    for view in ctx.models():
        bound = bound_licences(view)
        if not bound:
            continue
        for uc in view.use_cases():
            done = use_case_activities(uc, data)
            if not done:
                continue
            yield from _conflicts(uc, bound, done, data)


def _conflicts(
    uc: UseCaseView, bound: list[BoundLicence], done: list[DoneActivity], data: UsePolicies
) -> Iterator[Hit]:
    met = set(uc.use_case.use_policy_conditions_met)
    seen: set[str] = set()
    for licence in bound:
        policies = data.for_licence(licence.entry.key)
        if not policies:
            if getattr(licence.entry, "use_policy", None) is not None:
                yield _not_checked(uc, licence, done)
            continue
        for key, policy in policies:
            if key in seen:
                continue  # the same policy through a nearer licence
            seen.add(key)
            rules = {r.activity: r for r in policy.rules}
            for activity in done:
                found = rules.get(activity.key)
                if found is None or (found.verdict == "conditional" and activity.key in met):
                    continue
                forbidden = found.verdict == "forbidden"
                verdict = (
                    "forbids"
                    if forbidden
                    else f"allows only on a condition ({(found.condition or '').strip()})"
                )
                fix = (
                    f"stop {activity.key} on model '{uc.model.id}' or serve '{uc.id}' with a "
                    "model whose licence allows it"
                    if forbidden
                    else f"meet the condition, then add {activity.key} to "
                    f"use_policy_conditions_met of use case '{uc.id}'"
                )
                yield Hit(
                    message=(
                        f"Use case '{uc.id}' of model '{uc.model.id}' does {activity.key} "
                        f"({activity.why}), which the {policy.name}, binding "
                        f"{licence.describe()}, {verdict}: {found.clause.strip()}. Fix: {fix}."
                    ),
                    location=activity.location,
                    model=uc.model.id,
                    use_case=uc.id,
                    evidence=(
                        f"Use policy: {policy.name}; {policy.source.cite()}",
                        f"Activity {activity.key}: {data.activities[activity.key].description}",
                    ),
                    severity=Severity.HIGH if forbidden else Severity.MEDIUM,
                    citation=f"{policy.name}, {found.clause.strip()}",
                )


def _not_checked(uc: UseCaseView, licence: BoundLicence, done: list[DoneActivity]) -> Hit:
    names = ", ".join(a.key for a in done)
    policy = getattr(licence.entry, "use_policy", None)
    title = getattr(policy, "name", None) or "its use policy"
    return Hit(
        message=(
            f"Use case '{uc.id}' of model '{uc.model.id}' does {names}, but the contents of "
            f"{title} ({licence.describe()}) are not in the use-policy data, so these activities "
            "could not be checked against it. Read the policy and check them by hand, or add "
            "the policy to the data."
        ),
        location=done[0].location,
        model=uc.model.id,
        use_case=uc.id,
        severity=Severity.INFO,
        citation=title,
    )
