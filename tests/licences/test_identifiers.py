"""Identifiers: each entry's SPDX id or LicenseRef-, and its ScanCode LicenseDB key."""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

import pytest
from license_expression import get_spdx_licensing

from licences import KnowledgeBase, load_knowledge_base

NEWER_THAN_PACKAGED_INDEX = {"nvidia-open-model-2025"}
"""ScanCode keys named in the facts (scancode-toolkit@bc78721) that the LicenseDB index
shipped with license-expression predates."""

NEWER_SPDX_IDS = {"OpenMDW-1.0"}
"""SPDX ids on the SPDX License List (spdx/license-list-XML@e4c1f27, facts: licences.md
section 0) that the license-expression release installed here does not know yet."""

_LICENSE_REF = re.compile(r"^LicenseRef-[A-Za-z0-9.\-]+$")


def _scancode_index() -> dict[str, dict[str, Any]]:
    text = resources.files("license_expression") / "data" / "scancode-licensedb-index.json"
    return {item["license_key"]: item for item in json.loads(text.read_text(encoding="utf-8"))}


def _keys() -> list[str]:
    return [entry.key for entry in load_knowledge_base().entries]


@pytest.mark.parametrize("key", _keys())
def test_spdx_id_is_an_spdx_licence_or_a_licence_ref(kb: KnowledgeBase, key: str) -> None:
    entry = kb.get(key, include_placeholders=True)
    assert entry is not None
    if entry.spdx_id == "NOASSERTION":
        assert entry.not_a_licence
        return
    if entry.spdx_id.startswith("LicenseRef-"):
        assert _LICENSE_REF.match(entry.spdx_id), entry.spdx_id
        return
    if entry.spdx_id in NEWER_SPDX_IDS:
        return
    licensing = get_spdx_licensing()
    parsed = licensing.parse(entry.spdx_id, validate=True)
    assert parsed is not None and str(parsed).lower() == entry.spdx_id.lower()


@pytest.mark.parametrize("key", _keys())
def test_scancode_key_exists_and_matches_the_licence_ref(kb: KnowledgeBase, key: str) -> None:
    entry = kb.get(key, include_placeholders=True)
    assert entry is not None
    if entry.spdx_id.startswith("LicenseRef-scancode-"):
        assert entry.scancode_key == entry.spdx_id.removeprefix("LicenseRef-scancode-")
    if entry.scancode_key is None:
        return
    index = _scancode_index()
    if entry.scancode_key in NEWER_THAN_PACKAGED_INDEX:
        return
    assert entry.scancode_key in index, entry.scancode_key
    item = index[entry.scancode_key]
    if not entry.spdx_id.startswith("LicenseRef-") and entry.spdx_id not in NEWER_SPDX_IDS:
        spdx_keys = {item["spdx_license_key"], *item.get("other_spdx_license_keys", [])}
        assert entry.spdx_id in spdx_keys, (entry.spdx_id, spdx_keys)


def test_standard_and_ai_licences_carry_scancode_keys(kb: KnowledgeBase) -> None:
    for key in ("mit", "apache-2.0", "llama3.1", "llama4", "gemma", "c-uda", "openmdw-1.0"):
        entry = kb.get(key)
        assert entry is not None and entry.scancode_key, key
