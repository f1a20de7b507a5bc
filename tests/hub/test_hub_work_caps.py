"""Bounded work per model, through ``scan``: one stranger's repository cannot cost thousands
of requests, hundreds of MB or minutes. A model over a cap is LIC001 naming the cap, its
value and the variable that changes it (exit 1); a deadline is an outage (exit 3).

Each cap has its near miss: the work just within it is done in full.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hubserver import HubServer
from support import ROOT, inventory, model, write_inventory

from audit.cli import cli

REPO = "acme/merge"


@pytest.fixture
def mit(corpus_dir: Path) -> str:
    return (corpus_dir / "licence-texts" / "mit__deepseek-ai-DeepSeek-R1_LICENSE.txt").read_text()


def _mit_of(mit: str, year: int) -> str:
    """The MIT text with another copyright year: same size, another file (another blob)."""
    assert "(c) 2023" in mit
    return mit.replace("(c) 2023", f"(c) {year}")


def _scan(tmp_path: Path, *models: dict[str, Any]) -> tuple[Result, Any]:
    path = write_inventory(tmp_path, inventory(*models))
    out = tmp_path / "report.json"
    args = ["scan", str(path), "--json", str(out), "-q", "--as-of", "2026-11-26"]
    result = CliRunner().invoke(cli, args)
    assert out.exists(), (result.output, result.exception)
    return result, json.loads(out.read_text())


def _lic001(document: Any) -> list[str]:
    return [f["message"] for f in document["findings"] if f["rule"] == "LIC001"]


def _looked_up(hub: HubServer) -> set[str]:
    """Repositories whose model info was asked for."""
    return {r.repo_id for r in hub.requests if r.target == "api" and r.repo_id}


# -- base models followed per card ------------------------------------------------------------


@pytest.mark.parametrize(("setting", "cap"), [(None, 32), ("5", 5)])
def test_a_card_naming_3000_base_models_follows_only_the_cap(
    tmp_path: Path, hub: HubServer, monkeypatch: pytest.MonkeyPatch, setting: str | None,
    cap: int,
) -> None:  # fmt: skip
    bases = [f"acme/base-{i:04}" for i in range(3000)]
    hub.add_model(REPO, card_data={"license": "mit", "base_model": bases})
    for base in bases[:40]:
        hub.add_model(base, card_data={"license": "mit"})
    if setting is not None:
        monkeypatch.setenv("MODEL_AUDIT_MAX_BASE_MODELS", setting)

    result, document = _scan(tmp_path, model(name=REPO))

    assert _looked_up(hub) == {REPO, *bases[:cap]}, "the first ones, in the card's order"
    assert result.exit_code == 1, result.output
    expected = (
        f"the card of {REPO} names 3,000 base models, over the cap of {cap} base models "
        f"followed per model card (MODEL_AUDIT_MAX_BASE_MODELS); only the first {cap} were "
        "followed"
    )
    assert any(expected in message for message in _lic001(document)), _lic001(document)
    assert document["summary"]["incomplete"] is False, "a cap is a finding, not an outage"


def test_the_near_miss_a_card_at_the_cap_is_followed_fully(
    tmp_path: Path, hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    bases = ["acme/base-a", "acme/base-b"]
    hub.add_model(REPO, card_data={"license": "mit", "base_model": bases})
    for base in bases:
        hub.add_model(base, card_data={"license": "mit"})
    monkeypatch.setenv("MODEL_AUDIT_MAX_BASE_MODELS", "2")

    result, document = _scan(tmp_path, model(name=REPO))

    assert result.exit_code == 0, result.output
    assert _looked_up(hub) == {REPO, *bases}
    assert [step["name"] for step in document["models"][0]["ancestors"]] == bases


def test_the_cap_applies_to_every_card_of_the_lineage(
    tmp_path: Path, hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ancestors = [f"acme/root-{i}" for i in range(5)]
    hub.add_model(REPO, card_data={"license": "mit", "base_model": "acme/middle"})
    hub.add_model("acme/middle", card_data={"license": "mit", "base_model": ancestors})
    monkeypatch.setenv("MODEL_AUDIT_MAX_BASE_MODELS", "3")

    _, document = _scan(tmp_path, model(name=REPO))

    assert _looked_up(hub) == {REPO, "acme/middle", *ancestors[:3]}
    assert any("the card of acme/middle names 5 base models" in m for m in _lic001(document))


# -- bytes downloaded per model ---------------------------------------------------------------


def test_200_licence_files_stop_at_the_byte_cap(
    tmp_path: Path, hub: HubServer, monkeypatch: pytest.MonkeyPatch, mit: str
) -> None:
    files = {f"LICENSE-{i:03}": _mit_of(mit, 1800 + i) for i in range(200)}
    hub.add_model(REPO, card_data={"license": "mit"}, files=files)
    monkeypatch.setenv("MODEL_AUDIT_MAX_LICENCE_FILES", "1000")  # only the byte cap applies
    monkeypatch.setenv("MODEL_AUDIT_MAX_MODEL_BYTES", "16384")

    result, document = _scan(tmp_path, model(name=REPO))

    downloaded = sum(
        len(files[r.filename]) for r in hub.requests_for(REPO, "file") if r.method == "GET"
    )
    assert 0 < downloaded <= 16384
    blobs = tmp_path / "hf-home" / "hub"
    assert sum(p.stat().st_size for p in blobs.rglob("blobs/*")) <= 16384
    assert result.exit_code == 1, result.output
    (message,) = [m for m in _lic001(document) if "MODEL_AUDIT_MAX_MODEL_BYTES" in m]
    assert "past 16,384 bytes, the cap set by MODEL_AUDIT_MAX_MODEL_BYTES" in message
    assert document["summary"]["incomplete"] is False


def test_the_near_miss_licence_files_within_the_byte_cap_pass(
    tmp_path: Path, hub: HubServer, monkeypatch: pytest.MonkeyPatch, mit: str
) -> None:
    files = {f"LICENSE-{i:03}": _mit_of(mit, 2000 + i) for i in range(10)}
    hub.add_model(REPO, card_data={"license": "mit"}, files=files)
    monkeypatch.setenv("MODEL_AUDIT_MAX_MODEL_BYTES", str(len(mit.encode()) * 10))

    result, document = _scan(tmp_path, model(name=REPO))

    assert result.exit_code == 0, result.output
    gets = [r for r in hub.requests_for(REPO, "file") if r.method == "GET"]
    assert len(gets) == 10


# -- deadlines --------------------------------------------------------------------------------


def test_a_model_over_its_deadline_is_an_outage_naming_the_deadline(
    tmp_path: Path, hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub.add_model("acme/good", card_data={"license": "mit"})
    hub.add_model("acme/slow", card_data={"license": "mit"})
    hub.trickle("acme/slow", every=2.0, forever=True)
    monkeypatch.setenv("MODEL_AUDIT_HUB_REQUEST_SECONDS", "0.5")
    monkeypatch.setenv("MODEL_AUDIT_HUB_MODEL_SECONDS", "1.2")

    started = time.monotonic()
    good, slow = model("good", name="acme/good"), model("slow", name="acme/slow")
    result, document = _scan(tmp_path, good, slow)
    elapsed = time.monotonic() - started

    assert result.exit_code == 3, result.output
    assert document["summary"]["incomplete"] is True
    (message,) = _lic001(document)
    assert "took over 1.2 s in all, the deadline set by MODEL_AUDIT_HUB_MODEL_SECONDS" in message
    assert "timed out after 10 s" not in message
    assert elapsed < 10, "the model is held for its deadline, not for the whole trickle"


# -- bad values -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("MODEL_AUDIT_MAX_BASE_MODELS", "0", "expected a whole number from 1 to 1,000"),
        ("MODEL_AUDIT_MAX_BASE_MODELS", "lots", "expected a whole number from 1 to 1,000"),
        ("MODEL_AUDIT_MAX_MODEL_BYTES", "1023", "expected a whole number of bytes from 1,024"),
        ("MODEL_AUDIT_MAX_MODEL_BYTES", "1.5", "expected a whole number of bytes from 1,024"),
        ("MODEL_AUDIT_HUB_REQUEST_SECONDS", "0.05", "expected a number of seconds from 0.1 to 600"),
        ("MODEL_AUDIT_HUB_REQUEST_SECONDS", "1e3", "expected a number of seconds from 0.1 to 600"),
        ("MODEL_AUDIT_HUB_MODEL_SECONDS", "-1", "expected a number of seconds from 0.1 to 3600"),
        ("MODEL_AUDIT_HUB_MODEL_SECONDS", "", "expected a number of seconds from 0.1 to 3600"),
    ],
)
def test_a_bad_work_limit_is_exit_2_before_any_work(
    tmp_path: Path, variable: str, value: str, expected: str
) -> None:
    path = write_inventory(tmp_path, inventory(model("m1", licence="mit")))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", variable: value}
    done = subprocess.run(
        [sys.executable, "-m", "audit", "scan", str(path), "--offline", "--json", "-"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert f"{variable}: {expected}" in done.stderr
    assert f"got {value!r}" in done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr
