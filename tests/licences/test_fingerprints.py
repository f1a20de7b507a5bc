"""Fingerprints come from the real texts: each occurs in a corpus text of its licence.

A phrase written from memory can make a licence unidentifiable (it happened to BigCode
OpenRAIL-M and the Falcon 3 licence), so every title, phrase and use-policy phrase of an
entry must occur in a corpus text of that key, where the corpus has one; exclusion phrases
must occur in none of them. Versions of one family are told apart by their own phrases.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from pathlib import Path

import pytest
from support import corpus_key as expected_key
from support import licence_corpus_texts as corpus_texts

from licences import KnowledgeBase, LicenceEntry, identify_licence_text, load_knowledge_base
from licences.textnorm import normalise, words_of


@functools.cache
def _bodies_by_key() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = defaultdict(list)
    for path in corpus_texts():
        found[expected_key(path)].append(normalise(path.read_text(encoding="utf-8")).body)
    return {key: tuple(bodies) for key, bodies in found.items()}


def _occurs(phrase: str, body: str) -> bool:
    return " " + " ".join(words_of(phrase)) + " " in body


def _keys_with_texts() -> list[str]:
    kb = load_knowledge_base()
    return sorted(key for key in _bodies_by_key() if kb.get(key) is not None)


def _positive(entry: LicenceEntry) -> list[str]:
    ident = entry.identification
    return [*ident.titles, *ident.phrases, *ident.use_policy_phrases]


def test_the_corpus_is_there() -> None:
    keys = _keys_with_texts()
    if not keys:
        pytest.skip("shared corpus not found")
    assert {"tencent-hunyuan-community", "llama3.1", "openmdw-1.1"} <= set(keys)


@pytest.mark.parametrize("key", _keys_with_texts())
def test_every_fingerprint_occurs_in_a_corpus_text(kb: KnowledgeBase, key: str) -> None:
    entry = kb.get(key)
    assert entry is not None
    bodies = _bodies_by_key()[key]
    missing = [p for p in _positive(entry) if not any(_occurs(p, body) for body in bodies)]
    assert not missing, f"{key}: fingerprints found in no corpus text of the licence: {missing}"


@pytest.mark.parametrize("key", _keys_with_texts())
def test_no_exclusion_phrase_occurs_in_the_licences_own_texts(kb: KnowledgeBase, key: str) -> None:
    entry = kb.get(key)
    assert entry is not None
    bodies = _bodies_by_key()[key]
    found = [p for p in entry.identification.excludes if any(_occurs(p, b) for b in bodies)]
    assert not found, f"{key}: exclusion phrases that its own texts contain: {found}"


FAMILIES = [
    ("llama2", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4"),
    ("flux-1-dev-non-commercial-license", "flux-non-commercial-license"),
    ("openmdw-1.0", "openmdw-1.1"),
    ("tongyi-qianwen", "tongyi-qianwen-research"),
    # plain MIT is contained in the modified texts: those are told apart by MIT's exclusions
    ("minimax-modified-mit", "minimax-model-license", "minimax-noncommercial"),
    ("deepseek", "mit"),
]


@pytest.mark.parametrize("family", FAMILIES, ids=lambda family: "+".join(family))
def test_versions_of_a_family_have_their_own_phrases(
    kb: KnowledgeBase, family: tuple[str, ...]
) -> None:
    bodies = _bodies_by_key()
    for key in family:
        entry = kb.get(key)
        assert entry is not None and key in bodies, key
        others = [body for other in family if other != key for body in bodies.get(other, ())]
        own = [p for p in _positive(entry) if not any(_occurs(p, body) for body in others)]
        assert own, f"{key} has no fingerprint that its siblings' texts lack"


# The modified-MIT family: an MIT text with one paragraph added is never plain MIT ----------

KIMI_PARAGRAPH = (
    "Our only modification part is that, if the Software (or any derivative works thereof) "
    "is used for any of your commercial products or services that have more than 100 million "
    "monthly active users, or more than 20 million US dollars (or equivalent in other "
    'currencies) in monthly revenue, you shall prominently display "Kimi K2" on the user '
    "interface of such product or service."
)
MISTRAL_PARAGRAPH = (
    "You are not authorized to exercise any rights under this license if the global "
    "consolidated monthly revenue of your company (or that of your employer) exceeds "
    "$20 million (or its equivalent in another currency) for the preceding month."
)


def _mit_text(licence_corpus: Path) -> str:
    return (licence_corpus / "mit__deepseek-ai-DeepSeek-R1_LICENSE.txt").read_text()


def test_kimi_modified_mit_is_not_mit(kb: KnowledgeBase, licence_corpus: Path) -> None:
    mit = _mit_text(licence_corpus)
    text = re.sub(r"(?i)mit license", "Modified MIT License", mit, count=1)
    text = text.replace("Copyright (c)", "Copyright (c) 2025 Moonshot AI\n\nwas", 1)
    result = identify_licence_text(f"{text}\n\n{KIMI_PARAGRAPH}\n", kb)
    assert result.key != "mit"
    assert result.key in (None, "kimi-modified-mit")


def test_mistral_modified_mit_is_not_mit(kb: KnowledgeBase, licence_corpus: Path) -> None:
    result = identify_licence_text(f"{_mit_text(licence_corpus)}\n\n{MISTRAL_PARAGRAPH}\n", kb)
    assert result.key != "mit"


def test_minimax_modified_mit_is_not_mit(kb: KnowledgeBase) -> None:
    paths = [p for p in corpus_texts() if expected_key(p) == "minimax-modified-mit"]
    if not paths:
        pytest.skip("shared corpus not found")
    for path in paths:
        assert identify_licence_text(path.read_text(), kb).key == "minimax-modified-mit"


def test_plain_mit_stays_mit(kb: KnowledgeBase, licence_corpus: Path) -> None:
    assert identify_licence_text(_mit_text(licence_corpus), kb).key == "mit"
