"""The audit: resolve every model, evaluate every rule, apply waivers.

inventory -> resolve -> evaluate -> report. The engine knows no rule by name; rules register
themselves (``audit.rules.registry``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from audit import __version__
from audit.errors import InputError, ToolError
from audit.findings import SEVERITIES, Finding, Severity, assign_fingerprints
from audit.inventory.loader import LoadedInventory
from audit.resolve.choice import settle_choices
from audit.resolve.interface import ModelResolution
from audit.rules.context import AuditContext
from audit.rules.registry import Rule, all_rules, use_case_annotators
from audit.waivers import WaiverOutcome, apply_waivers

if TYPE_CHECKING:
    from audit.compare.pricing import Pricing
    from audit.discover.matching import Comparison

UseCaseKey = tuple[str, str]
"""(model id, use-case id)."""


@dataclass(frozen=True)
class AuditOptions:
    """How to run an audit."""

    as_of: dt.date
    offline: bool = False
    fail_on: Severity | None = Severity.HIGH
    """Lowest severity that fails the audit; None for ``--fail-on never``."""
    progress: bool = False
    """Show a progress bar while resolving (terminal only)."""
    pricing: Pricing | None = None
    """The organisation's pricing file (``--pricing``) for the cost rule; None: the examples."""
    discover: tuple[str, ...] = ()
    """Folders and files whose code and configs ``scan --discover`` compares with the
    inventory (rules INV001, INV002); empty: no discovery."""


@dataclass(frozen=True)
class AuditResult:
    """Everything an audit produced; reporters read this, never the inventory file."""

    loaded: LoadedInventory
    options: AuditOptions
    resolutions: Mapping[str, ModelResolution]
    findings: tuple[Finding, ...]
    waivers: tuple[WaiverOutcome, ...]
    rules: tuple[Rule, ...]
    annotations: Mapping[UseCaseKey, Mapping[str, Any]] = field(default_factory=dict)
    tool_version: str = __version__
    knowledge_base_version: str = ""

    @property
    def active_findings(self) -> tuple[Finding, ...]:
        """Findings no unexpired waiver covers."""
        return tuple(f for f in self.findings if not f.waived)

    def failing(self) -> tuple[Finding, ...]:
        """Active findings at or above ``--fail-on``."""
        threshold = self.options.fail_on
        if threshold is None:
            return ()
        return tuple(f for f in self.active_findings if f.severity.at_least(threshold))

    @property
    def passed(self) -> bool:
        """True when no active finding reaches ``--fail-on``."""
        return not self.failing()


Resolver = Callable[[LoadedInventory, AuditOptions], Mapping[str, ModelResolution]]


def run_audit(
    loaded: LoadedInventory, options: AuditOptions, resolver: Resolver | None = None
) -> AuditResult:
    """Resolve, evaluate every registered rule, and apply waivers.

    ``resolver`` defaults to the standard one (declared licence, Hub, local folder, lineage).
    A rule that raises is a defect of the tool: it becomes ``ToolError`` (exit status 3).
    """
    if resolver is None:
        from audit.resolve import resolve_models

        resolver = resolve_models
    resolutions = resolver(loaded, options)
    rules = all_rules()
    discovered = _discovered(loaded, options)
    resolutions = settle_choices(
        resolutions,
        lambda trial: _scores(_evaluate(AuditContext(loaded, options.as_of, trial,
                                                     options.offline, options.pricing,
                                                     discovered), rules)),
        zero=(0,) * len(SEVERITIES),
    )  # fmt: skip
    ctx = AuditContext(
        loaded, options.as_of, resolutions, options.offline, options.pricing, discovered
    )
    findings = _evaluate(ctx, rules)
    findings.sort(key=Finding.sort_key)
    unique = assign_fingerprints(_dedupe(findings))
    licences = {model_id: r.licence for model_id, r in resolutions.items()}
    waived, outcomes = apply_waivers(unique, loaded, options.as_of, licences)
    return AuditResult(
        loaded=loaded,
        options=options,
        resolutions=resolutions,
        findings=waived,
        waivers=outcomes,
        rules=rules,
        annotations=_annotate(ctx),
        knowledge_base_version=_kb_version(),
    )


def _discovered(loaded: LoadedInventory, options: AuditOptions) -> Comparison | None:
    """What ``--discover`` found, against this inventory; None without ``--discover``."""
    if not options.discover:
        return None
    from audit.discover import discover
    from audit.discover.matching import compare

    return compare(discover(list(options.discover)), loaded)


def _evaluate(ctx: AuditContext, rules: tuple[Rule, ...]) -> list[Finding]:
    """Every rule's findings on ``ctx``; a rule that raises is a ``ToolError``."""
    findings: list[Finding] = []
    for rule in rules:
        try:
            hits = list(rule.check(ctx))
        except InputError:  # a broken override file the rule read: the user's input (exit 2)
            raise
        except Exception as exc:  # a defect in a rule must not pass silently
            raise ToolError(f"rule {rule.id} failed: {type(exc).__name__}: {exc}") from exc
        findings.extend(
            Finding(
                rule=rule.id,
                name=rule.name,
                family=rule.family,
                severity=hit.severity or rule.severity,
                model=hit.model,
                use_case=hit.use_case,
                message=hit.message,
                citation=hit.citation or rule.citation,
                remediation=hit.remediation or rule.remediation,
                location=hit.location,
                evidence=hit.evidence,
                subject=hit.subject,
            )
            for hit in hits
        )
    return findings


def _scores(findings: list[Finding]) -> dict[str, tuple[int, ...]]:
    """Per model, its findings counted by severity, most serious first."""
    counts: dict[str, list[int]] = {}
    for f in findings:
        if f.model is not None:
            row = counts.setdefault(f.model, [0] * len(SEVERITIES))
            row[SEVERITIES.index(f.severity)] += 1
    return {model: tuple(row) for model, row in counts.items()}


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str | None, str | None, str]] = set()
    out = []
    for f in findings:
        key = (f.rule, f.model, f.use_case, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _annotate(ctx: AuditContext) -> dict[UseCaseKey, dict[str, Any]]:
    annotators = use_case_annotators()
    out: dict[UseCaseKey, dict[str, Any]] = {}
    for view in ctx.use_cases():
        out[(view.model.id, view.id)] = {
            key: func(view) for key, func in sorted(annotators.items())
        }
    return out


def _kb_version() -> str:
    try:
        from licences import load_knowledge_base
    except ImportError:  # pragma: no cover - the knowledge base ships with the tool
        return "unknown"
    return load_knowledge_base().version
