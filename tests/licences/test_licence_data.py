"""The shipped licence data: complete, sourced, consistent with the facts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel
from support import corpus_key as expected_key
from support import licence_corpus_texts as corpus_texts

from licences import KnowledgeBase, LicenceEntry, Source
from licences.schema import Identification

REQUIRED_KEYS = [
    "mit",
    "apache-2.0",
    "bsd-3-clause",
    "cc-by-4.0",
    "cc-by-sa-4.0",
    "cc-by-nc-4.0",
    "cc-by-nc-sa-4.0",
    "openrail",
    "openrail++",
    "bigscience-openrail-m",
    "creativeml-openrail-m",
    "bigscience-bloom-rail-1.0",
    "bigcode-openrail-m",
    "llama2",
    "llama3",
    "llama3.1",
    "llama3.2",
    "llama3.3",
    "llama4",
    "gemma",
    "deepseek",
    "tongyi-qianwen",
    "tongyi-qianwen-research",
    "qwen",
    "qwen-research",
    "mrl",
    "mnpl",
    "falcon-180b",
    "falcon-2-11b-1.0",
    "falcon-llm-license",
    "stabilityai-ai-community",
    "stable-cascade-nc-community",
    "nvidia-open-model-license",
    "lfm1.0",
    "minimax-noncommercial",
    "deepfloyd-if-license",
    "cc-by-nc-2.0",
    "proprietary",
    "cc0-1.0",
    "bsd-2-clause",
    "gpl-3.0",
    "agpl-3.0",
    "mpl-2.0",
    "unlicense",
    "isc",
    "bsl-1.0",
]

# Hub licence ids from the hub-docs list (facts: licences.md section 0) that we encode.
HUB_IDS = [
    "apache-2.0",
    "mit",
    "openrail",
    "bigscience-openrail-m",
    "creativeml-openrail-m",
    "bigscience-bloom-rail-1.0",
    "bigcode-openrail-m",
    "bsd-2-clause",
    "bsd-3-clause",
    "cc0-1.0",
    "cc-by-4.0",
    "cc-by-sa-4.0",
    "cc-by-nc-2.0",
    "cc-by-nc-4.0",
    "cc-by-nc-sa-4.0",
    "agpl-3.0",
    "gpl-3.0",
    "lgpl-3.0",
    "mpl-2.0",
    "openrail++",
    "unlicense",
    "deepfloyd-if-license",
    "llama2",
    "llama3",
    "llama3.1",
    "llama3.2",
    "llama3.3",
    "llama4",
    "gemma",
    "isc",
    "bsl-1.0",
]

# license_name values seen on cards (facts and corpus) -> the entry they must resolve to.
LICENSE_NAMES = {
    "deepseek": "deepseek",
    "deepseek-license": "deepseek",
    "deepseek-v3-licence": "deepseek",
    "tongyi-qianwen": "tongyi-qianwen",
    "tongyi-qianwen-license-agreement": "tongyi-qianwen",
    "tongyi-qianwen-research": "tongyi-qianwen-research",
    "qwen": "qwen",
    "qwen-research": "qwen-research",
    "mrl": "mrl",
    "mnpl": "mnpl",
    "falcon-llm-license": "falcon-llm-license",
    "falcon-180b": "falcon-180b",
    "nvidia-open-model-license": "nvidia-open-model-license",
    "stabilityai-ai-community": "stabilityai-ai-community",
    "stabilityai-community": "stabilityai-ai-community",
    "stable-cascade-nc-community": "stable-cascade-nc-community",
    "lfm1.0": "lfm1.0",
    "gemma-terms-of-use": "gemma",
}

# A license_name the facts do not describe: deliberately not encoded.
KNOWN_GAPS = {"health-ai-developer-foundations"}


def test_every_required_key_exists(kb: KnowledgeBase) -> None:
    keys = {entry.key for entry in kb.entries}
    assert not set(REQUIRED_KEYS) - keys


def test_entries_are_sorted_and_version_is_data(kb: KnowledgeBase) -> None:
    keys = [entry.key for entry in kb.entries]
    assert keys == sorted(keys)
    assert kb.version == "2026.12"


def _terms(entry: LicenceEntry) -> list[tuple[str, BaseModel]]:
    terms: list[tuple[str, BaseModel]] = []
    for name in type(entry).model_fields:
        value = getattr(entry, name)
        items = value if isinstance(value, list) else [value]
        terms.extend(
            (name, item)
            for item in items
            if isinstance(item, BaseModel) and not isinstance(item, Identification | Source)
        )
    return terms


@pytest.mark.parametrize("key", REQUIRED_KEYS)
def test_every_term_carries_a_source(kb: KnowledgeBase, key: str) -> None:
    entry = kb.get(key)
    assert entry is not None
    assert isinstance(entry.source, Source)
    assert isinstance(entry.free_and_open_source_source, Source)
    for name, term in _terms(entry):
        source = getattr(term, "source", None)
        assert isinstance(source, Source), f"{key}.{name} has no source"
        assert source.url


def test_no_two_entries_share_an_identifier(kb: KnowledgeBase) -> None:
    owners: dict[str, str] = {}
    for entry in kb.entries:
        for identifier in {entry.key, *entry.aliases, entry.spdx_id}:
            lowered = identifier.lower()
            assert owners.setdefault(lowered, entry.key) == entry.key, identifier


@pytest.mark.parametrize("hub_id", HUB_IDS)
def test_hub_ids_resolve_to_themselves(kb: KnowledgeBase, hub_id: str) -> None:
    entry = kb.get(hub_id)
    assert entry is not None and entry.key == hub_id


@pytest.mark.parametrize(("name", "key"), sorted(LICENSE_NAMES.items()))
def test_license_name_variants_resolve(kb: KnowledgeBase, name: str, key: str) -> None:
    entry = kb.get(name)
    assert entry is not None and entry.key == key


def test_every_licence_declared_in_corpus_cards_resolves(
    kb: KnowledgeBase, card_corpus: Path
) -> None:
    for card in sorted(card_corpus.glob("*.md")):
        text = card.read_text(encoding="utf-8").replace("\r\n", "\n")
        front = re.match(r"---\n(.*?)\n---[ \t]*(?:\n|$)", text, re.DOTALL)
        assert front is not None, card.name
        meta = yaml.safe_load(front.group(1)) or {}
        for field in ("license", "license_name"):
            name = meta.get(field)
            if not name or name == "other" or name in KNOWN_GAPS:
                continue
            assert kb.get(name) is not None, f"{card.name}: {field} {name!r}"


@pytest.mark.parametrize("key", ["llama2", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4"])
def test_llama_user_threshold(kb: KnowledgeBase, key: str) -> None:
    entry = kb.get(key)
    assert entry is not None and entry.user_threshold is not None
    threshold = entry.user_threshold
    assert threshold.monthly_active_users == 700_000_000
    assert threshold.measured == "release-month"
    assert threshold.includes_affiliates
    assert entry.release_date is not None


@pytest.mark.parametrize("key", ["tongyi-qianwen", "qwen"])
def test_qwen_user_threshold_is_ongoing(kb: KnowledgeBase, key: str) -> None:
    entry = kb.get(key)
    assert entry is not None and entry.user_threshold is not None
    assert entry.user_threshold.monthly_active_users == 100_000_000
    assert entry.user_threshold.measured == "ongoing"


def test_revenue_thresholds(kb: KnowledgeBase) -> None:
    stability = kb.get("stabilityai-ai-community")
    lfm = kb.get("lfm1.0")
    assert stability is not None and stability.revenue_threshold is not None
    assert lfm is not None and lfm.revenue_threshold is not None
    assert stability.revenue_threshold.annual_revenue_usd == 1_000_000
    assert stability.revenue_threshold.comparison == "more-than"
    assert stability.revenue_threshold.includes_affiliates
    assert lfm.revenue_threshold.annual_revenue_usd == 10_000_000
    assert lfm.revenue_threshold.comparison == "at-or-above"


@pytest.mark.parametrize(
    ("key", "display", "prefix"),
    [
        ("llama3", "Built with Meta Llama 3", "Llama 3"),
        ("llama3.1", "Built with Llama", "Llama"),
        ("llama3.2", "Built with Llama", "Llama"),
        ("llama3.3", "Built with Llama", "Llama"),
        ("llama4", "Built with Llama", "Llama"),
    ],
)
def test_llama_attribution_and_naming(
    kb: KnowledgeBase, key: str, display: str, prefix: str
) -> None:
    entry = kb.get(key)
    assert entry is not None and entry.derivative_naming is not None
    shown = [a for a in entry.attribution if a.kind == "display"]
    assert [a.notice for a in shown] == [display]
    assert "service" in shown[0].applies_when
    assert entry.derivative_naming.prefix == prefix
    assert entry.licence_copy.required_on_distribution


def test_llama2_has_only_a_notice_file(kb: KnowledgeBase) -> None:
    entry = kb.get("llama2")
    assert entry is not None
    assert [a.kind for a in entry.attribution] == ["notice-file"]
    assert entry.derivative_naming is None
    assert entry.output_restrictions


@pytest.mark.parametrize("key", ["llama3.2", "llama3.3", "llama4"])
def test_eu_exclusion_for_multimodal_llama(kb: KnowledgeBase, key: str) -> None:
    entry = kb.get(key)
    assert entry is not None
    [exclusion] = entry.territorial_exclusions
    assert exclusion.regions == ["EU"]
    assert exclusion.model_scope == "multimodal"
    assert exclusion.applies_to == "licensee-domicile"
    assert exclusion.end_users_exempt


def test_no_other_licence_has_territorial_exclusions(kb: KnowledgeBase) -> None:
    with_exclusions = {entry.key for entry in kb.entries if entry.territorial_exclusions}
    assert with_exclusions == {"llama3.2", "llama3.3", "llama4", "tencent-hunyuan-community"}


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("mit", True),
        ("apache-2.0", True),
        ("bsd-3-clause", True),
        ("cc-by-4.0", True),
        ("llama3.1", False),
        ("gemma", False),
        ("creativeml-openrail-m", False),
        ("bigscience-bloom-rail-1.0", False),
        ("cc-by-nc-4.0", False),
        ("deepseek", False),
        ("lfm1.0", False),
        ("proprietary", False),
    ],
)
def test_free_and_open_source(kb: KnowledgeBase, key: str, expected: bool) -> None:
    entry = kb.get(key)
    assert entry is not None
    assert entry.free_and_open_source is expected
    assert entry.free_and_open_source_source.section


def test_non_commercial_licences(kb: KnowledgeBase) -> None:
    for entry in kb.entries:
        if entry.category == "non-commercial":
            assert not entry.commercial_use.allowed, entry.key
    mnpl = kb.get("mnpl")
    assert mnpl is not None and not mnpl.commercial_use.production_use


def test_flow_down_policies(kb: KnowledgeBase) -> None:
    for key in ("creativeml-openrail-m", "openrail++", "deepseek", "gemma", "llama3.1"):
        entry = kb.get(key)
        assert entry is not None and entry.use_policy is not None
        assert entry.use_policy.flows_down, key


def test_confidence_is_marked_honestly(kb: KnowledgeBase) -> None:
    falcon = kb.get("falcon-llm-license")
    mnpl = kb.get("mnpl")
    llama = kb.get("llama3.1")
    assert falcon is not None and mnpl is not None and llama is not None
    assert falcon.source.confidence == "unverified"
    assert mnpl.commercial_use.source.confidence == "secondary"
    assert llama.commercial_use.source.confidence == "primary"


def test_identifiable_entries_have_enough_fingerprints(kb: KnowledgeBase) -> None:
    corpus_keys = {expected_key(path) for path in corpus_texts()}
    for entry in kb.entries:
        ident = entry.identification
        if entry.key in ("openrail", "proprietary") or entry.not_a_licence:
            continue
        if not ident.titles and not ident.phrases:
            # No fingerprints at all only where the corpus has no real text to take them
            # from: phrases written from memory can make a licence unidentifiable.
            assert entry.key not in corpus_keys, entry.key
            continue
        assert len(ident.titles) + len(ident.phrases) >= 2, entry.key
