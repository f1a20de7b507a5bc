"""End to end: ``model-audit scan`` on the example inventory writes PDF, HTML and SARIF reports
that agree with its JSON report."""

from __future__ import annotations

import html
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pypdf
import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "inventory.yaml"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Run the real command once; return the paths it wrote and its exit status."""
    if not (ROOT / "licences" / "__init__.py").is_file():
        pytest.skip("the licence knowledge base (licences/) is not on this branch yet")
    if not EXAMPLE.is_file():
        pytest.skip(f"no example inventory at {EXAMPLE}")
    out = tmp_path_factory.mktemp("scan")
    paths = {fmt: out / f"audit.{fmt}" for fmt in ("json", "sarif", "html", "pdf")}
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "HF_HUB_OFFLINE": "1",
        "HF_HOME": str(out / "hf-home"),  # an empty cache: the run depends on the repo alone
    }
    args = ["scan", "examples/inventory.yaml", "--offline", "--as-of", "2026-11-26", "--quiet"]
    for fmt, path in paths.items():
        args += [f"--{fmt}", str(path)]
    run = subprocess.run(
        [sys.executable, "-m", "audit", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode in (0, 1), run.stderr
    document = json.loads(paths["json"].read_text(encoding="utf-8"))
    return {"paths": paths, "document": document, "status": run.returncode}


def test_exit_status_matches_the_verdict(scanned: dict[str, Any]) -> None:
    expected = 0 if scanned["document"]["summary"]["status"] == "pass" else 1
    assert scanned["status"] == expected


def test_pdf_lists_every_finding(scanned: dict[str, Any]) -> None:
    data = scanned["paths"]["pdf"].read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    document = scanned["document"]
    assert document["findings"], "the example inventory is meant to raise findings"
    for finding in document["findings"]:
        assert finding["rule"] in text
        if finding["model"]:
            assert finding["model"] in text
    for model in document["models"]:
        assert model["id"] in text
    assert 10 <= len(reader.pages) <= 200
    meta = reader.metadata
    assert meta is not None and meta.author == document["organisation"]["name"]
    assert "FAIL" in text or "PASS" in text


def test_sarif_is_valid_and_matches_the_findings(
    scanned: dict[str, Any], sarif_schema_path: Path
) -> None:
    log = json.loads(scanned["paths"]["sarif"].read_text(encoding="utf-8"))
    jsonschema.validate(log, json.loads(sarif_schema_path.read_text(encoding="utf-8")))
    results = log["runs"][0]["results"]
    # by default SARIF holds the active findings at low or above (GitHub shows no waivers)
    findings = [
        f for f in scanned["document"]["findings"] if not f["waived"] and f["severity"] != "info"
    ]
    assert [r["ruleId"] for r in results] == [f["rule"] for f in findings]
    assert [r["partialFingerprints"]["primaryLocationLineHash"] for r in results] == [
        f["fingerprint"] for f in findings
    ]
    for result, finding in zip(results, findings, strict=True):
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "examples/inventory.yaml"
        line = finding["location"]["line"]
        assert (
            location["region"]["startLine"] == line
            if line >= 1
            else location["region"]["startLine"] >= 1
        )
        assert ("suppressions" in result) == finding["waived"]


def test_html_report_is_standalone(scanned: dict[str, Any]) -> None:
    page = scanned["paths"]["html"].read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<link" not in page
    assert page.count("<script") == 1 and "<script src" not in page, "one inline script"
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert policy is not None and html.unescape(policy.group(1)).startswith("default-src 'none';")
    for finding in scanned["document"]["findings"]:
        assert finding["rule"] in page
