"""SARIF rule descriptors, levels and GitHub's ``security-severity``.

GitHub code scanning reads the security severity from the rule, never from the result, and
treats every rule with a ``security-severity`` as a security query. So a rule gets one only
when every result it has in the run shares one severity that is an alert (low or above);
a rule whose results differ in severity (AIA002 is high once in force, info while its date
lies ahead) is shown by each result's own level instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

LEVELS: Mapping[str, str] = {
    "critical": "error",
    "high": "error",
    "medium": "warning",
    "low": "note",
    "info": "note",
}
"""SARIF ``level`` of each severity."""

SECURITY_SEVERITY: Mapping[str, str] = {
    "critical": "9.5",
    "high": "8.0",
    "medium": "5.5",
    "low": "3.0",
}
"""GitHub's score of each alerting severity: above 9.0 shows as Critical, 7.0-8.9 High,
4.0-6.9 Medium, 0.1-3.9 Low. Info has none: an info finding is never a security alert."""

FAMILY_TITLES: Mapping[str, str] = {
    "licence": "Licence",
    "gdpr": "GDPR",
    "ai-act": "EU AI Act",
    "advisory": "Advisory",
    "inventory": "Inventory",
}

TEXT_LIMIT = 4000
"""Characters of one message or evidence line kept in SARIF (the JSON report keeps all)."""

_RULE_KEYS_IN_FINDING = ("name", "family", "severity", "citation", "remediation")


def severity_of(value: Any) -> str:
    """A severity name, ``info`` for anything unknown."""
    return value if value in LEVELS else "info"


def rule_descriptors(
    catalogue: Iterable[Any],
    findings: Iterable[Mapping[str, Any]],
    result_severities: Mapping[str, set[str]],
    doc_url: Any,
) -> list[dict[str, Any]]:
    """Descriptors in catalogue order; a rule a finding names but the catalogue lacks gets
    one built from the finding, so every ``ruleIndex`` resolves.

    ``result_severities`` maps a rule id to the severities of its results in this run;
    ``doc_url`` maps a rule id to its documentation page.
    """
    entries: list[Mapping[str, Any]] = []
    seen: set[str] = set()
    for rule in catalogue:
        if isinstance(rule, Mapping) and rule.get("id") and str(rule["id"]) not in seen:
            seen.add(str(rule["id"]))
            entries.append(rule)
    for f in findings:
        rule_id = str(f.get("rule") or "")
        if rule_id and rule_id not in seen:
            seen.add(rule_id)
            entries.append({"id": rule_id, **{k: f.get(k) for k in _RULE_KEYS_IN_FINDING}})
    return [
        _descriptor(e, result_severities.get(str(e["id"]), set()), doc_url(str(e["id"])))
        for e in entries
    ]


def _descriptor(rule: Mapping[str, Any], severities: set[str], help_uri: str) -> dict[str, Any]:
    default = severity_of(rule.get("severity"))
    family = str(rule.get("family") or "other")
    name = str(rule.get("name") or rule["id"])
    summary = str(rule.get("summary") or name.replace("-", " "))
    citation = str(rule.get("citation") or "not stated")
    remediation = str(rule.get("remediation") or "not stated")
    title = f"{FAMILY_TITLES.get(family, family)}: {name.replace('-', ' ')}"
    only = next(iter(severities)) if len(severities) == 1 else None
    properties: dict[str, Any] = {
        "severity": default,
        "family": family,
        "citation": clip(citation),
        "tags": ["compliance", family],
        "precision": "high",
    }
    if only is not None and only in SECURITY_SEVERITY:
        properties["security-severity"] = SECURITY_SEVERITY[only]
        properties["tags"].append("security")
    return {
        "id": str(rule["id"]),
        "name": name,
        "shortDescription": {"text": clip(title, 1000)},
        "fullDescription": {"text": clip(summary, 1000)},
        "helpUri": help_uri,
        "help": {
            "text": clip(f"{summary}\n\nLegal basis: {citation}\n\nRemediation: {remediation}"),
            "markdown": clip(
                f"{summary}\n\n**Legal basis:** {citation}\n\n**Remediation:** {remediation}"
                f"\n\n[Rule documentation]({help_uri})"
            ),
        },
        "defaultConfiguration": {"level": LEVELS[only or default]},
        "properties": properties,
    }


def clip(text: str, limit: int = TEXT_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]} [… truncated: {len(text):,} characters]"
