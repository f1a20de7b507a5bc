"""The lineage walk: depth limit, cycles, merges, and inventory models as ancestors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hubserver import HubServer, isolate_hub_environment
from support import inventory, model, write_inventory

from audit.engine import AuditOptions, AuditResult, run_audit
from audit.inventory import load_inventory
from audit.resolve.lineage import MAX_DEPTH


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with HubServer() as server:
        isolate_hub_environment(monkeypatch, tmp_path / "hf-home", server.endpoint)
        yield server


def _audit(tmp_path: Path, *models: dict[str, object]) -> AuditResult:
    loaded = load_inventory(str(write_inventory(tmp_path, inventory(*models))))
    return run_audit(loaded, AuditOptions(as_of=dt.date(2026, 11, 26)))


def test_a_cycle_is_reported_and_the_walk_ends(tmp_path: Path, hub: HubServer) -> None:
    hub.add_model("acme/a", card_data={"license": "apache-2.0", "base_model": "acme/b"})
    hub.add_model("acme/b", card_data={"license": "apache-2.0", "base_model": "acme/a"})
    result = _audit(tmp_path, model(name="acme/a"))
    res = result.resolutions["m1"]
    assert [s.name for s in res.lineage] == ["acme/b"]
    assert any("cycle" in p for p in res.problems)
    assert any(f.rule == "LIC001" and "cycle" in f.message for f in result.findings)


def test_a_chain_deeper_than_the_limit_stops_and_says_so(tmp_path: Path, hub: HubServer) -> None:
    depth = MAX_DEPTH + 3
    for i in range(depth):
        hub.add_model(f"acme/m{i}", card_data={"license": "mit", "base_model": f"acme/m{i + 1}"})
    hub.add_model(f"acme/m{depth}", card_data={"license": "llama3.1"})
    res = _audit(tmp_path, model(name="acme/m0")).resolutions["m1"]
    assert len(res.lineage) == MAX_DEPTH
    assert any(f"deeper than {MAX_DEPTH}" in p for p in res.problems)


def test_a_merge_inherits_every_parent_and_the_most_binding_one_shows(
    tmp_path: Path, hub: HubServer
) -> None:
    hub.add_model(
        "acme/merge",
        card_data={"license": "apache-2.0", "base_model": ["acme/permissive", "acme/gemma-tune"]},
    )
    hub.add_model("acme/permissive", card_data={"license": "mit"})
    hub.add_model("acme/gemma-tune", card_data={"license": "gemma"})
    result = _audit(tmp_path, model(name="acme/merge"))
    res = result.resolutions["m1"]
    assert res.ancestor_licences() == ("mit", "gemma")
    drift = [f for f in result.findings if f.rule == "LIC009"]
    assert len(drift) == 1 and "gemma" in drift[0].message


def test_an_inventory_model_serves_as_ancestor_without_the_hub(tmp_path: Path) -> None:
    root = tmp_path / "models" / "tune"
    root.mkdir(parents=True)
    (root / "README.md").write_text("---\nbase_model: acme/base\n---\n")
    base = model("base", name="acme/base", source="local", path="models/base")
    (tmp_path / "models" / "base").mkdir()
    (tmp_path / "models" / "base" / "README.md").write_text("---\nlicense: cc-by-nc-4.0\n---\n")
    tune = model("tune", name="acme/tune", source="local", path="models/tune")
    loaded = load_inventory(str(write_inventory(tmp_path, inventory(base, tune))))
    result = run_audit(loaded, AuditOptions(as_of=dt.date(2026, 11, 26), offline=True))
    res = result.resolutions["tune"]
    assert (res.licence, res.licence_source) == ("cc-by-nc-4.0", "base-model")
    assert {f.model for f in result.findings if f.rule == "LIC005"} == {"base", "tune"}
