"""The HTML report: complete, escaped, and robust to missing optional keys."""

from __future__ import annotations

import html.parser
import re

import pytest
from report_fixtures import HOSTILE_SNIPPETS, hostile_document, sample_document

from reports.html import filter_script, render_html
from reports.report_view import FIELD_LIMIT

FILTER_SCRIPT = filter_script()


class ElementCollector(html.parser.HTMLParser):
    """Every start tag and every attribute value the browser would see."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls.extend(v or "" for k, v in attrs if k in ("src", "href", "data", "action"))


def elements(page: str) -> ElementCollector:
    collector = ElementCollector()
    collector.feed(page)
    return collector


def test_sample_report_has_every_section_and_finding() -> None:
    page = render_html(sample_document())
    for title in (
        "Executive summary",
        "Model inventory",
        "Findings",
        "Models with findings",
        "Appendix: evidence",
        "Data routing map",
        "AI Act classification and obligations",
        "Waivers",
        "Sign-off",
        "Appendix: inputs and versions",
        "Appendix: rules evaluated",
    ):
        assert title in page
    for finding in sample_document()["findings"]:
        assert finding["rule"] in page
    assert "9f2c4e1b7a3d5f60c8e2a4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5" in page
    assert "<svg" in page, "the chart is inline SVG"


def test_verdict_and_waivers() -> None:
    page = render_html(sample_document())
    assert 'class="verdict-word">FAIL<' in page
    assert "5 unwaived findings of severity high or above." in page
    assert "status-expired" in page and "status-stale" in page
    assert "Risk accepted by J. Weber (DPO) until 2027-03-31" in page
    assert "A waiver by K. Braun (Legal) expired on 2026-06-30; the finding counts again." in page


def test_pass_verdict() -> None:
    document = sample_document()
    document["summary"]["status"] = "pass"
    document["summary"]["fail_on"] = "never"
    page = render_html(document)
    assert 'class="verdict-word">PASS<' in page
    assert "The audit gate is switched off" in page


def test_hostile_text_is_escaped_everywhere() -> None:
    page = render_html(hostile_document("http://127.0.0.1:9/"))
    found = elements(page)
    assert found.tags.count("script") == 1, "only the report's own filter script"
    assert "<script>" + FILTER_SCRIPT + "</script>" in page
    assert "iframe" not in found.tags and "object" not in found.tags
    assert found.tags.count("link") == 0, "the HTML report links no stylesheet at all"
    assert found.tags.count("style") == 1, "only the report's own stylesheet"
    assert found.tags.count("img") == 0
    assert all(url.startswith("#") for url in found.urls), found.urls[:5]
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in page
    assert "url(file:///etc/passwd)" in page  # harmless as text outside any stylesheet
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    assert style is not None and "etc/passwd" not in style.group(1)
    assert "127.0.0.1" not in style.group(1)


def test_hostile_attribute_values_cannot_break_out() -> None:
    document = sample_document()
    document["organisation"]["name"] = '"><script>x</script>'
    page = render_html(document)
    assert '<meta name="author" content="&#34;&gt;&lt;script&gt;x&lt;/script&gt;">' in page
    assert elements(page).tags.count("script") == 1, "only the report's own filter script"


def test_one_megabyte_line_is_cut_and_says_so() -> None:
    page = render_html(hostile_document(long_text=1_000_000))
    assert len(page) < 400_000
    assert "A" * FIELD_LIMIT in page
    assert "A" * (FIELD_LIMIT + 1) not in page
    assert "[… truncated: 1,000,000 characters, the first 2,000 shown]" in page


def test_snippets_survive_as_text() -> None:
    page = render_html(hostile_document())
    for snippet in HOSTILE_SNIPPETS:
        escaped = (
            snippet.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace('"', "&#34;")
            .replace("'", "&#39;")
        )
        assert escaped in page


def _strip_optional(document: dict) -> dict:  # type: ignore[type-arg]
    for model in document["models"]:
        for uc in model["use_cases"]:
            uc.pop("obligations", None)
            uc.pop("data_flows", None)
    return document


def test_renders_without_annotations() -> None:
    page = render_html(_strip_optional(sample_document()))
    assert "No obligations checklist was produced for this use case." in page
    assert "Data flows and transfer basis" not in page
    assert "Where each data tag goes" in page


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("routes"),
        lambda d: d.pop("waivers"),
        lambda d: d.pop("rules"),
        lambda d: d["models"][0].pop("licence"),
        lambda d: d["models"][0].update(hosting=None, use_cases=None),
        lambda d: d["models"][1]["use_cases"][0].update(ai_act="not a mapping"),
        lambda d: d["findings"][0].update(severity="catastrophic", waiver="yes"),
        lambda d: d.update(findings=[], models=[]),
    ],
)
def test_renders_documents_missing_or_mangling_keys(damage) -> None:  # type: ignore[no-untyped-def]
    document = sample_document()
    damage(document)
    page = render_html(document)
    assert "End of report" in page


def test_ai_act_annotation_and_raw_fields_both_render() -> None:
    page = render_html(sample_document())
    # chat-small carries the annotation (risk class), claims-ranker the raw inventory fields
    assert "limited (transparency)" in page
    assert "essential-services" in page and "automated decision" in page
    assert "Tell people they are interacting with an AI system" in page
    assert "from 2027-12-02" in page
