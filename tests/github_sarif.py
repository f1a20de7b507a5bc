"""GitHub code scanning's SARIF ingestion rules, written as checks.

Source: GitHub Docs, "SARIF support for code scanning" (supported properties, "Providing data
to track code scanning alerts across runs", "Specifying the location for source files",
"Limits on uploading SARIF") and "About code scanning alerts" (security severity levels).
Each check returns a sentence per violation so a failing test says what GitHub would do.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

MAX_RUNS = 20
MAX_RESULTS = 25_000
MAX_RULES = 25_000
MAX_LOCATIONS = 1_000
MAX_TAGS = 20
LEVELS = ("error", "warning", "note", "none")


def github_problems(
    log: Mapping[str, Any], repo_root: Path | None = None, *, suppressed_allowed: bool = False
) -> list[str]:
    """Every way ``log`` breaks GitHub's rules; empty when code scanning would take it as
    intended. With ``repo_root``, every relative URI must name an existing file under it."""
    problems: list[str] = []
    if log.get("version") != "2.1.0":
        problems.append("version must be 2.1.0")
    runs = log.get("runs") or []
    if not runs or len(runs) > MAX_RUNS:
        problems.append(f"a file holds 1 to {MAX_RUNS} runs; got {len(runs)}")
    for run in runs:
        problems += _run_problems(run, repo_root, suppressed_allowed)
    return problems


def _run_problems(run: Mapping[str, Any], root: Path | None, suppressed_ok: bool) -> list[str]:
    out: list[str] = []
    driver = run.get("tool", {}).get("driver", {})
    if not driver.get("name"):
        out.append("tool.driver.name is required")
    if not _absolute_uri(driver.get("informationUri")):
        out.append("tool.driver.informationUri should be an absolute URI")
    if not str(run.get("automationDetails", {}).get("id") or "").strip():
        out.append("runs[].automationDetails.id is missing: runs of different inventories merge")
    rules = driver.get("rules") or []
    results = run.get("results") or []
    if len(rules) > MAX_RULES:
        out.append(f"{len(rules)} rules, GitHub accepts {MAX_RULES}")
    if len(results) > MAX_RESULTS:
        out.append(f"{len(results)} results, GitHub accepts {MAX_RESULTS}")
    by_id = {r.get("id"): r for r in rules}
    for rule in rules:
        out += _rule_problems(rule)
    bases = run.get("originalUriBaseIds") or {}
    hashes: dict[str, int] = {}
    for i, result in enumerate(results):
        out += [f"results[{i}]: {p}" for p in _result_problems(result, by_id, bases, root)]
        if result.get("suppressions") and not suppressed_ok:
            out.append(f"results[{i}]: GitHub ignores suppressions, so it is an open alert")
        fingerprint = str(result.get("partialFingerprints", {}).get("primaryLocationLineHash"))
        key = f"{result.get('ruleId')}\x1f{fingerprint}"
        hashes[key] = hashes.get(key, 0) + 1
    out += [
        f"{n} results share primaryLocationLineHash {k.split(chr(31))[1]}: GitHub merges them"
        for k, n in hashes.items()
        if n > 1
    ]
    out += _severity_consistency(rules, results)
    return out


def _rule_problems(rule: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    rid = rule.get("id")
    props = rule.get("properties") or {}
    tags = props.get("tags") or []
    if len(tags) > MAX_TAGS:
        out.append(f"rule {rid}: {len(tags)} tags, GitHub accepts {MAX_TAGS}")
    if not _absolute_uri(rule.get("helpUri")):
        out.append(f"rule {rid}: helpUri should be an absolute URI of its documentation")
    if not (rule.get("help") or {}).get("text"):
        out.append(f"rule {rid}: help.text is shown on the alert page and is missing")
    if "security-severity" in props:
        score = _score(props["security-severity"])
        if score is None or not 0.0 < score <= 10.0:
            out.append(f"rule {rid}: security-severity must be a number in (0, 10] as a string")
        if "security" not in tags:
            out.append(f"rule {rid}: has a security-severity but no 'security' tag")
    return out


def _result_problems(
    result: Mapping[str, Any], rules: Mapping[Any, Any], bases: Mapping[str, Any], root: Path | None
) -> list[str]:
    out: list[str] = []
    if result.get("ruleId") not in rules:
        out.append(f"ruleId {result.get('ruleId')!r} names no rule of the driver")
    if not (result.get("message") or {}).get("text"):
        out.append("message.text is required")
    if result.get("level", "warning") not in LEVELS:
        out.append(f"level {result.get('level')!r} is not one of {LEVELS}")
    if not (result.get("partialFingerprints") or {}).get("primaryLocationLineHash"):
        out.append("partialFingerprints.primaryLocationLineHash is missing")
    locations = result.get("locations") or []
    if not 1 <= len(locations) <= MAX_LOCATIONS:
        out.append(f"1 to {MAX_LOCATIONS} locations expected; got {len(locations)}")
    for location in locations:
        physical = location.get("physicalLocation") or {}
        artifact = physical.get("artifactLocation") or {}
        out += _uri_problems(artifact, bases, root)
        if int((physical.get("region") or {}).get("startLine") or 0) < 1:
            out.append("region.startLine must be 1 or more")
    return out


def _uri_problems(
    artifact: Mapping[str, Any], bases: Mapping[str, Any], root: Path | None
) -> list[str]:
    uri = str(artifact.get("uri") or "")
    if not uri or urlsplit(uri).scheme or uri.startswith("/"):
        return [f"uri {uri!r} must be relative to the repository root"]
    out: list[str] = []
    if artifact.get("uriBaseId") != "%SRCROOT%":
        out.append(f"uri {uri!r} must carry uriBaseId %SRCROOT%")
    elif not str((bases.get("%SRCROOT%") or {}).get("uri") or "").endswith("/"):
        out.append("originalUriBaseIds.%SRCROOT%.uri must be a folder URI ending in '/'")
    if uri.startswith("./") or "/../" in f"/{uri}":
        out.append(f"uri {uri!r} must be normalised (no ./ or ..)")
    if root is not None and not (root / unquote(uri)).is_file():
        out.append(f"uri {uri!r} names no file under the repository root {root}")
    return out


def _severity_consistency(rules: list[Any], results: list[Any]) -> list[str]:
    """security-severity is per rule: each result's level must agree with the band."""
    out: list[str] = []
    by_id = {r.get("id"): r for r in rules}
    for result in results:
        rule = by_id.get(result.get("ruleId")) or {}
        score = _score((rule.get("properties") or {}).get("security-severity"))
        if score is None:
            continue
        expected = "error" if score >= 7.0 else "warning" if score >= 4.0 else "note"
        if result.get("level") != expected:
            out.append(
                f"rule {rule.get('id')} shows as security severity {score} but a result of it "
                f"has level {result.get('level')!r}"
            )
        if (result.get("properties") or {}).get("severity") == "info":
            out.append(f"rule {rule.get('id')}: an info finding would be a security alert")
    return out


def _score(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _absolute_uri(value: Any) -> bool:
    parts = urlsplit(str(value or ""))
    return parts.scheme in ("https", "http", "file") and bool(parts.netloc or parts.path)
