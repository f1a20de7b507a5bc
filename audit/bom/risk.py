"""SPDX ``safetyRiskAssessment`` levels from the audit's EU AI Act risk class.

SPDX 3.0.1 (AI profile, ``SafetyRiskAssessmentType``) has four levels: ``serious``,
``high``, ``medium`` and ``low``. The audit classifies each use case (the ``ai_act``
annotation, ``risk_class``, decided by ``audit.rules.ai_act``); we map the classes so:

==============  ===================================================  ========
risk class      meaning                                              SPDX
==============  ===================================================  ========
prohibited      area is an Art. 5 prohibited practice                serious
high-risk       area is an Annex III area (Art. 6(2))                high
transparency    area ``none``, an Art. 50 transparency duty applies  medium
minimal         area ``none``, no Art. 50 duty                       low
unclassified    no ``ai_act.area`` in the inventory                  no value
==============  ===================================================  ========

A model's level is the highest of its use cases. An unclassified use case leaves the model
without a level (it could be higher than the others) unless another use case is already
``serious``; a model without use cases has no level either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

SafetyRisk = Literal["serious", "high", "medium", "low"]

SAFETY_RISK_ORDER: tuple[SafetyRisk, ...] = ("low", "medium", "high", "serious")
"""SPDX safety-risk levels from least to most serious."""

RISK_CLASS_LEVELS: Mapping[str, SafetyRisk] = {
    "prohibited": "serious",
    "high-risk": "high",
    "transparency": "medium",
    "minimal": "low",
}
"""The audit's AI Act risk class -> SPDX safety-risk level (``unclassified`` has none)."""


def use_case_safety_risk(risk_class: str | None) -> SafetyRisk | None:
    """The SPDX level of one use case's AI Act risk class; None when unclassified or unknown."""
    return RISK_CLASS_LEVELS.get(risk_class or "")


def model_safety_risk(levels: Iterable[SafetyRisk | None]) -> SafetyRisk | None:
    """The highest level of a model's use cases; None when one is unclassified or none exist."""
    found = list(levels)
    known = [level for level in found if level is not None]
    if not known:
        return None
    highest = max(known, key=SAFETY_RISK_ORDER.index)
    if len(known) < len(found) and highest != "serious":
        return None
    return highest
