"""The PDF report: content, metadata, determinism, and that it loads nothing but its own assets."""

from __future__ import annotations

import datetime as dt
import io
import os
import urllib.request
from pathlib import Path

import pypdf
import pytest
from fontTools.misc.timeTools import timestampSinceEpoch
from fontTools.ttLib import TTFont
from report_fixtures import HOSTILE_SNIPPETS, hostile_document, sample_document

from reports.fetcher import BUNDLE_BASE_URL
from reports.pdf import (
    RenderedPdf,
    html_to_pdf,
    render_pdf,
    render_pdf_report,
    reproducible_timestamps,
)

FONT_DIR = Path(__file__).resolve().parents[2] / "reports" / "assets" / "fonts"


def pdf_text(data: bytes) -> str:
    """All text of a PDF, pages joined, with line breaks and hyphen breaks undone."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(page.extract_text() for page in reader.pages)


def squashed(text: str) -> str:
    return "".join(text.split())


def test_every_finding_rule_and_model_appears(sample_pdf: RenderedPdf) -> None:
    text = squashed(pdf_text(sample_pdf.data))
    for finding in sample_document()["findings"]:
        assert finding["rule"] in text
        if finding["model"]:
            assert finding["model"] in text
    for rule in sample_document()["rules"]:
        assert rule["id"] in text, "the appendix lists every rule evaluated"


def test_page_count_is_sane(sample_pdf: RenderedPdf) -> None:
    reader = pypdf.PdfReader(io.BytesIO(sample_pdf.data))
    assert len(reader.pages) == sample_pdf.pages
    # cover, contents, 7 sections each on a new page, 2 appendices: at least 11 pages
    assert 11 <= sample_pdf.pages <= 40
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4 portrait
    assert reader.pages[0].mediabox.height == pytest.approx(841.89, abs=1)


def test_metadata_is_set(sample_pdf: RenderedPdf) -> None:
    meta = pypdf.PdfReader(io.BytesIO(sample_pdf.data)).metadata
    assert meta is not None
    assert meta.title == "AI model compliance audit: Acme Health GmbH"
    assert meta.author == "Acme Health GmbH"
    assert meta.creator == "model-audit 0.1.0"
    assert meta.producer is not None and meta.producer.startswith("model-audit 0.1.0")
    created = meta.creation_date
    assert created is not None
    assert (created.year, created.month, created.day, created.hour, created.minute) == (
        2026,
        11,
        26,
        0,
        0,
    )
    assert created.utcoffset() is not None and created.utcoffset().total_seconds() == 0


def test_running_header_footer_and_contents(sample_pdf: RenderedPdf) -> None:
    reader = pypdf.PdfReader(io.BytesIO(sample_pdf.data))
    total = len(reader.pages)
    third = reader.pages[2].extract_text()
    assert "Acme Health GmbH" in third and "Audit as of 2026-11-26" in third
    assert f"Page 3 of {total}" in third
    assert "model-audit 0.1.0" in third and "knowledge base 2026.11" in third
    contents = reader.pages[1].extract_text()
    assert "Contents" in contents and "Executive summary" in contents
    # the contents give page numbers (target-counter): the summary starts on page 3
    assert any(line.rstrip().endswith(" 3") for line in contents.splitlines() if "summary" in line)


def test_only_bundled_assets_are_loaded(sample_pdf: RenderedPdf) -> None:
    assert sample_pdf.refused == ()
    assert sample_pdf.served, "the stylesheet and fonts come through the fetcher"
    assert all(url.startswith(BUNDLE_BASE_URL) for url in sample_pdf.served)
    assert any(url.endswith(".ttf") for url in sample_pdf.served)


def test_fonts_are_the_bundled_ones(sample_pdf: RenderedPdf) -> None:
    reader = pypdf.PdfReader(io.BytesIO(sample_pdf.data))
    fonts: set[str] = set()
    for page in reader.pages:
        resources = page["/Resources"]
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts, "fonts are embedded"
    # Our @font-face families (served from reports/assets/fonts) name the embedded subsets;
    # a system font standing in would carry its own name.
    assert all(name.split("+", 1)[-1].startswith("MA-") for name in fonts), fonts
    assert {"MA-Serif", "MA-Sans-Semi-Condensed"} <= {name.split("+", 1)[-1] for name in fonts}


def test_same_document_gives_same_bytes(sample_pdf: RenderedPdf) -> None:
    assert render_pdf(sample_document()) == sample_pdf.data


def test_embedded_fonts_are_dated_at_the_audit_date(sample_pdf: RenderedPdf) -> None:
    """fontTools stamps font subsets with the clock unless SOURCE_DATE_EPOCH is set; the
    renderer sets it to as_of, so renders on different days still give the same bytes."""
    reader = pypdf.PdfReader(io.BytesIO(sample_pdf.data))
    font_files = []
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            font_files.append(described["/FontDescriptor"]["/FontFile2"].get_data())
    assert font_files
    midnight = timestampSinceEpoch(dt.datetime(2026, 11, 26, tzinfo=dt.timezone.utc).timestamp())
    # With HarfBuzz-Subset, WeasyPrint keeps each font's own date instead: also fine.
    originals = {
        TTFont(io.BytesIO(path.read_bytes()))["head"].modified for path in FONT_DIR.glob("*.ttf")
    }
    for data in font_files:
        assert TTFont(io.BytesIO(data))["head"].modified in originals | {midnight}


def test_reproducible_timestamps_respects_the_callers_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with reproducible_timestamps("2026-11-26"):
        assert os.environ["SOURCE_DATE_EPOCH"] == "1795651200"
    assert "SOURCE_DATE_EPOCH" not in os.environ
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "42")
    with reproducible_timestamps("2026-11-26"):
        assert os.environ["SOURCE_DATE_EPOCH"] == "42"
    assert os.environ["SOURCE_DATE_EPOCH"] == "42"


def test_hostile_document_renders_as_text_and_fetches_nothing(recording_server) -> None:  # type: ignore[no-untyped-def]
    # The server works: a request to it is recorded, so its silence below means something.
    with urllib.request.urlopen(recording_server.url + "control") as response:
        response.read()
    assert recording_server.hits == ["/control"]
    recording_server.hits.clear()

    rendered = render_pdf_report(hostile_document(recording_server.url))

    assert rendered.refused == ()
    assert all(url.startswith(BUNDLE_BASE_URL) for url in rendered.served)
    assert recording_server.hits == []
    text = squashed(pdf_text(rendered.data))
    for snippet in HOSTILE_SNIPPETS:
        assert squashed(snippet) in text, f"{snippet!r} is printed literally"
    assert "truncated:1,000,000characters" in text


def test_fetcher_refuses_what_markup_would_load(recording_server) -> None:  # type: ignore[no-untyped-def]
    """Defence in depth: even markup that escaped the template loads nothing."""
    url = recording_server.url
    html = (
        f'<html><head><link rel="stylesheet" href="{url}x.css">'
        f'<link rel="stylesheet" href="file:///etc/passwd">'
        f'<style>@import url("{url}imp.css"); body {{ background: url("file:///etc/hostname") }}'
        f'p {{ background: url("data:image/png;base64,iVBORw0KGgo=") }}</style></head>'
        f'<body><p>x</p><img src="{url}img.png"><img src="file:///etc/passwd">'
        f'<img src="../../../../etc/passwd"><img src="{BUNDLE_BASE_URL}styles/../../../etc/passwd">'
        f'<object data="{url}obj"></object></body></html>'
    )
    rendered = html_to_pdf(html, producer="test", identifier=b"0" * 32)

    assert recording_server.hits == []
    refused = set(rendered.refused)
    assert f"{url}x.css" in refused
    assert f"{url}img.png" in refused
    assert f"{url}imp.css" in refused
    assert "file:///etc/passwd" in refused
    assert "file:///etc/hostname" in refused
    assert any(u.startswith("data:") for u in refused)
    # a relative path resolves against the bundle, never against the file system
    assert f"{BUNDLE_BASE_URL}etc/passwd" in refused
    assert rendered.served == ()
