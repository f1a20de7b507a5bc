"""``scan`` against a faulty Hub: never a pass on missing data, and it says how many failed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hubserver import HubServer, isolate_hub_environment
from support import inventory, model, write_inventory

from audit.cli import cli


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> HubServer:
    server = HubServer().start()
    isolate_hub_environment(monkeypatch, tmp_path / "hf-home", server.endpoint)
    yield server  # type: ignore[misc]
    server.stop()


def _inventory(tmp_path: Path) -> Path:
    models = [
        model("good", name="acme/good", licence="apache-2.0"),
        model("flaky", name="acme/flaky", licence="apache-2.0"),
        model("ghost", name="acme/ghost", licence="apache-2.0"),
    ]
    return write_inventory(tmp_path, inventory(*models))


def test_unreachable_and_missing_models_are_lic001_and_counted(
    tmp_path: Path, hub: HubServer
) -> None:
    hub.add_model("acme/good", card_data={"license": "apache-2.0"})
    hub.add_model("acme/flaky", card_data={"license": "apache-2.0"})
    hub.fail("acme/flaky", statuses=[503], forever=True)
    result = CliRunner().invoke(cli, ["scan", str(_inventory(tmp_path)), "--json", "-"])
    assert result.exit_code == 3, result.output  # an outage is not a compliance verdict
    document = json.loads(result.stdout)
    assert document["summary"]["incomplete"] is True
    lic001 = {f["model"]: f["message"] for f in document["findings"] if f["rule"] == "LIC001"}
    assert set(lic001) == {"flaky", "ghost"}
    assert "Hub unreachable" in lic001["flaky"]
    assert "not found on the Hub" in lic001["ghost"]
    assert "2 models could not be fully verified" in result.stderr
    assert "Hub unreachable: 1" in result.stderr and "not found on the Hub: 1" in result.stderr


def test_retried_answers_pass_when_the_hub_recovers(tmp_path: Path, hub: HubServer) -> None:
    for repo in ("acme/good", "acme/flaky", "acme/ghost"):
        hub.add_model(repo, card_data={"license": "apache-2.0"})
    hub.fail("acme/flaky", statuses=[503, 500])
    hub.fail("acme/ghost", statuses=[429], retry_after=0)
    result = CliRunner().invoke(cli, ["scan", str(_inventory(tmp_path)), "--json", "-"])
    document = json.loads(result.stdout)
    assert [f for f in document["findings"] if f["rule"] == "LIC001"] == []
    assert all(m["licence"]["source"] == "hub" for m in document["models"])
    assert "could not be fully verified" not in result.stderr
