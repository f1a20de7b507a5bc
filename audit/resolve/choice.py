"""Decide ``A OR B`` for models whose inventory records no ``licence_choice``.

The licensee may pick any alternative; an audit that does not know the pick assumes the
least restrictive known one: the alternative under which the model has the fewest and
least severe findings (compared worst severity first), ties broken by the order written.
The rules are evaluated once per round, round ``i`` giving every undecided model its
``i``-th alternative, so the cost is the longest list of alternatives, not their product.
Unknown alternatives never get here (``audit.resolve.statements``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from audit.resolve.interface import ModelResolution

Score = tuple[int, ...]
"""Findings of one model by severity, most serious first: smaller is less restrictive."""

Evaluate = Callable[[Mapping[str, ModelResolution]], Mapping[str, Score]]
"""Run the rules on resolutions; the score of every model that has findings."""


def with_alternative(resolution: ModelResolution, keys: tuple[str, ...]) -> ModelResolution:
    """``resolution`` bound by the alternative ``keys`` (first key as the licence)."""
    return dataclasses.replace(resolution, licence=keys[0], co_licences=keys[1:])


def settle_choices(
    resolutions: Mapping[str, ModelResolution], evaluate: Evaluate, *, zero: Score
) -> dict[str, ModelResolution]:
    """Every undecided ``OR`` decided for its least restrictive alternative, with the reason.

    Models without alternatives come back unchanged. ``zero`` is the score of a model
    without findings.
    """
    settled = dict(resolutions)
    undecided = {mid: r.alternatives for mid, r in resolutions.items() if r.alternatives}
    if not undecided:
        return settled
    rounds = max(len(alts) for alts in undecided.values())
    scores: dict[str, list[Score]] = {mid: [] for mid in undecided}
    for i in range(rounds):
        trial = dict(resolutions)
        for mid, alts in undecided.items():
            trial[mid] = with_alternative(resolutions[mid], alts[min(i, len(alts) - 1)])
        found = evaluate(trial)
        for mid, alts in undecided.items():
            if i < len(alts):
                scores[mid].append(found.get(mid, zero))
    for mid, alts in undecided.items():
        best = min(range(len(alts)), key=lambda i: (scores[mid][i], i))
        picked = alts[best]
        shown = "; ".join(
            f"{' AND '.join(a)}: {_describe(scores[mid][i])}" for i, a in enumerate(alts)
        )
        reason = (
            f"{' AND '.join(picked)}, assumed by the audit as the least restrictive alternative "
            f"(findings by alternative: {shown}); record the organisation's choice with "
            "licence_choice"
        )
        settled[mid] = dataclasses.replace(
            with_alternative(resolutions[mid], picked),
            alternatives=(),
            choice=reason,
            notes=(*resolutions[mid].notes, f"licence choice: {reason}"),
        )
    return settled


_LABELS = ("critical", "high", "medium", "low", "info")


def _describe(score: Score) -> str:
    parts = [f"{n} {label}" for n, label in zip(score, _LABELS, strict=False) if n]
    return ", ".join(parts) if parts else "none"
