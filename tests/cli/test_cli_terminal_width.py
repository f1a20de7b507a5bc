"""Terminal output at 80 and 160 columns: nothing padded, nothing hanging at column 0.

The scan runs as a real subprocess (no TTY, width from ``COLUMNS``, as rich reads it in a
pipeline) on the example inventory and on one whose messages and names are long.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import ROOT

LOCATION = re.compile(r"\S+\.(?:ya?ml|json):\d+")
WIDTHS = (80, 160)


def _run(args: list[str], width: int, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(width), "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    env.pop("NO_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "audit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _scan(inventory: Path, width: int, tmp_path: Path) -> tuple[str, dict[str, object]]:
    report = tmp_path / f"report-{width}.json"
    args = ["scan", str(inventory), "--offline", "--as-of", "2026-11-26", "--fail-on", "never"]
    result = _run([*args, "--json", str(report)], width, tmp_path)
    assert result.returncode == 0, result.stderr
    return result.stdout, json.loads(report.read_text(encoding="utf-8"))


def _starts_allowed_at_column_0(line: str, model_ids: list[str]) -> bool:
    """Only block heads start at column 0: the header, model titles, waivers, the verdict."""
    heads = ("model-audit ", "Organisation-wide", "waiver ", "PASS ", "FAIL ")
    return line.startswith(heads) or any(line.startswith(f"{m} ·") for m in model_ids)


def _check_layout(out: str, document: dict[str, object], width: int) -> None:
    models = document["models"]
    assert isinstance(models, list)
    model_ids = [m["id"] for m in models]
    lines = out.splitlines()
    assert lines, "the scan printed nothing"
    for number, line in enumerate(lines, 1):
        assert line == line.rstrip(), f"line {number} ends in padding: {line!r}"
        if len(line) > width:  # only a single word too long for any line may overflow
            assert " " not in line.strip(), f"line {number} is {len(line)} wide: {line!r}"
        if line and not line[0].isspace():
            assert _starts_allowed_at_column_0(line, model_ids), (
                f"line {number} continues a block at column 0: {line!r}"
            )
        for match in LOCATION.finditer(line):
            assert match.start() > 0, f"line {number}: a location at column 0: {line!r}"
    findings = document["findings"]
    assert isinstance(findings, list)
    for finding in findings:
        place = f"{finding['location']['path']}:{finding['location']['line']}"
        assert any(place in line for line in lines), f"{place} is split or missing"


@pytest.mark.parametrize("width", WIDTHS)
def test_example_scan_reads_well(width: int, tmp_path: Path) -> None:
    out, document = _scan(ROOT / "examples" / "inventory.yaml", width, tmp_path)
    _check_layout(out, document, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_long_names_and_messages_hang_under_their_finding(width: int, tmp_path: Path) -> None:
    long_name = "acme-research/" + "very-long-model-name-" * 3 + "instruct"
    inventory = {
        "version": 1,
        "organisation": {"name": "Hôpitaux Réunis de la Côte d'Opale SA", "country": "FR"},
        "models": [
            {
                "id": "a-rather-long-model-identifier-for-the-triage-assistant",
                "source": "huggingface",
                "name": long_name,
                "licence": "cc-by-nc-4.0",
                "hosting": {"mode": "self-hosted", "regions": ["eu-west-3"]},
                "use_cases": [
                    {
                        "id": "patient-facing-triage-chat-for-emergency-departments",
                        "purpose": "answers patients' questions before triage",
                        "data": ["personal", "health"],
                        "audience": "public",
                    }
                ],
            }
        ],
    }
    path = tmp_path / "inventory.yaml"
    path.write_text(yaml.safe_dump(inventory, sort_keys=False), encoding="utf-8")
    out, document = _scan(path, width, tmp_path)
    assert document["findings"], "the long inventory must raise findings to lay out"
    _check_layout(out, document, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_never_splits_a_candidate_name(width: int, tmp_path: Path) -> None:
    names = [
        "mistralai/Mistral-7B-Instruct-v0.3",
        "openai:gpt-4o",
        "meta-llama/Llama-3.3-70B-Instruct",
    ]
    examples = ROOT / "examples"
    args = ["compare", str(examples / "inventory.yaml"), "--offline", "--as-of", "2026-11-26"]
    args += ["--use-case", "policy-summaries", "--pricing", str(examples / "pricing.yaml")]
    for name in names:
        args += ["--candidate", name]
    result = _run(args, width, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for number, line in enumerate(lines, 1):
        assert line == line.rstrip(), f"line {number} ends in padding: {line!r}"
        if len(line) > width:
            assert " " not in line.strip(), f"line {number} is {len(line)} wide: {line!r}"
    table_head = next(line for line in lines if line.startswith("┃"))
    for number, name in enumerate(names, 1):
        assert any(name in line for line in lines), f"{name} is split across lines"
        assert name in table_head or f"[{number}]" in table_head, table_head


@pytest.mark.parametrize("args", [["rules", "--long"], ["licences"], ["providers"]])
def test_a_reader_that_goes_away_ends_the_command_quietly_with_141(
    args: list[str], tmp_path: Path
) -> None:
    """``model-audit rules | head -1``: exit 141 as a shell reports SIGPIPE, no message and
    not 1 (which a gate reads as findings)."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "80"}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "audit", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 141, result.stderr
    assert result.stderr == ""
