"""AI Act rule evaluated once for the organisation: AIA007 (AI literacy, Art. 4)."""

from __future__ import annotations

from collections.abc import Iterator

from audit.findings import Hit, Severity
from audit.rules.ai_act.common import FAMILY, data, dated_hit, legal_basis_evidence
from audit.rules.context import AuditContext
from audit.rules.registry import rule


@rule(
    id="AIA007",
    name="ai-literacy",
    family=FAMILY,
    severity=Severity.LOW,
    summary="`organisation.ai_literacy_programme` is not true (Art. 4)",
    citation="EU AI Act Art. 4",
    remediation=(
        "Take and record measures that build the AI literacy of staff and others who operate "
        "AI on the organisation's behalf (training suited to their role and the people "
        "affected), then set organisation.ai_literacy_programme: true."
    ),
    details=(
        f"{data().obligations['art4-literacy'].duty.strip()} Applies to every provider and "
        "deployer, whatever the risk class; evaluated once for the organisation, and only when "
        "the inventory lists at least one model. As amended (secondary), Art. 4 asks for "
        "measures taken, not a guaranteed level of literacy.\n"
        f"Applies from: {data().dated('ai-literacy').describe()}\n{legal_basis_evidence()}"
    ),
    scope="inventory",
)
def ai_literacy(ctx: AuditContext) -> Iterator[Hit]:
    """An organisation that provides or deploys AI must take AI-literacy measures."""
    if ctx.organisation.ai_literacy_programme or not ctx.loaded.inventory.models:
        return
    duty = data().obligations["art4-literacy"]
    count = len(ctx.loaded.inventory.models)
    yield dated_hit(
        "ai-literacy",
        ctx.as_of,
        message=(
            f"Organisation '{ctx.organisation.name}' uses {count} AI model(s) but "
            "organisation.ai_literacy_programme is not true: Art. 4 requires providers and "
            "deployers to take measures for the AI literacy of their staff and others operating "
            "AI on their behalf."
        ),
        location=ctx.location("organisation", "ai_literacy_programme"),
        model=None,
        evidence=(f"Source: {duty.source.cite()}",),
    )
