"""Licence-text identification over the real corpus, its variants, and hostile input."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from licences import KnowledgeBase, TextIdentification, identify_licence_text
from licences.identify import ACCEPT_SCORE
from licences.textnorm import MAX_CHARS

if TYPE_CHECKING:
    from conftest import CorpusCase


def rewrap(text: str, width: int) -> str:
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
    return "\n\n".join(textwrap.fill(" ".join(p.split()), width) for p in paragraphs)


def new_copyright_holder(text: str) -> str:
    line = "Copyright (c) 2031 Example Widgets GmbH and contributors"
    if re.search(r"(?im)^\s*copyright", text):
        return re.sub(r"(?im)^\s*copyright.*$", line, text)
    return f"{line}\n\n{text}"


TRANSFORMS: dict[str, Callable[[str], str]] = {
    "as-published": lambda text: text,
    "wrapped-at-40": lambda text: rewrap(text, 40),
    "hard-wrapped-at-40": lambda text: "\n".join(textwrap.wrap(text, 40)),
    "joined-lines": lambda text: " ".join(text.split()),
    "re-indented": lambda text: "\n".join("        " + line for line in text.splitlines()),
    "crlf": lambda text: text.replace("\r\n", "\n").replace("\n", "\r\n"),
    "other-copyright-holder": new_copyright_holder,
    "bom-and-blank-lines": lambda text: "\ufeff\n\n\n" + text + "\n\n",
    "markdown-quote": lambda text: "\n".join("> " + line for line in text.splitlines()),
    "upper-case": str.upper,
}


def assert_identified(result: TextIdentification, case: CorpusCase) -> None:
    if case.is_custom:
        # a base licence plus restrictions: never the base licence, never identified
        assert result.key is None, (case.path.name, result)
        return
    assert result.key == case.key, (case.path.name, result)
    assert result.is_use_policy == case.is_use_policy, (case.path.name, result)
    assert ACCEPT_SCORE <= result.confidence <= 1.0
    assert result.closest == result.key
    assert result.matched


@pytest.mark.parametrize("transform", list(TRANSFORMS))
def test_every_corpus_text_is_identified(
    kb: KnowledgeBase, corpus_case: CorpusCase, transform: str
) -> None:
    text = TRANSFORMS[transform](corpus_case.text)
    assert_identified(identify_licence_text(text, kb), corpus_case)


def test_a_truncated_opening_is_not_enough(kb: KnowledgeBase, corpus_case: CorpusCase) -> None:
    text = corpus_case.text.replace("\r\n", "\n")
    first_paragraph = next(p for p in text.split("\n\n") if p.strip())
    for fragment in (text[:300], first_paragraph[:300]):
        result = identify_licence_text(fragment, kb)
        assert result.key is None, (fragment, result)
        assert result.confidence == 0.0
        assert result.closest_score < ACCEPT_SCORE


def test_minimax_non_commercial_is_not_mit(kb: KnowledgeBase, licence_corpus: Path) -> None:
    text = (licence_corpus / "minimax-noncommercial__nonomal-MiniMax-M2.7_LICENSE.txt").read_text()
    result = identify_licence_text(text, kb)
    assert result.key == "minimax-noncommercial"
    # Even with the MiniMax-specific lines removed, the limited grant is not MIT.
    generic = "\n".join(line for line in text.splitlines() if "MiniMax" not in line)
    assert identify_licence_text(generic, kb).key != "mit"


def test_deepseek_model_and_code_licences_differ(kb: KnowledgeBase, licence_corpus: Path) -> None:
    model = (licence_corpus / "deepseek__deepseek-ai-DeepSeek-V3_LICENSE-MODEL.txt").read_text()
    code = (licence_corpus / "mit__deepseek-ai-DeepSeek-V3_LICENSE-CODE.txt").read_text()
    assert identify_licence_text(model, kb).key == "deepseek"
    assert identify_licence_text(code, kb).key == "mit"


@pytest.mark.parametrize(("old", "new"), [("3.1", "3.2"), ("3.1", "3.3"), ("3.2", "3.3")])
def test_llama_versions_are_told_apart(
    kb: KnowledgeBase, licence_corpus: Path, old: str, new: str
) -> None:
    text = (licence_corpus / f"llama{old}__meta-llama-llama-models_LICENSE.txt").read_text()
    assert identify_licence_text(text, kb).key == f"llama{old}"
    # The bodies are the same but for version strings; without them nothing is certain.
    stripped = text.replace(f"Llama {old}", "Llama").replace(f"LLAMA {old}", "LLAMA")
    assert identify_licence_text(stripped, kb).key is None


def test_a_licence_with_its_policy_appended_is_the_licence(
    kb: KnowledgeBase, licence_corpus: Path
) -> None:
    licence = (licence_corpus / "llama3.1__meta-llama-llama-models_LICENSE.txt").read_text()
    policy = (licence_corpus / "llama3.1__meta-llama-llama-models_USE_POLICY.txt").read_text()
    result = identify_licence_text(licence + "\n\n" + policy, kb)
    assert (result.key, result.is_use_policy) == ("llama3.1", False)


def test_a_licence_embedded_in_a_model_card(kb: KnowledgeBase, card_corpus: Path) -> None:
    """A card quoting a licence is not the licence: the rest of it is not licence text."""
    card = (card_corpus / "sarcascoder__nvidia-reason2.md").read_text()
    result = identify_licence_text(card, kb)
    assert result.key is None
    assert result.closest == "nvidia-open-model-license"
    assert result.beyond and result.coverage is not None and result.coverage < 0.9


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t  ",
        "The quick brown fox jumps over the lazy dog. " * 200,
        "MIT License",
        "This model is released under the Llama 3.1 Community License Agreement.",
        "license: apache-2.0\nbase_model: Qwen/Qwen2.5-14B\n",
        "Permission is hereby granted, free of charge, to any person obtaining a copy",
    ],
)
def test_unrelated_or_partial_text_is_not_identified(kb: KnowledgeBase, text: str) -> None:
    result = identify_licence_text(text, kb)
    assert result.key is None
    assert result.confidence == 0.0
    assert 0.0 <= result.closest_score < ACCEPT_SCORE
    assert not result.is_use_policy


def test_prose_still_names_a_closest_candidate(kb: KnowledgeBase) -> None:
    prose = "You may use, copy and distribute this software; see the license for details."
    result = identify_licence_text(prose, kb)
    assert result.key is None and result.closest is not None and result.closest_score > 0


def test_only_the_first_256_kib_are_examined(kb: KnowledgeBase, licence_corpus: Path) -> None:
    mit = (licence_corpus / "mit__deepseek-ai-DeepSeek-R1_LICENSE.txt").read_text()
    assert identify_licence_text(mit + "x" * MAX_CHARS, kb).key == "mit"
    assert identify_licence_text("x" * MAX_CHARS + mit, kb).key is None


def test_bytes_are_decoded(kb: KnowledgeBase, licence_corpus: Path) -> None:
    data = (licence_corpus / "mit__deepseek-ai-DeepSeek-R1_LICENSE.txt").read_bytes()
    assert identify_licence_text(data, kb).key == "mit"  # type: ignore[arg-type]


def test_the_default_knowledge_base_is_used() -> None:
    assert identify_licence_text("").key is None


LICENCE_WORDS = st.sampled_from(
    [
        "licence",
        "license",
        "llama",
        "3.1",
        "mit",
        "apache",
        "version",
        "2.0",
        "rail++",
        "copyright",
        "(c)",
        "©",
        "agreement",
        "built",
        "with",
        "meta",
        "commercial",
        "non-commercial",
        "#",
        "*",
        "_",
        ">",
        "[x](y)",
        "<b>",
        "\r\n",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.lists(LICENCE_WORDS).map(" ".join)))
def test_no_exception_escapes(text: str) -> None:
    result = identify_licence_text(text)
    assert 0.0 <= result.confidence <= 1.0
    assert 0.0 <= result.closest_score <= 1.0
    assert (result.key is None) == (result.confidence == 0.0)


def test_huge_hostile_input_is_bounded(kb: KnowledgeBase) -> None:
    for text in ("[" * 600_000, "](" * 300_000, "<a" * 300_000, "\n©" * 300_000, "." * 600_000):
        assert identify_licence_text(text, kb).key is None
