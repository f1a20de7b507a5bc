"""Scan with --ledger: the reports gain "since the last audit" and a trend of findings.

Real scans in subprocesses on SQLite and PostgreSQL; the PDF is read back with pypdf.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pypdf
import pytest
from support import AS_OF, RunCli, inventory, model, write_inventory

from audit.ledger.record import build_record, canonical_json
from audit.ledger.since import TREND_RUNS, history_sections
from audit.ledger.store import StoredRun
from reports.report_history import since_view, trend_chart

SCAN = ("--offline", "--as-of", AS_OF.isoformat(), "--fail-on", "never", "--quiet")


def _inventory(tmp_path: Path, notices: list[str]) -> Path:
    entry = model(
        "chat",
        name="meta-llama/Llama-3.1-8B-Instruct",
        licence="llama3.1",
        attribution={"notices": notices},
        use_cases=[
            {
                "id": "portal",
                "purpose": "Answer customers in the portal",
                "audience": "customers",
                "data": ["internal"],
                "ai_act": {"role": "deployer", "area": "none", "interacts_with_people": True},
            }
        ],
    )
    return write_inventory(tmp_path, inventory(entry))


def _scan(model_audit: RunCli, path: Path, ledger: str, out: Path, **env: str) -> dict[str, Any]:
    result = model_audit(
        "scan", str(path), *SCAN, "--ledger", ledger, "--json", str(out.with_suffix(".json")),
        "--html", str(out.with_suffix(".html")), "--pdf", str(out.with_suffix(".pdf")), env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return document


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages)


def test_the_first_audit_says_so_and_the_next_lists_the_fix(
    tmp_path: Path, model_audit: RunCli, ledger_url: str
) -> None:
    path = _inventory(tmp_path, notices=[])
    first = _scan(model_audit, path, ledger_url, tmp_path / "first")
    assert first["since_last_audit"] == {"first_audit": True, "run": None}
    assert [p["run"] for p in first["trend"]] == [None]
    assert "first audit of this inventory recorded" in _pdf_text(tmp_path / "first.pdf")
    assert any(f["rule"] == "LIC006" and not f["waived"] for f in first["findings"])

    _inventory(tmp_path, notices=["Built with Llama"])  # the fix
    second = _scan(model_audit, path, ledger_url, tmp_path / "second")
    since = second["since_last_audit"]
    assert since["first_audit"] is False and since["run"] == 1
    assert [f["rule"] for f in since["findings"]["fixed"]] == ["LIC006"]
    assert since["findings"]["new"] == []
    trend = second["trend"]
    assert [p["run"] for p in trend] == [1, None]
    assert trend[0]["high"] == trend[1]["high"] + 1  # LIC006 is high

    text = _pdf_text(tmp_path / "second.pdf")
    assert "Since the last audit" in text and "Fixed findings" in text
    assert "run 1 of" in text and "1 fixed findings" in text
    html = (tmp_path / "second.html").read_text(encoding="utf-8")
    assert 'class="chart trend"' in html and "this audit" in html


def test_without_a_ledger_the_reports_have_no_history(tmp_path: Path, model_audit: RunCli) -> None:
    path = _inventory(tmp_path, notices=[])
    out = tmp_path / "report.json"
    result = model_audit("scan", str(path), *SCAN, "--json", str(out), "--html", str(out) + ".html")
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert "since_last_audit" not in document and "trend" not in document
    assert "Since the last audit" not in Path(str(out) + ".html").read_text(encoding="utf-8")


def test_the_same_ledger_gives_the_same_json_whatever_the_zone_and_seed(
    tmp_path: Path, model_audit: RunCli
) -> None:
    path = _inventory(tmp_path, notices=[])
    ledger = tmp_path / "ledger" / "audits.db"
    _scan(model_audit, path, str(ledger), tmp_path / "run1")
    copy = tmp_path / "ledger" / "copy.db"
    shutil.copyfile(ledger, copy)
    _scan(model_audit, path, str(ledger), tmp_path / "a", TZ="UTC", PYTHONHASHSEED="1")
    _scan(model_audit, path, str(copy), tmp_path / "b", TZ="Asia/Tokyo", PYTHONHASHSEED="99")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def _stored(run_id: int, document: dict[str, Any]) -> StoredRun:
    record = build_record(document, inventory_key="/inv.yaml")
    return StoredRun(
        run_id, "scan", "2026-11-20T10:00:00.000000Z", "2026-11-20", "/inv.yaml", "0" * 64,
        "fail", canonical_json(record), "0" * 64, "0" * 64,
    )  # fmt: skip


def _document(high: int) -> dict[str, Any]:
    findings = [
        {"rule": "LIC006", "severity": "high", "model": f"m{i}", "use_case": None,
         "message": f"notice missing {i}", "waived": False, "fingerprint": f"{i:032x}",
         "location": {"path": "inv.yaml", "line": 3}}
        for i in range(high)
    ]  # fmt: skip
    summary = {"status": "fail", "critical": 0, "high": high, "medium": 0, "low": 0, "info": 0}
    return {"as_of": "2026-11-20", "findings": findings, "models": [], "summary": summary}


def test_the_trend_covers_the_last_runs_only() -> None:
    earlier = [_stored(i, _document(i)) for i in range(1, 12)]
    sections = history_sections(earlier, _document(2))
    trend = sections["trend"]
    assert len(trend) == TREND_RUNS
    assert [p["run"] for p in trend] == [*range(12 - TREND_RUNS + 1, 12), None]
    assert [p["high"] for p in trend][-2:] == [11, 2]
    fixed = sections["since_last_audit"]["findings"]["fixed"]
    assert len(fixed) == 9  # run 11 had 11 findings, this one keeps the first 2
    view = since_view(sections)
    assert view is not None and view.hidden == 0 and len(view.fixed) == 9


@pytest.mark.parametrize(
    "since",
    [None, "text", {"findings": "x"}, {"findings": {"new": [1, None, {"rule": 3}]}}, []],
)
def test_a_malformed_history_never_breaks_the_report(since: Any) -> None:
    view = since_view({"since_last_audit": since})
    assert view is None or not view.first_audit
    assert trend_chart([{"run": "x", "high": -3}, "y", {"critical": True}]).startswith("<svg")
    assert trend_chart("nonsense") == ""


def test_the_chart_escapes_what_the_ledger_holds() -> None:
    svg = trend_chart([{"run": 1, "as_of": "<script>alert(1)</script>", "high": 2}])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
