"""Honest confidence: a ``primary`` source must sit on a reviewed primary host.

The list is ``licences/primary_hosts.yaml``; every data file of the project is walked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import ROOT

from licences.primary_hosts import is_primary_host, primary_host_prefixes

DATA_FILES = sorted(
    path
    for folder in ("licences", "audit")
    for path in (ROOT / folder).rglob("*.y*ml")
    if path.name != "primary_hosts.yaml"
)


def _primary_urls(node: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        if node.get("confidence") == "primary" and isinstance(node.get("url"), str):
            yield where, node["url"]
        for key, value in node.items():
            yield from _primary_urls(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _primary_urls(value, f"{where}.{index}")


def test_the_walk_sees_the_data_files() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in DATA_FILES}
    assert "licences/models.yaml" in names
    assert "licences/data/llama3.1.yaml" in names
    assert any(name.startswith("audit/") for name in names)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_primary_source_on_a_secondary_host(path: Path) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    wrong = [
        f"{where}: {url}"
        for where, url in _primary_urls(document, path.name)
        if not is_primary_host(url)
    ]
    assert not wrong, "primary sources on hosts not in licences/primary_hosts.yaml:\n" + "\n".join(
        wrong
    )


@pytest.mark.parametrize(
    ("url", "primary"),
    [
        ("https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE", True),
        ("https://GitHub.com/Meta-Llama/llama-models", True),
        ("https://eur-lex.europa.eu/eli/reg/2024/1689/oj", True),
        # reference copies, forks, mirrors, law-firm pages
        ("https://github.com/aboutcode-org/scancode-toolkit/blob/develop/x.LICENSE", False),
        ("https://github.com/aezukme/flux/blob/main/model_licenses/LICENSE-FLUX1-dev", False),
        ("https://huggingface.co/HDRJ-One/stable-diffusion-xl-base-1.0", False),
        ("https://www.stevens-bolton.com/insights/adequacy", False),
        ("https://confir.eu/eu-ai-act/article-4", False),
        ("https://eur-lex.europa.eu.example.com/x", False),
        ("file:///etc/passwd", False),
        ("not a url", False),
    ],
)
def test_host_check(url: str, primary: bool) -> None:
    assert is_primary_host(url) is primary


def test_the_list_is_short_and_unique() -> None:
    prefixes = primary_host_prefixes()
    assert len(prefixes) == len(set(prefixes))
    assert len(prefixes) < 150
    assert "github.com" not in prefixes and "huggingface.co" not in prefixes
