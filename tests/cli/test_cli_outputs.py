"""Destinations are checked before any audit work: duplicates, inputs, links, missing
folders and empty paths are exit 2 naming the option, and nothing at all is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import RunCli, inventory, model, write_inventory

OFFLINE = ("--offline", "--as-of", "2026-11-26")


@pytest.fixture
def inventory_path(tmp_path: Path) -> Path:
    return write_inventory(tmp_path, inventory(model("m1", licence="mit")))


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("--json", "same.out", "--sarif", "same.out"), "--sarif"),
        (("--json", "same.out", "--pdf", "same.out"), "--pdf"),
        (("--html", "same.out", "--sarif", "./same.out"), "--html"),
    ],
)
def test_two_outputs_to_one_file_are_refused(
    model_audit: RunCli, inventory_path: Path, tmp_path: Path, args: tuple[str, ...], option: str
) -> None:
    before = _files(tmp_path)
    done = model_audit("scan", str(inventory_path), *args, *OFFLINE)
    assert done.returncode == 2, done.stderr
    assert f"{option}: 'same.out' is also the destination of" in done.stderr
    assert _files(tmp_path) == before


def test_a_hard_link_to_another_output_is_the_same_file(
    model_audit: RunCli, inventory_path: Path, tmp_path: Path
) -> None:
    (tmp_path / "a.json").write_text("old\n", encoding="utf-8")
    os.link(tmp_path / "a.json", tmp_path / "b.sarif")
    done = model_audit("scan", str(inventory_path), "--json", "a.json", "--sarif", "b.sarif")
    assert done.returncode == 2, done.stderr
    assert "--sarif: 'b.sarif' is also the destination of --json" in done.stderr
    assert (tmp_path / "a.json").read_text(encoding="utf-8") == "old\n"


@pytest.mark.parametrize("option", ["--json", "--sarif", "--html", "--pdf"])
def test_the_inventory_is_never_an_output(
    model_audit: RunCli, inventory_path: Path, option: str
) -> None:
    before = inventory_path.read_bytes()
    done = model_audit("scan", "inventory.yaml", option, str(inventory_path), *OFFLINE)
    assert done.returncode == 2, done.stderr
    assert f"{option}: '{inventory_path}' is an input of this run (inventory.yaml)" in done.stderr
    assert inventory_path.read_bytes() == before


def test_a_symlinked_output_is_refused_and_its_target_untouched(
    model_audit: RunCli, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    write_inventory(repo, inventory(model("m1", licence="mit")))
    outside = tmp_path / ".bashrc"
    outside.write_text("export PATH=/usr/bin\n", encoding="utf-8")
    (repo / "model-audit.json").symlink_to("../.bashrc")
    done = model_audit("scan", "inventory.yaml", "--json", "model-audit.json", *OFFLINE, cwd=repo)
    assert done.returncode == 2, done.stderr
    assert "--json: 'model-audit.json' is a symbolic link (to ../.bashrc)" in done.stderr
    assert outside.read_text(encoding="utf-8") == "export PATH=/usr/bin\n"
    assert (repo / "model-audit.json").is_symlink()


def test_an_empty_destination_is_an_error(model_audit: RunCli, inventory_path: Path) -> None:
    done = model_audit("scan", str(inventory_path), "--json", "", *OFFLINE)
    assert done.returncode == 2, done.stderr
    assert "--json: expected a file path (or '-' for standard output); got ''" in done.stderr


def test_a_bad_destination_stops_the_run_before_any_file_is_written(
    model_audit: RunCli, inventory_path: Path, tmp_path: Path
) -> None:
    done = model_audit(
        "scan", str(inventory_path), "--json", "ok.json", "--pdf", "missing/x.pdf", *OFFLINE
    )
    assert done.returncode == 2, done.stderr
    assert "--pdf: cannot write 'missing/x.pdf': its folder" in done.stderr
    assert "does not exist" in done.stderr
    assert not (tmp_path / "ok.json").exists()


def test_a_folder_is_not_a_destination(model_audit: RunCli, inventory_path: Path) -> None:
    done = model_audit("scan", str(inventory_path), "--sarif", ".", *OFFLINE)
    assert done.returncode == 2, done.stderr
    assert "--sarif: '.' is a folder" in done.stderr


def test_bom_refuses_one_file_for_both_formats(
    model_audit: RunCli, inventory_path: Path, tmp_path: Path
) -> None:
    done = model_audit(
        "bom", str(inventory_path), "--spdx", "bom.json", "--cyclonedx", "bom.json", *OFFLINE
    )
    assert done.returncode == 2, done.stderr
    assert "--cyclonedx: 'bom.json' is also the destination of --spdx" in done.stderr
    assert not (tmp_path / "bom.json").exists()


def test_compare_refuses_its_pricing_file_and_a_shared_destination(
    model_audit: RunCli, inventory_path: Path, tmp_path: Path
) -> None:
    pricing = tmp_path / "pricing.yaml"
    pricing.write_text("version: 1\n", encoding="utf-8")
    common = ("compare", str(inventory_path), "--use-case", "m1-uc", "--candidate", "m1")
    done = model_audit(*common, "--pricing", str(pricing), "--json", "pricing.yaml", *OFFLINE)
    assert done.returncode == 2, done.stderr
    assert "--json: 'pricing.yaml' is an input of this run" in done.stderr
    assert pricing.read_text(encoding="utf-8") == "version: 1\n"
    done = model_audit(*common, "--json", "c.out", "--pdf", "c.out", *OFFLINE)
    assert done.returncode == 2, done.stderr
    assert "--pdf: 'c.out' is also the destination of --json" in done.stderr
