"""Report text for people: no Markdown, no Python literals, unverified facts said once,
primary sources first."""

from __future__ import annotations

from report_fixtures import finding, sample_document

from reports.html import render_html
from reports.report_people import for_people, note_unverified, plain_words, primary_first
from reports.report_view import build_view


def test_backticks_become_code_and_literals_become_words() -> None:
    text = "set `attribution.licence_copy_included: true`; dpia: False, fria: True, owner: None"
    assert str(for_people(text)) == (
        "set <code>attribution.licence_copy_included: true</code>; dpia: no, fria: yes, "
        "owner: not set"
    )
    assert plain_words(text) == (
        "set attribution.licence_copy_included: true; dpia: no, fria: yes, owner: not set"
    )
    assert str(for_people("`<b>`")) == "<code>&lt;b&gt;</code>", "code is escaped too"
    assert plain_words("Trueman and FalseStart stay") == "Trueman and FalseStart stay"


def test_the_html_report_shows_no_backticks_or_literals_in_findings() -> None:
    document = sample_document()
    document["findings"][0]["remediation"] = "Set `contracts.transfer_mechanism` to scc"
    document["findings"][0]["evidence"] = ["model dpia (default): False"]
    page = render_html(document)
    assert "<code>contracts.transfer_mechanism</code>" in page
    assert "`" not in page.split("<script>")[0]
    assert "model dpia (default): no" in page


def test_an_unverified_remark_is_explained_once() -> None:
    document = sample_document()
    remark = "Reg. (EU) 2026/1744 [OJ reference unverified in primary]"
    for model in document["models"]:
        for uc in model["use_cases"]:
            uc["ai_act"]["legal_basis"] = remark
    page = render_html(document)
    assert page.count("OJ reference unverified in primary") == 1
    assert "Reg. (EU) 2026/1744 [note U1]" in page
    assert "The knowledge base holds this fact without a primary source" in page
    marked, notes = note_unverified({"a": [remark, remark], "b": "x [unverified]"})
    assert marked == {"a": ["Reg. (EU) 2026/1744 [note U1]"] * 2, "b": "x [unverified]"}
    assert [(n.key, n.text, n.occurrences) for n in notes] == [
        ("U1", "OJ reference unverified in primary", 2)
    ]


def test_primary_sources_come_first() -> None:
    lines = (
        "Source: Annex III, https://blog.example/annex (secondary)",
        "data tags: personal",
        "region US [unverified]",
        "Source: Art. 50, http://data.europa.eu/eli/reg/2024/1689/oj (primary)",
    )
    assert primary_first(lines) == (
        "data tags: personal",
        "Source: Art. 50, http://data.europa.eu/eli/reg/2024/1689/oj (primary)",
        "Source: Annex III, https://blog.example/annex (secondary)",
        "region US [unverified]",
    )
    document = sample_document(
        findings=[finding("AIA004", "sd-images", "m", line=1, evidence=lines)]
    )
    group = build_view(document).groups[0]
    assert group.evidence[1].endswith("(primary)")
