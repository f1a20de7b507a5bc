"""The AI Act family through the command line: `rules AIA00x` prints the data, and
`scan --as-of` on two dates changes exactly the duties whose date lies between them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from support import inventory, model, organisation, write_inventory

from audit.ai_act import load_ai_act_data
from audit.cli import cli


def _invoke(*args: str) -> Any:
    # No HF_HUB_OFFLINE here: huggingface_hub reads it once at import, so setting it would
    # leak into every later test in the process. `scan --offline` is what keeps us local.
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": "200"})


def test_rules_aia001_lists_every_prohibited_practice() -> None:
    result = _invoke("rules", "AIA001")
    assert result.exit_code == 0, result.output
    for key, practice in load_ai_act_data().practices.items():
        assert f"{key}: {practice.reference}" in result.output
    assert "Legal basis: Reg. (EU) 2024/1689 as amended by Reg. (EU) 2026/1744" in result.output


def test_rules_aia002_lists_every_annex_iii_area_and_the_deployer_duties() -> None:
    result = _invoke("rules", "AIA002")
    assert result.exit_code == 0, result.output
    for key, area in load_ai_act_data().areas.items():
        assert f"{key}: {area.reference}" in result.output
    assert "Art. 26(6)" in result.output and "Art. 27" in result.output
    assert "2027-12-02" in result.output


def _inventory() -> dict[str, Any]:
    derivative = {
        "name": "Llama-Acme-405B",
        "fine_tuned": True,
        "distributed": True,
        "training_compute_flops": 1.5e25,
        "licence": "llama3.1",
    }
    use_cases = [
        {
            "id": "cv-screening",
            "data": ["personal"],
            "ai_act": {"role": "deployer", "area": "employment"},
        },
        {
            "id": "support-chat",
            "audience": "customers",
            "data": ["personal"],
            "ai_act": {"role": "provider", "area": "none", "interacts_with_people": True},
        },
    ]
    entry = model(
        "acme-llama",
        name="meta-llama/Llama-3.1-405B",
        licence="llama3.1",
        training_compute_flops=3.8e25,
        derivative=derivative,
        use_cases=use_cases,
    )
    return inventory(entry, organisation=organisation(ai_literacy_programme=False))


def _scan(path: Path, as_of: str) -> dict[str, Any]:
    result = _invoke("scan", str(path), "--offline", "--as-of", as_of, "--json", "-")
    assert result.exit_code in (0, 1), result.output
    document: dict[str, Any] = json.loads(result.output)
    return document


def _aia(document: dict[str, Any]) -> dict[tuple[str, str | None], dict[str, Any]]:
    return {
        (f["rule"], f["use_case"]): f for f in document["findings"] if f["rule"].startswith("AIA")
    }


@pytest.fixture()
def two_dates(tmp_path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    path = write_inventory(tmp_path, _inventory())
    return _scan(path, "2025-06-01"), _scan(path, "2026-11-26")


def test_as_of_moves_gpai_and_transparency_but_not_annex_iii(
    two_dates: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    early, late = (_aia(d) for d in two_dates)
    assert early.keys() == late.keys()
    changed = {
        key: (early[key]["severity"], late[key]["severity"])
        for key in early
        if early[key]["severity"] != late[key]["severity"]
    }
    assert changed == {
        ("AIA004", "support-chat"): ("info", "medium"),
        ("AIA005", None): ("info", "high"),
        ("AIA006", None): ("info", "critical"),
    }
    assert "applies from 2026-08-02" in early[("AIA004", "support-chat")]["message"]
    assert "applies from 2025-08-02" in early[("AIA005", None)]["message"]
    assert early[("AIA002", "cv-screening")]["severity"] == "info"
    assert "applies from 2027-12-02" in late[("AIA002", "cv-screening")]["message"]
    assert early[("AIA007", None)]["severity"] == late[("AIA007", None)]["severity"] == "low"


def test_json_report_carries_the_use_case_annotations(
    two_dates: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    _, late = two_dates
    [entry] = late["models"]
    cv = next(uc for uc in entry["use_cases"] if uc["id"] == "cv-screening")
    assert cv["ai_act"]["risk_class"] == "high-risk" and cv["ai_act"]["area"] == "employment"
    assert cv["ai_act"]["gpai_provider"] is True and cv["ai_act"]["systemic_risk"] is True
    rows = {row["article"]: row for row in cv["obligations"]}
    assert rows["Art. 26(2)"]["applies_from"] == "2027-12-02" and not rows["Art. 26(2)"]["in_force"]
    assert rows["Art. 55(1)(a)"]["role"] == "gpai-provider" and rows["Art. 55(1)(a)"]["in_force"]
