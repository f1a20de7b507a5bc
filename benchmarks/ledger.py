"""Time the audit ledger on SQLite: append a 1,000-model run with 10,000 findings, and diff
two such runs. Prints its figures; run ``python benchmarks/ledger.py [MODELS] [FINDINGS]``.

Aim (issue 21): each under 2 s.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def synthetic_report(models: int, findings: int, shift: int = 0) -> dict[str, Any]:
    """A report document of the real shape, with ``models`` models and ``findings`` findings;
    ``shift`` changes which findings exist, so two documents differ."""
    rules = ["LIC006", "GDPR001", "AIA002", "ADV002", "LIC005"]
    return {
        "schema": "model-audit/report/v1",
        "as_of": "2026-12-02",
        "tool": {"version": "0.1.0"},
        "knowledge_base": {"version": "2026.12"},
        "inventory": {"path": "inventory.yaml", "sha256": "0" * 64},
        "models": [
            {
                "id": f"m{i}",
                "name": f"org/model-{i}",
                "licence": {"id": "llama3.1", "source": "hub"},
            }
            for i in range(models)
        ],
        "findings": [
            {
                "fingerprint": f"{(i + shift):032x}",
                "rule": rules[i % len(rules)],
                "severity": "high",
                "model": f"m{i % models}",
                "use_case": None,
                "message": f"finding {i + shift} about model m{i % models}",
                "waived": False,
                "location": {"path": "inventory.yaml", "line": i},
            }
            for i in range(findings)
        ],
        "waivers": [],
        "summary": {"status": "fail", "high": findings},
    }


def main() -> None:
    from audit.ledger.diff import diff_audits, side_of
    from audit.ledger.record import build_record
    from audit.ledger.store import open_ledger

    models = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    findings = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    with tempfile.TemporaryDirectory() as folder:
        ledger = open_ledger(str(Path(folder) / "bench.db"))
        first = build_record(synthetic_report(models, findings), inventory_key="/inv.yaml")
        second = build_record(synthetic_report(models, findings, 500), inventory_key="/inv.yaml")
        start = time.perf_counter()
        ledger.append(first)
        append_s = time.perf_counter() - start
        ledger.append(second)
        start = time.perf_counter()
        runs = ledger.runs()
        diff = diff_audits(side_of("1", runs[0].record), side_of("2", runs[1].record))
        diff_s = time.perf_counter() - start
        start = time.perf_counter()
        checked, problem = ledger.verify()
        verify_s = time.perf_counter() - start
        ledger.close()
        size = (Path(folder) / "bench.db").stat().st_size
    print(f"ledger benchmark (SQLite): {models:,} models, {findings:,} findings per run")
    print(f"  append one run:        {append_s:6.3f} s  (aim < 2 s)")
    print(f"  diff two runs:         {diff_s:6.3f} s  (aim < 2 s; read both + compare)")
    print(f"  verify the chain:      {verify_s:6.3f} s  ({checked} runs, intact={problem is None})")
    print(f"  new/fixed findings:    {len(diff.new_findings)}/{len(diff.fixed_findings)}")
    print(f"  database size:         {size / 1e6:6.1f} MB for 2 runs")


if __name__ == "__main__":
    main()
