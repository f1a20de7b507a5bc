"""Benchmark: the CI-gate outputs of a large report: SARIF, the baseline comparison and the
Markdown summary.

Run from the repository root: ``python benchmarks/ci_gate.py [models] [findings]`` (default
1,000 models, 10,000 findings). It prints wall-clock seconds per step and the SARIF size,
raw and gzip-compressed (GitHub's upload limit is 10 MB compressed). It asserts nothing.
"""

from __future__ import annotations

import copy
import gzip
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "reports")]

from report_fixtures import large_document  # noqa: E402

from audit.findings import fingerprint_of  # noqa: E402
from reports.baseline import Baseline, apply_baseline  # noqa: E402
from reports.markdown import render_markdown  # noqa: E402
from reports.sarif import render_sarif  # noqa: E402


def main() -> None:
    """Time each output for a synthetic document and print the figures."""
    models = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    findings = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    document = large_document(models, findings)
    for i, f in enumerate(document["findings"]):
        f["fingerprint"] = fingerprint_of(f["rule"], f["model"], f["use_case"], None, str(i))
    print(f"document: {models:,} models, {len(document['findings']):,} findings")

    start = time.perf_counter()
    sarif = render_sarif(document)
    elapsed = time.perf_counter() - start
    compressed = len(gzip.compress(sarif.encode("utf-8"), mtime=0))
    print(f"sarif: {elapsed:.2f} s, {len(sarif) / 1e6:.1f} MB raw, {compressed / 1e6:.2f} MB gzip")

    old = copy.deepcopy(document)
    baseline = Baseline(
        path="old.json",
        as_of=str(old["as_of"]),
        inventory=old["inventory"],
        organisation=str(old["organisation"]["name"]),
        states=frozenset((f["fingerprint"], bool(f["waived"])) for f in old["findings"][1:]),
        findings=tuple(old["findings"]),
    )
    start = time.perf_counter()
    apply_baseline(document, baseline, None)
    print(f"baseline: {time.perf_counter() - start:.3f} s ({document['baseline']['new']} new)")

    start = time.perf_counter()
    markdown = render_markdown(document)
    print(f"markdown: {time.perf_counter() - start:.3f} s, {len(markdown) / 1e3:.1f} kB")


if __name__ == "__main__":
    main()
