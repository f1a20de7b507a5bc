"""``model-audit watch`` against a local Hub whose answers change, on both ledger backends;
and waivers tied to a licence."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hubserver import HubServer
from support import AS_OF, RunCli, audit, hits, inventory, model, resolution, write_inventory

REPO = "meta-llama/Llama-3.1-8B-Instruct"
LLAMA_CARD = {"license": "llama3.1", "base_model": "meta-llama/Llama-3.1-8B"}
NC_CARD = {"license": "cc-by-nc-4.0", "base_model": "meta-llama/Llama-3.1-8B"}


@pytest.fixture
def hub() -> Iterator[HubServer]:
    with HubServer() as server:
        yield server


def _env(hub: HubServer, tmp_path: Path) -> dict[str, str]:
    return {
        "HF_ENDPOINT": hub.endpoint,
        "HF_HOME": str(tmp_path / "hf-home"),
        "HF_HUB_OFFLINE": "0",
        "HF_HUB_DISABLE_TELEMETRY": "1",
    }


def _inventory(tmp_path: Path, revision: str | None = None) -> Path:
    entry = model("chat", name=REPO)
    if revision:
        entry["revision"] = revision
    return write_inventory(tmp_path, inventory(entry))


def _watch(model_audit: RunCli, path: Path, ledger: str, env: dict[str, str]) -> Any:
    return model_audit(
        "watch", str(path), "--ledger", ledger, "--json", "-", "--as-of", AS_OF.isoformat(),
        env=env,
    )  # fmt: skip


def test_a_licence_turned_non_commercial_upstream_is_lic013_high(
    tmp_path: Path, model_audit: RunCli, ledger_url: str, hub: HubServer
) -> None:
    hub.add_model(REPO, card_data=LLAMA_CARD)
    path = _inventory(tmp_path)
    env = _env(hub, tmp_path)
    first = _watch(model_audit, path, ledger_url, env)
    assert first.returncode == 0, first.stderr
    rules = [(f["rule"], f["severity"]) for f in json.loads(first.stdout)["findings"]]
    assert rules == [("LIC013", "info")]  # not pinned: a pin is suggested, nothing changed

    hub.add_model(REPO, card_data=NC_CARD)
    second = _watch(model_audit, path, ledger_url, env)
    assert second.returncode == 1, second.stderr
    document = json.loads(second.stdout)
    (change,) = [f for f in document["findings"] if f["severity"] != "info"]
    assert (change["rule"], change["severity"]) == ("LIC013", "high")
    assert "'llama3.1' -> 'cc-by-nc-4.0'" in change["message"]
    assert "non-commercial" in change["message"]
    assert document["summary"]["status"] == "changed"

    # the observation was recorded: the next watch compares with it and finds nothing new
    third = _watch(model_audit, path, ledger_url, env)
    assert third.returncode == 0, third.stderr
    history = model_audit("history", "--ledger", ledger_url, "--json")
    kinds = [r["kind"] for r in json.loads(history.stdout)["runs"]]
    assert kinds == ["watch", "watch", "watch"]


def test_a_pinned_model_is_compared_with_the_head(
    tmp_path: Path, model_audit: RunCli, ledger_url: str, hub: HubServer
) -> None:
    hub.add_model(REPO, card_data=NC_CARD, sha="b" * 40)
    hub.add_revision(REPO, "a" * 40, card_data=LLAMA_CARD, sha="a" * 40)
    path = _inventory(tmp_path, revision="a" * 40)
    result = _watch(model_audit, path, ledger_url, _env(hub, tmp_path))
    assert result.returncode == 1, result.stderr
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["severity"] == "high"
    assert f"since the pinned revision {'a' * 40}" in finding["message"]
    # the remediation: once the new terms are reviewed, move the pin to the head commit
    moved = _inventory(tmp_path, revision="b" * 40)
    hub.add_revision(REPO, "b" * 40, card_data=NC_CARD, sha="b" * 40)
    cleared = _watch(model_audit, moved, ledger_url, _env(hub, tmp_path))
    assert cleared.returncode == 0, cleared.stderr
    assert json.loads(cleared.stdout)["findings"] == []


def test_a_hub_model_newly_gated_is_high_and_a_new_licence_link_medium(
    tmp_path: Path, model_audit: RunCli, hub: HubServer
) -> None:
    ledger = str(tmp_path / "ledger" / "audits.db")
    hub.add_model(REPO, card_data=LLAMA_CARD)
    path = _inventory(tmp_path)
    env = _env(hub, tmp_path)
    assert _watch(model_audit, path, ledger, env).returncode == 0
    hub.add_model(REPO, card_data={**LLAMA_CARD, "license_link": "LICENSE-v2"})
    medium = json.loads(_watch(model_audit, path, ledger, env).stdout)["findings"]
    assert [f["severity"] for f in medium if f["severity"] != "info"] == ["medium"]
    hub.add_model(REPO, card_data={**LLAMA_CARD, "license_link": "LICENSE-v2"}, gated=True)
    high = json.loads(_watch(model_audit, path, ledger, env).stdout)["findings"]
    (gated,) = [f for f in high if f["severity"] != "info"]
    assert gated["severity"] == "high" and "newly gated" in gated["message"]


def test_watch_writes_sarif_and_markdown(
    tmp_path: Path, model_audit: RunCli, hub: HubServer
) -> None:
    ledger = str(tmp_path / "ledger" / "audits.db")
    hub.add_model(REPO, card_data=LLAMA_CARD)
    path = _inventory(tmp_path)
    env = _env(hub, tmp_path)
    assert _watch(model_audit, path, ledger, env).returncode == 0
    hub.add_model(REPO, card_data=NC_CARD)
    result = model_audit(
        "watch", str(path), "--ledger", ledger, "--sarif", str(tmp_path / "w.sarif"),
        "--markdown", str(tmp_path / "w.md"), env=env,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    sarif = json.loads((tmp_path / "w.sarif").read_text())
    assert any(r["ruleId"] == "LIC013" for r in sarif["runs"][0]["results"])
    assert "upstream changes found" in (tmp_path / "w.md").read_text()


def test_watch_with_the_hub_down_is_exit_3(
    tmp_path: Path, model_audit: RunCli, hub: HubServer
) -> None:
    hub.add_model(REPO, card_data=LLAMA_CARD)
    hub.fail(REPO, [503], forever=True)
    ledger = str(tmp_path / "ledger" / "audits.db")
    result = _watch(model_audit, _inventory(tmp_path), ledger, _env(hub, tmp_path))
    assert result.returncode == 3
    assert "could not be observed" in result.stderr
    assert json.loads(result.stdout)["summary"]["incomplete"] is True


# --- waivers tied to a licence --------------------------------------------------------------


def _waived_inventory() -> dict[str, Any]:
    entry = model(
        "chat",
        name=REPO,
        use_cases=[
            {
                "id": "portal",
                "purpose": "Answer customers",
                "audience": "customers",
                "data": ["internal"],
                "ai_act": {"role": "deployer", "area": "none", "interacts_with_people": True},
            }
        ],
    )
    waiver = {
        "rule": "LIC006",
        "model": "chat",
        "reason": "Notice shown in the portal footer; screenshot in ticket 88",
        "approved_by": "J. Weber (Legal)",
        "expires": "2027-12-31",
        "while_licence": "llama3.1",
    }
    return inventory(entry, waivers=[waiver])


def test_a_while_licence_waiver_applies_while_the_licence_holds(tmp_path: Path) -> None:
    result = audit(
        tmp_path, _waived_inventory(), resolutions={"chat": resolution("chat", "llama3.1")}
    )
    (finding,) = hits(result, "LIC006", active_only=False)
    assert finding.waived
    assert [w.status for w in result.waivers] == ["active"]


def test_a_while_licence_waiver_lapses_when_the_licence_changes(tmp_path: Path) -> None:
    changed = resolution("chat", "llama3.3")
    result = audit(tmp_path, _waived_inventory(), resolutions={"chat": changed})
    findings = hits(result, "LIC006", active_only=False)
    assert findings and not any(f.waived for f in findings)
    (outcome,) = result.waivers
    assert outcome.status == "lapsed"
    assert outcome.lapsed is not None and "now resolves to llama3.3" in outcome.lapsed
