"""The Markdown summary: verdict, counts, a table of new findings, nothing injectable."""

from __future__ import annotations

import re

import pytest
from report_fixtures import hostile_document, sample_document

from reports.markdown import MAX_ROWS, escape, one_line, render_markdown


@pytest.fixture(autouse=True)
def docs_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODEL_AUDIT_DOCS_URL", "https://example.org/docs/rules/")


def test_verdict_counts_and_rows() -> None:
    document = sample_document()
    text = render_markdown(document)
    assert text.startswith("## ❌ model-audit: FAIL\n")
    summary = document["summary"]
    assert f"| {summary['critical']} | {summary['high']} |" in text
    rows = [line for line in text.splitlines() if line.startswith("| [")]
    active = [f for f in document["findings"] if not f["waived"]]
    assert len(rows) == len(active)
    for row, finding in zip(rows, active, strict=True):
        assert row.startswith(f"| [{finding['rule']}](https://example.org/docs/rules/")
        assert row.count(" | ") == 4, row


def test_hostile_text_cannot_break_out() -> None:
    text = render_markdown(hostile_document(long_text=5000))
    for row in (line for line in text.splitlines() if line.startswith("| [")):
        cells = re.split(r"(?<!\\)\|", row)
        assert len(cells) == 7, row  # five cells between the outer pipes
    # GitHub renders a code span's content literally; outside them no raw markup may remain
    outside_code = re.sub(r"`[^`\n]*`", "", text)
    assert "<" not in outside_code and "](javascript" not in outside_code
    assert text.count("`") % 2 == 0


def test_escape_and_one_line() -> None:
    assert escape("a|b <x> [l](u) @team") == "a&#124;b &lt;x&gt; \\[l\\](u) \\@team"
    assert one_line("First part. Second part.") == "First part."
    assert len(one_line("x" * 1000)) == 160


def test_long_tables_stop_and_say_so() -> None:
    document = sample_document()
    template = next(f for f in document["findings"] if not f["waived"])
    document["findings"] = [dict(template, message=f"m{i}") for i in range(MAX_ROWS + 5)]
    text = render_markdown(document)
    assert sum(line.startswith("| [") for line in text.splitlines()) == MAX_ROWS
    assert "… and 5 more" in text
