"""Whole-text identification: a text is a licence only when that licence explains it."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import audit, hits, inventory, model

from licences import KnowledgeBase, identify_licence_text

MIT = "mit__facebookresearch-audiocraft_LICENSE.txt"
LLAMA = "llama3.1__meta-llama-llama-models_LICENSE.txt"


def _text(licence_corpus: Path, name: str) -> str:
    return (licence_corpus / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "clause",
    [
        "The Software may not be used for commercial purposes.",
        "Not for use in the European Union.",
        "If the Software is used by a product with more than 100 million monthly active users, "
        "you shall display the licensor's name prominently in its user interface.",
    ],
)
def test_mit_with_an_added_sentence_is_not_mit(
    kb: KnowledgeBase, licence_corpus: Path, clause: str
) -> None:
    result = identify_licence_text(_text(licence_corpus, MIT) + "\n\n" + clause + "\n", kb)
    assert result.key is None
    assert result.closest == "mit"
    assert result.beyond is not None and clause.split()[0] in result.beyond
    assert result.coverage is not None and result.coverage < 1.0


def test_plain_mit_with_another_copyright_holder_is_mit(
    kb: KnowledgeBase, licence_corpus: Path
) -> None:
    text = _text(licence_corpus, MIT).replace("Meta Platforms, Inc. and affiliates", "Jane Roe")
    result = identify_licence_text(text, kb)
    assert result.key == "mit"
    assert result.coverage is not None and result.coverage > 0.95


def test_two_concatenated_licences_are_both_identified(
    kb: KnowledgeBase, licence_corpus: Path
) -> None:
    text = _text(licence_corpus, MIT) + "\n\n" + _text(licence_corpus, LLAMA)
    result = identify_licence_text(text, kb)
    assert {result.key, *result.also} == {"mit", "llama3.1"}


def test_licence_file_with_an_added_clause_is_lic001_quoting_it(
    tmp_path: Path, licence_corpus: Path
) -> None:
    folder = tmp_path / "models" / "m"
    folder.mkdir(parents=True)
    clause = "The Software may not be used for commercial purposes."
    (folder / "LICENSE").write_text(_text(licence_corpus, MIT) + "\n\n" + clause + "\n")
    result = audit(tmp_path, inventory(model(source="local", path="models/m", name="acme/m")))
    (finding,) = hits(result, "LIC001")
    assert "text holds terms beyond mit" in finding.message
    assert clause in finding.message


def test_licence_file_of_two_licences_binds_both(tmp_path: Path, licence_corpus: Path) -> None:
    folder = tmp_path / "models" / "m"
    folder.mkdir(parents=True)
    (folder / "LICENSE").write_text(
        _text(licence_corpus, MIT) + "\n\n" + _text(licence_corpus, LLAMA)
    )
    result = audit(tmp_path, inventory(model(source="local", path="models/m", name="acme/m")))
    res = result.resolutions["m1"]
    assert {res.licence, *res.co_licences} == {"mit", "llama3.1"}
