"""CycloneDX 1.6 JSON export: a ``machine-learning-model`` component per model.

The BOM is built with cyclonedx-python-lib (components, licences, supplier, pedigree,
external references, metadata). The library cannot serialise ``modelCard`` yet
(CycloneDX/cyclonedx-python-lib#912), so the model cards are added to its JSON output by
``bom-ref``; the result is checked against the CycloneDX 1.6 JSON Schema the library ships.

Licences: a component's ``licenses`` hold the licence the audit concluded
(acknowledgement ``concluded``); ``evidence.licenses`` hold the licence as the source
stated it (``declared``). Lineage is nested ``pedigree.ancestors``, nearest base first.
Output is deterministic: the serial number is derived from the inventory's sha256 and the
``--as-of`` day, the timestamp is that day at 00:00:00Z.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from audit.bom.facts import HUB_URL, AncestorFacts, BomFacts, ModelFacts, type_of_model
from audit.bom.licence_ids import BomLicence
from audit.errors import ToolError

if TYPE_CHECKING:
    from cyclonedx.model.component import Component
    from cyclonedx.model.license import License, LicenseAcknowledgement

PROPERTY_PREFIX = "model-audit:"
ROOT_REF = "inventory"

MODALITY_FORMATS = {"text": "string", "image": "image", "audio": "audio", "video": "video"}
"""Inventory modality -> CycloneDX model-card input format."""


def render_cyclonedx(facts: BomFacts) -> str:
    """The CycloneDX 1.6 JSON document for ``facts``, schema-checked, ending in a newline.

    Raises ``ToolError`` if the document fails the schema: that is a defect of ours.
    """
    from cyclonedx.output.json import JsonV1Dot6
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    text = JsonV1Dot6(build_bom(facts)).output_as_string()
    data = json.loads(text)
    cards = {f"model:{m.id}": model_card(m) for m in facts.models}
    for component in data.get("components", []):
        card = cards.get(component.get("bom-ref"))
        if card:
            component["modelCard"] = card
    rendered = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(rendered)
    if error is not None:
        raise ToolError(f"the CycloneDX export does not match the CycloneDX 1.6 schema: {error}")
    return rendered


def serial_number(facts: BomFacts) -> uuid.UUID:
    """The BOM's serial number: the same inventory content and day give the same number."""
    seed = f"model-audit:{facts.inventory_sha256}:{facts.as_of.isoformat()}"
    return uuid.uuid5(uuid.NAMESPACE_URL, seed)


def build_bom(facts: BomFacts) -> Any:
    """The ``cyclonedx.model.bom.Bom`` for ``facts`` (without model cards)."""
    from cyclonedx.model.bom import Bom, BomMetaData
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.model.contact import OrganizationalEntity
    from cyclonedx.model.tool import ToolRepository

    organisation = OrganizationalEntity(name=facts.organisation)
    root = Component(
        name=f"AI models of {facts.organisation}",
        type=ComponentType.APPLICATION,
        bom_ref=ROOT_REF,
        description=f"The model inventory {facts.inventory_path}",
        supplier=organisation,
        properties=_properties(
            [
                ("inventory-sha256", facts.inventory_sha256),
                ("knowledge-base-version", facts.knowledge_base_version),
                ("as-of", facts.as_of.isoformat()),
            ]
        ),
    )
    tool = Component(name="model-audit", version=facts.tool_version, type=ComponentType.APPLICATION)
    metadata = BomMetaData(
        tools=ToolRepository(components=[tool]),
        timestamp=dt.datetime.combine(facts.as_of, dt.time(0, 0), tzinfo=dt.timezone.utc),
        component=root,
        supplier=organisation,
    )
    components = [_model_component(m) for m in facts.models]
    bom = Bom(serial_number=serial_number(facts), metadata=metadata, components=components)
    bom.register_dependency(root, components)
    return bom


def _model_component(model: ModelFacts) -> Component:
    from cyclonedx.model import ExternalReference, ExternalReferenceType, XsUri
    from cyclonedx.model.component import Component, ComponentEvidence, ComponentType, Pedigree
    from cyclonedx.model.license import LicenseAcknowledgement

    declared = _licences(model.declared, LicenseAcknowledgement.DECLARED)
    references = []
    if model.download_url:
        references.append(
            ExternalReference(
                type=ExternalReferenceType.DISTRIBUTION,
                url=XsUri(model.download_url),
                comment="Hugging Face Hub repository",
            )
        )
    ancestors = _ancestor_chain(model, model.ancestors, 1)
    return Component(
        name=model.name,
        type=ComponentType.MACHINE_LEARNING_MODEL,
        bom_ref=f"model:{model.id}",
        version=model.revision,
        description=f"inventory model {model.id}",
        supplier=_supplier(model.supplier, on_hub=model.source == "huggingface"),
        licenses=_licences(model.concluded, LicenseAcknowledgement.CONCLUDED),
        evidence=ComponentEvidence(licenses=declared) if declared else None,
        external_references=references,
        pedigree=Pedigree(ancestors=ancestors) if ancestors else None,
        properties=_properties(
            [
                ("inventory-id", model.id),
                ("source", model.source),
                ("provider", model.provider),
                ("licence-source", model.licence_source),
                ("licence-evidence", model.licence_where),
                ("hosting-mode", model.hosting_mode),
                ("hosting-regions", ", ".join(model.hosting_regions)),
                ("status", model.status),
            ]
        ),
    )


def _ancestor_chain(
    model: ModelFacts, chain: tuple[AncestorFacts, ...], depth: int
) -> list[Component]:
    """The nearest base as a component whose own pedigree holds the next one, and so on."""
    from cyclonedx.model import ExternalReference, ExternalReferenceType, XsUri
    from cyclonedx.model.component import Component, ComponentType, Pedigree
    from cyclonedx.model.license import LicenseAcknowledgement

    if not chain:
        return []
    ancestor, rest = chain[0], chain[1:]
    further = _ancestor_chain(model, rest, depth + 1)
    references = []
    if ancestor.download_url:
        references.append(
            ExternalReference(
                type=ExternalReferenceType.DISTRIBUTION, url=XsUri(ancestor.download_url)
            )
        )
    component = Component(
        name=ancestor.name,
        type=ComponentType.MACHINE_LEARNING_MODEL,
        bom_ref=f"model:{model.id}:base:{depth}",
        supplier=_supplier(ancestor.supplier, on_hub=ancestor.download_url is not None),
        licenses=_licences(ancestor.licence, LicenseAcknowledgement.DECLARED),
        external_references=references,
        pedigree=Pedigree(ancestors=further) if further else None,
        properties=_properties(
            [
                ("lineage-depth", str(depth)),
                ("relation", ancestor.relation),
                ("learnt-from", ancestor.where),
            ]
        ),
    )
    return [component]


def _licences(licence: BomLicence, acknowledgement: LicenseAcknowledgement) -> list[License]:
    """One CycloneDX licence: an SPDX id, a name with its URL, or an expression."""
    from cyclonedx.model import XsUri
    from cyclonedx.model.license import DisjunctiveLicense, LicenseExpression

    expression = licence.expression
    if not expression:
        return []
    url = XsUri(licence.url) if licence.url else None
    single = " " not in expression.strip()
    if licence.listed and single:
        return [DisjunctiveLicense(id=expression, url=url, acknowledgement=acknowledgement)]
    if single and licence.name:
        # a licence without an SPDX id reads better by name than as a bare LicenseRef
        return [DisjunctiveLicense(name=licence.name, url=url, acknowledgement=acknowledgement)]
    return [LicenseExpression(expression, acknowledgement=acknowledgement)]


def _supplier(name: str | None, *, on_hub: bool) -> Any:
    """The supplier as an organisation; a Hub organisation also gets its Hub page."""
    from cyclonedx.model import XsUri
    from cyclonedx.model.contact import OrganizationalEntity

    if not name:
        return None
    urls = [XsUri(HUB_URL + name)] if on_hub else []
    return OrganizationalEntity(name=name, urls=urls)


def _properties(pairs: Iterable[tuple[str, str | None]]) -> list[Any]:
    from cyclonedx.model import Property

    return [Property(name=PROPERTY_PREFIX + key, value=value) for key, value in pairs if value]


def model_card(model: ModelFacts) -> dict[str, Any]:
    """The CycloneDX 1.6 ``modelCard`` of a model: parameters, considerations, audit facts."""
    parameters: dict[str, Any] = {}
    if model.task:
        parameters["task"] = model.task
    if model.family:
        parameters["architectureFamily"] = model.family
    if model.datasets:
        parameters["datasets"] = [{"type": "dataset", "name": name} for name in model.datasets]
    formats = [MODALITY_FORMATS.get(m, m) for m in model.modalities]
    if formats:
        parameters["inputs"] = [{"format": f} for f in formats]
    considerations: dict[str, Any] = {}
    audiences = sorted({uc.audience for uc in model.use_cases})
    if audiences:
        considerations["users"] = audiences
    if model.use_cases:
        considerations["useCases"] = [
            f"{uc.id}: {uc.purpose}" if uc.purpose else uc.id for uc in model.use_cases
        ]
    if model.findings:
        considerations["ethicalConsiderations"] = [
            {
                "name": f"{f.rule} {f.name} ({f.severity}): {f.message}",
                "mitigationStrategy": f.remediation,
            }
            for f in model.findings
        ]
    card: dict[str, Any] = {"bom-ref": f"model-card:{model.id}", "modelParameters": parameters}
    if considerations:
        card["considerations"] = considerations
    facts = [
        ("type-of-model", "; ".join(type_of_model(model))),
        ("safety-risk-assessment", model.safety_risk),
        (
            "ai-act-risk-class",
            "; ".join(f"{uc.id}: {uc.risk_class or 'unclassified'}" for uc in model.use_cases),
        ),
        ("sensitive-personal-information", model.sensitive_personal_information),
        (
            "training-compute-flops",
            f"{model.training_compute_flops:.3g}" if model.training_compute_flops else None,
        ),
    ]
    card["properties"] = [
        {"name": PROPERTY_PREFIX + key, "value": value} for key, value in facts if value
    ]
    return card
