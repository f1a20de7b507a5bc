"""Fail closed: a pass means every licence was verified, offline or online; an outage is
exit 3 with the reports written, not a compliance verdict."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hubserver import HubServer, isolate_hub_environment
from support import inventory, model, write_inventory

from audit.cli import cli

VERIFIED = {"by": "Jane Roe (Legal)", "on": "2026-11-02", "evidence": "LICENSE at commit abc1234"}


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    server = HubServer().start()
    isolate_hub_environment(monkeypatch, tmp_path / "hf-home", server.endpoint)
    yield server
    server.stop()


@pytest.fixture
def offline_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty Hugging Face cache and no Hub at all."""
    isolate_hub_environment(monkeypatch, tmp_path / "hf-home", "http://127.0.0.1:9")
    return tmp_path / "hf-home"


def _scan(tmp_path: Path, *models: dict[str, Any], offline: bool = False) -> tuple[Result, Any]:
    path = write_inventory(tmp_path, inventory(*models))
    out = tmp_path / "report.json"
    args = ["scan", str(path), "--json", str(out), "--sarif", str(tmp_path / "r.sarif"), "-q"]
    result = CliRunner().invoke(cli, [*args, "--as-of", "2026-11-26"] + (["--offline"] * offline))
    document = json.loads(out.read_text()) if out.exists() else None
    return result, document


def _lic001(document: Any) -> dict[str, str]:
    return {f["model"]: f["message"] for f in document["findings"] if f["rule"] == "LIC001"}


# -- offline ----------------------------------------------------------------------------------


@pytest.mark.parametrize("declared", [None, "mit"])
def test_offline_hub_model_missing_from_the_cache_is_lic001(
    tmp_path: Path, offline_home: Path, declared: str | None
) -> None:
    fields = {"licence": declared} if declared else {}
    result, document = _scan(tmp_path, model(name="acme/uncached", **fields), offline=True)
    assert result.exit_code == 1, result.output
    (message,) = _lic001(document).values()
    if declared:
        assert "declared mit, not verified" in message
    assert document["summary"]["unresolved"] == 1


def test_offline_with_licence_verification_passes_and_shows_who(
    tmp_path: Path, offline_home: Path
) -> None:
    entry = model(name="acme/uncached", licence="mit", licence_verification=VERIFIED)
    result, document = _scan(tmp_path, entry, offline=True)
    assert result.exit_code == 0, result.output
    assert _lic001(document) == {}
    shown = document["models"][0]
    assert "Jane Roe (Legal)" in shown["licence"]["verification"]
    assert "2026-11-02" in shown["licence"]["verification"]
    assert any("Jane Roe" in e["note"] for e in shown["licence_evidence"])
    sarif = (tmp_path / "r.sarif").read_text()
    assert "Jane Roe" not in sarif or "2026-11-02" in sarif


def test_licence_verification_without_a_licence_is_unusable_input(tmp_path: Path) -> None:
    result, _ = _scan(tmp_path, model(name="acme/x", licence_verification=VERIFIED))
    assert result.exit_code == 2
    assert "licence_verification" in result.output


def test_offline_well_known_family_is_established_by_the_knowledge_base(
    tmp_path: Path, offline_home: Path
) -> None:
    entry = model(name="meta-llama/Llama-3.1-8B-Instruct")
    _, document = _scan(tmp_path, entry, offline=True)
    assert _lic001(document) == {}
    shown = document["models"][0]
    assert shown["licence"]["id"] == "llama3.1"
    assert any("established by the knowledge base" in n for n in shown["notes"])


def test_offline_unknown_name_of_a_known_owner_is_lic001(
    tmp_path: Path, offline_home: Path
) -> None:
    _, document = _scan(tmp_path, model(name="meta-llama/not-a-family"), offline=True)
    assert "m1" in _lic001(document)


def test_offline_local_model_with_an_unverifiable_base_is_lic001(
    tmp_path: Path, offline_home: Path
) -> None:
    folder = tmp_path / "models" / "m"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("---\nlicense: mit\nbase_model: stranger/base\n---\n")
    entry = model(source="local", path="models/m", name="acme/m")
    _, document = _scan(tmp_path, entry, offline=True)
    assert "stranger/base" in _lic001(document)["m1"]


def test_offline_local_model_with_a_known_family_base_passes(
    tmp_path: Path, offline_home: Path
) -> None:
    folder = tmp_path / "models" / "m"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(
        "---\nlicense: llama3.1\nbase_model: meta-llama/Llama-3.1-8B-Instruct\n---\n"
    )
    entry = model(source="local", path="models/m", name="acme/m")
    _, document = _scan(tmp_path, entry, offline=True)
    assert _lic001(document) == {}
    (ancestor,) = document["models"][0]["ancestors"]
    assert "established by the knowledge base" in ancestor["where"]


# -- online -----------------------------------------------------------------------------------


def test_local_models_base_is_looked_up_online(tmp_path: Path, hub: HubServer) -> None:
    hub.add_model("stranger/base", card_data={"license": "cc-by-nc-4.0"})
    folder = tmp_path / "models" / "m"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("---\nlicense: mit\nbase_model: stranger/base\n---\n")
    entry = model(source="local", path="models/m", name="acme/m")
    _, document = _scan(tmp_path, entry)
    assert hub.requests_for("stranger/base")
    (ancestor,) = document["models"][0]["ancestors"]
    assert ancestor["licence"] == "cc-by-nc-4.0"


@pytest.mark.parametrize("fault", ["404", "403", "html", "no-licence"])
def test_unverifiable_ancestor_on_the_hub_is_lic001(
    tmp_path: Path, hub: HubServer, fault: str
) -> None:
    hub.add_model("acme/child", card_data={"license": "mit", "base_model": "acme/base"})
    if fault == "403":
        hub.add_model("acme/base", card_data={"license": "mit"})
        hub.fail("acme/base", statuses=[403], forever=True)
    elif fault == "html":
        hub.add_model("acme/base", card_data={"license": "mit"})
        hub.malformed("acme/base", body=b"<html>maintenance</html>", forever=True)
    elif fault == "no-licence":
        hub.add_model("acme/base", card_data={"tags": ["text"]})
    result, document = _scan(tmp_path, model(name="acme/child", licence="mit"))
    assert "acme/base" in _lic001(document).get("m1", ""), document["models"][0]
    assert result.exit_code == 1


def test_verified_ancestor_passes(tmp_path: Path, hub: HubServer) -> None:
    hub.add_model("acme/child", card_data={"license": "mit", "base_model": "acme/base"})
    hub.add_model("acme/base", card_data={"license": "mit"})
    result, document = _scan(tmp_path, model(name="acme/child", licence="mit"))
    assert _lic001(document) == {}
    assert result.exit_code == 0, result.output


def test_unreadable_hub_licence_file_is_lic001(tmp_path: Path, hub: HubServer) -> None:
    hub.add_model("acme/m", card_data={"license": "mit"}, files={"LICENSE": "MIT License\n"})
    hub.fail("acme/m", statuses=[403], file="LICENSE", forever=True)
    _, document = _scan(tmp_path, model(name="acme/m", licence="mit"))
    assert "LICENSE" in _lic001(document)["m1"]


def test_base_model_ids_match_inventory_models_exactly(tmp_path: Path, hub: HubServer) -> None:
    hub.add_model("acme/child", card_data={"license": "mit", "base_model": "Acme/Base"})
    hub.add_model("Acme/Base", card_data={"license": "cc-by-nc-4.0"})
    other = model("other", name="acme/base", licence="mit")
    hub.add_model("acme/base", card_data={"license": "mit"})
    _, document = _scan(tmp_path, model(name="acme/child", licence="mit"), other)
    (ancestor,) = document["models"][0]["ancestors"]
    assert ancestor["name"] == "Acme/Base"
    assert "inventory model other" not in ancestor["where"]


# -- outages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["500", "drop"])
def test_hub_outage_is_exit_3_with_reports_written(
    tmp_path: Path, hub: HubServer, fault: str
) -> None:
    hub.add_model("acme/good", card_data={"license": "mit"})
    hub.add_model("acme/down", card_data={"license": "mit"})
    if fault == "500":
        hub.fail("acme/down", statuses=[500], forever=True)
    else:
        hub.drop("acme/down", forever=True)
    good = model("good", name="acme/good", licence="mit")
    down = model("down", name="acme/down", licence="mit")
    result, document = _scan(tmp_path, good, down)
    assert result.exit_code == 3, result.output
    assert "1 model could not be verified" in result.stderr
    assert document["summary"]["incomplete"] is True
    assert document["summary"]["incomplete_reasons"][0]["model"] == "down"
    assert "declared mit, not verified" in _lic001(document)["down"]
    assert (tmp_path / "r.sarif").exists()


def test_hub_model_that_does_not_exist_is_exit_1_not_3(tmp_path: Path, hub: HubServer) -> None:
    result, document = _scan(tmp_path, model(name="acme/ghost", licence="mit"))
    assert result.exit_code == 1, result.output
    assert document["summary"]["incomplete"] is False
    assert "m1" in _lic001(document)


def test_answer_for_another_repository_is_refused(tmp_path: Path, hub: HubServer) -> None:
    hub.add_model("acme/m", card_data={"license": "mit"})
    hub.malformed(
        "acme/m", body=json.dumps({"id": "evil/other", "cardData": {"license": "mit"}}).encode(),
        forever=True,
    )  # fmt: skip
    _, document = _scan(tmp_path, model(name="acme/m"))
    assert "another repository" in _lic001(document)["m1"]
