"""SPDX 3.0.1 JSON-LD export through spdx-python-model, the SPDX project's generated bindings.

One ``ai_AIPackage`` per inventory model and per base model of its lineage, a
``dataset_DatasetPackage`` per dataset its card names, licences as
``simplelicensing_LicenseExpression`` elements, and the audit's open findings as review
``Annotation``\\ s on the package they concern. The bindings check every property's type and
cardinality as it is set, and their JSON-LD serialiser writes the published 3.0.1 context.

What the 3.0.1 model asks of each package beyond what SHACL checks is filled from the audit:

- ``software_packageVersion``: the inventory's pinned revision, else ``NOASSERTION``;
- ``software_downloadLocation``: the Hub page for a Hub model or dataset, else
  ``NOASSERTION`` (the SPDX spelling of "no assertion made" for a location);
- ``releaseTime``: the audit never learns when a model was released, so the audit day
  (``--as-of``) stands in as the latest time by which it had been, and the package's
  ``comment`` says so;
- ``suppliedBy`` / ``originatedBy``: the Hub organisation, API provider or in-house owner;
- exactly one ``hasDeclaredLicense`` and one ``hasConcludedLicense`` relationship, the
  ``NoAssertionLicense`` individual where nothing is known.

``profileConformance`` claims a profile only when every element it governs has what the
profile requires (``PROFILE_REQUIREMENTS``): datasets carry no build or release time the
audit could know, so ``dataset`` is not claimed. A proprietary licence has no public text: it
becomes a ``LicenseRef-`` whose ``simplelicensing_SimpleLicensingText`` names the provider
whose terms govern. Output is deterministic: ids derive from the inventory's sha256 and
the day, ``created`` is that day at 00:00:00Z, and the serialiser orders elements by id.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from audit.bom.facts import (
    AncestorFacts,
    BomFacts,
    ModelFacts,
    finding_statement,
    hub_owner,
    type_of_model,
)
from audit.bom.licence_ids import NO_ASSERTION as NO_LICENCE
from audit.bom.licence_ids import BomLicence, licence_ref

SPEC_VERSION = "3.0.1"
SPDX_CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
NO_ASSERTION = "NOASSERTION"
"""Value of a text or URI property the audit cannot know (SPDX's "no assertion")."""
HUB_DATASETS_URL = "https://huggingface.co/datasets/"

PROFILE_ORDER = ("core", "software", "ai", "dataset", "simpleLicensing", "expandedLicensing")

PROFILE_REQUIREMENTS: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "ai": (
        "ai_AIPackage",
        (
            "suppliedBy",
            "software_downloadLocation",
            "software_packageVersion",
            "software_primaryPurpose",
            "releaseTime",
        ),
    ),
    "dataset": (
        "dataset_DatasetPackage",
        (
            "originatedBy",
            "software_downloadLocation",
            "software_primaryPurpose",
            "releaseTime",
            "builtTime",
        ),
    ),
}
"""Profile -> (the class it governs, properties SPDX 3.0.1 requires on each element of it).
These are the model's "external property restrictions", which its SHACL shapes leave out."""


def render_spdx3(facts: BomFacts) -> str:
    """The SPDX 3.0.1 JSON-LD document for ``facts`` as text ending in a newline."""
    return json.dumps(build_spdx3(facts), indent=2, ensure_ascii=False) + "\n"


def build_spdx3(facts: BomFacts) -> dict[str, Any]:
    """The SPDX 3.0.1 JSON-LD document for ``facts`` as JSON-ready data."""
    from spdx_python_model import v3_0_1 as spdx

    builder = _Builder(spdx, facts)
    data: dict[str, Any] = spdx.JSONLDSerializer().serialize_data(builder.build())
    return data


def document_namespace(facts: BomFacts) -> str:
    """A namespace unique to this inventory content and day, stable across runs."""
    seed = f"model-audit:{facts.inventory_sha256}:{facts.as_of.isoformat()}"
    return f"https://spdx.org/spdxdocs/model-audit-{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"


class _Builder:
    """The elements of one document, each id created once, in a fixed order."""

    def __init__(self, spdx: Any, facts: BomFacts) -> None:
        self.spdx = spdx
        self.facts = facts
        self.namespace = document_namespace(facts)
        self.objects = spdx.SHACLObjectSet()
        self.elements: list[Any] = []
        self.by_key: dict[str, Any] = {}
        self.relationships: set[tuple[str, str, tuple[str, ...]]] = set()
        self.inventory_models: dict[str, Any] = {}
        self.day = dt.datetime.combine(facts.as_of, dt.time(0, 0), tzinfo=dt.timezone.utc)
        self.uses_expanded_licensing = False
        self.creation = spdx.CreationInfo(specVersion=SPEC_VERSION, created=self.day)

    def iri(self, local: str) -> str:
        """The spdxId of a local name (quoted so that any inventory id yields a valid IRI)."""
        return f"{self.namespace}#{quote(local, safe='-._~')}"

    def add(self, key: str, kind: str, **properties: Any) -> Any:
        """The element for ``key``, made as a ``kind`` with ``properties`` on first use."""
        if key not in self.by_key:
            element = getattr(self.spdx, kind)(
                spdxId=self.iri(key), creationInfo=self.creation, **properties
            )
            self.by_key[key] = element
            self.elements.append(element)
            self.objects.add(element)
        return self.by_key[key]

    def build(self) -> Any:
        spdx, facts = self.spdx, self.facts
        creator = self.organisation(facts.organisation, comment=f"country: {facts.country}")
        tool = self.add("Tool-model-audit", "Tool", name=f"model-audit {facts.tool_version}")
        self.creation.createdBy.append(creator)
        self.creation.createdUsing.append(tool)
        roots = [self.model_package(model) for model in facts.models]
        for model in facts.models:
            self.lineage(model)
            self.datasets(model)
        for model in facts.models:
            self.findings(model)
        document = spdx.SpdxDocument(
            spdxId=self.iri("SpdxDocument"),
            creationInfo=self.creation,
            name=f"AI bill of materials of {facts.organisation}",
            comment=(
                f"Exported by model-audit {facts.tool_version} from {facts.inventory_path} "
                f"(sha256 {facts.inventory_sha256}) as of {facts.as_of.isoformat()}; "
                f"licence knowledge base {facts.knowledge_base_version}."
            ),
            profileConformance=[getattr(spdx.ProfileIdentifierType, p) for p in self.profiles()],
            rootElement=roots,
            element=list(self.elements),
        )
        self.objects.add(document)
        return self.objects

    def profiles(self) -> list[str]:
        """The profiles whose requirements every element of this document meets."""
        claimed = {"core", "software", "simpleLicensing"}
        if self.uses_expanded_licensing:
            claimed.add("expandedLicensing")
        for profile, (kind, required) in PROFILE_REQUIREMENTS.items():
            governed = [e for e in self.elements if type(e).__name__ == kind]
            if governed and all(_has(e, name) for e in governed for name in required):
                claimed.add(profile)
        return [p for p in PROFILE_ORDER if p in claimed]

    def organisation(self, name: str, comment: str | None = None) -> Any:
        """The Organization named ``name``, added on first use."""
        extra = {"comment": comment} if comment else {}
        return self.add(f"Organization-{name}", "Organization", name=name, **extra)

    def licence(self, licence: BomLicence, provider: str | None, label: str | None = None) -> Any:
        """The element for ``licence``; SPDX's NoAssertionLicense individual if unknown."""
        spdx = self.spdx
        if not licence.expression:
            self.uses_expanded_licensing = True
            return spdx.expandedlicensing_IndividualLicensingInfo.NoAssertionLicense
        expression = licence.expression
        targets: dict[str, str] = {}
        if licence.proprietary:
            expression, text = self._provider_terms(licence, provider, label)
            targets[expression] = text.spdxId
        elif licence.url:
            targets = dict.fromkeys(licence.licence_refs, licence.url)
        properties: dict[str, Any] = {"simplelicensing_licenseExpression": expression}
        if targets:
            properties["simplelicensing_customIdToUri"] = [
                spdx.DictionaryEntry(key=ref, value=uri) for ref, uri in targets.items()
            ]
        if licence.name and licence.name != expression:
            properties["name"] = licence.name
        return self.add(f"License-{expression}", "simplelicensing_LicenseExpression", **properties)

    def _provider_terms(
        self, licence: BomLicence, provider: str | None, label: str | None
    ) -> tuple[str, Any]:
        """A ``LicenseRef-`` for one provider's own terms, with the text element naming them."""
        ref = licence_ref(f"proprietary-{provider}" if provider else "proprietary")
        whose = f"the provider {label or provider}" if provider else "the model's supplier"
        text = self.add(
            f"LicenseText-{ref}",
            "simplelicensing_SimpleLicensingText",
            name=f"{licence.name or 'Proprietary terms'}: {whose}",
            simplelicensing_licenseText=(
                f"Proprietary: no public licence text. The terms of service of {whose}, and "
                "any contract signed with it, govern the use of this model; read them there."
            ),
        )
        return ref, text

    def relationship(self, source: Any, kind: str, targets: list[Any], comment: str) -> None:
        """Add one relationship ``source kind targets`` unless the same one exists."""
        ids = tuple(t if isinstance(t, str) else t.spdxId for t in targets)
        key = (source.spdxId, kind, ids)
        if not targets or key in self.relationships:
            return
        self.relationships.add(key)
        self.add(
            f"Relationship-{len(self.relationships)}",
            "Relationship",
            from_=source,
            relationshipType=getattr(self.spdx.RelationshipType, kind),
            to=targets,
            comment=comment,
        )

    def _package_basics(self, version: str | None, download: str | None) -> dict[str, Any]:
        return {
            "software_packageVersion": version or NO_ASSERTION,
            "software_downloadLocation": download or NO_ASSERTION,
            "releaseTime": self.day,
            "comment": (
                f"releaseTime: not known to the audit; the audit day "
                f"{self.facts.as_of.isoformat()} stands in as the latest time by which the "
                "model had been released."
            ),
        }

    def model_package(self, model: ModelFacts) -> Any:
        """Add the AI package of an inventory model with its licences; return it."""
        properties = self._package_basics(model.revision, model.download_url)
        if model.supplier:
            properties["suppliedBy"] = self.organisation(model.supplier)
        properties.update(_ai_properties(self.spdx, model))
        package = self.add(
            f"AIPackage-{model.id}",
            "ai_AIPackage",
            name=model.name,
            summary=f"inventory model {model.id}",
            software_primaryPurpose=self.spdx.software_SoftwarePurpose.model,
            **properties,
        )
        self.inventory_models.setdefault(model.name, package)
        provider = model.provider or model.supplier
        label = f"{model.provider_name} ({provider})" if model.provider_name else provider
        self._licences(
            package, model.declared, model.concluded, model.licence_where, provider, label
        )
        return package

    def ancestor_package(self, ancestor: AncestorFacts) -> Any:
        """Add the AI package of a base model once; its licence is declared, not concluded."""
        if ancestor.name in self.inventory_models:
            return self.inventory_models[ancestor.name]
        key = f"AIPackage-base-{ancestor.name}"
        if key in self.by_key:
            return self.by_key[key]
        properties = self._package_basics(None, ancestor.download_url)
        if ancestor.supplier:
            properties["suppliedBy"] = self.organisation(ancestor.supplier)
        package = self.add(
            key,
            "ai_AIPackage",
            name=ancestor.name,
            summary="base model",
            software_primaryPurpose=self.spdx.software_SoftwarePurpose.model,
            ai_useSensitivePersonalInformation=self.spdx.PresenceType.noAssertion,
            **properties,
        )
        self._licences(package, ancestor.licence, NO_LICENCE, ancestor.where, ancestor.supplier)
        return package

    def lineage(self, model: ModelFacts) -> None:
        """``descendantOf`` from the model to its nearest base, and on up the chain."""
        child = self.by_key[f"AIPackage-{model.id}"]
        for ancestor in model.ancestors:
            parent = self.ancestor_package(ancestor)
            how = f"{ancestor.relation} of {ancestor.name}" if ancestor.relation else ""
            learnt = f"learnt from {ancestor.where}"
            self.relationship(
                child, "descendantOf", [parent], f"{how}; {learnt}" if how else learnt
            )
            child = parent

    def datasets(self, model: ModelFacts) -> None:
        """A dataset package per dataset named in the card, and ``trainedOn`` to them."""
        spdx = self.spdx
        targets = []
        for name in model.datasets:
            owner = hub_owner(name)
            properties: dict[str, Any] = {
                "software_downloadLocation": HUB_DATASETS_URL + name if owner else NO_ASSERTION
            }
            if owner:
                properties["originatedBy"] = [self.organisation(owner)]
            dataset = self.add(
                f"DatasetPackage-{name}",
                "dataset_DatasetPackage",
                name=name,
                software_primaryPurpose=spdx.software_SoftwarePurpose.data,
                dataset_datasetType=[spdx.dataset_DatasetType.noAssertion],
                **properties,
            )
            self._licences(dataset, NO_LICENCE, NO_LICENCE, None, owner)
            targets.append(dataset)
        model_package = self.by_key[f"AIPackage-{model.id}"]
        self.relationship(model_package, "trainedOn", targets, "datasets named in the model card")

    def findings(self, model: ModelFacts) -> None:
        """One review annotation per open finding, on the package of its model."""
        package = self.by_key[f"AIPackage-{model.id}"]
        for number, finding in enumerate(model.findings, start=1):
            self.add(
                f"Annotation-{model.id}-{number}",
                "Annotation",
                annotationType=self.spdx.AnnotationType.review,
                subject=package,
                statement=finding_statement(finding),
            )

    def _licences(
        self,
        package: Any,
        declared: BomLicence,
        concluded: BomLicence,
        where: str | None,
        provider: str | None,
        label: str | None = None,
    ) -> None:
        found = f"as stated at {where}" if where else "as stated by the source"
        declared_element = self.licence(declared, provider, label)
        self.relationship(package, "hasDeclaredLicense", [declared_element], found)
        self.relationship(
            package,
            "hasConcludedLicense",
            [self.licence(concluded, provider, label)],
            "concluded by model-audit",
        )


def _has(element: Any, name: str) -> bool:
    value = getattr(element, name)
    return value is not None and (not hasattr(value, "__len__") or len(value) > 0)


def _ai_properties(spdx: Any, model: ModelFacts) -> dict[str, Any]:
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
    if model.safety_risk:
        levels = spdx.ai_SafetyRiskAssessmentType
        out["ai_safetyRiskAssessment"] = getattr(levels, model.safety_risk)
    out["ai_typeOfModel"] = type_of_model(model)
    out["ai_useSensitivePersonalInformation"] = getattr(
        spdx.PresenceType, model.sensitive_personal_information
    )
    return out


def _training_information(model: ModelFacts) -> str:
    parts = []
    if model.training_compute_flops:
        parts.append(f"training compute {model.training_compute_flops:.3g} FLOP")
    if model.datasets:
        parts.append(f"datasets named in the card: {', '.join(model.datasets)}")
    return "; ".join(parts)
