"""LIC013 upstream-change: a Hub model's licence terms changed upstream since the last audit.

The finding comes from ``model-audit watch``, which asks the Hub for each model's current
licence, gated status, base models and licence-file digest and compares them with the last
observation in the audit ledger (or, for a pinned model, compares the pinned revision with
the repository's head). A scan never looks upstream, so the check below reports nothing; it
is registered so that the rule has its metadata, documentation and waivers like any other.
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.findings import Hit, Severity
from audit.rules.context import AuditContext
from audit.rules.registry import rule


@rule(
    id="LIC013",
    name="upstream-change",
    family="licence",
    severity=Severity.HIGH,
    summary="A Hub model's licence, gated status or licence file changed upstream since the "
    "last audit (high when the terms became more restrictive).",
    citation="The licence terms in force upstream (Hub model card and licence file); "
    "licensors change them (MiniMax, Qwen and Stability AI have)",
    remediation="Read the new terms and re-audit. For a pinned model, move `revision:` to the "
    "reviewed head commit once its terms are accepted (the next watch then finds nothing); "
    "pin an unpinned model so an upstream change cannot reach production unseen.",
    details="Raised by `model-audit watch INVENTORY --ledger URL`: high when the new licence "
    "adds restrictions (non-commercial, production, user or revenue ceilings, attribution, "
    "territorial exclusions, a use policy, an unknown licence) or the repository became "
    "gated or closed to EU users; medium for any other licence-relevant change (another "
    "licence of no more restrictions, a new licence name or link, other base models, a "
    "changed licence file); info for an unpinned Hub model, suggesting a `revision:` pin.",
)
def upstream_change(ctx: AuditContext) -> Iterator[Hit]:
    """Nothing in a scan: upstream changes are found by ``model-audit watch``."""
    return iter(())
