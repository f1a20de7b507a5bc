"""Inventory rules INV001-INV002: the inventory against what the code really uses.

They fire only when ``scan --discover PATH...`` gave discovery's findings (``audit.discover``):
a model the code or its configs use that the inventory does not declare is a gap in every
other rule's coverage; a declared model nobody uses may be stale.
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.findings import Hit, Location, Severity
from audit.rules.context import AuditContext
from audit.rules.registry import rule

_CITATION = (
    "GDPR Art. 30(1) (records of processing activities) and Art. 28 (processors engaged under "
    "a contract); EU AI Act Art. 4 and 26 (deployer duties per AI system): each attaches to a "
    "system the organisation uses, so a model missing from the inventory is checked by none"
)


@rule(
    id="INV001",
    name="undeclared-model",
    family="inventory",
    severity=Severity.HIGH,
    summary="A model is used in the code or configs (found by `scan --discover`) but the "
    "inventory declares no model by that name, so no licence, GDPR or AI Act rule checked it.",
    citation=_CITATION,
    remediation="Declare the model in the inventory (`model-audit discover PATH --inventory "
    "INV` proposes the entry, with the evidence under x-discovered), or remove its use from "
    "the code.",
    details="A reference matches an inventory model by name (case-insensitive; LiteLLM "
    "provider prefixes, Bedrock inference-profile prefixes and `:latest` aside), by the base "
    "model a file states, or for model files by their folder. The finding points at the first "
    "place the model is used, so SARIF annotates that line of code; its evidence lists every "
    "place. docs/discover.md lists what discovery recognises.",
    scope="inventory",
)
def undeclared_model(ctx: AuditContext) -> Iterator[Hit]:
    """One finding per model in use that the inventory does not declare."""
    comparison = ctx.discovered
    if comparison is None:
        return
    for used in comparison.undeclared:
        first = used.evidence
        places = [f"{r.evidence} ({r.kind}, {r.confidence.value})" for r in used.references]
        via = f" through {used.provider}" if used.provider else ""
        yield Hit(
            message=f"{used.name}{via} is used at {first} but no inventory model declares it "
            f"({len(used.references)} reference{'s' if len(used.references) != 1 else ''})",
            location=Location(first.path, first.line),
            evidence=tuple(places),
            subject=used.name,
        )


@rule(
    id="INV002",
    name="unseen-model",
    family="inventory",
    severity=Severity.INFO,
    summary="An inventory model was not found in the code or configs `scan --discover` read: "
    "it may no longer be used, or be used where discovery cannot see.",
    citation=_CITATION,
    remediation="Remove the entry if the model is no longer used; otherwise include the folder "
    "that uses it in --discover (docs/discover.md lists what is recognised).",
    details="Only informational: a model can be used through a configuration discovery does "
    "not read (a database row, a remote config service, a variable set at deploy time).",
)
def unseen_model(ctx: AuditContext) -> Iterator[Hit]:
    """One finding per declared model that no discovered reference matched."""
    comparison = ctx.discovered
    if comparison is None:
        return
    unseen = set(comparison.unseen)
    roots = ", ".join(comparison.roots) or "the given paths"
    for view in ctx.models():
        if view.id in unseen:
            yield Hit(
                message=f"{view.model.name} is declared but no reference to it was found "
                f"under {roots}",
                location=view.at("name"),
                model=view.id,
            )
