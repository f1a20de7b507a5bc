"""SPDX 3.0.1 JSON-LD export: one ``ai_AIPackage`` per model, with licences and lineage.

Written by hand against the SPDX 3.0.1 model, not through spdx-tools: the ``spdx_tools.spdx3``
package of spdx-tools 0.8 is an experimental pre-3.0 draft (its ``AIPackage`` takes
``sensitive_personal_information`` as a bool, licences are package properties rather than
relationships, its JSON-LD writer emits ``@type`` with a bundled draft context instead of the
published 3.0.1 one, and it has no JSON-LD reader). ``audit.bom.spdx3_check`` validates
what we write.

Conventions of the output (SPDX 3.0.1, ``https://spdx.org/rdf/3.0.1/spdx-context.jsonld``):

- one ``CreationInfo`` blank node; ``created`` is the audit's ``--as-of`` day at 00:00:00Z
  so that the same inputs give byte-identical output; the organisation is the creator and
  model-audit the tool;
- every licence is a ``simplelicensing_LicenseExpression``; a licence without an SPDX id
  is a ``LicenseRef-`` whose text URL is given in ``simplelicensing_customIdToUri``; an
  unknown licence is the ``expandedlicensing_NoAssertionLicense`` individual;
- each AI package has exactly one ``hasDeclaredLicense`` (what the source said) and one
  ``hasConcludedLicense`` (what the audit concluded), as the AI profile requires;
- lineage: ``descendantOf`` from each model to its nearest base, and from each base to the
  next; datasets named in a card are ``dataset_DatasetPackage`` with ``trainedOn``.

``ai_AIPackage`` requires ``releaseTime``; the audit never learns a model's release date,
so it is left out rather than invented.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from audit.bom.facts import AncestorFacts, BomFacts, ModelFacts, hub_owner
from audit.bom.licence_ids import BomLicence
from audit.bom.spdx3_check import SPDX_CONTEXT, check_spdx3
from audit.errors import ToolError

SPEC_VERSION = "3.0.1"
CREATION_INFO = "_:creationinfo"
NO_ASSERTION_LICENSE = "expandedlicensing_NoAssertionLicense"
PROFILES = ("core", "software", "ai", "dataset", "simpleLicensing", "expandedLicensing")
HUB_DATASETS_URL = "https://huggingface.co/datasets/"


def render_spdx3(facts: BomFacts) -> str:
    """The SPDX 3.0.1 JSON-LD document for ``facts``, checked, as text ending in a newline.

    Raises ``ToolError`` if ``check_spdx3`` finds a problem: that is a defect of ours.
    """
    document = build_spdx3(facts)
    problems = check_spdx3(document)
    if problems:
        raise ToolError("the SPDX 3.0.1 export is not well-formed: " + "; ".join(problems[:5]))
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def build_spdx3(facts: BomFacts) -> dict[str, Any]:
    """The SPDX 3.0.1 JSON-LD document for ``facts`` as JSON-ready data."""
    graph = _Graph(document_namespace(facts))
    creator = graph.organisation(facts.organisation, comment=f"country: {facts.country}")
    tool = graph.add(
        "Tool",
        "Tool-model-audit",
        {"name": f"model-audit {facts.tool_version}"},
    )
    roots = [graph.model_package(model, facts) for model in facts.models]
    for model in facts.models:
        graph.lineage(model)
        graph.datasets(model)
    document = {
        "type": "SpdxDocument",
        "spdxId": graph.iri("SpdxDocument"),
        "creationInfo": CREATION_INFO,
        "name": f"AI bill of materials of {facts.organisation}",
        "comment": (
            f"Exported by model-audit {facts.tool_version} from {facts.inventory_path} "
            f"(sha256 {facts.inventory_sha256}) as of {facts.as_of.isoformat()}; "
            f"licence knowledge base {facts.knowledge_base_version}."
        ),
        "profileConformance": list(PROFILES),
        "rootElement": roots,
        "element": [node["spdxId"] for node in graph.nodes],
    }
    creation_info = {
        "type": "CreationInfo",
        "@id": CREATION_INFO,
        "specVersion": SPEC_VERSION,
        "created": f"{facts.as_of.isoformat()}T00:00:00Z",
        "createdBy": [creator],
        "createdUsing": [tool],
    }
    return {"@context": SPDX_CONTEXT, "@graph": [creation_info, document, *graph.nodes]}


def document_namespace(facts: BomFacts) -> str:
    """A namespace unique to this inventory content and day, stable across runs."""
    seed = f"model-audit:{facts.inventory_sha256}:{facts.as_of.isoformat()}"
    return f"https://spdx.org/spdxdocs/model-audit-{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"


@dataclass
class _Graph:
    """The elements of the document, added in a fixed order, each id defined once."""

    namespace: str
    nodes: list[dict[str, Any]] = field(default_factory=list)
    _ids: dict[str, str] = field(default_factory=dict)
    """Deduplication key (``org:meta-llama``, ``licence:MIT``) -> spdxId."""
    _relationships: set[tuple[str, str, tuple[str, ...]]] = field(default_factory=set)
    inventory_models: dict[str, str] = field(default_factory=dict)
    """Name of an inventory model -> its package, so a base model that is also in the
    inventory is one element, not two."""

    def iri(self, local: str) -> str:
        """The spdxId of a local name (quoted so that any inventory id yields a valid IRI)."""
        return f"{self.namespace}#{quote(local, safe='-._~')}"

    def add(self, kind: str, local: str, properties: dict[str, Any]) -> str:
        """Add an element of type ``kind`` unless ``local`` is taken; return its spdxId."""
        if local not in self._ids:
            self._ids[local] = self.iri(local)
            self.nodes.append(
                {"type": kind, "spdxId": self._ids[local], "creationInfo": CREATION_INFO}
                | properties
            )
        return self._ids[local]

    def organisation(self, name: str, comment: str | None = None) -> str:
        """The spdxId of an Organization named ``name``, added on first use."""
        extra = {"comment": comment} if comment else {}
        return self.add("Organization", f"Organization-{name}", {"name": name, **extra})

    def licence(self, licence: BomLicence) -> str:
        """The spdxId of the element for ``licence``; SPDX's NoAssertion individual if unknown."""
        if not licence.expression:
            return NO_ASSERTION_LICENSE
        properties: dict[str, Any] = {"simplelicensing_licenseExpression": licence.expression}
        if licence.url and licence.licence_refs:
            properties["simplelicensing_customIdToUri"] = [
                {"type": "DictionaryEntry", "key": ref, "value": licence.url}
                for ref in licence.licence_refs
            ]
        if licence.name and licence.name != licence.expression:
            properties["name"] = licence.name
        return self.add(
            "simplelicensing_LicenseExpression", f"License-{licence.expression}", properties
        )

    def relationship(self, source: str, kind: str, targets: list[str], comment: str = "") -> None:
        """Add one relationship ``source kind targets`` unless the same one exists."""
        key = (source, kind, tuple(targets))
        if key in self._relationships or not targets:
            return
        self._relationships.add(key)
        properties: dict[str, Any] = {"from": source, "relationshipType": kind, "to": targets}
        if comment:
            properties["comment"] = comment
        self.add("Relationship", f"Relationship-{len(self._relationships)}", properties)

    def model_package(self, model: ModelFacts, facts: BomFacts) -> str:
        """Add the AI package of an inventory model with its licences; return its spdxId."""
        properties: dict[str, Any] = {"name": model.name, "summary": f"inventory model {model.id}"}
        if model.revision:
            properties["software_packageVersion"] = model.revision
        if model.supplier:
            properties["suppliedBy"] = self.organisation(model.supplier)
        if model.download_url:
            properties["software_downloadLocation"] = model.download_url
        properties["software_primaryPurpose"] = "model"
        properties.update(_ai_properties(model, facts))
        spdx_id = self.add("ai_AIPackage", f"AIPackage-{model.id}", properties)
        self.inventory_models.setdefault(model.name, spdx_id)
        self._licences(spdx_id, model.declared, model.concluded, model.licence_where or "")
        return spdx_id

    def ancestor_package(self, ancestor: AncestorFacts) -> str:
        """Add the AI package of a base model once; its licence is declared, not concluded."""
        if ancestor.name in self.inventory_models:
            return self.inventory_models[ancestor.name]
        local = f"AIPackage-base-{ancestor.name}"
        if local in self._ids:
            return self._ids[local]
        properties: dict[str, Any] = {"name": ancestor.name, "summary": "base model"}
        if ancestor.supplier:
            properties["suppliedBy"] = self.organisation(ancestor.supplier)
        if ancestor.download_url:
            properties["software_downloadLocation"] = ancestor.download_url
        properties["software_primaryPurpose"] = "model"
        spdx_id = self.add("ai_AIPackage", local, properties)
        self._licences(spdx_id, ancestor.licence, BomLicence(None), ancestor.where)
        return spdx_id

    def lineage(self, model: ModelFacts) -> None:
        """``descendantOf`` from the model to its nearest base, and on up the chain."""
        child = self._ids[f"AIPackage-{model.id}"]
        for ancestor in model.ancestors:
            parent = self.ancestor_package(ancestor)
            how = f"{ancestor.relation} of {ancestor.name}" if ancestor.relation else ""
            learnt = f"learnt from {ancestor.where}"
            comment = f"{how}; {learnt}" if how else learnt
            self.relationship(child, "descendantOf", [parent], comment)
            child = parent

    def datasets(self, model: ModelFacts) -> None:
        """A dataset package per dataset named in the card, and ``trainedOn`` to them."""
        targets = []
        for name in model.datasets:
            properties: dict[str, Any] = {"name": name, "software_primaryPurpose": "data"}
            if hub_owner(name):
                properties["software_downloadLocation"] = HUB_DATASETS_URL + name
            properties["dataset_datasetType"] = ["noAssertion"]
            targets.append(self.add("dataset_DatasetPackage", f"DatasetPackage-{name}", properties))
        model_id = self._ids[f"AIPackage-{model.id}"]
        self.relationship(model_id, "trainedOn", targets, "datasets named in the model card")

    def _licences(
        self, package: str, declared: BomLicence, concluded: BomLicence, where: str
    ) -> None:
        found = f"as stated at {where}" if where else "as stated by the model's source"
        self.relationship(package, "hasDeclaredLicense", [self.licence(declared)], found)
        self.relationship(
            package, "hasConcludedLicense", [self.licence(concluded)], "concluded by model-audit"
        )


def _ai_properties(model: ModelFacts, facts: BomFacts) -> dict[str, Any]:
    """The ``ai_`` properties of an inventory model, leaving out what is unknown."""
    out: dict[str, Any] = {}
    domains = sorted({uc.ai_act_area for uc in model.use_cases if uc.ai_act_area} - {"none"})
    if domains:
        out["ai_domain"] = domains
    applications = [
        f"{uc.id}: {uc.purpose or 'no purpose given'} (audience {uc.audience}; "
        f"data {', '.join(uc.data) or 'not tagged'}; "
        f"AI Act area {uc.ai_act_area or 'not given'}, "
        f"risk class {uc.risk_class or 'unclassified'})"
        for uc in model.use_cases
    ]
    if applications:
        out["ai_informationAboutApplication"] = "\n".join(applications)
    training = _training_information(model)
    if training:
        out["ai_informationAboutTraining"] = training
    if model.findings:
        out["ai_limitation"] = "\n".join(
            f"{f.rule} {f.name} ({f.severity}): {f.message}" for f in model.findings
        )
    if model.safety_risk:
        out["ai_safetyRiskAssessment"] = model.safety_risk
    out["ai_standardCompliance"] = _compliance_notes(model, facts)
    out["ai_typeOfModel"] = type_of_model(model)
    out["ai_useSensitivePersonalInformation"] = model.sensitive_personal_information
    return out


def type_of_model(model: ModelFacts) -> list[str]:
    """What kind of model this is, as far as the audit knows (task, family, modalities)."""
    kinds = [model.task] if model.task else []
    if model.family:
        kinds.append(f"{model.family} family")
    kinds.append(f"{'+'.join(model.modalities) or 'text'} model")
    return kinds


def _training_information(model: ModelFacts) -> str:
    parts = []
    if model.training_compute_flops:
        parts.append(f"training compute {model.training_compute_flops:.3g} FLOP")
    if model.datasets:
        parts.append(f"datasets named in the card: {', '.join(model.datasets)}")
    return "; ".join(parts)


def _compliance_notes(model: ModelFacts, facts: BomFacts) -> list[str]:
    """One line per audited regime: how many unwaived findings this model has."""
    notes = []
    for family, title in facts.families:
        count = sum(1 for f in model.findings if f.family == family)
        notes.append(
            f"{title}: {count} open finding{'s' if count != 1 else ''} "
            f"(model-audit {facts.tool_version}, as of {facts.as_of.isoformat()})"
        )
    return notes
