"""Handcrafted report documents (schema ``model-audit/report/v1``) for the renderer tests.

They are written by hand, not produced by an audit, so the renderers can be tested before
every rule family exists. ``sample_document`` is a small realistic audit with findings of
every severity and family, a waived, an expired and a stale waiver, obligations and data
flows; ``hostile_document`` carries attacker-controlled text in every free-text field;
``large_document`` scales up for the benchmark.
"""

from __future__ import annotations

import copy
from typing import Any

INVENTORY = "inventory/models.yaml"
SHA256 = "9f2c4e1b7a3d5f60c8e2a4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5"

RULES: tuple[tuple[str, str, str, str, str], ...] = (
    # id, name, family, severity, citation
    ("LIC001", "unknown-licence", "licence", "high", "Copyright law: no licence, no rights"),
    ("LIC002", "licence-mismatch", "licence", "high", "Licence terms of the resolved licence"),
    ("LIC003", "user-threshold", "licence", "critical", "Llama 3.1 Community License, section 2"),
    ("LIC004", "revenue-threshold", "licence", "critical", "Stability AI Community License, s. 1"),
    ("LIC005", "non-commercial", "licence", "critical", "CC BY-NC 4.0, section 2(a)(1)"),
    ("LIC006", "attribution-missing", "licence", "high", "Llama 3.1 Community License, 1(b)(i)"),
    ("LIC007", "derivative-naming", "licence", "high", "Llama 3.1 Community License, 1(b)(i)"),
    ("LIC008", "territorial-exclusion", "licence", "critical", "Llama 3.2 Acceptable Use Policy"),
    ("LIC009", "licence-drift", "licence", "high", "Base model licence terms"),
    ("LIC010", "use-policy-flow-down", "licence", "medium", "OpenRAIL-M, paragraph 5"),
    ("LIC011", "licence-copy-missing", "licence", "medium", "Apache License 2.0, section 4(a)"),
    ("GDPR001", "transfer-without-basis", "gdpr", "critical", "GDPR Art. 44-46"),
    ("GDPR002", "special-category-to-third-party", "gdpr", "high", "GDPR Art. 9 and 28"),
    ("GDPR003", "processor-contract-missing", "gdpr", "high", "GDPR Art. 28(3)"),
    ("GDPR004", "dpia-missing", "gdpr", "high", "GDPR Art. 35(1) and 35(3)"),
    ("GDPR005", "unknown-region", "gdpr", "medium", "GDPR Art. 44"),
    ("GDPR006", "route-violation", "gdpr", "high", "GDPR Art. 5(1)(f) and 32"),
    ("AIA001", "prohibited-practice", "ai-act", "critical", "AI Act Art. 5"),
    ("AIA002", "high-risk-deployer", "ai-act", "high", "AI Act Art. 26 and 27"),
    ("AIA003", "high-risk-provider", "ai-act", "critical", "AI Act Arts. 8-17, 43, 49"),
    ("AIA004", "transparency", "ai-act", "medium", "AI Act Art. 50"),
    ("AIA005", "gpai-provider", "ai-act", "high", "AI Act Art. 53"),
    ("AIA006", "systemic-risk", "ai-act", "critical", "AI Act Art. 51 and 55"),
    ("AIA007", "ai-literacy", "ai-act", "low", "AI Act Art. 4"),
    ("AIA008", "unclassified-use", "ai-act", "medium", "AI Act Art. 6 and Annex III"),
    ("ADV001", "cost-at-scale", "advisory", "info", "Advisory: no legal duty"),
    ("ADV002", "vendor-lock-in", "advisory", "info", "Advisory: no legal duty"),
    ("ADV003", "sensitive-data-to-closed-model", "advisory", "info", "Advisory: no legal duty"),
)


def rule_catalogue() -> list[dict[str, Any]]:
    """Every rule of the catalogue as the document lists it."""
    return [
        {
            "id": rule_id,
            "name": name,
            "family": family,
            "severity": severity,
            "summary": f"Fires when the check '{name.replace('-', ' ')}' fails for a model.",
            "citation": citation,
            "remediation": f"Resolve the '{name.replace('-', ' ')}' condition or waive it.",
        }
        for rule_id, name, family, severity, citation in RULES
    ]


def _location(line: int) -> dict[str, Any]:
    return {"path": INVENTORY, "line": line}


def finding(
    rule: str,
    model: str | None,
    message: str,
    *,
    line: int,
    use_case: str | None = None,
    severity: str | None = None,
    evidence: tuple[str, ...] = (),
    waiver: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A finding of ``rule`` with the catalogue's name, family, severity and citation."""
    meta = next(r for r in RULES if r[0] == rule)
    return {
        "rule": rule,
        "name": meta[1],
        "family": meta[2],
        "severity": severity or meta[3],
        "model": model,
        "use_case": use_case,
        "message": message,
        "citation": meta[4],
        "remediation": f"Fix the '{meta[1]}' condition for {model or 'the organisation'}.",
        "evidence": list(evidence),
        "waived": bool(waiver and not waiver["expired"]),
        "waiver": waiver,
        "location": _location(line),
    }


def use_case(
    uc_id: str,
    purpose: str,
    data: list[str],
    *,
    audience: str = "internal",
    ai_act: dict[str, Any] | None = None,
    obligations: list[dict[str, Any]] | None = None,
    data_flows: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A use case; ``obligations`` and ``data_flows`` are left out when None (as before the
    rule families annotate them)."""
    entry: dict[str, Any] = {
        "id": uc_id,
        "purpose": purpose,
        "audience": audience,
        "data": data,
        "monthly_tokens": 12_000_000,
        "ai_act": ai_act
        or {
            "role": "deployer",
            "area": "none",
            "interacts_with_people": False,
            "generates_synthetic_content": False,
            "deep_fake": False,
            "emotion_recognition": False,
            "automated_decision": False,
        },
    }
    if obligations is not None:
        entry["obligations"] = obligations
    if data_flows is not None:
        entry["data_flows"] = data_flows
    return entry


def flow(model: str, region: str, country: str, tags: list[str], **fields: Any) -> dict[str, Any]:
    """One data flow as the GDPR family annotates it (an EEA flow unless fields say otherwise)."""
    lawful = fields.pop("lawful", True)
    mechanism = fields.pop("mechanism", None)
    return {
        "model": model,
        "region": region,
        "country": country,
        "status": fields.pop("status", "EEA" if mechanism is None else "third country"),
        "tags": tags,
        "personal": fields.pop("personal", True),
        "mechanism": mechanism,
        "basis": fields.pop("basis", "no transfer (EEA)" if mechanism is None else mechanism),
        "assumption": fields.pop("assumption", None),
        "lawful": lawful,
        "summary": fields.pop("summary", f"{', '.join(tags)} -> {region} ({country})"),
    }


def obligation(article: str, duty: str, *, applies_from: str, in_force: bool) -> dict[str, Any]:
    """One AI Act duty of a use case."""
    return {
        "role": "deployer",
        "article": article,
        "duty": duty,
        "applies_from": applies_from,
        "in_force": in_force,
        "source": f"Regulation (EU) 2024/1689, {article}",
    }


def model_entry(model_id: str, name: str, *, line: int, **fields: Any) -> dict[str, Any]:
    """A model as the document lists it; fields override the defaults."""
    entry: dict[str, Any] = {
        "id": model_id,
        "name": name,
        "source": "huggingface",
        "provider": None,
        "location": _location(line),
        "licence": {"id": "apache-2.0", "source": "hub", "evidence": "cardData.license"},
        "licence_evidence": [
            {
                "source": "hub",
                "licence": "apache-2.0",
                "found": "apache-2.0",
                "where": "cardData.license",
                "confidence": 1.0,
                "note": "",
            }
        ],
        "lineage": [],
        "ancestors": [],
        "modalities": ["text"],
        "training_compute_flops": None,
        "problems": [],
        "hosting": {"mode": "self-hosted", "regions": ["eu-central-1"]},
        "derivative": None,
        "use_cases": [],
        "status": "pass",
    }
    entry.update(fields)
    return entry


def _waiver_status(
    reason: str, approver: str, expires: str, expired: bool, line: int
) -> dict[str, Any]:
    return {
        "reason": reason,
        "approved_by": approver,
        "expires": expires,
        "expired": expired,
        "location": _location(line),
    }


def sample_models() -> list[dict[str, Any]]:
    """Five models: an attributed Llama derivative, a US api model, an unresolved local model,
    a managed high-risk ranker and an image model over a revenue threshold."""
    llama_lineage = ["meta-llama/Llama-3.1-8B"]
    return [
        model_entry(
            "chat-small",
            "meta-llama/Llama-3.1-8B-Instruct",
            line=12,
            licence={"id": "llama3.1", "source": "hub", "evidence": "cardData.license"},
            lineage=llama_lineage,
            ancestors=[
                {
                    "name": llama_lineage[0],
                    "licence": "llama3.1",
                    "where": "hub",
                    "relation": "finetune",
                }
            ],
            derivative={"name": "Acme-Med-8B", "fine_tuned": True, "distributed": True},
            status="warn",
            use_cases=[
                use_case(
                    "patient-chat",
                    "Answer patients' questions about appointments",
                    ["personal", "health"],
                    audience="customers",
                    ai_act={
                        "risk_class": "limited (transparency)",
                        "role": "deployer",
                        "gpai_provider": False,
                        "systemic_risk": False,
                        "legal_basis": "AI Act Art. 50(1)",
                    },
                    obligations=[
                        obligation(
                            "Art. 50(1)",
                            "Tell people they are interacting with an AI system",
                            applies_from="2026-08-02",
                            in_force=True,
                        ),
                        obligation(
                            "Art. 4",
                            "Ensure AI literacy of staff",
                            applies_from="2025-02-02",
                            in_force=True,
                        ),
                    ],
                    data_flows=[flow("chat-small", "eu-central-1", "DE", ["personal", "health"])],
                )
            ],
        ),
        model_entry(
            "notes-gpt",
            "gpt-4o",
            line=40,
            source="api",
            provider="openai",
            licence={"id": "openai-terms", "source": "declared", "evidence": "inventory.yaml:44"},
            licence_evidence=[
                {
                    "source": "declared",
                    "licence": "openai-terms",
                    "found": "api: openai",
                    "where": "inventory.yaml:44",
                    "confidence": 1.0,
                    "note": "a closed model used under its provider's terms of service",
                }
            ],
            hosting={"mode": "api", "regions": ["us-east-1", "ap-south-1"]},
            status="fail",
            use_cases=[
                use_case(
                    "clinical-notes",
                    "Draft discharge letters from clinical notes",
                    ["personal", "health"],
                    data_flows=[
                        flow(
                            "notes-gpt",
                            "us-east-1",
                            "US",
                            ["personal", "health"],
                            mechanism="dpf",
                            basis="adequacy: EU-US Data Privacy Framework",
                            assumption="the provider is DPF-certified",
                        ),
                        flow(
                            "notes-gpt",
                            "ap-south-1",
                            "IN",
                            ["personal", "health"],
                            mechanism="none",
                            lawful=False,
                        ),
                    ],
                )
            ],
        ),
        model_entry(
            "vision-tagger",
            "vision-tagger",
            line=61,
            source="local",
            licence={"id": None, "source": None, "evidence": None},
            licence_evidence=[],
            problems=["models/vision-tagger has no README.md, LICENSE or SPDX file"],
            modalities=["image"],
            status="fail",
            use_cases=[
                use_case(
                    "photo-tags", "Tag product photos", ["internal"], ai_act={"role": "deployer"}
                )
            ],
        ),
        model_entry(
            "claims-ranker",
            "mistralai/Mistral-7B-Instruct-v0.3",
            line=75,
            licence={"id": "apache-2.0", "source": "declared", "evidence": "inventory.yaml:77"},
            licence_evidence=[
                {
                    "source": "declared",
                    "licence": "apache-2.0",
                    "found": "apache-2.0",
                    "where": "inventory.yaml:77",
                    "confidence": 1.0,
                    "note": "",
                }
            ],
            hosting={"mode": "managed", "regions": ["westeurope"]},
            status="fail",
            use_cases=[
                use_case(
                    "claims-triage",
                    "Rank incoming insurance claims for review",
                    ["personal"],
                    ai_act={
                        "role": "deployer",
                        "area": "essential-services",
                        "interacts_with_people": False,
                        "generates_synthetic_content": False,
                        "deep_fake": False,
                        "emotion_recognition": False,
                        "automated_decision": True,
                    },
                    obligations=[
                        obligation(
                            "Art. 26(1)",
                            "Use the system according to the provider's instructions",
                            applies_from="2027-12-02",
                            in_force=False,
                        ),
                        obligation(
                            "Art. 27",
                            "Carry out a fundamental-rights impact assessment",
                            applies_from="2027-12-02",
                            in_force=False,
                        ),
                    ],
                    data_flows=[flow("claims-ranker", "westeurope", "NL", ["personal"])],
                )
            ],
        ),
        model_entry(
            "sd-images",
            "stabilityai/stable-diffusion-3.5-medium",
            line=98,
            licence={
                "id": "stabilityai-community",
                "source": "card",
                "evidence": "README.md front matter",
            },
            modalities=["image"],
            status="fail",
            use_cases=[
                use_case(
                    "campaign-images",
                    "Generate images for marketing campaigns",
                    ["public"],
                    audience="public",
                    data_flows=[],
                )
            ],
        ),
    ]


def sample_findings() -> list[dict[str, Any]]:
    """Findings of every severity and family, most severe first (as the engine sorts them)."""
    expired = _waiver_status(
        "Revenue below USD 1M at contract time", "K. Braun (Legal)", "2026-06-30", True, 131
    )
    active = _waiver_status(
        "Attribution shown on the partner portal, not in the app",
        "J. Weber (DPO)",
        "2027-03-31",
        False,
        126,
    )
    return [
        finding(
            "GDPR001",
            "notes-gpt",
            "personal, health data of use case clinical-notes reach ap-south-1 (India), which "
            "has no EU adequacy decision, and contracts.transfer_mechanism is none "
            "(GDPR Art. 44-46); sign SCCs or remove the region.",
            line=48,
            use_case="clinical-notes",
            evidence=("region ap-south-1 -> IN (region catalogue, [P])",),
        ),
        finding(
            "LIC004",
            "sd-images",
            "Stability AI Community License allows commercial use only below USD 1M annual "
            "revenue; organisation.annual_revenue_usd is 50,000,000; buy an enterprise licence.",
            line=98,
            evidence=("threshold USD 1,000,000 (licence s. 1, [S])",),
            waiver=expired,
        ),
        finding(
            "GDPR002",
            "notes-gpt",
            "health data (Art. 9) of clinical-notes reach notes-gpt, hosted by a third party "
            "(api).",
            line=41,
            use_case="clinical-notes",
        ),
        finding(
            "GDPR004",
            "claims-ranker",
            "claims-triage makes automated decisions on personal data and dpia is not true.",
            line=75,
            use_case="claims-triage",
        ),
        finding(
            "LIC001",
            "vision-tagger",
            "No licence could be resolved for vision-tagger: models/vision-tagger has no "
            "README.md, LICENSE or SPDX file.",
            line=61,
        ),
        finding(
            "LIC006",
            "chat-small",
            'Llama 3.1 requires "Built with Llama" when a product using it is offered to '
            "customers; attribution.notices is empty.",
            line=12,
            evidence=("licence llama3.1 from cardData.license",),
            waiver=active,
        ),
        finding(
            "AIA002",
            "claims-ranker",
            "claims-triage is in Annex III area essential-services with role deployer (Art. 26).",
            line=80,
            use_case="claims-triage",
            severity="info",
        ),
        finding(
            "AIA004",
            "sd-images",
            "campaign-images generates synthetic content; Art. 50(2) requires machine-readable "
            "marking.",
            line=104,
            use_case="campaign-images",
        ),
        finding(
            "AIA008",
            "vision-tagger",
            "photo-tags has no ai_act.area; classify it (an Annex III key, an Art. 5 key, or "
            "none).",
            line=66,
            use_case="photo-tags",
        ),
        finding(
            "LIC011",
            "chat-small",
            "Acme-Med-8B is distributed and attribution.licence_copy_included is not true.",
            line=20,
        ),
        finding(
            "AIA007",
            None,
            "organisation.ai_literacy_programme is not true (AI Act Art. 4, applies from "
            "2025-02-02).",
            line=3,
        ),
        finding(
            "ADV001",
            "notes-gpt",
            "notes-gpt serves 12,000,000 tokens a month through a closed api.",
            line=52,
            use_case="clinical-notes",
        ),
        finding(
            "ADV002",
            "notes-gpt",
            "clinical-notes is served only by closed api models.",
            line=46,
            use_case="clinical-notes",
        ),
    ]


def sample_document(**overrides: Any) -> dict[str, Any]:
    """A complete, realistic report document; keyword arguments replace top-level keys."""
    findings = sample_findings()
    active = [f for f in findings if not f["waived"]]
    summary: dict[str, Any] = {
        s: sum(1 for f in active if f["severity"] == s)
        for s in ("critical", "high", "medium", "low", "info")
    }
    summary.update(
        waived=sum(1 for f in findings if f["waived"]),
        status="fail",
        fail_on="high",
        models=5,
        unresolved=1,
    )
    document: dict[str, Any] = {
        "schema": "model-audit/report/v1",
        "tool": {"name": "model-audit", "version": "0.1.0"},
        "knowledge_base": {"version": "2026.11"},
        "as_of": "2026-11-26",
        "offline": True,
        "inventory": {"path": INVENTORY, "sha256": SHA256},
        "organisation": {"name": "Acme Health GmbH", "country": "DE"},
        "models": sample_models(),
        "findings": findings,
        "waivers": [
            {
                "rule": "LIC006",
                "model": "chat-small",
                "reason": "Attribution shown on the partner portal, not in the app",
                "approved_by": "J. Weber (DPO)",
                "expires": "2027-03-31",
                "status": "active",
                "matched": 1,
                "location": _location(126),
            },
            {
                "rule": "LIC004",
                "model": "sd-images",
                "reason": "Revenue below USD 1M at contract time",
                "approved_by": "K. Braun (Legal)",
                "expires": "2026-06-30",
                "status": "expired",
                "matched": 1,
                "location": _location(131),
            },
            {
                "rule": "GDPR005",
                "model": "vision-tagger",
                "reason": "Region code agreed with the hosting team",
                "approved_by": "M. Roth (CISO)",
                "expires": None,
                "status": "stale",
                "matched": 0,
                "location": _location(136),
            },
        ],
        "routes": [{"data": ["health", "restricted"], "to": ["chat-small", "notes-gpt"]}],
        "rules": rule_catalogue(),
        "summary": summary,
    }
    document.update(copy.deepcopy(overrides))
    return document


HOSTILE_SNIPPETS: tuple[str, ...] = (
    "<script>alert('x')</script>",
    '<img src="file:///etc/passwd">',
    '<link rel=stylesheet href="http://evil.example/x.css">',
    "url(file:///etc/passwd)",
)


def hostile_document(
    server_url: str = "http://127.0.0.1:9/", long_text: int = 1_000_000
) -> dict[str, Any]:
    """A document whose every free-text field carries markup, CSS and URLs an attacker chose,
    pointing at ``server_url`` and at local files, plus ``long_text`` characters on one line."""
    payload = " ".join(HOSTILE_SNIPPETS) + (
        f' <img src="{server_url}img.png"><link rel="stylesheet" href="{server_url}x.css">'
        f'<style>@import url("{server_url}imp.css"); '
        f'body {{ background: url("{server_url}bg.png") }}</style>'
        f'<iframe src="{server_url}frame"></iframe><object data="file:///etc/shadow"></object>'
    )
    huge = "A" * long_text
    document = sample_document()
    document["organisation"]["name"] = f"Evil Corp {payload}"
    for model in document["models"]:
        model["name"] = f"{model['name']} {payload}"
        model["licence"]["evidence"] = payload
        model["problems"] = [payload]
        for uc in model["use_cases"]:
            uc["purpose"] = payload
            for item in uc.get("data_flows", []):
                item["summary"] = payload
            for duty in uc.get("obligations", []):
                duty["duty"] = payload
    for item in document["findings"]:
        item["message"] = f"{item['message']} {payload}"
        item["evidence"] = [payload, huge]
        item["remediation"] = payload
        if item["waiver"]:
            item["waiver"]["reason"] = payload
    document["findings"][0]["message"] = huge
    for waiver in document["waivers"]:
        waiver["reason"] = payload
        waiver["approved_by"] = payload
    document["inventory"]["path"] = f"inv {payload}.yaml"
    return document


def large_document(models: int = 200, findings: int = 2000) -> dict[str, Any]:
    """A document with ``models`` models and ``findings`` findings spread evenly over them."""
    document = sample_document()
    templates = sample_models()
    catalogue = sample_findings()
    out_models = []
    for i in range(models):
        entry = copy.deepcopy(templates[i % len(templates)])
        entry["id"] = f"{entry['id']}-{i:03d}"
        entry["location"] = _location(10 + i * 30)
        for uc in entry["use_cases"]:
            uc["id"] = f"{uc['id']}-{i:03d}"
            for item in uc.get("data_flows", []):
                item["model"] = entry["id"]
        out_models.append(entry)
    out_findings = []
    for j in range(findings):
        model = out_models[j % models]
        item = copy.deepcopy(catalogue[j % len(catalogue)])
        # Like a real audit's, each message names its own model and use case.
        template_model, template_use_case = item["model"], item["use_case"]
        item["model"] = model["id"]
        item["use_case"] = model["use_cases"][0]["id"] if item["use_case"] else None
        for field in ("message", "remediation"):
            if template_use_case and item["use_case"]:
                item[field] = item[field].replace(template_use_case, item["use_case"])
            if template_model:
                item[field] = item[field].replace(template_model, model["id"])
        item["location"] = _location(model["location"]["line"] + j % 25)
        out_findings.append(item)
    severity_rank = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
    out_findings.sort(key=lambda f: (severity_rank[f["severity"]], f["rule"], f["model"] or ""))
    active = [f for f in out_findings if not f["waived"]]
    document["models"] = out_models
    document["findings"] = out_findings
    for severity in severity_rank:
        document["summary"][severity] = sum(1 for f in active if f["severity"] == severity)
    document["summary"]["waived"] = len(out_findings) - len(active)
    document["summary"]["models"] = models
    return document
