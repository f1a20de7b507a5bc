"""How each licence was established, and the NOT VERIFIED mark, in every medium."""

from __future__ import annotations

import io

import pypdf
from report_fixtures import model_entry, sample_document
from rich.console import Console

from reports.html import render_html
from reports.licence_status import NOT_VERIFIED, licence_status
from reports.pdf import RenderedPdf
from reports.terminal import render_terminal


def _model(source: str, **fields: object) -> dict[str, object]:
    licence = {"id": "mit", "source": source, "evidence": "models/x/LICENSE"}
    return model_entry("m", "acme/m", line=3, licence=licence, **fields)


def test_each_source_is_said_in_words_and_only_declared_is_unverified() -> None:
    words = {
        "licence-text": "read from the licence text",
        "spdx": "read from an SPDX document",
        "card": "read from the model card",
        "hub": "read from the Hub's metadata",
        "base-model": "inherited from the base model",
        "model-facts": "from the knowledge base's sourced model facts",
    }
    for source, method in words.items():
        status = licence_status(_model(source))
        assert (status.method, status.verified) == (method, True)
        assert NOT_VERIFIED not in status.label
    declared = licence_status(_model("declared"))
    assert not declared.verified
    assert declared.label == "NOT VERIFIED: declared only (models/x/LICENSE)"
    assert not licence_status(_model("from-a-dream")).verified, "an unknown source never passes"
    unresolved = licence_status(model_entry("m", "m", line=1, licence={"id": None}))
    assert not unresolved.verified and unresolved.label.startswith(NOT_VERIFIED)


def test_a_recorded_manual_verification_is_shown_with_who_and_when() -> None:
    model = _model("declared")
    model["licence"]["verification"] = "verified by A. Jurist on 2026-10-01 (signed contract)"  # type: ignore[index]
    status = licence_status(model)
    assert status.verified
    assert status.label == (
        "declared, manually verified (verified by A. Jurist on 2026-10-01 (signed contract))"
    )


def test_an_api_model_is_under_its_providers_terms_not_a_declaration() -> None:
    notes = next(m for m in sample_document()["models"] if m["id"] == "notes-gpt")
    status = licence_status(notes)
    assert status.verified
    assert status.method == "the provider's terms (openai)"
    assert "declared" not in status.label


def test_html_marks_the_unverified_licence_and_counts_it() -> None:
    page = render_html(sample_document())
    section = page[page.index('id="model-4"') :]
    section = section[: section.index("</div>")]
    assert '<b class="unverified">licence not verified</b>' in section
    assert "apache-2.0, NOT VERIFIED: declared only (inventory.yaml:77)" in section
    document = sample_document(findings=[])
    table = render_html(document).split('<table class="inventory">')[1].split("</table>")[0]
    assert '<b class="unverified">NOT VERIFIED: declared only (inventory.yaml:77)</b>' in table
    assert "2 of 5 licences are not verified" in page
    assert "the provider&#39;s terms (openai)" in page


def test_pdf_marks_the_unverified_licence(sample_pdf: RenderedPdf) -> None:
    reader = pypdf.PdfReader(io.BytesIO(sample_pdf.data))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "NOT VERIFIED: declared only (inventory.yaml:77)" in text
    assert "the provider's terms (openai)" in text
    assert "2 of 5 licences are not verified" in text


def test_terminal_marks_the_unverified_licence() -> None:
    console = Console(record=True, width=200, color_system=None)
    render_terminal(sample_document(), console)
    out = console.export_text()
    assert "apache-2.0 (NOT VERIFIED: declared only (inventory.yaml:77))" in out
    assert "openai-terms (the provider's terms (openai) (inventory.yaml:44))" in out
