"""A BOM scenario: four models covering Hub, local and API sources, lineage and datasets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from support import inventory, model, organisation

from audit.resolve.interface import LicenceEvidence, LineageStep, ModelResolution

LLAMA_URL = "https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE"
LLAMA_REF = "LicenseRef-scancode-llama-3.1-license-2024"


@dataclass(frozen=True)
class FakeSource:
    url: str


@dataclass(frozen=True)
class FakeEntry:
    """The fields of a knowledge-base entry that the exporters read."""

    key: str
    name: str
    spdx_id: str
    source: FakeSource


FAKE_KB = {
    "llama3.1": FakeEntry(
        "llama3.1", "Llama 3.1 Community License Agreement", LLAMA_REF, FakeSource(LLAMA_URL)
    ),
    "mit": FakeEntry("mit", "MIT License", "MIT", FakeSource("https://spdx.org/licenses/MIT.html")),
}


def fake_lookup(name: str) -> Any:
    """A knowledge base that knows two licences, so tests do not depend on its data files."""
    return FAKE_KB.get(name.lower())


def _evidence(source: Any, key: str | None, found: str, where: str) -> tuple[LicenceEvidence, ...]:
    return (LicenceEvidence(source, key, found, where),)


def scenario_inventory() -> dict[str, Any]:
    """Four models: a Hub fine-tune, a local fine-tune of it, a local classifier, an API model."""
    return inventory(
        model(
            "chat",
            name="meta-llama/Llama-3.1-8B-Instruct",
            revision="0e9e39f",
            use_cases=[
                {
                    "id": "claims-chat",
                    "purpose": "Answer policy holders' questions",
                    "audience": "customers",
                    "data": ["personal"],
                    "ai_act": {"area": "none", "interacts_with_people": True},
                }
            ],
        ),
        model(
            "med",
            name="acme/med-8b",
            source="local",
            path="models/med",
            use_cases=[
                {
                    "id": "triage",
                    "purpose": "Rank claims for review",
                    "data": ["health"],
                    "ai_act": {"area": "essential-services"},
                }
            ],
        ),
        model("classifier", name="claims-classifier", source="local", path="models/classifier"),
        model(
            "frontier",
            name="gpt-4o",
            source="api",
            provider="openai",
            hosting={"mode": "api", "regions": ["US"]},
            use_cases=[{"id": "drafting", "purpose": "Draft letters", "data": []}],
        ),
        organisation=organisation(name="Acme Health GmbH"),
    )


def scenario_resolutions() -> dict[str, ModelResolution]:
    """What resolution would have found for the four models."""
    base = LineageStep("meta-llama/Llama-3.1-8B", "llama3.1", "cardData.base_model", "finetune")
    return {
        "chat": ModelResolution(
            "chat",
            "llama3.1",
            "hub",
            "cardData.license",
            evidence=_evidence("hub", "llama3.1", "llama3.1", "cardData.license"),
            lineage=(base,),
            datasets=("acme/claims-2025",),
            family="llama",
            training_compute_flops=3.8e25,
        ),
        "med": ModelResolution(
            "med",
            "llama3.1",
            "base-model",
            "models/med/README.md",
            lineage=(
                LineageStep(
                    "meta-llama/Llama-3.1-8B-Instruct",
                    "llama3.1",
                    "inventory model chat",
                    "finetune",
                ),
                base,
            ),
        ),
        "classifier": ModelResolution(
            "classifier",
            "mit",
            "spdx",
            "models/classifier/model.spdx.json#SPDXRef-Package-c",
            evidence=_evidence(
                "spdx",
                None,
                "MIT OR Apache-2.0",
                "models/classifier/model.spdx.json#SPDXRef-Package-c",
            ),
        ),
        "frontier": ModelResolution("frontier", None, None, None),
    }
