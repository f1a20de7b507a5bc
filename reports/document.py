"""The report document (``model-audit/report/v1``): one JSON-ready dict every renderer reads.

Building it is the only place that turns an ``AuditResult`` into output; the terminal table,
JSON, SARIF, HTML and PDF all render this document, so they cannot disagree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from audit.engine import AuditResult
from audit.findings import SEVERITIES, Finding
from audit.inventory.schema import UseCase
from audit.resolve.interface import ModelResolution
from audit.safe_text import shown_everywhere

SCHEMA = "model-audit/report/v1"


def build_report(result: AuditResult) -> dict[str, Any]:
    """Return the report document for ``result``: plain JSON types, deterministic content."""
    loaded = result.loaded
    inventory = loaded.inventory
    findings = [finding_to_dict(f) for f in result.findings]
    by_model: dict[str | None, list[Finding]] = {}
    for f in result.findings:
        by_model.setdefault(f.model, []).append(f)
    fail_on = result.options.fail_on
    models = []
    for i, model in enumerate(inventory.models):
        resolution = result.resolutions[model.id]
        own = by_model.get(model.id, [])
        models.append(
            {
                "id": model.id,
                "name": model.name,
                "source": model.source,
                "provider": model.provider,
                "location": {"path": loaded.path, "line": loaded.line_of("models", i)},
                "licence": _licence(resolution),
                "licence_evidence": [
                    {
                        "source": e.source,
                        "licence": e.licence,
                        "found": e.found,
                        "where": e.where,
                        "confidence": round(e.confidence, 3),
                        "coverage": None if e.coverage is None else round(e.coverage, 3),
                        "note": e.note,
                        "also": list(e.also),
                        "unknown_parts": list(e.unknown_parts),
                        "exceptions": list(e.exceptions),
                    }
                    for e in resolution.evidence
                ],
                "lineage": [step.name for step in resolution.lineage],
                "ancestors": [
                    {"name": s.name, "licence": s.licence, "where": s.where, "relation": s.relation}
                    for s in resolution.lineage
                ],
                "modalities": list(resolution.modalities),
                "task": resolution.extra.get("pipeline_tag"),
                "datasets": list(resolution.datasets),
                "revision": model.revision,
                "notes": list(resolution.notes),
                "training_compute_flops": resolution.training_compute_flops,
                "problems": list(resolution.problems),
                "hosting": {"mode": model.hosting.mode, "regions": list(model.hosting.regions)},
                "derivative": model.derivative.model_dump(mode="json")
                if model.derivative
                else None,
                "use_cases": [
                    _use_case(uc, result.annotations.get((model.id, uc.id), {}))
                    for uc in model.use_cases
                ],
                "status": _status(own, fail_on),
            }
        )
    active = result.active_findings
    counts = Counter(f.severity.value for f in active)
    summary: dict[str, Any] = {s.value: counts.get(s.value, 0) for s in SEVERITIES}
    summary["waived"] = sum(1 for f in result.findings if f.waived)
    summary["status"] = "pass" if result.passed else "fail"
    summary["fail_on"] = fail_on.value if fail_on else "never"
    summary["models"] = len(inventory.models)
    summary["unresolved"] = sum(
        1 for r in result.resolutions.values() if not r.resolved or r.problems
    )
    incomplete = {
        model.id: list(result.resolutions[model.id].infrastructure)
        for model in inventory.models
        if result.resolutions[model.id].infrastructure
    }
    summary["incomplete"] = bool(incomplete)
    summary["incomplete_reasons"] = [
        {"model": model_id, "reasons": reasons} for model_id, reasons in incomplete.items()
    ]
    # Every string below may hold a stranger's text (cards, Hub answers, the inventory):
    # one pass of the sanitiser makes it fit for every renderer (terminal, JSON, SARIF, HTML,
    # PDF), which all read this document.
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "tool": {"name": "model-audit", "version": result.tool_version},
        "knowledge_base": {"version": result.knowledge_base_version},
        "as_of": result.options.as_of.isoformat(),
        "offline": result.options.offline,
        "inventory": {
            "path": loaded.path,
            "sha256": loaded.sha256,
            "source": _source_path(loaded.path),
        },
        "organisation": {
            "name": inventory.organisation.name,
            "country": inventory.organisation.country,
        },
        "models": models,
        "findings": findings,
        "waivers": [
            {
                "rule": w.rule,
                "model": w.model,
                "reason": w.reason,
                "approved_by": w.approved_by,
                "expires": w.expires,
                "status": w.status,
                "matched": w.matched,
                "while_licence": w.while_licence,
                "lapsed": w.lapsed,
                "location": {"path": w.location.path, "line": w.location.line},
            }
            for w in result.waivers
        ],
        "routes": [route.model_dump(mode="json") for route in inventory.routes],
        "rules": [
            {
                "id": r.id,
                "name": r.name,
                "family": r.family,
                "severity": r.severity.value,
                "summary": r.summary,
                "citation": r.citation,
                "remediation": r.remediation,
            }
            for r in result.rules
        ],
        "summary": summary,
    }
    sanitised: dict[str, Any] = shown_everywhere(document)
    return sanitised


def finding_to_dict(f: Finding) -> dict[str, Any]:
    """One finding as the JSON report shows it."""
    return {
        "rule": f.rule,
        "name": f.name,
        "family": f.family,
        "severity": f.severity.value,
        "model": f.model,
        "use_case": f.use_case,
        "message": f.message,
        "citation": f.citation,
        "remediation": f.remediation,
        "evidence": list(f.evidence),
        "fingerprint": f.fingerprint,
        "waived": f.waived,
        "waiver": None
        if f.waiver is None
        else {
            "reason": f.waiver.reason,
            "approved_by": f.waiver.approved_by,
            "expires": f.waiver.expires,
            "expired": f.waiver.expired,
            "lapsed": f.waiver.lapsed,
            "location": {"path": f.waiver.location.path, "line": f.waiver.location.line},
        },
        "location": {"path": f.location.path, "line": f.location.line},
    }


def _source_path(path: str) -> str | None:
    """The inventory's path from the repository root (what CI systems show), or None."""
    from reports.source_root import locate

    located = locate(path)
    return located.relative if located else None


def _use_case(uc: UseCase, annotations: Mapping[str, Any]) -> dict[str, Any]:
    """A use case as the inventory gives it, plus what the rule families add.

    An ``ai_act`` annotation (risk class, role decided) is merged into the inventory's own
    ``ai_act`` block rather than replacing it, so the declared area and flags stay visible.
    """
    extra = dict(annotations)
    ai_act = {**uc.ai_act.model_dump(mode="json"), **extra.pop("ai_act", {})}
    return {
        "id": uc.id,
        "purpose": uc.purpose,
        "audience": uc.audience,
        "data": list(uc.data),
        "monthly_tokens": uc.monthly_tokens,
        "needs_frontier": uc.needs_frontier,
        "ai_act": ai_act,
        **extra,
    }


def _licence(resolution: ModelResolution) -> dict[str, Any]:
    return {
        "id": resolution.licence,
        "source": resolution.licence_source,
        "evidence": resolution.licence_where,
        "also": list(resolution.co_licences),
        "choice": resolution.choice,
        "verification": resolution.verification,
    }


def _status(findings: list[Finding], fail_on: Any) -> str:
    active = [f for f in findings if not f.waived]
    if fail_on is not None and any(f.severity.at_least(fail_on) for f in active):
        return "fail"
    return "warn" if active else "pass"
