"""Rules of the gdpr family (registered on import): data residency and processing duties.

GDPR001 transfer-without-basis and GDPR005 unknown-region (``transfers``), GDPR002 and GDPR003
on third-party processors (``processors``), GDPR004 DPIA (``dpia``), GDPR006 routing policy
(``routes``), and the ``data_flows`` use-case annotation (``flows``). The facts they use
(regions, adequacy, providers) come from ``audit.jurisdictions``; ``places`` holds the policy.
"""

from audit.rules.gdpr import dpia, flows, processors, routes, transfers

__all__ = ["dpia", "flows", "processors", "routes", "transfers"]
