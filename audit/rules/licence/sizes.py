"""How big the organisation is against a licence's size test (display duties)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from audit.rules.context import AuditContext
    from licences.schema import DisplayThreshold


@dataclass(frozen=True)
class SizeState:
    """The outcome of one size test."""

    below: bool
    """True when every figure the test needs is known and none exceeds its limit."""
    unknown: bool
    """True when no known figure exceeds a limit but some figure is missing."""
    reason: str
    """Why the duty applies (or may apply), in words for the finding; empty without a test."""


def display_threshold_state(ctx: AuditContext, threshold: DisplayThreshold | None) -> SizeState:
    """Compare the organisation's figures with a display duty's size test (any one counts).

    Without a test the duty always applies. Annual revenue stands in for annual recurring
    revenue, which the inventory does not record; the finding says so.
    """
    if threshold is None:
        return SizeState(below=False, unknown=False, reason="")
    org = ctx.organisation
    tests = [
        (threshold.monthly_active_users, org.monthly_active_users, "monthly active users", ""),
        (threshold.monthly_revenue_usd, org.monthly_revenue_usd, "USD monthly revenue", ""),
        (
            threshold.annual_recurring_revenue_usd,
            org.annual_revenue_usd,
            "USD annual recurring revenue",
            " (annual_revenue_usd used as the measure)",
        ),
    ]
    missing: list[str] = []
    for limit, figure, what, note in tests:
        if limit is None:
            continue
        if figure is None:
            missing.append(f"{what} (limit {limit:,})")
        elif figure > limit:
            return SizeState(
                below=False,
                unknown=False,
                reason=f"{org.name} has {figure:,.0f} {what}, more than {limit:,}{note}",
            )
    if not missing:
        return SizeState(below=True, unknown=False, reason="")
    return SizeState(
        below=False,
        unknown=True,
        reason="the inventory does not give the figures to check the size test: "
        + ", ".join(missing),
    )
