"""Model facts: which licence, modalities and compute a Hub repo id implies."""

from __future__ import annotations

import pytest

from licences import KnowledgeBase

CASES = [
    ("meta-llama/Llama-2-13b-hf", "llama2", ["text"]),
    ("meta-llama/Meta-Llama-3-8B-Instruct", "llama3", ["text"]),
    ("meta-llama/Meta-Llama-3.1-70B-Instruct", "llama3.1", ["text"]),
    ("meta-llama/Llama-3.2-3B-Instruct", "llama3.2", ["text"]),
    ("meta-llama/Llama-3.2-11B-Vision-Instruct", "llama3.2", ["text", "image"]),
    ("meta-llama/Llama-3.2-90B-Vision", "llama3.2", ["text", "image"]),
    ("meta-llama/Llama-3.3-70B-Instruct", "llama3.3", ["text"]),
    ("meta-llama/Llama-4-Scout-17B-16E-Instruct", "llama4", ["text", "image"]),
    ("meta-llama/Llama-4-Maverick-17B-128E-Instruct", "llama4", ["text", "image"]),
    ("deepseek-ai/deepseek-llm-67b-chat", "deepseek", ["text"]),
    ("deepseek-ai/DeepSeek-V2.5", "deepseek", ["text"]),
    ("deepseek-ai/DeepSeek-V3", "deepseek", ["text"]),
    ("deepseek-ai/DeepSeek-V3-Base", "deepseek", ["text"]),
    ("deepseek-ai/DeepSeek-V3-0324", "mit", ["text"]),
    ("deepseek-ai/DeepSeek-V3.1", "mit", ["text"]),
    ("deepseek-ai/DeepSeek-R1", "mit", ["text"]),
    ("deepseek-ai/DeepSeek-R1-Distill-Qwen-14B", "apache-2.0", ["text"]),
    ("deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "llama3.1", ["text"]),
    ("deepseek-ai/DeepSeek-R1-Distill-Llama-70B", "llama3.3", ["text"]),
    ("Qwen/Qwen-7B-Chat", "tongyi-qianwen", ["text"]),
    ("Qwen/Qwen-1_8B-Chat", "tongyi-qianwen-research", ["text"]),
    ("Qwen/Qwen1.5-7B", "tongyi-qianwen", ["text"]),
    ("Qwen/Qwen2-72B-Instruct", "tongyi-qianwen", ["text"]),
    ("Qwen/Qwen2.5-7B-Instruct", "apache-2.0", ["text"]),
    ("Qwen/Qwen2.5-32B", "apache-2.0", ["text"]),
    ("Qwen/Qwen2.5-3B-Instruct", "qwen-research", ["text"]),
    ("Qwen/Qwen2.5-Coder-3B-Instruct", "qwen-research", ["text"]),
    ("Qwen/Qwen2.5-72B-Instruct", "qwen", ["text"]),
    ("Qwen/Qwen3-8B", "apache-2.0", ["text"]),
    ("mistralai/Mistral-7B-Instruct-v0.3", "apache-2.0", ["text"]),
    ("mistralai/Mixtral-8x22B-v0.1", "apache-2.0", ["text"]),
    ("mistralai/Mistral-Large-Instruct-2411", "mrl", ["text"]),
    ("mistralai/Ministral-8B-Instruct-2410", "mrl", ["text"]),
    ("mistralai/Codestral-22B-v0.1", "mnpl", ["text"]),
    ("mistralai/Mistral-Small-24B-Base-2501", "apache-2.0", ["text"]),
    ("mistralai/Mistral-Small-3.1-24B-Instruct-2503", "apache-2.0", ["text", "image"]),
    ("google/gemma-7b", "gemma", ["text"]),
    ("google/gemma-2-9b-it", "gemma", ["text"]),
    ("google/gemma-3-27b-pt", "gemma", ["text", "image"]),
    ("google/gemma-3-1b-it", "gemma", ["text"]),
    ("microsoft/phi-4", "mit", ["text"]),
    ("allenai/OLMo-7B-hf", "apache-2.0", ["text"]),
    ("tiiuae/falcon-40b", "apache-2.0", ["text"]),
    ("tiiuae/falcon-180B", "falcon-180b", ["text"]),
    ("tiiuae/Falcon3-10B-Instruct", "falcon-llm-license", ["text"]),
    ("runwayml/stable-diffusion-v1-5", "creativeml-openrail-m", ["text", "image"]),
    ("stabilityai/stable-diffusion-xl-base-1.0", "openrail++", ["text", "image"]),
    ("stabilityai/stable-diffusion-2-1", "openrail++", ["text", "image"]),
    ("stabilityai/stable-diffusion-3.5-large", "stabilityai-ai-community", ["text", "image"]),
    ("bigscience/bloom", "bigscience-bloom-rail-1.0", ["text"]),
]


@pytest.mark.parametrize(("repo_id", "licence", "modalities"), CASES)
def test_model_fact(kb: KnowledgeBase, repo_id: str, licence: str, modalities: list[str]) -> None:
    fact = kb.model_fact(repo_id)
    assert fact is not None, repo_id
    assert fact.licence == licence
    assert fact.modalities == modalities


def test_matching_ignores_case_and_hub_url(kb: KnowledgeBase) -> None:
    fact = kb.model_fact("https://huggingface.co/META-LLAMA/llama-3.3-70b-instruct")
    assert fact is not None and fact.licence == "llama3.3"


@pytest.mark.parametrize(
    "repo_id", ["someone/my-model", "", "meta-llama", "unsloth/gemma-2-9b-bnb-4bit"]
)
def test_unknown_repos_have_no_fact(kb: KnowledgeBase, repo_id: str) -> None:
    assert kb.model_fact(repo_id) is None


def test_published_training_compute(kb: KnowledgeBase) -> None:
    fact = kb.model_fact("meta-llama/Llama-3.1-405B-Instruct")
    assert fact is not None
    assert fact.training_compute_flops == pytest.approx(3.8e25)
    assert fact.compute_source is not None
    small = kb.model_fact("meta-llama/Llama-3.1-8B-Instruct")
    assert small is not None and small.training_compute_flops is None


def test_the_most_specific_pattern_wins_wherever_it_is_listed(kb: KnowledgeBase) -> None:
    reordered = KnowledgeBase(kb.version, kb.entries, tuple(reversed(kb.model_facts)))
    for repo_id, licence, _ in CASES:
        fact = reordered.model_fact(repo_id)
        assert fact is not None and fact.licence == licence, repo_id


def test_every_fact_names_a_known_licence(kb: KnowledgeBase) -> None:
    for fact in kb.model_facts:
        assert kb.get(fact.licence) is not None, fact.family
        if fact.training_compute_flops is not None:
            assert fact.compute_source is not None
