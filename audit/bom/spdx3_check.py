"""Check an SPDX 3.0.1 JSON-LD document for the mistakes a writer can make.

No Python library reads SPDX 3.0.1 JSON-LD (spdx-tools 0.8 only writes a pre-3.0 draft), so
the exporter checks its own output with this, and so do the tests. It checks that the
document is what the 3.0.1 JSON-LD serialisation expects, not the whole SHACL model:

- ``@context`` is the published 3.0.1 context and ``@graph`` a list of typed objects;
- every element has an absolute, unique ``spdxId`` and points at a defined ``CreationInfo``;
- exactly one ``SpdxDocument``, whose ``rootElement`` and ``element`` are all defined;
- every relationship has a known ``relationshipType`` and defined endpoints (SPDX's own
  individuals such as ``expandedlicensing_NoAssertionLicense`` count as defined);
- every reference to an agent, licence or package points at an element of a fitting type;
- the AI profile's rule: each ``ai_AIPackage`` has exactly one ``hasDeclaredLicense`` and
  one ``hasConcludedLicense``, each to a licence;
- vocabulary values (safety risk, presence, primary purpose) and licence expressions parse.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

SPDX_CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"

RELATIONSHIP_TYPES = frozenset(
    [
        "affects",
        "amendedBy",
        "ancestorOf",
        "availableFrom",
        "configures",
        "contains",
        "coordinatedBy",
        "copiedTo",
        "delegatedTo",
        "dependsOn",
        "descendantOf",
        "describes",
        "doesNotAffect",
        "expandsTo",
        "exploitCreatedBy",
        "fixedBy",
        "fixedIn",
        "foundBy",
        "generates",
        "hasAddedFile",
        "hasAssessmentFor",
        "hasAssociatedVulnerability",
        "hasConcludedLicense",
        "hasDataFile",
        "hasDeclaredLicense",
        "hasDeletedFile",
        "hasDependencyManifest",
        "hasDistributionArtifact",
        "hasDocumentation",
        "hasDynamicLink",
        "hasEvidence",
        "hasExample",
        "hasHost",
        "hasInput",
        "hasMetadata",
        "hasOptionalComponent",
        "hasOptionalDependency",
        "hasOutput",
        "hasPrerequisite",
        "hasProvidedDependency",
        "hasRequirement",
        "hasSpecification",
        "hasStaticLink",
        "hasTest",
        "hasTestCase",
        "hasVariant",
        "invokedBy",
        "modifiedBy",
        "other",
        "packagedBy",
        "patchedBy",
        "publishedBy",
        "reportedBy",
        "republishedBy",
        "serializedInArtifact",
        "testedOn",
        "trainedOn",
        "underInvestigationFor",
        "usesTool",
    ]
)
"""``RelationshipType`` entries of SPDX 3.0.1 (Core vocabulary)."""

WELL_KNOWN_INDIVIDUALS = frozenset(
    {
        "expandedlicensing_NoAssertionLicense",
        "expandedlicensing_NoneLicense",
        "NoAssertionElement",
        "NoneElement",
        "SpdxOrganization",
    }
)
"""Elements SPDX itself defines, which a document names without defining."""

AGENT_TYPES = frozenset({"Agent", "Organization", "Person", "SoftwareAgent"})
LICENCE_TYPES = frozenset(
    {
        "simplelicensing_LicenseExpression",
        "simplelicensing_SimpleLicensingText",
        "expandedlicensing_ListedLicense",
        "expandedlicensing_CustomLicense",
        "expandedlicensing_ConjunctiveLicenseSet",
        "expandedlicensing_DisjunctiveLicenseSet",
        "expandedlicensing_OrLaterOperator",
        "expandedlicensing_WithAdditionOperator",
    }
)
LICENCE_INDIVIDUALS = frozenset(
    {"expandedlicensing_NoAssertionLicense", "expandedlicensing_NoneLicense"}
)
PACKAGE_TYPES = frozenset({"software_Package", "ai_AIPackage", "dataset_DatasetPackage"})
VOCABULARIES: Mapping[str, frozenset[str]] = {
    "ai_safetyRiskAssessment": frozenset({"serious", "high", "medium", "low"}),
    "ai_useSensitivePersonalInformation": frozenset({"yes", "no", "noAssertion"}),
    "ai_autonomyType": frozenset({"yes", "no", "noAssertion"}),
    "dataset_hasSensitivePersonalInformation": frozenset({"yes", "no", "noAssertion"}),
    "software_primaryPurpose": frozenset(
        [
            "application",
            "archive",
            "bom",
            "configuration",
            "container",
            "data",
            "device",
            "deviceDriver",
            "diskImage",
            "documentation",
            "evidence",
            "executable",
            "file",
            "filesystemImage",
            "firmware",
            "framework",
            "install",
            "library",
            "manifest",
            "model",
            "module",
            "operatingSystem",
            "other",
            "patch",
            "platform",
            "requirement",
            "source",
            "specification",
            "test",
        ]
    ),
}
"""Enumerated properties we write, with their SPDX 3.0.1 values."""


def check_spdx3(document: Any) -> list[str]:
    """Problems found in an SPDX 3.0.1 JSON-LD document; an empty list means none found."""
    if not isinstance(document, Mapping):
        return ["the document is not a JSON object"]
    problems: list[str] = []
    if document.get("@context") != SPDX_CONTEXT:
        problems.append(f"@context is {document.get('@context')!r}, expected {SPDX_CONTEXT!r}")
    graph = document.get("@graph")
    if not isinstance(graph, list) or not all(isinstance(n, Mapping) for n in graph):
        return [*problems, "@graph is not a list of objects"]
    problems.extend(_check_nodes(graph))
    elements = {n["spdxId"]: n for n in graph if isinstance(n.get("spdxId"), str)}
    problems.extend(_check_document(graph, elements))
    problems.extend(_check_references(graph, elements))
    problems.extend(_check_licences(graph, elements))
    return problems


def _check_nodes(graph: list[Mapping[str, Any]]) -> Iterable[str]:
    creation_infos = {n.get("@id") for n in graph if n.get("type") == "CreationInfo"}
    if not creation_infos:
        yield "no CreationInfo in @graph"
    for node in graph:
        if node.get("type") == "CreationInfo":
            for key in ("specVersion", "created", "createdBy"):
                if not node.get(key):
                    yield f"CreationInfo {node.get('@id')}: {key} is missing"
    counts = Counter(n.get("spdxId") for n in graph if n.get("type") != "CreationInfo")
    for node in graph:
        kind = node.get("type")
        if not isinstance(kind, str) or not kind:
            yield f"an object of @graph has no type: {dict(node)!r:.120}"
            continue
        if kind == "CreationInfo":
            continue
        spdx_id = node.get("spdxId")
        if not isinstance(spdx_id, str) or ":" not in spdx_id or spdx_id.startswith("_:"):
            yield f"{kind} has no absolute spdxId: {spdx_id!r}"
        elif counts[spdx_id] > 1:
            yield f"spdxId {spdx_id} is used by {counts[spdx_id]} elements"
        if node.get("creationInfo") not in creation_infos:
            yield f"{spdx_id}: creationInfo {node.get('creationInfo')!r} is not defined"
        for key, allowed in VOCABULARIES.items():
            if key in node and node[key] not in allowed:
                yield f"{spdx_id}: {key} {node[key]!r} is not one of {sorted(allowed)}"


def _check_document(
    graph: list[Mapping[str, Any]], elements: Mapping[str, Mapping[str, Any]]
) -> Iterable[str]:
    documents = [n for n in graph if n.get("type") == "SpdxDocument"]
    if len(documents) != 1:
        yield f"expected exactly one SpdxDocument, found {len(documents)}"
        return
    document = documents[0]
    roots = document.get("rootElement") or []
    if not roots:
        yield "SpdxDocument has no rootElement"
    for key in ("rootElement", "element"):
        for ref in document.get(key) or []:
            if ref not in elements:
                yield f"SpdxDocument {key} {ref} is not defined in the document"
    listed = set(document.get("element") or [])
    for spdx_id, node in elements.items():
        if node.get("type") != "SpdxDocument" and spdx_id not in listed:
            yield f"{spdx_id} is not listed in SpdxDocument element"


def _check_references(
    graph: list[Mapping[str, Any]], elements: Mapping[str, Mapping[str, Any]]
) -> Iterable[str]:
    def defined(ref: Any) -> bool:
        return ref in elements or ref in WELL_KNOWN_INDIVIDUALS

    for node in graph:
        spdx_id = node.get("spdxId", node.get("@id"))
        for ref in node.get("createdBy") or []:
            if _type_of(ref, elements) not in AGENT_TYPES:
                yield f"{spdx_id}: createdBy {ref} is not an agent defined in the document"
        if "suppliedBy" in node and _type_of(node["suppliedBy"], elements) not in AGENT_TYPES:
            yield f"{spdx_id}: suppliedBy {node['suppliedBy']} is not a defined agent"
        if node.get("type") != "Relationship":
            continue
        kind = node.get("relationshipType")
        if kind not in RELATIONSHIP_TYPES:
            yield f"{spdx_id}: relationshipType {kind!r} is not an SPDX 3.0.1 type"
        if not defined(node.get("from")):
            yield f"{spdx_id}: from {node.get('from')!r} is not defined"
        targets = node.get("to")
        if not isinstance(targets, list) or not targets:
            yield f"{spdx_id}: to must be a non-empty list"
            continue
        for target in targets:
            if not defined(target):
                yield f"{spdx_id}: to {target!r} is not defined"
        if kind in ("hasDeclaredLicense", "hasConcludedLicense"):
            for target in targets:
                is_licence = _type_of(target, elements) in LICENCE_TYPES
                if target not in LICENCE_INDIVIDUALS and not is_licence:
                    yield f"{spdx_id}: {kind} points at {target}, which is not a licence"
        if kind in ("descendantOf", "ancestorOf", "trainedOn", "testedOn"):
            for ref in [node.get("from"), *targets]:
                if _type_of(ref, elements) not in PACKAGE_TYPES:
                    yield f"{spdx_id}: {kind} relates {ref}, which is not a package"


def _check_licences(
    graph: list[Mapping[str, Any]], elements: Mapping[str, Mapping[str, Any]]
) -> Iterable[str]:
    rels = [n for n in graph if n.get("type") == "Relationship"]
    for spdx_id, node in elements.items():
        if node.get("type") == "ai_AIPackage":
            for kind in ("hasDeclaredLicense", "hasConcludedLicense"):
                count = sum(
                    1 for r in rels if (r.get("from"), r.get("relationshipType")) == (spdx_id, kind)
                )
                if count != 1:
                    yield f"{spdx_id}: expected exactly one {kind} relationship, found {count}"
        if node.get("type") == "simplelicensing_LicenseExpression":
            expression = node.get("simplelicensing_licenseExpression")
            if not isinstance(expression, str) or not _parses(expression):
                yield f"{spdx_id}: {expression!r} is not an SPDX licence expression"
            for entry in node.get("simplelicensing_customIdToUri") or []:
                key = entry.get("key", "") if isinstance(entry, Mapping) else ""
                if not key.startswith(("LicenseRef-", "AdditionRef-")) or not entry.get("value"):
                    yield f"{spdx_id}: customIdToUri entry {entry!r} is not a LicenseRef and a URI"


def _type_of(ref: Any, elements: Mapping[str, Mapping[str, Any]]) -> str | None:
    node = elements.get(ref) if isinstance(ref, str) else None
    kind = node.get("type") if node else None
    return kind if isinstance(kind, str) else None


def _parses(expression: str) -> bool:
    from audit.bom.licence_ids import spdx_licensing

    try:
        return spdx_licensing().parse(expression, validate=False) is not None
    except Exception:  # license_expression raises its own family of errors for non-expressions
        return False
