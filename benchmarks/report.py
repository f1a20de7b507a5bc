"""Benchmark: render a synthetic report document to PDF (and HTML, SARIF) and compare it with
a fixed plain document laid out by the same WeasyPrint on the same machine.

Run from the repository root: ``python benchmarks/report.py [models] [findings]`` (default
200 models, 2,000 findings; the issue's large case is ``1000 10000``). It prints, per format,
wall-clock seconds and size; for the PDF also pages and the peak resident memory of the
process; and the time WeasyPrint needs for a plain document of 2,000 paragraphs (this
machine's reference) with the report's time as a multiple of it. It asserts nothing: the
machine is shared, so the PDF is timed both by the wall clock and by the CPU time of this
process, and the ratio to the reference compares CPU times (what other processes take from
the wall clock does not count against either).
"""

from __future__ import annotations

import gc
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "reports")]

from report_fixtures import large_document  # noqa: E402

from reports.html import render_html  # noqa: E402
from reports.pdf import render_pdf_report  # noqa: E402
from reports.sarif import render_sarif  # noqa: E402

REFERENCE_PARAGRAPHS = 2000
REFERENCE_TEXT = (
    "Paragraph {i}: the reference document is plain running text with one font, no tables "
    "and no selectors beyond the element, so its layout time is this machine's floor."
)


def peak_mib() -> float:
    """Largest resident set of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reference_seconds() -> tuple[float, int]:
    """Seconds and pages WeasyPrint needs for the fixed plain 2,000-paragraph document."""
    from weasyprint import HTML

    body = "".join(f"<p>{REFERENCE_TEXT.format(i=i)}</p>" for i in range(REFERENCE_PARAGRAPHS))
    html = (
        f"<html><head><style>body {{ font: 10pt serif }}</style></head><body>{body}</body></html>"
    )
    start = time.process_time()
    layout = HTML(string=html).render()
    layout.write_pdf()
    return time.process_time() - start, len(layout.pages)


def main(models: int = 200, findings: int = 2000) -> None:
    """Render the synthetic document once per format and print the figures."""
    ref_seconds, ref_pages = reference_seconds()
    print(
        f"reference: {ref_seconds:.2f} s CPU for a plain {REFERENCE_PARAGRAPHS:,}-paragraph "
        f"WeasyPrint document ({ref_pages} pages)"
    )
    document = large_document(models=models, findings=findings)
    gc.collect()
    print(f"document: {models} models, {findings} findings (peak so far {peak_mib():.0f} MiB)")

    start = time.perf_counter()
    sarif = render_sarif(document)
    print(f"sarif: {time.perf_counter() - start:.2f} s, {len(sarif) / 1e6:.1f} MB")

    start = time.perf_counter()
    html = render_html(document)
    print(f"html:  {time.perf_counter() - start:.2f} s, {len(html) / 1e6:.1f} MB")
    del sarif, html

    start, cpu_start = time.perf_counter(), time.process_time()
    pdf = render_pdf_report(document)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(
        f"pdf:   {seconds:.2f} s ({cpu:.2f} s CPU), {pdf.pages} pages, "
        f"{len(pdf.data) / 1e6:.1f} MB ({pdf.pages / seconds:.1f} pages/s; "
        f"refused fetches: {len(pdf.refused)})"
    )
    print(f"peak memory: {peak_mib():.0f} MiB (whole process: document, HTML, SARIF and PDF)")
    print(f"pdf / reference (CPU time): {cpu / ref_seconds:.1f}x")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
