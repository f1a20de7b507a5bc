"""Every real model card of the shared corpus survives the trip through the Hub client."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hubserver import CorpusCard, HubServer, corpus_cards

from audit.resolve.hub import HubClient


@pytest.fixture
def cards(corpus_dir: Path) -> list[CorpusCard]:
    """The corpus model cards (the suite needs them all, so an empty folder fails)."""
    found = corpus_cards(corpus_dir)
    assert len(found) >= 20, f"expected the corpus model cards under {corpus_dir}"
    return found


def _as_json(data: Any) -> Any:
    # The Hub sends YAML front matter as JSON: compare in that form.
    return json.loads(json.dumps(data, default=str))


def test_every_corpus_card_front_matter_comes_back_intact(
    hub: HubServer, make_client: Callable[..., HubClient], cards: list[CorpusCard]
) -> None:
    for card in cards:
        hub.add_corpus_card(card)

    results = make_client().lookup_many([(c.repo_id, None) for c in cards])

    for card in cards:
        found = results[(card.repo_id, None)]
        assert found.status == "ok" and found.card is not None, card.path.name
        assert found.card.card_data == _as_json(card.card_data), card.path.name
        licences = card.card_data.get("license")
        for licence in [licences] if isinstance(licences, str) else licences or []:
            assert f"license:{licence}" in found.card.tags, card.path.name
        wants_eu_block = card.card_data.get("extra_gated_eu_disallowed") is True
        assert found.card.eu_disallowed == wants_eu_block, card.path.name


def test_every_corpus_readme_downloads_byte_for_byte(
    hub: HubServer, make_client: Callable[..., HubClient], cards: list[CorpusCard]
) -> None:
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    for card in cards:
        hub.add_corpus_card(card)
    client = make_client()

    refused = []
    for card in cards:
        read = client.fetch_text_file(card.repo_id, "README.md")
        try:
            validate_repo_id(card.repo_id)
        except HFValidationError:
            # huggingface_hub refuses to download from names ending in "-" (two corpus repos
            # come from GitHub mirrors so named): the refusal must be a clean answer.
            assert read.status == "invalid" and read.problem, card.path.name
            refused.append(card.repo_id)
            continue
        assert read.status == "ok", (card.path.name, read.problem)
        assert read.text == card.readme.decode("utf-8"), card.path.name
    assert refused == [c.repo_id for c in cards if c.repo_id.endswith(("-", "."))]


def test_corpus_cards_with_crlf_line_endings_keep_them(
    hub: HubServer, make_client: Callable[..., HubClient], cards: list[CorpusCard]
) -> None:
    crlf = [c for c in cards if b"\r\n" in c.readme]
    assert crlf, "the corpus has cards with CRLF line endings"
    for card in crlf:
        hub.add_corpus_card(card)

    for card in crlf:
        text = make_client().read_text_file(card.repo_id, "README.md")
        assert text is not None and "\r\n" in text and card.card_data, card.path.name
