"""Every registered report format renders the report document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from report_fixtures import sample_document

from reports.pdf import RenderedPdf, render_pdf
from reports.writers import WRITERS, renderer, write_report


@pytest.mark.parametrize("fmt", sorted(set(WRITERS) - {"pdf"}))
def test_every_text_format_renders(fmt: str) -> None:
    content = renderer(fmt)(sample_document())
    assert isinstance(content, str) and content


def test_pdf_format_is_the_pdf_renderer(sample_pdf: RenderedPdf) -> None:
    assert renderer("pdf") is render_pdf
    assert sample_pdf.data.startswith(b"%PDF-1.7")


def test_write_sarif_and_html_files(tmp_path: Path) -> None:
    write_report("sarif", sample_document(), str(tmp_path / "audit.sarif"))
    write_report("html", sample_document(), str(tmp_path / "audit.html"))
    assert json.loads((tmp_path / "audit.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert (tmp_path / "audit.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
