"""What a bill of materials says about each model, collected once from the audit.

The SPDX and CycloneDX writers both render ``BomFacts``; neither reads the inventory file.
Most facts come from the report document (licence and evidence, lineage, hosting, use
cases with their AI Act fields and findings); the few the document does not carry (the Hub
revision, datasets named in the card, the data-tag catalogue) come from the in-memory
``AuditResult``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from audit.bom.licence_ids import (
    BomLicence,
    KnowledgeLookup,
    knowledge_lookup,
    licence_for_key,
    licence_for_statement,
)
from audit.bom.risk import SafetyRisk, model_safety_risk, use_case_safety_risk
from audit.engine import AuditResult
from audit.inventory.datatags import profile
from audit.inventory.schema import Model

HUB_URL = "https://huggingface.co/"

Presence = str
"""SPDX ``PresenceType``: ``yes``, ``no`` or ``noAssertion``."""


@dataclass(frozen=True)
class AncestorFacts:
    """One base model in a model's lineage, nearest first."""

    name: str
    licence: BomLicence
    where: str
    """How the ancestor and its licence were learnt."""
    relation: str | None
    """``finetune``, ``adapter``, ``merge`` or ``quantized`` where the card says."""
    supplier: str | None
    download_url: str | None


@dataclass(frozen=True)
class UseCaseFacts:
    """One use case of a model, as the BOM describes its application."""

    id: str
    purpose: str | None
    audience: str
    data: tuple[str, ...]
    ai_act_area: str | None
    """Annex III area, Art. 5 practice key, ``none``, or None when unclassified."""
    risk_class: str | None
    """The audit's AI Act risk class (``high-risk``, ``minimal``, ...), when it gave one."""
    safety_risk: SafetyRisk | None


@dataclass(frozen=True)
class FindingFacts:
    """One unwaived finding of the audit about a model."""

    rule: str
    name: str
    family: str
    severity: str
    message: str
    remediation: str


@dataclass(frozen=True)
class ModelFacts:
    """Everything a BOM states about one inventory model."""

    id: str
    name: str
    source: str
    revision: str | None
    provider: str | None
    provider_name: str | None
    """The provider catalogue's name for ``provider`` (``OpenAI API``), when it lists it."""
    supplier: str | None
    """Hub organisation, API provider, or the organisation itself for an in-house model."""
    download_url: str | None
    declared: BomLicence
    """The licence as the winning source stated it."""
    concluded: BomLicence
    """The licence the audit concluded binds the model."""
    licence_source: str | None
    licence_where: str | None
    ancestors: tuple[AncestorFacts, ...]
    datasets: tuple[str, ...]
    modalities: tuple[str, ...]
    task: str | None
    family: str | None
    training_compute_flops: float | None
    hosting_mode: str
    hosting_regions: tuple[str, ...]
    use_cases: tuple[UseCaseFacts, ...]
    sensitive_personal_information: Presence
    safety_risk: SafetyRisk | None
    findings: tuple[FindingFacts, ...]
    status: str


@dataclass(frozen=True)
class BomFacts:
    """The whole bill of materials: who made it, when, from what, and the models."""

    organisation: str
    country: str
    as_of: dt.date
    inventory_path: str
    inventory_sha256: str
    tool_version: str
    knowledge_base_version: str
    models: tuple[ModelFacts, ...]
    families: tuple[tuple[str, str], ...]
    """(family key, title) of every rule family the audit ran, for standard-compliance notes."""


FAMILY_TITLES: Mapping[str, str] = {
    "licence": "Model licence terms",
    "gdpr": "GDPR (Regulation (EU) 2016/679)",
    "ai-act": "EU AI Act (Regulation (EU) 2024/1689)",
}
"""Rule families that check compliance with a licence or a regulation, as the BOM names them."""


def collect_facts(
    result: AuditResult,
    document: Mapping[str, Any],
    lookup: KnowledgeLookup | None = None,
) -> BomFacts:
    """Collect the facts of every model from the audit result and its report document.

    ``lookup`` maps licence keys to knowledge-base entries; by default the knowledge base
    is loaded when installed, and without it licence keys are mapped without it.
    """
    if lookup is None:
        lookup = knowledge_lookup()
    inventory = {m.id: m for m in result.loaded.inventory.models}
    models = tuple(
        _model_facts(entry, result, inventory[entry["id"]], document, lookup)
        for entry in document["models"]
    )
    families = sorted({r.family for r in result.rules} & set(FAMILY_TITLES))
    return BomFacts(
        organisation=document["organisation"]["name"],
        country=document["organisation"]["country"],
        as_of=dt.date.fromisoformat(document["as_of"]),
        inventory_path=document["inventory"]["path"],
        inventory_sha256=document["inventory"]["sha256"],
        tool_version=document["tool"]["version"],
        knowledge_base_version=document["knowledge_base"]["version"],
        models=models,
        families=tuple((f, FAMILY_TITLES[f]) for f in families),
    )


def _model_facts(
    entry: Mapping[str, Any],
    result: AuditResult,
    model: Model,
    document: Mapping[str, Any],
    lookup: KnowledgeLookup | None,
) -> ModelFacts:
    resolution = result.resolutions.get(entry["id"])
    licence = entry["licence"]
    areas = {uc.id: uc.ai_act.area for uc in model.use_cases}
    use_cases = tuple(_use_case_facts(uc, areas.get(uc["id"])) for uc in entry["use_cases"])
    return ModelFacts(
        id=entry["id"],
        name=entry["name"],
        source=entry["source"],
        revision=model.revision,
        provider=entry.get("provider"),
        provider_name=provider_name(entry.get("provider")),
        supplier=_supplier(entry, document["organisation"]["name"]),
        download_url=hub_url(entry["name"]) if entry["source"] == "huggingface" else None,
        declared=_declared(entry, lookup),
        concluded=licence_for_key(licence["id"], lookup),
        licence_source=licence["source"],
        licence_where=licence["evidence"],
        ancestors=tuple(
            AncestorFacts(
                name=a["name"],
                licence=licence_for_key(a["licence"], lookup),
                where=a["where"],
                relation=a.get("relation"),
                supplier=hub_owner(a["name"]),
                download_url=hub_url(a["name"]) if hub_owner(a["name"]) else None,
            )
            for a in entry["ancestors"]
        ),
        datasets=tuple(resolution.datasets) if resolution else (),
        modalities=tuple(entry["modalities"]),
        task=resolution.extra.get("pipeline_tag") if resolution else None,
        family=resolution.family if resolution else None,
        training_compute_flops=entry["training_compute_flops"],
        hosting_mode=entry["hosting"]["mode"],
        hosting_regions=tuple(entry["hosting"]["regions"]),
        use_cases=use_cases,
        sensitive_personal_information=_sensitive(entry["use_cases"], result),
        safety_risk=model_safety_risk([uc.safety_risk for uc in use_cases]),
        findings=_findings(document["findings"], entry["id"]),
        status=entry["status"],
    )


def _declared(entry: Mapping[str, Any], lookup: KnowledgeLookup | None) -> BomLicence:
    """The statement of the source the audit's licence came from; else the first one found."""
    evidence: Sequence[Mapping[str, Any]] = entry["licence_evidence"]
    if not evidence:
        return licence_for_key(None, lookup)
    source = entry["licence"]["source"]
    chosen = next((e for e in evidence if e["source"] == source), evidence[0])
    return licence_for_statement(chosen["found"], chosen["licence"], lookup)


def _use_case_facts(uc: Mapping[str, Any], area: str | None) -> UseCaseFacts:
    """One use case of the report; ``area`` is the inventory's, which the report replaces
    with the audit's ``ai_act`` summary (risk class, role, GPAI status)."""
    ai_act = uc.get("ai_act") or {}
    risk_class = ai_act.get("risk_class")
    return UseCaseFacts(
        id=uc["id"],
        purpose=uc.get("purpose"),
        audience=uc.get("audience", "internal"),
        data=tuple(uc.get("data", ())),
        ai_act_area=area,
        risk_class=risk_class,
        safety_risk=use_case_safety_risk(risk_class),
    )


def _sensitive(use_cases: Sequence[Mapping[str, Any]], result: AuditResult) -> Presence:
    """``yes`` when any use case sends personal data to the model.

    ``no`` only when every use case is tagged and none of the tags is personal; with an
    untagged use case (or none at all) we cannot tell, so ``noAssertion``. The tags describe
    what reaches the model in use, not its training data.
    """
    if not use_cases:
        return "noAssertion"
    tags = result.loaded.tags
    profiles = [profile(uc.get("data", ()), tags) for uc in use_cases]
    if any(p.personal for p in profiles):
        return "yes"
    if all(uc.get("data") for uc in use_cases):
        return "no"
    return "noAssertion"


def _findings(findings: Sequence[Mapping[str, Any]], model_id: str) -> tuple[FindingFacts, ...]:
    return tuple(
        FindingFacts(
            rule=f["rule"],
            name=f["name"],
            family=f["family"],
            severity=f["severity"],
            message=f["message"],
            remediation=f["remediation"],
        )
        for f in findings
        if f["model"] == model_id and not f["waived"]
    )


def _supplier(entry: Mapping[str, Any], organisation: str) -> str | None:
    if entry["source"] == "api":
        provider: str | None = entry.get("provider")
        return provider
    owner = hub_owner(entry["name"])
    if owner:
        return owner
    # a local model without an owner in its name is the organisation's own
    return organisation if entry["source"] == "local" else None


def provider_name(key: str | None) -> str | None:
    """The provider catalogue's name for a provider key; None when unknown or not given."""
    if not key:
        return None
    from audit.jurisdictions import load_jurisdictions

    provider = load_jurisdictions().provider(key)
    return provider.name if provider is not None else None


def hub_owner(name: str) -> str | None:
    """The organisation part of a Hub repo id (``meta-llama`` of ``meta-llama/Llama-3.1-8B``)."""
    owner, slash, repo = name.partition("/")
    if not slash or not owner or not repo or "/" in repo or any(c.isspace() for c in name):
        return None
    return owner


def hub_url(name: str) -> str | None:
    """The model's page on the Hugging Face Hub, for a name shaped like a Hub repo id."""
    return HUB_URL + name if hub_owner(name) else None


def type_of_model(model: ModelFacts) -> list[str]:
    """What kind of model this is, as far as the audit knows (task, family, modalities)."""
    kinds = [model.task] if model.task else []
    if model.family:
        kinds.append(f"{model.family} family")
    kinds.append(f"{'+'.join(model.modalities) or 'text'} model")
    return kinds


def finding_statement(finding: FindingFacts) -> str:
    """One open finding as a sentence a BOM can carry (an SPDX review annotation)."""
    return (
        f"model-audit finding {finding.rule} {finding.name} ({finding.family}, "
        f"{finding.severity}): {finding.message} Remediation: {finding.remediation}"
    )
