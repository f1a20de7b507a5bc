"""SARIF 2.1.0 rendering of the report document, for GitHub code scanning and other CI tools.

It follows GitHub's ingestion rules, not only the OASIS schema. The inventory's URI is
relative to the repository root (``%SRCROOT%``, see ``reports.source_root``), whatever folder
the scan ran from. GitHub ignores ``suppressions``, so a waived finding is left out unless
``waived="include"`` asks for it as a suppressed result; findings below ``min_severity``
(default low, so info and "planning only" findings) are not results at all. Every result
carries the finding's fingerprint as ``partialFingerprints.primaryLocationLineHash``, the key
GitHub tracks alerts by. Output is deterministic: the same document in the same checkout
gives the same bytes.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote

from audit.errors import InputError, InputProblem
from audit.findings import Severity, fingerprint_of
from reports.rule_docs import docs_base_url, rule_doc_url
from reports.sarif_rules import LEVELS, clip, rule_descriptors, severity_of
from reports.source_root import SourcePath, locate

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "primaryLocationLineHash"
EVIDENCE_LIMIT = 20

GITHUB_MAX_RESULTS = 25_000
"""GitHub code scanning rejects a run with more results than this."""
GITHUB_MAX_RULES = 25_000
GITHUB_MAX_GZIPPED_BYTES = 10 * 1024 * 1024
"""GitHub's upload limit: 10 MB of gzip-compressed SARIF."""
GITHUB_LIMITS_DOC = (
    "https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/"
    "sarif-support-for-code-scanning#limits-on-uploading-sarif"
)

WaivedMode = Literal["omit", "include"]


@dataclass(frozen=True)
class SarifOptions:
    """What the SARIF log holds."""

    waived: WaivedMode = "omit"
    """``omit``: waived findings are no results; ``include``: suppressed results."""
    min_severity: Severity = Severity.LOW
    """Findings below this severity are not results."""
    destination: str = "SARIF log"
    """Named in the error when a GitHub limit would be exceeded."""
    doc_url: Callable[[str], str] | None = field(default=None, compare=False)
    """Rule id -> documentation page; default ``reports.rule_docs.rule_doc_url``."""


def render_sarif(document: dict[str, Any], options: SarifOptions | None = None) -> str:
    """Serialise ``document`` as a SARIF 2.1.0 log (one run), ending with a newline.

    A log GitHub would reject for its size is unusable output: ``InputError`` (exit 2)
    naming the limit and how to stay under it.
    """
    chosen = options or SarifOptions()
    log = sarif_log(document, chosen)
    _refuse(_count_problems(log), chosen.destination)
    text = json.dumps(log, indent=2, ensure_ascii=False) + "\n"
    size = len(gzip.compress(text.encode("utf-8"), mtime=0))
    if size > GITHUB_MAX_GZIPPED_BYTES:
        _refuse(
            [
                f"{size:,} bytes gzip-compressed, more than GitHub's 10 MB upload limit; "
                "raise --sarif-min-severity or split the inventory"
            ],
            chosen.destination,
        )
    return text


def sarif_log(document: Mapping[str, Any], options: SarifOptions | None = None) -> dict[str, Any]:
    """The SARIF log of ``document`` as JSON-ready data."""
    chosen = options or SarifOptions()
    tool = _mapping(document.get("tool"))
    inventory = _mapping(document.get("inventory"))
    all_findings = [f for f in document.get("findings") or [] if isinstance(f, Mapping)]
    fingerprints = _fingerprints(all_findings)
    selected = [
        (f, fp) for f, fp in zip(all_findings, fingerprints, strict=True) if _selected(f, chosen)
    ]
    severities: dict[str, set[str]] = {}
    for f, _ in selected:
        severities.setdefault(str(f.get("rule") or ""), set()).add(severity_of(f.get("severity")))
    base = docs_base_url() if chosen.doc_url is None else ""

    def doc_url(rule_id: str) -> str:
        return chosen.doc_url(rule_id) if chosen.doc_url else rule_doc_url(rule_id, base)

    rules = rule_descriptors(document.get("rules") or [], all_findings, severities, doc_url)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    inventory_path = str(inventory.get("path") or "inventory.yaml")
    source = locate(inventory_path)
    artifact = _artifact_location(source, inventory_path)

    def artifact_of(finding: Mapping[str, Any]) -> Mapping[str, Any]:
        # A finding about another file (INV001: the line of code using an undeclared model)
        # is placed in that file, so code scanning annotates the code.
        path = _mapping(finding.get("location")).get("path")
        if not isinstance(path, str) or not path or path == inventory_path:
            return artifact
        return _other_file(path, source)

    model_lines = {
        m.get("id"): _mapping(m.get("location")).get("line")
        for m in document.get("models") or []
        if isinstance(m, Mapping)
    }
    driver: dict[str, Any] = {
        "name": str(tool.get("name") or "model-audit"),
        "version": str(tool.get("version") or "unknown"),
        "informationUri": doc_url("README").removesuffix("README.md"),
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
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "automationDetails": {"id": f"model-audit/{source.relative if source else 'inventory'}/"},
        "invocations": [
            {
                "executionSuccessful": True,
                "properties": {
                    "asOf": str(document.get("as_of") or ""),
                    "offline": bool(document.get("offline")),
                    "failOn": str(summary.get("fail_on") or ""),
                    "status": str(summary.get("status") or ""),
                    "minSeverity": chosen.min_severity.value,
                    "waived": chosen.waived,
                },
            }
        ],
        "artifacts": [artifact_entry],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index, artifact_of(f), model_lines, fp) for f, fp in selected],
    }
    if source is not None:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": source.root.as_uri().rstrip("/") + "/"}}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _count_problems(log: Mapping[str, Any]) -> list[str]:
    """Counts over GitHub's limits, each as a sentence that says how to get under it."""
    problems = []
    for run in log.get("runs") or []:
        results = len(run.get("results") or [])
        rules = len(run["tool"]["driver"].get("rules") or [])
        if results > GITHUB_MAX_RESULTS:
            problems.append(
                f"{results:,} results, more than the {GITHUB_MAX_RESULTS:,} GitHub accepts in "
                "one run; raise --sarif-min-severity, gate only new findings with --baseline, "
                "or split the inventory"
            )
        if rules > GITHUB_MAX_RULES:
            problems.append(f"{rules:,} rules, more than GitHub's {GITHUB_MAX_RULES:,}")
    return problems


def _refuse(problems: list[str], destination: str) -> None:
    """A log GitHub code scanning would reject for its size is unusable output (exit 2)."""
    if problems:
        raise InputError(
            [
                InputProblem(
                    destination, 0, "", f"the SARIF log would hold {p} ({GITHUB_LIMITS_DOC})"
                )
                for p in problems
            ]
        )


def _selected(finding: Mapping[str, Any], options: SarifOptions) -> bool:
    severity = Severity(severity_of(finding.get("severity")))
    if not severity.at_least(options.min_severity):
        return False
    return options.waived == "include" or not _waived(finding)


def _waived(finding: Mapping[str, Any]) -> bool:
    waiver = finding.get("waiver")
    if not isinstance(waiver, Mapping) or waiver.get("expired"):
        return False
    return bool(finding.get("waived", True))


def _result(
    finding: Mapping[str, Any],
    index: Mapping[str, int],
    artifact: Mapping[str, Any],
    model_lines: Mapping[Any, Any],
    fingerprint: str,
) -> dict[str, Any]:
    rule_id = str(finding.get("rule") or "")
    severity = severity_of(finding.get("severity"))
    model = finding.get("model")
    use_case = finding.get("use_case")
    line = _line(_mapping(finding.get("location")).get("line"), model_lines.get(model))
    properties: dict[str, Any] = {
        "severity": severity,
        "family": str(finding.get("family") or ""),
        "model": model,
        "useCase": use_case,
        "citation": clip(str(finding.get("citation") or "")),
        "remediation": clip(str(finding.get("remediation") or "")),
        "evidence": [clip(str(e)) for e in _list(finding.get("evidence"))[:EVIDENCE_LIMIT]],
    }
    result: dict[str, Any] = {
        "ruleId": rule_id,
        "ruleIndex": index[rule_id],
        "level": LEVELS[severity],
        "message": {"text": clip(str(finding.get("message") or rule_id))},
        "locations": [_location(artifact, line, model, use_case)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": properties,
    }
    if finding.get("baseline") in ("new", "unchanged"):
        result["baselineState"] = finding["baseline"]
    waiver = finding.get("waiver") if isinstance(finding.get("waiver"), Mapping) else None
    if waiver is not None and _waived(finding):
        result["suppressions"] = [_suppression(waiver, artifact)]
    elif waiver is not None:
        properties["waiver"] = {
            "status": "expired",
            "expires": waiver.get("expires"),
            "approvedBy": clip(str(waiver.get("approved_by") or "")),
            "reason": clip(str(waiver.get("reason") or "")),
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
        "justification": clip(f"{waiver.get('reason') or ''} (approved by {approver}, {until})"),
    }
    line = _mapping(waiver.get("location")).get("line")
    if isinstance(line, int) and line > 0:
        suppression["location"] = {
            "physicalLocation": {"artifactLocation": dict(artifact), "region": {"startLine": line}}
        }
    return suppression


def _fingerprints(findings: list[Mapping[str, Any]]) -> list[str]:
    """Each finding's own ``fingerprint``; a document from before fingerprints (or a
    hand-made one) gets them computed the way the engine does, minus the subject."""
    if all(isinstance(f.get("fingerprint"), str) and f["fingerprint"] for f in findings):
        return [str(f["fingerprint"]) for f in findings]

    def identity(f: Mapping[str, Any]) -> tuple[str, str, str]:
        return (str(f.get("rule")), str(f.get("model") or ""), str(f.get("use_case") or ""))

    counts: dict[tuple[str, str, str], int] = {}
    for f in findings:
        counts[identity(f)] = counts.get(identity(f), 0) + 1
    out = []
    for f in findings:
        given = f.get("fingerprint")
        if isinstance(given, str) and given:
            out.append(given)
            continue
        rule, model, use_case = identity(f)
        tiebreak = str(f.get("message") or "") if counts[identity(f)] > 1 else ""
        out.append(fingerprint_of(rule, model or None, use_case or None, None, tiebreak))
    return out


def _artifact_location(source: SourcePath | None, path: str) -> dict[str, Any]:
    """Relative to ``%SRCROOT%`` when the inventory lies under a source root, else an
    absolute file URI (GitHub cannot place such a result; other SARIF readers can)."""
    if source is None:
        from pathlib import Path

        return {"uri": Path(path).resolve().as_uri()}
    return {"uri": quote(source.relative, safe="/-._~"), "uriBaseId": SRCROOT}


def _other_file(path: str, inventory_source: SourcePath | None) -> dict[str, Any]:
    """A file other than the inventory: relative to the same ``%SRCROOT%`` when it lies
    under it, else an absolute file URI."""
    located = locate(path)
    if (
        located is not None
        and inventory_source is not None
        and (located.root == inventory_source.root)
    ):
        return {"uri": quote(located.relative, safe="/-._~"), "uriBaseId": SRCROOT}
    from pathlib import Path

    return {"uri": Path(path).resolve().as_uri()}


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _line(line: Any, fallback: Any) -> int:
    for candidate in (line, fallback):
        if isinstance(candidate, int) and candidate >= 1:
            return candidate
    return 1
