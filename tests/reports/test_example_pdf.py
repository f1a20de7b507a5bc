"""The example inventory's PDF, read back with pypdf: it marks the licence that is only
declared and the one verified by hand, shows no Markdown or Python literals, and lists every
finding of the JSON report with its rule, model, use case and line."""

from __future__ import annotations

import io
import re
from typing import Any

import pypdf
import pytest


@pytest.fixture(scope="module")
def pdf_text(scanned: dict[str, Any]) -> str:
    data = scanned["paths"]["pdf"].read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(page.extract_text() for page in reader.pages)


def squashed(text: str) -> str:
    return "".join(text.split())


def test_declared_only_and_manually_verified_licences_are_marked(pdf_text: str) -> None:
    text = " ".join(pdf_text.split())
    declared = re.search(
        r"apache-2\.0, NOT VERIFIED: declared only \(examples/inventory\.yaml:\d+\)", text
    )
    assert declared, "letter-translator's declared licence carries the NOT VERIFIED mark"
    assert "licence not verified" in text
    assert re.search(
        r"mit,? declared and verified by hand \(by K\. Brandt \(Legal\) on 2026-10-14 "
        r"\(LICENSE file of the model repository at revision 3f2a9c1, read in full\)\)",
        text,
    ), "form-reader's manual verification says who, when and on what"
    assert "licences are not verified" in text, "the summary counts them"
    for provider in ("OpenAI", "Anthropic", "Mistral"):
        assert re.search(rf"the provider's terms \([^)]*{provider}", text, re.IGNORECASE), provider


def test_no_markdown_or_python_literals(pdf_text: str) -> None:
    assert "`" not in pdf_text
    assert not re.search(r"(?<![\w.])(True|False|None)(?![\w])", pdf_text), re.findall(
        r".{30}(?<![\w.])(?:True|False|None)(?![\w]).{30}", pdf_text
    )
    assert "**" not in pdf_text


def test_every_finding_of_the_json_report_is_listed(scanned: dict[str, Any], pdf_text: str) -> None:
    text = squashed(pdf_text)
    document = scanned["document"]
    assert len(document["findings"]) > 10
    assert squashed(f"lines of {document['inventory']['path']}") in text
    for finding in document["findings"]:
        who = finding["model"] or "organisation-wide"
        if finding["use_case"]:
            who += f" / {finding['use_case']}"
        particulars = squashed(f"{who}, line {finding['location']['line']}")
        assert finding["rule"] in text
        assert particulars in text, f"{finding['rule']}: {particulars} is not in the PDF"
