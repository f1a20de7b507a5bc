"""``scan --sarif`` as GitHub code scanning reads it, and finding fingerprints in the JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from github_sarif import github_problems
from support import ROOT, RunCli

EXAMPLES = ROOT / "examples"
OFFLINE = ["--offline", "--as-of", "2026-11-26"]


def git_repository(tmp_path: Path) -> Path:
    """A git repository holding the examples under ``compliance/``."""
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES, repo / "compliance")
    subprocess.run(["git", "init", "-q", str(repo)], check=True, timeout=30)
    return repo


def sarif_run(path: Path) -> dict[str, Any]:
    run: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["runs"][0]
    return run


def test_uris_are_relative_to_the_repository_root_from_a_subfolder(
    tmp_path: Path, model_audit: RunCli
) -> None:
    repo = git_repository(tmp_path)
    (repo / "compliance" / "deeper").mkdir()
    done = model_audit(
        "scan", "../inventory.yaml", *OFFLINE, "--sarif", "out.sarif", "-q",
        cwd=repo / "compliance" / "deeper",
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    run = sarif_run(repo / "compliance" / "deeper" / "out.sarif")
    artifact = {"uri": "compliance/inventory.yaml", "uriBaseId": "%SRCROOT%"}
    assert run["artifacts"][0]["location"] == artifact
    for result in run["results"]:
        assert result["locations"][0]["physicalLocation"]["artifactLocation"] == artifact
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"
    assert run["automationDetails"]["id"] == "model-audit/compliance/inventory.yaml/"
    assert (
        github_problems(json.loads((repo / "compliance/deeper/out.sarif").read_text()), repo) == []
    )


def test_from_the_repository_root_the_uri_is_the_same(tmp_path: Path, model_audit: RunCli) -> None:
    repo = git_repository(tmp_path)
    done = model_audit(
        "scan", "compliance/inventory.yaml", *OFFLINE, "--sarif", "a.sarif", cwd=repo
    )
    assert done.returncode == 1, done.stderr
    uri = sarif_run(repo / "a.sarif")["artifacts"][0]["location"]["uri"]
    assert uri == "compliance/inventory.yaml"


def test_outside_git_github_workspace_is_the_root(tmp_path: Path, model_audit: RunCli) -> None:
    workspace = tmp_path / "workspace"
    shutil.copytree(EXAMPLES, workspace / "ci" / "audit")
    done = model_audit(
        "scan", "inventory.yaml", *OFFLINE, "--sarif", str(tmp_path / "a.sarif"),
        cwd=workspace / "ci" / "audit", env={"GITHUB_WORKSPACE": str(workspace)},
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    location = sarif_run(tmp_path / "a.sarif")["artifacts"][0]["location"]
    assert location == {"uri": "ci/audit/inventory.yaml", "uriBaseId": "%SRCROOT%"}


def test_waived_and_info_findings_are_not_results(tmp_path: Path, model_audit: RunCli) -> None:
    done = model_audit(
        "scan", str(EXAMPLES / "inventory.yaml"), *OFFLINE,
        "--json", "r.json", "--sarif", "r.sarif", "-q",
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    findings = json.loads((tmp_path / "r.json").read_text())["findings"]
    assert any(f["waived"] for f in findings) and any(f["severity"] == "info" for f in findings)
    results = sarif_run(tmp_path / "r.sarif")["results"]
    shown = {f["fingerprint"] for f in findings if not f["waived"] and f["severity"] != "info"}
    assert {r["partialFingerprints"]["primaryLocationLineHash"] for r in results} == shown
    assert len(results) == len(shown)
    again = model_audit(
        "scan", str(EXAMPLES / "inventory.yaml"), *OFFLINE, "--sarif", "all.sarif",
        "--sarif-waived", "include", "--sarif-min-severity", "info",
    )  # fmt: skip
    assert again.returncode == 1, again.stderr
    everything = sarif_run(tmp_path / "all.sarif")["results"]
    assert len(everything) == len(findings)
    assert sum(1 for r in everything if r.get("suppressions")) == sum(f["waived"] for f in findings)


def fingerprints(tmp_path: Path, model_audit: RunCli, folder: Path) -> dict[str, Any]:
    done = model_audit("scan", str(folder / "inventory.yaml"), *OFFLINE, "--json", "-")
    assert done.returncode == 1, done.stderr
    return {f["fingerprint"]: f for f in json.loads(done.stdout)["findings"]}


def test_every_finding_has_a_unique_fingerprint_that_survives_line_moves(
    tmp_path: Path, model_audit: RunCli
) -> None:
    first = fingerprints(tmp_path, model_audit, EXAMPLES)
    document = json.loads(
        model_audit("scan", str(EXAMPLES / "inventory.yaml"), *OFFLINE, "--json", "-").stdout
    )
    assert len(first) == len(document["findings"]), "one fingerprint per finding"
    assert all(len(fp) == 32 and int(fp, 16) >= 0 for fp in first)
    moved = tmp_path / "moved"
    shutil.copytree(EXAMPLES, moved)
    text = (moved / "inventory.yaml").read_text(encoding="utf-8")
    # an unrelated comment block and blank lines above everything: every line moves
    (moved / "inventory.yaml").write_text("# moved\n\n\n" + text, encoding="utf-8")
    second = fingerprints(tmp_path, model_audit, moved)
    assert set(second) == set(first)
    for fp, finding in first.items():
        assert second[fp]["rule"] == finding["rule"] and second[fp]["model"] == finding["model"]
        if finding["location"]["line"]:
            assert second[fp]["location"]["line"] == finding["location"]["line"] + 3


@pytest.mark.parametrize("seed", ["0", "4711"])
def test_fingerprints_do_not_depend_on_hash_seed_or_folder(
    tmp_path: Path, model_audit: RunCli, seed: str
) -> None:
    here = fingerprints(tmp_path, model_audit, EXAMPLES)
    elsewhere = tmp_path / "copy"
    shutil.copytree(EXAMPLES, elsewhere)
    done = model_audit(
        "scan", "inventory.yaml", *OFFLINE, "--json", "-", cwd=elsewhere,
        env={"PYTHONHASHSEED": seed, "TZ": "Pacific/Kiritimati"},
    )  # fmt: skip
    assert {f["fingerprint"] for f in json.loads(done.stdout)["findings"]} == set(here)
