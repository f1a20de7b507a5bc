"""Every licence id the Hugging Face Hub accepts resolves to an entry with its terms."""

from __future__ import annotations

import pytest

from licences import KnowledgeBase

# The 83 ids between the `<!-- region licenses -->` markers of huggingface/hub-docs
# docs/hub/repositories-licenses.md @242f4a1 (facts: licences.md section 0).
HUB_LICENCE_IDS = [
    "apache-2.0",
    "mit",
    "openrail",
    "bigscience-openrail-m",
    "creativeml-openrail-m",
    "bigscience-bloom-rail-1.0",
    "bigcode-openrail-m",
    "afl-3.0",
    "artistic-2.0",
    "bsl-1.0",
    "bsd",
    "bsd-2-clause",
    "bsd-3-clause",
    "bsd-3-clause-clear",
    "c-uda",
    "cc",
    "cc0-1.0",
    "cc-by-2.0",
    "cc-by-2.5",
    "cc-by-3.0",
    "cc-by-4.0",
    "cc-by-sa-3.0",
    "cc-by-sa-4.0",
    "cc-by-nc-2.0",
    "cc-by-nc-3.0",
    "cc-by-nc-4.0",
    "cc-by-nd-4.0",
    "cc-by-nc-nd-3.0",
    "cc-by-nc-nd-4.0",
    "cc-by-nc-sa-2.0",
    "cc-by-nc-sa-3.0",
    "cc-by-nc-sa-4.0",
    "cdla-sharing-1.0",
    "cdla-permissive-1.0",
    "cdla-permissive-2.0",
    "wtfpl",
    "ecl-2.0",
    "epl-1.0",
    "epl-2.0",
    "etalab-2.0",
    "eupl-1.1",
    "eupl-1.2",
    "agpl-3.0",
    "gfdl",
    "gpl",
    "gpl-2.0",
    "gpl-3.0",
    "lgpl",
    "lgpl-2.1",
    "lgpl-3.0",
    "isc",
    "h-research",
    "intel-research",
    "lppl-1.3c",
    "ms-pl",
    "apple-ascl",
    "apple-amlr",
    "mpl-2.0",
    "odc-by",
    "odbl",
    "openmdw-1.0",
    "openmdw-1.1",
    "openrail++",
    "osl-3.0",
    "postgresql",
    "ofl-1.1",
    "ncsa",
    "unlicense",
    "zlib",
    "pddl",
    "lgpl-lr",
    "deepfloyd-if-license",
    "fair-noncommercial-research-license",
    "llama2",
    "llama3",
    "llama3.1",
    "llama3.2",
    "llama3.3",
    "llama4",
    "grok2-community",
    "gemma",
    "unknown",
    "other",
]

PLACEHOLDERS = {"unknown", "other"}


def test_the_list_is_the_hubs_83_ids() -> None:
    assert len(HUB_LICENCE_IDS) == 83
    assert len(set(HUB_LICENCE_IDS)) == 83


@pytest.mark.parametrize("hub_id", HUB_LICENCE_IDS)
def test_every_hub_id_has_an_entry_with_terms(kb: KnowledgeBase, hub_id: str) -> None:
    entry = kb.get(hub_id, include_placeholders=True)
    assert entry is not None, hub_id
    assert entry.key == hub_id
    assert entry.commercial_use.source.url
    assert entry.licence_copy.source.url
    assert entry.free_and_open_source_status in ("yes", "no", "review")
    if entry.commercial_use.allowed is False:
        assert entry.category in ("non-commercial", "open-weight-restricted", "not-a-licence")
    if entry.no_derivatives:
        assert entry.free_and_open_source_status == "no"


@pytest.mark.parametrize("hub_id", sorted(PLACEHOLDERS))
def test_unknown_and_other_are_explicitly_not_licences(kb: KnowledgeBase, hub_id: str) -> None:
    entry = kb.get(hub_id, include_placeholders=True)
    assert entry is not None and entry.not_a_licence
    assert entry.category == "not-a-licence"
    assert not entry.commercial_use.allowed
    # to everything that asks "which licence binds this model", they are no licence at all
    assert kb.get(hub_id) is None


@pytest.mark.parametrize(
    ("hub_id", "term"),
    [
        ("cc-by-sa-3.0", "share_alike"),
        ("cc-by-nc-sa-3.0", "share_alike"),
        ("odbl", "share_alike"),
        ("cc-by-nd-4.0", "no_derivatives"),
        ("cc-by-nc-nd-4.0", "no_derivatives"),
        ("apple-amlr", "research_only"),
        ("fair-noncommercial-research-license", "research_only"),
        ("cdla-permissive-2.0", "data_licence"),
        ("c-uda", "data_licence"),
        ("odc-by", "data_licence"),
        ("pddl", "data_licence"),
    ],
)
def test_hub_licence_terms(kb: KnowledgeBase, hub_id: str, term: str) -> None:
    entry = kb.get(hub_id)
    assert entry is not None and getattr(entry, term) is True


@pytest.mark.parametrize(
    "hub_id",
    ["cc-by-nc-3.0", "cc-by-nc-nd-3.0", "cc-by-nc-sa-2.0", "apple-amlr", "h-research"],
)
def test_non_commercial_hub_ids(kb: KnowledgeBase, hub_id: str) -> None:
    entry = kb.get(hub_id)
    assert entry is not None and not entry.commercial_use.allowed


@pytest.mark.parametrize("hub_id", ["h-research", "intel-research"])
def test_unread_research_licences_say_so(kb: KnowledgeBase, hub_id: str) -> None:
    entry = kb.get(hub_id)
    assert entry is not None
    assert entry.commercial_use.source.confidence == "unverified"
