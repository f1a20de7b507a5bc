"""Every licence and model-fact correction of the December 2026 accuracy audit.

Each test fails on the knowledge base "2026.11" value it corrects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import audit, hits, inventory, model, organisation, resolution

from licences import KnowledgeBase

LLAMA_WITH_OUTPUT_TRAINING = ["llama3.1", "llama3.2", "llama3.3", "llama4"]
ALL_LLAMAS = ["llama2", "llama3", *LLAMA_WITH_OUTPUT_TRAINING]


def _served(name: str, **overrides: Any) -> dict[str, Any]:
    entry = model(name=name, **overrides)
    entry["use_cases"][0]["audience"] = "customers"
    return entry


# 1.1 Llama: display duty for output-trained models is an interpretation ------------------


@pytest.mark.parametrize("key", LLAMA_WITH_OUTPUT_TRAINING)
def test_llama_output_training_display_duty_is_an_interpretation(
    kb: KnowledgeBase, key: str
) -> None:
    entry = kb.get(key)
    assert entry is not None
    about_display = [r for r in entry.output_restrictions if "Built with Llama" in r.description]
    assert about_display, key
    assert all(r.certainty == "interpretation" for r in about_display)
    naming = [r for r in entry.output_restrictions if r.certainty == "certain"]
    assert naming and all('"Llama"' in r.description for r in naming)


# 1.2 Llama 5.c: "Meta or any entity" -----------------------------------------------------


@pytest.mark.parametrize("key", ALL_LLAMAS)
def test_llama_litigation_termination_covers_any_entity(kb: KnowledgeBase, key: str) -> None:
    entry = kb.get(key)
    assert entry is not None and entry.litigation_termination is not None
    assert entry.litigation_termination.against == "licensor-or-any-entity"
    assert entry.litigation_termination.source.section.startswith("5.c")


# 1.3 Gemma 4 ------------------------------------------------------------------------------


@pytest.mark.parametrize("repo", ["google/gemma-4-31b-it", "google/gemma-4-E4B"])
def test_gemma_4_is_apache_and_multimodal(kb: KnowledgeBase, repo: str) -> None:
    fact = kb.model_fact(repo)
    assert fact is not None
    assert fact.licence == "apache-2.0"
    assert "image" in fact.modalities


def test_older_gemma_stays_on_the_terms_of_use(kb: KnowledgeBase) -> None:
    fact = kb.model_fact("google/gemma-2-9b-it")
    assert fact is not None and fact.licence == "gemma"


def test_gemma_terms_list_every_edition(kb: KnowledgeBase) -> None:
    entry = kb.get("gemma")
    assert entry is not None
    text = " ".join(entry.editions)
    for edition in ("February 2024", "April 1, 2024", "March 24, 2025", "April 1, 2026"):
        assert edition in text
    assert entry.latest_version_duty is not None
    assert entry.latest_version_duty.source.confidence == "secondary"


def test_gemma_4_gets_no_gemma_flow_down(tmp_path: Path) -> None:
    data = inventory(model(name="google/gemma-4-31b-it", derivative={"distributed": True}))
    result = audit(tmp_path, data, resolutions={"m1": resolution("m1", "apache-2.0")})
    assert hits(result, "LIC010") == []


# 1.4 free and open source is three-way ---------------------------------------------------


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("apache-2.0", "yes"),
        ("mit", "yes"),
        ("llama3.1", "no"),
        ("qwen", "no"),
        ("cc-by-nc-4.0", "no"),
        ("bigscience-openrail-m", "review"),
        ("creativeml-openrail-m", "review"),
        ("openrail++", "review"),
        ("gemma", "review"),
        ("deepseek", "review"),
        ("nvidia-open-model-license", "review"),
    ],
)
def test_free_and_open_source_status(kb: KnowledgeBase, key: str, status: str) -> None:
    entry = kb.get(key)
    assert entry is not None
    assert entry.free_and_open_source_status == status
    assert entry.free_and_open_source is (status == "yes")


# 1.5, 1.6 Qwen-1.8B and DeepSeek-V3 --------------------------------------------------------


def test_qwen_1_8b_fact_is_primary(kb: KnowledgeBase) -> None:
    fact = kb.model_fact("Qwen/Qwen-1_8B-Chat")
    assert fact is not None and fact.licence == "tongyi-qianwen-research"
    assert fact.source.confidence == "primary"
    assert "QwenLM/Qwen" in fact.source.url


@pytest.mark.parametrize(
    ("repo", "key"),
    [
        ("deepseek-ai/DeepSeek-V3-0324", "mit"),
        ("deepseek-ai/DeepSeek-V3.1", "mit"),
        ("deepseek-ai/DeepSeek-V3", "deepseek"),
        ("deepseek-ai/DeepSeek-V3-Base", "deepseek"),
    ],
)
def test_deepseek_v3_by_repo_id(kb: KnowledgeBase, repo: str, key: str) -> None:
    fact = kb.model_fact(repo)
    assert fact is not None and fact.licence == key


# 1.7 NVIDIA Open Model License: "Built on NVIDIA Cosmos" for every multimodal model -------


def test_cosmos_display_is_scoped_by_modality_not_name(kb: KnowledgeBase) -> None:
    entry = kb.get("nvidia-open-model-license")
    assert entry is not None
    (cosmos,) = [a for a in entry.attribution if a.notice == "Built on NVIDIA Cosmos"]
    assert cosmos.model_scope == "multimodal"
    assert entry.source.confidence == "primary"
    assert "NVlabs" in entry.source.url


@pytest.mark.parametrize(
    ("modalities", "owes_cosmos"), [(("text", "image"), True), (("text",), False)]
)
def test_cosmos_display_for_a_multimodal_model_not_named_cosmos(
    tmp_path: Path, modalities: tuple[str, ...], owes_cosmos: bool
) -> None:
    data = inventory(_served("nvidia/Llama-3.1-Nemotron-Nano-VL-8B-V1"))
    res = resolution("m1", "nvidia-open-model-license", modalities=modalities)
    result = audit(tmp_path, data, resolutions={"m1": res})
    cosmos = [f for f in hits(result, "LIC006") if "Built on NVIDIA Cosmos" in f.message]
    assert bool(cosmos) is owes_cosmos


def test_a_text_model_named_cosmos_owes_no_cosmos_display(tmp_path: Path) -> None:
    data = inventory(_served("nvidia/Cosmos-Text-Only"))
    res = resolution("m1", "nvidia-open-model-license", modalities=("text",))
    result = audit(tmp_path, data, resolutions={"m1": res})
    assert not [f for f in hits(result, "LIC006") if "Cosmos" in f.message]


def test_nvidia_litigation_covers_copyright_and_patent(kb: KnowledgeBase) -> None:
    entry = kb.get("nvidia-open-model-license")
    assert entry is not None and entry.litigation_termination is not None
    assert "copyright or patent" in entry.litigation_termination.covers


# 1.8 SDXL 0.9 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "repo",
    ["stabilityai/stable-diffusion-xl-base-0.9", "stabilityai/stable-diffusion-xl-refiner-0.9"],
)
def test_sdxl_0_9_is_research_only(kb: KnowledgeBase, repo: str) -> None:
    fact = kb.model_fact(repo)
    assert fact is not None and fact.licence != "openrail++"
    entry = kb.get(fact.licence)
    assert entry is not None
    assert not entry.commercial_use.allowed and entry.research_only


@pytest.mark.parametrize(
    "repo",
    ["stabilityai/stable-diffusion-xl-base-1.0", "stabilityai/stable-diffusion-xl-refiner-1.0"],
)
def test_sdxl_1_0_stays_on_rail_plus_plus(kb: KnowledgeBase, repo: str) -> None:
    fact = kb.model_fact(repo)
    assert fact is not None and fact.licence == "openrail++"


def test_other_sdxl_repos_are_not_mapped_by_prefix(kb: KnowledgeBase) -> None:
    fact = kb.model_fact("stabilityai/stable-diffusion-xl-something-new")
    assert fact is None or fact.licence != "openrail++"


def test_sdxl_0_9_used_commercially_gives_lic005(tmp_path: Path, kb: KnowledgeBase) -> None:
    repo = "stabilityai/stable-diffusion-xl-base-0.9"
    fact = kb.model_fact(repo)
    assert fact is not None
    data = inventory(model(name=repo))
    result = audit(tmp_path, data, resolutions={"m1": resolution("m1", fact.licence)})
    (finding,) = hits(result, "LIC005")
    assert "commercial" in finding.message


# 2. Model facts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("repo", "key"),
    [
        ("meta-llama/Llama-Guard-3-11B-Vision", "llama3.2"),
        ("meta-llama/Llama-Guard-4-12B", "llama4"),
        ("google/gemma-3n-E4B-it", "gemma"),
        ("Qwen/Qwen2.5-VL-7B-Instruct", "apache-2.0"),
        ("Qwen/Qwen2.5-VL-3B-Instruct", "qwen-research"),
        ("Qwen/Qwen2.5-VL-72B-Instruct", "qwen"),
    ],
)
def test_multimodal_model_facts(kb: KnowledgeBase, repo: str, key: str) -> None:
    fact = kb.model_fact(repo)
    assert fact is not None and fact.licence == key
    assert "image" in fact.modalities


def test_llama_guard_4_in_the_eu_gives_lic008(tmp_path: Path, kb: KnowledgeBase) -> None:
    fact = kb.model_fact("meta-llama/Llama-Guard-4-12B")
    assert fact is not None
    data = inventory(model(name="meta-llama/Llama-Guard-4-12B"), organisation=organisation())
    res = resolution("m1", fact.licence, modalities=tuple(fact.modalities))
    assert hits(audit(tmp_path, data, resolutions={"m1": res}), "LIC008")
