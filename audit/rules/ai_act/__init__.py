"""Rules of the EU AI Act family (AIA001-AIA010) and its per-use-case report facts.

Importing this package registers the rules and the ``ai_act`` and ``obligations`` use-case
annotations. Dates, classifications, thresholds and obligations are data
(``audit.ai_act``); this package is the policy that applies them.
"""

from audit.rules.ai_act import (
    checklist,
    gpai_rules,
    literacy,
    products,
    transparency,
    use_case_rules,
)
from audit.rules.ai_act.gpai_role import GpaiRole, OpenSourceExemption, decide_gpai_role

__all__ = [
    "GpaiRole",
    "OpenSourceExemption",
    "checklist",
    "decide_gpai_role",
    "gpai_rules",
    "literacy",
    "products",
    "transparency",
    "use_case_rules",
]
