"""AI bill of materials: the audited inventory as SPDX 3.0.1 or CycloneDX 1.6.

``bom_facts`` collects what a BOM states about each model from an ``AuditResult``; each
format renders those facts to text. spdx-tools and cyclonedx-python-lib are imported only
while rendering, so importing this package stays cheap::

    facts = bom_facts(result)
    Path("bom.spdx3.json").write_text(render_bom("spdx", facts))
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from audit.bom.facts import BomFacts, ModelFacts, collect_facts
from audit.engine import AuditResult

FORMATS: dict[str, str] = {
    "spdx": "audit.bom.spdx3:render_spdx3",
    "cyclonedx": "audit.bom.cyclonedx:render_cyclonedx",
}
"""BOM format name -> ``module:function`` rendering ``BomFacts`` as text."""


def bom_facts(result: AuditResult) -> BomFacts:
    """The facts of every model of an audit, read from its report document and result."""
    from reports.document import build_report

    return collect_facts(result, build_report(result))


def render_bom(fmt: str, facts: BomFacts) -> str:
    """Render ``facts`` as format ``fmt`` (a key of ``FORMATS``); the text ends in a newline."""
    module_name, _, name = FORMATS[fmt].partition(":")
    render: Callable[[BomFacts], str] = getattr(importlib.import_module(module_name), name)
    return render(facts)


__all__ = ["FORMATS", "BomFacts", "ModelFacts", "bom_facts", "collect_facts", "render_bom"]
