"""EU AI Act knowledge as data: application dates, Annex III areas, Art. 5 practices,
compute thresholds and the obligations checklist, each entry with its source::

    from audit.ai_act import ai_act_data

    data = ai_act_data()
    data.dated("annex-iii").applies_from      # 2027-12-02 (Digital Omnibus wins)
    data.practices["social-scoring"].reference  # "Art. 5(1)(c)"

Policy (which rule fires, at what severity) lives in ``audit.rules.ai_act``.
"""

from audit.ai_act.loader import (
    OVERRIDE_ENV,
    AiActData,
    DatedDuty,
    ai_act_data,
    load_ai_act_data,
)
from audit.ai_act.schema import ClassifiedUse, Obligation, Source, Threshold

__all__ = [
    "OVERRIDE_ENV",
    "AiActData",
    "ClassifiedUse",
    "DatedDuty",
    "Obligation",
    "Source",
    "Threshold",
    "ai_act_data",
    "load_ai_act_data",
]
