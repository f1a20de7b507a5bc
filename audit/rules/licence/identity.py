"""LIC001 unknown-licence and LIC002 licence-mismatch: is the licence known, and agreed?"""

from __future__ import annotations

from collections.abc import Iterator

from audit.findings import Hit, Severity
from audit.resolve.interface import LicenceEvidence
from audit.rules.context import AuditContext
from audit.rules.licence.common import field_location
from audit.rules.registry import rule

_CODE_NOTE = "licenses the code"


@rule(
    id="LIC001",
    name="unknown-licence",
    family="licence",
    severity=Severity.HIGH,
    summary="No licence can be resolved for the model, or a licence text found matches no "
    "known licence.",
    citation="Licence terms bind only when known: without them no use is shown to be "
    "permitted (copyright in the weights; licensor terms)",
    remediation="Find the model's licence (card, LICENSE file, provider terms), declare it "
    "with `licence:` and add its terms to the knowledge base if it is new "
    "(`model-audit licences` lists the known ones). For Hub problems, check the id, "
    "accept the licence on the Hub or set HF_TOKEN, or run online once to fill the cache.",
    details="Fires when resolution found nothing (no declared licence, card, LICENSE text, "
    "SPDX document or base model), when a LICENSE text matches no licence in the knowledge "
    "base (the closest candidate and its score are given), when the model is not found on "
    "the Hub, is gated, or the Hub could not be reached. A model is never passed on missing "
    "data.",
)
def unknown_licence(ctx: AuditContext) -> Iterator[Hit]:
    """One finding per model with resolution problems or no licence."""
    for view in ctx.models():
        res = view.resolution
        if res.resolved and not res.problems:
            continue
        reasons = "; ".join(res.problems) or "no source names a licence"
        if res.resolved:
            message = (
                f"{view.model.name}: the licence {res.licence} ({res.licence_source}) could not "
                f"be fully verified: {reasons}"
            )
        else:
            message = f"{view.model.name}: no licence could be resolved: {reasons}"
        evidence = [f"{e.source}: {e.found} at {e.where}" for e in res.evidence]
        if res.closest:
            evidence.append(f"closest known licence: {res.closest[0]} (score {res.closest[1]:.2f})")
        evidence.extend(res.notes)
        yield Hit(
            message=message,
            location=field_location(view, ("licence",), ("path",), ("name",)),
            model=view.id,
            evidence=tuple(evidence),
        )


@rule(
    id="LIC002",
    name="licence-mismatch",
    family="licence",
    severity=Severity.HIGH,
    summary="The declared licence (inventory) differs from the resolved one (Hub, card, "
    "LICENSE text, SPDX), or those sources disagree among themselves.",
    citation="The licence the licensor actually grants binds, not the one assumed; see the "
    "LICENSE text and model card of the model",
    remediation="Read the model's LICENSE text and card, correct `licence:` in the inventory "
    "(or the card/SPDX document you control), and re-run the audit.",
)
def licence_mismatch(ctx: AuditContext) -> Iterator[Hit]:
    """One finding per model whose sources name different licences."""
    for view in ctx.models():
        evidence = [e for e in view.resolution.evidence if e.licence and _CODE_NOTE not in e.note]
        strong = [e for e in evidence if e.source != "model-facts"]
        if len({e.source for e in strong}) == 1 and strong[0].source == "declared":
            strong = evidence  # only the declaration: compare it with the model facts
        keys = {_agreeing_key(e, strong) for e in strong}
        if len(keys) < 2:
            continue
        declared = next((e for e in strong if e.source == "declared"), None)
        others = sorted({f"{e.source} says {e.licence}" for e in strong if e is not declared})
        if declared is not None:
            message = (
                f"{view.model.name}: the inventory declares {declared.licence} but "
                f"{'; '.join(others)}; the audit uses {view.resolution.licence} "
                f"({view.resolution.licence_source})"
            )
        else:
            message = (
                f"{view.model.name}: its sources disagree ({'; '.join(others)}); the audit "
                f"uses {view.resolution.licence} ({view.resolution.licence_source})"
            )
        yield Hit(
            message=message,
            location=field_location(view, ("licence",), ("name",)),
            model=view.id,
            evidence=tuple(f"{e.source}: {e.found} -> {e.licence} at {e.where}" for e in strong),
        )


def _agreeing_key(evidence: LicenceEvidence, others: list[LicenceEvidence]) -> str | None:
    """The key ``evidence`` stands for; an ``OR`` agrees with any source naming one of its
    alternatives (the licensee may choose it), so that source's key is taken."""
    for alternative in evidence.alternatives:
        for other in others:
            if other is not evidence and other.licence in alternative:
                return other.licence
    return evidence.licence
