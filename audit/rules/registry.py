"""The rule registry: each rule is a small function with its metadata beside it.

A family module (``audit.rules.licence``, ``gdpr``, ``ai_act``, ``advisory``) decorates its
functions with ``@rule(...)``; importing the module registers them. The engine never needs to
change when a rule is added.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from audit.findings import Hit, Severity

if TYPE_CHECKING:
    from audit.rules.context import AuditContext, UseCaseView

FAMILY_MODULES: tuple[str, ...] = (
    "audit.rules.licence",
    "audit.rules.gdpr",
    "audit.rules.ai_act",
    "audit.rules.advisory",
    "audit.rules.inventory",
)
"""Modules whose import registers the rules of one family."""

FAMILY_TITLES: Mapping[str, str] = {
    "licence": "Licence",
    "gdpr": "GDPR",
    "ai-act": "EU AI Act",
    "advisory": "Advisory",
    "inventory": "Inventory",
}

Check = Callable[["AuditContext"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """A rule's identity, metadata and check."""

    id: str
    name: str
    family: str
    severity: Severity
    summary: str
    """When it fires, in one sentence."""
    citation: str
    """Legal source: licence section or regulation article."""
    remediation: str
    check: Check
    details: str = ""
    """Longer explanation for ``model-audit rules ID`` (may list data-driven keys)."""
    scope: str = "model"
    """``model``, ``use case`` or ``inventory``: what a finding of this rule names."""


_RULES: dict[str, Rule] = {}
_USE_CASE_ANNOTATORS: dict[str, Callable[[UseCaseView], Any]] = {}


def rule(
    *,
    id: str,
    name: str,
    family: str,
    severity: Severity,
    summary: str,
    citation: str,
    remediation: str,
    details: str = "",
    scope: str = "model",
) -> Callable[[Check], Check]:
    """Register the decorated function as the check of rule ``id``; ids must be unique."""

    def register(check: Check) -> Check:
        if id in _RULES:
            raise RuntimeError(f"rule {id} registered twice")
        _RULES[id] = Rule(
            id, name, family, severity, summary, citation, remediation, check, details, scope
        )
        return check

    return register


def use_case_annotation(
    key: str,
) -> Callable[[Callable[[UseCaseView], Any]], Callable[[UseCaseView], Any]]:
    """Register a function that adds JSON-ready facts under ``key`` to every use case.

    The AI Act family uses it for the obligations checklist, the GDPR family for data flows;
    the JSON, HTML and PDF reports print what they return.
    """

    def register(func: Callable[[UseCaseView], Any]) -> Callable[[UseCaseView], Any]:
        if key in _USE_CASE_ANNOTATORS:
            raise RuntimeError(f"use-case annotation {key!r} registered twice")
        _USE_CASE_ANNOTATORS[key] = func
        return func

    return register


@cache
def _load_families() -> None:
    for module in FAMILY_MODULES:
        importlib.import_module(module)


def all_rules() -> tuple[Rule, ...]:
    """Every registered rule, ordered by id."""
    _load_families()
    order = {"LIC": 0, "GDP": 1, "AIA": 2, "ADV": 3, "INV": 4}
    return tuple(sorted(_RULES.values(), key=lambda r: (order.get(r.id[:3], 9), r.id)))


def get_rule(rule_id: str) -> Rule | None:
    """The rule with this id (case-insensitive), or None."""
    _load_families()
    return _RULES.get(rule_id.upper())


def use_case_annotators() -> Mapping[str, Callable[[UseCaseView], Any]]:
    """Every registered use-case annotation, by key."""
    _load_families()
    return dict(_USE_CASE_ANNOTATORS)
