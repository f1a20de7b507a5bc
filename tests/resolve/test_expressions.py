"""Licence expressions keep their structure: AND binds every part, WITH records the
exception, OR is a choice (``licence_choice`` or the least restrictive known alternative)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import ROOT, audit, hits, inventory, model, write_inventory


def _local(tmp_path: Path, licence: str, **fields: Any) -> dict[str, Any]:
    root = tmp_path / "models" / "m"
    root.mkdir(parents=True, exist_ok=True)
    (root / "README.md").write_text(f"---\nlicense: {licence}\n---\n# m\n", encoding="utf-8")
    public = [
        {
            "id": "m1-uc",
            "purpose": "Answer customer questions",
            "audience": "customers",
            "data": ["internal"],
            "ai_act": {"role": "deployer", "area": "none"},
        }
    ]
    return model(source="local", path="models/m", name="acme/m", use_cases=public, **fields)


def test_and_with_an_unknown_part_is_lic001_naming_the_part(tmp_path: Path) -> None:
    result = audit(tmp_path, inventory(_local(tmp_path, "Apache-2.0 AND LicenseRef-acme-nc")))
    (finding,) = hits(result, "LIC001")
    assert "LicenseRef-acme-nc" in finding.message
    assert not result.passed


def test_and_of_known_parts_passes_and_binds_both(tmp_path: Path) -> None:
    result = audit(tmp_path, inventory(_local(tmp_path, "Apache-2.0 AND MIT")))
    assert hits(result, "LIC001") == []
    res = result.resolutions["m1"]
    assert {res.licence, *res.co_licences} == {"apache-2.0", "mit"}


def test_and_with_a_restrictive_part_brings_its_findings(tmp_path: Path) -> None:
    """The non-commercial part binds as much as the permissive one."""
    result = audit(tmp_path, inventory(_local(tmp_path, "Apache-2.0 AND CC-BY-NC-4.0")))
    assert not result.passed
    assert any("cc-by-nc-4.0" in f.message.lower() or "non" in f.message.lower()
               for f in result.active_findings)  # fmt: skip


def test_with_exception_records_the_exception_and_binds_the_base(tmp_path: Path) -> None:
    result = audit(tmp_path, inventory(_local(tmp_path, "Apache-2.0 WITH LLVM-exception")))
    res = result.resolutions["m1"]
    assert res.licence == "apache-2.0"
    assert hits(result, "LIC001") == []
    (card,) = [e for e in res.evidence if e.source == "card"]
    assert card.exceptions == ("LLVM-exception",)


def test_with_exception_on_an_unknown_licence_is_lic001(tmp_path: Path) -> None:
    result = audit(tmp_path, inventory(_local(tmp_path, "LicenseRef-x WITH LLVM-exception")))
    assert hits(result, "LIC001")


def test_or_takes_the_least_restrictive_alternative_and_says_why(tmp_path: Path) -> None:
    for written in ("CC-BY-NC-4.0 OR Apache-2.0", "Apache-2.0 OR CC-BY-NC-4.0"):
        result = audit(tmp_path, inventory(_local(tmp_path, written)))
        res = result.resolutions["m1"]
        assert res.licence == "apache-2.0", written
        assert res.choice is not None and "least restrictive" in res.choice
        assert any("licence choice" in n for n in res.notes)
        assert result.passed


def test_or_ties_are_broken_by_the_order_written(tmp_path: Path) -> None:
    result = audit(tmp_path, inventory(_local(tmp_path, "MIT OR Apache-2.0")))
    assert result.resolutions["m1"].licence == "mit"


def test_or_never_chooses_an_unknown_alternative(tmp_path: Path) -> None:
    result = audit(tmp_path, inventory(_local(tmp_path, "LicenseRef-free OR CC-BY-NC-4.0")))
    assert result.resolutions["m1"].licence == "cc-by-nc-4.0"
    only_unknown = audit(tmp_path, inventory(_local(tmp_path, "LicenseRef-a OR LicenseRef-b")))
    assert hits(only_unknown, "LIC001")


def test_licence_choice_is_honoured(tmp_path: Path) -> None:
    data = inventory(_local(tmp_path, "Apache-2.0 OR CC-BY-NC-4.0", licence_choice="cc-by-nc-4.0"))
    result = audit(tmp_path, data)
    res = result.resolutions["m1"]
    assert res.licence == "cc-by-nc-4.0"
    assert res.choice is not None and "licence_choice" in res.choice
    assert not result.passed  # the organisation chose the non-commercial licence


def test_licence_choice_outside_the_alternatives_is_lic001(tmp_path: Path) -> None:
    data = inventory(_local(tmp_path, "Apache-2.0 OR MIT", licence_choice="gpl-3.0"))
    (finding,) = hits(audit(tmp_path, data), "LIC001")
    assert "licence_choice" in finding.message


@pytest.mark.parametrize("written", ["Apache-2.0 OR CC-BY-NC-4.0", "CC-BY-NC-4.0 OR Apache-2.0"])
def test_or_scan_is_byte_identical_under_eight_hash_seeds(tmp_path: Path, written: str) -> None:
    path = write_inventory(tmp_path, inventory(_local(tmp_path, written)))
    outputs = set()
    statuses = set()
    for seed in range(8):
        env = {
            **os.environ,
            "PYTHONHASHSEED": str(seed),
            "PYTHONPATH": str(ROOT),
            "HF_HUB_OFFLINE": "1",
        }
        done = subprocess.run(
            [sys.executable, "-m", "audit", "scan", str(path), "--offline", "--as-of",
             "2026-11-26", "--json", "-"],
            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120, check=False,
        )  # fmt: skip
        outputs.add(done.stdout)
        statuses.add(done.returncode)
    assert len(outputs) == 1 and statuses == {0}
    document = json.loads(outputs.pop())
    assert document["models"][0]["licence"]["id"] == "apache-2.0"
