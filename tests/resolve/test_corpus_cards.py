"""Every real model card in the shared corpus resolves to the right licence, lineage included.

Each card is served by the local Hub test server and read through the real huggingface_hub
client (``source: huggingface``); the base models the cards name are served too, as the Hub
would, so licences inherited through ``base_model`` are found the way a real scan finds them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hubserver import HubServer, corpus_cards, isolate_hub_environment
from support import inventory, model, write_inventory

from audit.engine import AuditOptions, AuditResult, run_audit
from audit.inventory import load_inventory

# repo id -> (licence key, where it comes from, rules that must fire among LIC001/LIC002/LIC009)
EXPECTED: dict[str, tuple[str | None, str | None, set[str]]] = {
    "smbands/realistic-vision-v51": ("creativeml-openrail-m", "hub", set()),
    "Ibtasam-98/medgemma-27b-it": ("gemma", "base-model", {"LIC001"}),
    "reubzdubz/Molmo7B_D_NF4Quant": ("apache-2.0", "hub", set()),
    "tbressers/WizardLM-2-8x22B": ("apache-2.0", "hub", set()),
    "Devsam2898/Gemma2-Peshwa": ("apache-2.0", "hub", {"LIC009"}),
    "GowthamNats/MicrosoftPhi1_5_finetuned-": ("mit", "base-model", {"LIC001"}),
    "YouriLalain/1PARAMMYL-8B-ModelStock": ("llama3.1", "base-model", set()),
    "theonlyengine/text-to-video-ms-1.7b": ("cc-by-nc-4.0", "hub", set()),
    "HDRJ-One/stable-diffusion-xl-base-1.0": ("openrail++", "hub", set()),
    "amansingh61/bloom": ("bigscience-bloom-rail-1.0", "hub", set()),
    "ananddhanabal/gemma": ("gemma", "hub", set()),
    "MiMiGame-1/Reflection-Llama-3.1-70B": ("llama3.1", "hub", set()),
    "HDRJ-One/runwayml-stable-diffusion-v1-5": ("creativeml-openrail-m", "hub", set()),
    "fetchwiki/mistralai-Devstral-Small-2507": ("apache-2.0", "hub", set()),
    "sarcascoder/nvidia-reason2": ("nvidia-open-model-license", "hub", set()),
    "jeremieconte/granite-3.1-1b-a400m-instruct": ("apache-2.0", "hub", set()),
    "bryce-hoehn/Qwen3.5-18B-REAP-A3B-Coding": ("apache-2.0", "hub", set()),
    "kleberbaum/Pygmalion-7b-Merged-Safetensors": (None, None, {"LIC001"}),
    "Zumwaltboi68/Stable-Cascade": ("stable-cascade-nc-community", "hub", set()),
    "YouZiSoftware/lzlv_70b_fp16_hf": ("cc-by-nc-2.0", "hub", set()),
    "mapengAdam/qianwen-72B": ("tongyi-qianwen", "licence-text", set()),
    "fetchwiki/deepcogito-cogito-v1-preview-qwen-14B": ("apache-2.0", "hub", set()),
    "gsasouza/dolphin3-mistral": ("apache-2.0", "base-model", set()),
    "RevL-Lambda-DevRel/Stable-Diffusion-3.5-Large": ("stabilityai-ai-community", "hub", set()),
    "IrfanUruchi/Llama-2-13B-Computer-Engineering-": ("llama2", "hub", set()),
    "YouriLalain/3PRYMMAL-PHI3-3B-SLERP": ("apache-2.0", "hub", set()),
    "fetchwiki/LiquidAI-LFM2-1.2B": ("lfm1.0", "hub", set()),
    "YouriLalain/2PRYMMAL-Yi1.5-6B-SLERP": ("apache-2.0", "hub", set()),
}

# Base models the cards name, served by the local Hub with the licence their real cards state.
BASES: dict[str, dict[str, object]] = {
    "arcee-ai/Llama-3.1-SuperNova-Lite": {
        "license": "llama3.1",
        "base_model": "meta-llama/Llama-3.1-8B-Instruct",
    },
    "unsloth/gemma-2-9b-bnb-4bit": {"license": "gemma", "base_model": "google/gemma-2-9b"},
    "microsoft/phi-1_5": {"license": "mit"},
    "allenai/Molmo-7B-D-0924": {"license": "apache-2.0"},
    "jpacifico/Chocolatine-3B-Instruct-DPO-Revised": {"license": "mit"},
    "microsoft/Phi-3-mini-4k-instruct": {"license": "mit"},
    "01-ai/Yi-1.5-6B-Chat": {"license": "apache-2.0"},
    "01-ai/Yi-1.5-6B": {"license": "apache-2.0"},
    "ibm-granite/granite-3.1-1b-a400m-base": {"license": "apache-2.0"},
    "Qwen/Qwen3.5-35B-A3B": {"license": "apache-2.0"},
    "Qwen/Qwen3-VL-8B-Instruct": {"license": "apache-2.0"},
    "deepcogito/cogito-v1-preview-qwen-14B": {"license": "apache-2.0"},
}
"""Bases the knowledge base's model facts do not cover (meta-llama, google, mistralai and
Qwen2.5 ones are resolved from the model facts when the Hub does not serve them)."""


@pytest.fixture(scope="module")
def corpus_audit(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> AuditResult:
    """One online audit of every corpus card, served by the local Hub."""
    tmp = tmp_path_factory.mktemp("corpus")
    monkeypatch = pytest.MonkeyPatch()
    cards = corpus_cards(corpus_dir)
    with HubServer() as hub:
        isolate_hub_environment(monkeypatch, tmp / "hf-home", hub.endpoint)
        qianwen_text = (
            corpus_dir
            / "licence-texts"
            / "tongyi-qianwen__QwenLM-Qwen_Tongyi-Qianwen-LICENSE-AGREEMENT.txt"
        ).read_text(encoding="utf-8")
        for card in cards:
            files = {"LICENSE.md": qianwen_text} if card.repo_id == "mapengAdam/qianwen-72B" else {}
            hub.add_model(card.repo_id, files={"README.md": card.readme, **files})
        for repo_id, card_data in BASES.items():
            hub.add_model(repo_id, card_data=card_data)
        models = [
            model(
                f"c{i:02d}", name=card.repo_id, hosting={"mode": "self-hosted", "regions": ["DE"]}
            )
            for i, card in enumerate(cards)
        ]
        path = write_inventory(tmp, inventory(*models))
        loaded = load_inventory(str(path))
        result = run_audit(loaded, AuditOptions(as_of=dt.date(2026, 11, 26), offline=False))
    monkeypatch.undo()
    return result


def _by_repo(result: AuditResult) -> dict[str, str]:
    return {m.name: m.id for m in result.loaded.inventory.models}


def test_every_corpus_card_is_expected(corpus_dir: Path) -> None:
    assert {c.repo_id for c in corpus_cards(corpus_dir)} == set(EXPECTED)


@pytest.mark.parametrize("repo_id", sorted(EXPECTED))
def test_corpus_card_resolves(corpus_audit: AuditResult, repo_id: str) -> None:
    licence, source, rules = EXPECTED[repo_id]
    model_id = _by_repo(corpus_audit)[repo_id]
    res = corpus_audit.resolutions[model_id]
    assert (res.licence, res.licence_source) == (licence, source), (res.evidence, res.lineage)
    fired = {f.rule for f in corpus_audit.findings if f.model == model_id}
    assert fired & {"LIC001", "LIC002", "LIC009"} == rules, [
        f.message for f in corpus_audit.findings if f.model == model_id
    ]


def test_lineage_is_followed_to_the_llama_root(corpus_audit: AuditResult) -> None:
    model_id = _by_repo(corpus_audit)["YouriLalain/1PARAMMYL-8B-ModelStock"]
    names = [s.name for s in corpus_audit.resolutions[model_id].lineage]
    assert names[:2] == ["arcee-ai/Llama-3.1-SuperNova-Lite", "meta-llama/Llama-3.1-8B-Instruct"]


def test_card_front_matter_is_kept_as_evidence(corpus_audit: AuditResult, corpus_dir: Path) -> None:
    for card in corpus_cards(corpus_dir):
        res = corpus_audit.resolutions[_by_repo(corpus_audit)[card.repo_id]]
        if card.card_data.get("license"):
            assert any(e.source == "hub" for e in res.evidence), card.repo_id
