"""The audit ledger end to end, on SQLite and PostgreSQL: real scans in subprocesses append
runs; history, diff and --verify read them back."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import AS_OF, ROOT, RunCli, inventory, model, write_inventory

SCAN = ("--offline", "--as-of", AS_OF.isoformat(), "--fail-on", "never", "--quiet")


def _inventory(tmp_path: Path, *, notices: list[str] | None = None, extra: bool = False) -> Path:
    """A Llama model whose customers see it (LIC006 "Built with Llama" unless shown)."""
    entry = model(
        "chat",
        name="meta-llama/Llama-3.1-8B-Instruct",
        licence="llama3.1",
        attribution={"notices": notices or []},
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
    models = [entry]
    if extra:
        models.append(model("summary", name="mistralai/Mistral-7B-Instruct-v0.3"))
    return write_inventory(tmp_path, inventory(*models))


def _history(model_audit: RunCli, ledger: str, *args: str) -> list[dict[str, Any]]:
    result = model_audit("history", "--ledger", ledger, "--json", *args)
    assert result.returncode == 0, result.stderr
    runs: list[dict[str, Any]] = json.loads(result.stdout)["runs"]
    return runs


def test_two_scans_are_both_listed(tmp_path: Path, model_audit: RunCli, ledger_url: str) -> None:
    path = _inventory(tmp_path)
    for _ in range(2):
        result = model_audit("scan", str(path), *SCAN, "--ledger", ledger_url)
        assert result.returncode == 0, result.stderr
        assert "recorded as run" in result.stderr
    runs = _history(model_audit, ledger_url)
    assert [r["id"] for r in runs] == [1, 2]
    assert all(r["inventory"] == str(path.resolve()) for r in runs)
    assert runs[0]["counts"] == runs[1]["counts"]
    listed = model_audit("history", "--ledger", ledger_url, "--inventory", str(path))
    assert listed.returncode == 0 and len(listed.stdout.strip().splitlines()) == 2
    other = _history(model_audit, ledger_url, "--inventory", str(tmp_path / "other.yaml"))
    assert other == []


def test_diff_previous_last_shows_exactly_what_changed(
    tmp_path: Path, model_audit: RunCli, ledger_url: str
) -> None:
    path = _inventory(tmp_path)
    assert model_audit("scan", str(path), *SCAN, "--ledger", ledger_url).returncode == 0
    first = json.loads(model_audit("scan", str(path), *SCAN, "--json", "-").stdout)
    # show the notice (fixes LIC006) and add a model (brings its own findings)
    _inventory(tmp_path, notices=["Built with Llama"], extra=True)
    assert model_audit("scan", str(path), *SCAN, "--ledger", ledger_url).returncode == 0
    second = json.loads(model_audit("scan", str(path), *SCAN, "--json", "-").stdout)

    def keys(document: dict[str, Any]) -> set[tuple[str, str | None, str]]:
        return {(f["rule"], f["model"], f["message"]) for f in document["findings"]}

    expected_new = keys(second) - keys(first)
    expected_fixed = keys(first) - keys(second)
    assert ("LIC006", "chat") in {(r, m) for r, m, _ in expected_fixed}

    result = model_audit("diff", "previous", "last", "--ledger", ledger_url, "--json", "-")
    assert result.returncode == 0, result.stderr
    diff = json.loads(result.stdout)
    got_new = {(f["rule"], f["model"], f["message"]) for f in diff["findings"]["new"]}
    got_fixed = {(f["rule"], f["model"], f["message"]) for f in diff["findings"]["fixed"]}
    assert got_new == expected_new
    assert got_fixed == expected_fixed
    assert diff["models"]["added"] == ["summary"]
    # no arguments means previous last; the markdown names the fixed rule
    markdown = model_audit("diff", "--ledger", ledger_url, "--markdown", "-")
    assert markdown.returncode == 0 and "#### Fixed findings" in markdown.stdout
    assert "LIC006" in markdown.stdout


def test_two_json_reports_diff_without_a_ledger(tmp_path: Path, model_audit: RunCli) -> None:
    path = _inventory(tmp_path)
    old = tmp_path / "old.json"
    new = tmp_path / "new.json"
    assert model_audit("scan", str(path), *SCAN, "--json", str(old)).returncode == 0
    _inventory(tmp_path, notices=["Built with Llama"])
    assert model_audit("scan", str(path), *SCAN, "--json", str(new)).returncode == 0
    result = model_audit("diff", str(old), str(new), "--json", "-")
    assert result.returncode == 0, result.stderr
    diff = json.loads(result.stdout)
    assert [f["rule"] for f in diff["findings"]["fixed"]] == ["LIC006"]
    assert diff["findings"]["new"] == []
    not_report = tmp_path / "x.json"
    not_report.write_text('{"schema": "something-else"}', encoding="utf-8")
    refused = model_audit("diff", str(old), str(not_report))
    assert refused.returncode == 2 and "not a model-audit JSON report" in refused.stderr


def _tamper(ledger_url: str, run_id: int) -> None:
    """Change one stored run by hand, as someone with database access could."""
    statement = 'UPDATE runs SET record = replace(record, \'"verdict":"pass"\', '
    statement += f'\'"verdict":"fail"\') WHERE id = {run_id}'
    if "://" not in ledger_url:
        with sqlite3.connect(ledger_url) as connection:
            connection.execute(statement)
        return
    import psycopg

    with psycopg.connect(ledger_url, autocommit=True) as connection:
        connection.execute(statement)


def test_altering_a_stored_run_breaks_the_chain_at_that_run(
    tmp_path: Path, model_audit: RunCli, ledger_url: str
) -> None:
    path = _inventory(tmp_path, notices=["Built with Llama"])
    for _ in range(3):
        assert model_audit("scan", str(path), *SCAN, "--ledger", ledger_url).returncode == 0
    intact = model_audit("history", "--ledger", ledger_url, "--verify")
    assert intact.returncode == 0 and "intact, 3 runs" in intact.stdout
    _tamper(ledger_url, 2)
    broken = model_audit("history", "--ledger", ledger_url, "--verify")
    assert broken.returncode == 1
    assert "run 2" in broken.stdout and "NOT intact" in broken.stdout


def test_eight_concurrent_scans_all_land(tmp_path: Path, ledger_url: str) -> None:
    path = _inventory(tmp_path)
    env = {
        "PYTHONPATH": str(ROOT),
        "HF_HUB_OFFLINE": "1",
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "audit", "scan", str(path), *SCAN, "--ledger", ledger_url],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    outcomes = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0] * 8, [err for _, err in outcomes]
    check = subprocess.run(
        [sys.executable, "-m", "audit", "history", "--ledger", ledger_url, "--verify"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0 and "intact, 8 runs" in check.stdout, check.stdout + check.stderr


def test_an_unreachable_ledger_is_exit_3_after_the_reports(
    tmp_path: Path, model_audit: RunCli
) -> None:
    path = _inventory(tmp_path)
    report = tmp_path / "report.json"
    # nothing listens on port 9 of the loopback address: the connection is refused at once
    url = "postgresql://audit:s3cret-pass@127.0.0.1:9/ledger"
    result = model_audit("scan", str(path), *SCAN, "--json", str(report), "--ledger", url)
    assert result.returncode == 3, result.stderr
    assert report.is_file() and json.loads(report.read_text())["schema"] == "model-audit/report/v1"
    assert "ledger" in result.stderr and "s3cret-pass" not in result.stderr + result.stdout


def test_a_malformed_ledger_address_is_exit_2_before_any_work(
    tmp_path: Path, model_audit: RunCli
) -> None:
    path = _inventory(tmp_path)
    report = tmp_path / "report.json"
    result = model_audit(
        "scan", str(path), *SCAN, "--json", str(report), "--ledger", "mysql://db/ledger"
    )
    assert result.returncode == 2 and "--ledger" in result.stderr
    assert not report.exists()


def test_a_ledger_from_a_newer_model_audit_is_refused(
    tmp_path: Path, model_audit: RunCli, ledger_url: str
) -> None:
    path = _inventory(tmp_path)
    assert model_audit("scan", str(path), *SCAN, "--ledger", ledger_url).returncode == 0
    statement = "UPDATE alembic_version SET version_num = '9999'"
    if "://" not in ledger_url:
        with sqlite3.connect(ledger_url) as connection:
            connection.execute(statement)
    else:
        import psycopg

        with psycopg.connect(ledger_url, autocommit=True) as connection:
            connection.execute(statement)
    result = model_audit("history", "--ledger", ledger_url)
    assert result.returncode == 3
    assert "schema version 9999, newer than this model-audit knows" in result.stderr


def test_the_ledger_keeps_digests_of_inputs_and_reports(
    tmp_path: Path, model_audit: RunCli
) -> None:
    import hashlib

    path = _inventory(tmp_path)
    ledger = str(tmp_path / "ledger" / "audits.db")
    report = tmp_path / "report.json"
    assert (
        model_audit("scan", str(path), *SCAN, "--json", str(report), "--ledger", ledger).returncode
        == 0
    )
    with sqlite3.connect(ledger) as connection:
        (text,) = connection.execute("SELECT record FROM runs WHERE id = 1").fetchone()
    record = json.loads(text)
    assert record["reports"]["--json"] == hashlib.sha256(report.read_bytes()).hexdigest()
    assert record["inputs"][str(path)] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert record["as_of"] == AS_OF.isoformat()
    assert {f["rule"] for f in record["findings"]} >= {"LIC006"}
    assert all(f["fingerprint"] for f in record["findings"])


@pytest.mark.parametrize("password_in", ["userinfo", "query"])
def test_credentials_never_reach_a_message(password_in: str) -> None:
    from audit.ledger import mask_credentials

    url = (
        "postgresql://audit:hunter2@db.example/ledger"
        if password_in == "userinfo"
        else "postgresql://db.example/ledger?user=audit&password=hunter2"
    )
    assert "hunter2" not in mask_credentials(url)
