"""Benchmark: render a 200-model, 2,000-finding report document to PDF (and HTML, SARIF).

Prints wall-clock seconds, pages and sizes; asserts nothing. Run from the repository root:
``python benchmarks/report.py [models] [findings]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "reports")]

from report_fixtures import large_document  # noqa: E402

from reports.html import render_html  # noqa: E402
from reports.pdf import render_pdf_report  # noqa: E402
from reports.sarif import render_sarif  # noqa: E402


def main(models: int = 200, findings: int = 2000) -> None:
    """Render the synthetic document once per format and print the figures."""
    document = large_document(models=models, findings=findings)
    print(f"document: {models} models, {findings} findings")

    start = time.perf_counter()
    sarif = render_sarif(document)
    print(f"sarif: {time.perf_counter() - start:.2f} s, {len(sarif) / 1e6:.1f} MB")

    start = time.perf_counter()
    html = render_html(document)
    print(f"html:  {time.perf_counter() - start:.2f} s, {len(html) / 1e6:.1f} MB")

    start = time.perf_counter()
    pdf = render_pdf_report(document)
    seconds = time.perf_counter() - start
    print(
        f"pdf:   {seconds:.2f} s, {pdf.pages} pages, {len(pdf.data) / 1e6:.1f} MB "
        f"({pdf.pages / seconds:.1f} pages/s; refused fetches: {len(pdf.refused)})"
    )


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
