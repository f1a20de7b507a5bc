"""SARIF 2.1.0 rendering of the report document, for GitHub code scanning and other CI tools.

One ``rule`` per rule of the catalogue, one ``result`` per finding, located at the inventory
line the finding names. A finding under an unexpired waiver becomes a suppressed result
(``kind: external``, ``status: accepted``) located at the waiver; one whose waiver expired is
reported unsuppressed and says so in its properties. Output is deterministic: the same
document gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://model-audit.invalid/docs/rules"
"""Where the tool's rule documentation lives (placeholder until the project has a home page)."""

SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "modelAuditFinding/v1"
TEXT_LIMIT = 4000
"""Characters of one message or evidence line kept in SARIF (the JSON report keeps all)."""
EVIDENCE_LIMIT = 20

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
    "info": "0.0",
}
"""GitHub's ``security-severity`` score of each severity: above 9.0 shows as critical, 7.0-8.9
high, 4.0-6.9 medium, 0.1-3.9 low. Info rules carry no ``security`` tag, so GitHub shows them
as notes instead."""

FAMILY_TITLES: Mapping[str, str] = {
    "licence": "Licence",
    "gdpr": "GDPR",
    "ai-act": "EU AI Act",
    "advisory": "Advisory",
}


def render_sarif(document: dict[str, Any]) -> str:
    """Serialise ``document`` as a SARIF 2.1.0 log (one run), ending with a newline."""
    return json.dumps(sarif_log(document), indent=2, ensure_ascii=False) + "\n"


def sarif_log(document: Mapping[str, Any]) -> dict[str, Any]:
    """The SARIF log of ``document`` as JSON-ready data."""
    tool = _mapping(document.get("tool"))
    inventory = _mapping(document.get("inventory"))
    findings = [f for f in document.get("findings") or [] if isinstance(f, Mapping)]
    rules = _rules(document.get("rules") or [], findings)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    artifact = _artifact_location(str(inventory.get("path") or "inventory.yaml"))
    model_lines = {
        m.get("id"): _mapping(m.get("location")).get("line")
        for m in document.get("models") or []
        if isinstance(m, Mapping)
    }
    fingerprints = _fingerprints(findings)
    driver: dict[str, Any] = {
        "name": str(tool.get("name") or "model-audit"),
        "version": str(tool.get("version") or "unknown"),
        "informationUri": INFORMATION_URI,
        "rules": rules,
        "properties": {
            "knowledgeBaseVersion": str(
                _mapping(document.get("knowledge_base")).get("version") or ""
            ),
            "reportSchema": str(document.get("schema") or ""),
        },
    }
    if re.fullmatch(r"\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?", driver["version"]):
        driver["semanticVersion"] = driver["version"]
    artifact_entry: dict[str, Any] = {"location": artifact}
    if inventory.get("sha256"):
        artifact_entry["hashes"] = {"sha-256": str(inventory["sha256"])}
    summary = _mapping(document.get("summary"))
    run = {
        "tool": {"driver": driver},
        "invocations": [
            {
                "executionSuccessful": True,
                "properties": {
                    "asOf": str(document.get("as_of") or ""),
                    "offline": bool(document.get("offline")),
                    "failOn": str(summary.get("fail_on") or ""),
                    "status": str(summary.get("status") or ""),
                },
            }
        ],
        "artifacts": [artifact_entry],
        "columnKind": "unicodeCodePoints",
        "results": [
            _result(f, index, artifact, model_lines, fingerprint)
            for f, fingerprint in zip(findings, fingerprints, strict=True)
        ],
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _rules(catalogue: Iterable[Any], findings: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rule descriptors in catalogue order; a rule a finding names but the catalogue lacks gets
    a descriptor built from the finding, so every ``ruleIndex`` resolves."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for rule in catalogue:
        if isinstance(rule, Mapping) and rule.get("id") and str(rule["id"]) not in seen:
            seen.add(str(rule["id"]))
            out.append(_rule_descriptor(rule))
    for f in findings:
        rule_id = str(f.get("rule") or "")
        if rule_id and rule_id not in seen:
            seen.add(rule_id)
            out.append(
                _rule_descriptor({"id": rule_id, **{k: f.get(k) for k in _RULE_KEYS_IN_FINDING}})
            )
    return out


_RULE_KEYS_IN_FINDING = ("name", "family", "severity", "citation", "remediation")


def _rule_descriptor(rule: Mapping[str, Any]) -> dict[str, Any]:
    severity = _severity(rule.get("severity"))
    family = str(rule.get("family") or "other")
    name = str(rule.get("name") or rule["id"])
    summary = str(rule.get("summary") or name.replace("-", " "))
    citation = str(rule.get("citation") or "not stated")
    remediation = str(rule.get("remediation") or "not stated")
    title = f"{FAMILY_TITLES.get(family, family)}: {name.replace('-', ' ')}"
    tags = ["compliance", family]
    if severity != "info":
        tags.append("security")
    return {
        "id": str(rule["id"]),
        "name": name,
        "shortDescription": {"text": _clip(title, 1000)},
        "fullDescription": {"text": _clip(summary, 1000)},
        "help": {
            "text": f"{summary}\n\nLegal basis: {citation}\n\nRemediation: {remediation}",
            "markdown": (
                f"{summary}\n\n**Legal basis:** {citation}\n\n**Remediation:** {remediation}"
            ),
        },
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[severity],
            "severity": severity,
            "family": family,
            "citation": citation,
            "tags": tags,
            "precision": "high",
        },
    }


def _result(
    finding: Mapping[str, Any],
    index: Mapping[str, int],
    artifact: Mapping[str, Any],
    model_lines: Mapping[Any, Any],
    fingerprint: str,
) -> dict[str, Any]:
    rule_id = str(finding.get("rule") or "")
    severity = _severity(finding.get("severity"))
    model = finding.get("model")
    use_case = finding.get("use_case")
    line = _line(_mapping(finding.get("location")).get("line"), model_lines.get(model))
    properties: dict[str, Any] = {
        "severity": severity,
        "family": str(finding.get("family") or ""),
        "model": model,
        "useCase": use_case,
        "citation": _clip(str(finding.get("citation") or "")),
        "remediation": _clip(str(finding.get("remediation") or "")),
        "evidence": [_clip(str(e)) for e in _list(finding.get("evidence"))[:EVIDENCE_LIMIT]],
    }
    result: dict[str, Any] = {
        "ruleId": rule_id,
        "ruleIndex": index[rule_id],
        "level": LEVELS[severity],
        "message": {"text": _clip(str(finding.get("message") or rule_id))},
        "locations": [_location(artifact, line, model, use_case)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": properties,
    }
    waiver = finding.get("waiver") if isinstance(finding.get("waiver"), Mapping) else None
    if waiver is not None and not waiver.get("expired") and finding.get("waived", True):
        result["suppressions"] = [_suppression(waiver, artifact)]
    elif waiver is not None:
        properties["waiver"] = {
            "status": "expired",
            "expires": waiver.get("expires"),
            "approvedBy": _clip(str(waiver.get("approved_by") or "")),
            "reason": _clip(str(waiver.get("reason") or "")),
            "note": "the waiver expired before the audit date, so this result is not suppressed",
        }
    return result


def _location(artifact: Mapping[str, Any], line: int, model: Any, use_case: Any) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": dict(artifact), "region": {"startLine": line}}
    }
    if isinstance(model, str):
        qualified = f"{model}/{use_case}" if isinstance(use_case, str) else model
        location["logicalLocations"] = [{"name": model, "fullyQualifiedName": qualified}]
    return location


def _suppression(waiver: Mapping[str, Any], artifact: Mapping[str, Any]) -> dict[str, Any]:
    approver = str(waiver.get("approved_by") or "unknown approver")
    expires = waiver.get("expires")
    until = f"until {expires}" if expires else "without expiry"
    suppression: dict[str, Any] = {
        "kind": "external",
        "status": "accepted",
        "justification": _clip(f"{waiver.get('reason') or ''} (approved by {approver}, {until})"),
    }
    line = _mapping(waiver.get("location")).get("line")
    if isinstance(line, int) and line > 0:
        suppression["location"] = {
            "physicalLocation": {"artifactLocation": dict(artifact), "region": {"startLine": line}}
        }
    return suppression


def _fingerprints(findings: list[Mapping[str, Any]]) -> list[str]:
    """One fingerprint per finding, stable across runs and across edits that move lines.

    The identity is rule, model, use case and file; findings sharing it (one rule firing
    twice for the same use case, e.g. for two regions) are told apart by their message.
    """

    def identity(f: Mapping[str, Any]) -> tuple[str, ...]:
        path = str(_mapping(f.get("location")).get("path") or "")
        return (str(f.get("rule")), str(f.get("model") or ""), str(f.get("use_case") or ""), path)

    counts: dict[tuple[str, ...], int] = {}
    for f in findings:
        counts[identity(f)] = counts.get(identity(f), 0) + 1
    out = []
    for f in findings:
        key = identity(f)
        parts = key + ((str(f.get("message") or ""),) if counts[key] > 1 else ())
        out.append(hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32])
    return out


def _artifact_location(path: str) -> dict[str, Any]:
    """The inventory as a SARIF artifact location: relative to ``%SRCROOT%`` when it can be
    (an absolute path under the working directory is made relative), else an absolute file URI.
    """
    posix = path.replace("\\", "/")
    if PureWindowsPath(path).is_absolute() or posix.startswith("/"):
        try:
            posix = PurePosixPath(os.path.relpath(path)).as_posix()
        except ValueError:  # another drive on Windows
            return {"uri": PureWindowsPath(path).as_uri()}
        if posix.startswith("../"):
            return {"uri": "file://" + quote(PurePosixPath(path.replace("\\", "/")).as_posix())}
    while posix.startswith("./"):
        posix = posix[2:]
    return {"uri": quote(posix, safe="/-._~"), "uriBaseId": SRCROOT}


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _line(line: Any, fallback: Any) -> int:
    for candidate in (line, fallback):
        if isinstance(candidate, int) and candidate >= 1:
            return candidate
    return 1


def _severity(value: Any) -> str:
    return value if value in LEVELS else "info"


def _clip(text: str, limit: int = TEXT_LIMIT) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]} [… truncated: {len(text):,} characters]"
