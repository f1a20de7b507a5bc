"""``model-audit init``: a starter inventory that validates, never overwriting by accident."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import RunCli

from audit.cli import cli
from audit.cli.init import starter_inventory
from audit.inventory import load_inventory


def test_without_a_path_the_starter_goes_to_stdout() -> None:
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0
    assert result.stdout == starter_inventory()
    assert result.stdout.startswith("# model-audit inventory, format version 1.")


def test_the_written_starter_validates(tmp_path: Path) -> None:
    target = tmp_path / "inventory.yaml"
    result = CliRunner().invoke(cli, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert f"wrote {target}; next: model-audit validate {target}" in result.stderr
    assert target.read_text(encoding="utf-8") == starter_inventory()

    loaded = load_inventory(str(target))
    assert loaded.inventory.version == 1
    assert CliRunner().invoke(cli, ["validate", str(target)]).exit_code == 0


def test_the_starter_shows_every_section(tmp_path: Path) -> None:
    text = starter_inventory()
    for section in ("organisation:", "data_classes:", "models:", "routes:", "waivers:"):
        assert f"\n{section}" in text
    assert "x-" in text  # it tells the reader about extension keys


def test_an_existing_file_is_kept_without_force(tmp_path: Path) -> None:
    target = tmp_path / "inventory.yaml"
    target.write_text("mine\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(target)])
    assert result.exit_code == 2
    assert f"{target} exists; pass --force to overwrite it" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine\n"

    forced = CliRunner().invoke(cli, ["init", str(target), "--force"])
    assert forced.exit_code == 0
    assert target.read_text(encoding="utf-8") == starter_inventory()


@pytest.mark.skipif(os.name == "nt", reason="POSIX symlinks")
def test_force_replaces_a_link_not_the_file_it_points_to(tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "inventory.yaml"
    link.symlink_to(precious)

    assert CliRunner().invoke(cli, ["init", str(link)]).exit_code == 2
    assert CliRunner().invoke(cli, ["init", str(link), "--force"]).exit_code == 0
    assert precious.read_text(encoding="utf-8") == "keep me\n"
    assert not link.is_symlink()
    assert link.read_text(encoding="utf-8") == starter_inventory()


def test_an_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "inventory.yaml"
    result = CliRunner().invoke(cli, ["init", str(target)])
    assert result.exit_code == 2
    assert f"cannot write {target}: No such file or directory" in result.stderr
    assert "Traceback" not in result.output


def test_init_then_validate_in_real_processes(tmp_path: Path, model_audit: RunCli) -> None:
    written = model_audit("init", "inventory.yaml")
    assert written.returncode == 0, written.stderr
    assert written.stdout == ""
    checked = model_audit("validate", "inventory.yaml")
    assert checked.returncode == 0, checked.stderr

    again = model_audit("init", "inventory.yaml")
    assert again.returncode == 2
    assert "exists; pass --force" in again.stderr

    to_stdout = model_audit("init")
    assert to_stdout.stdout == (tmp_path / "inventory.yaml").read_text(encoding="utf-8")


def test_the_starter_lists_every_built_in_tag_and_each_kind_of_model() -> None:
    from audit.inventory.datatags import BUILTIN_TAGS

    text = starter_inventory()
    comments = " ".join(line.split("#", 1)[1] for line in text.splitlines() if "#" in line).replace(
        ",", " "
    )
    missing = [tag for tag in BUILTIN_TAGS if tag not in comments.split()]
    assert not missing, f"the starter does not name these built-in tags: {missing}"
    assert "..." not in text
    for kind in ("source: huggingface", "source: local", "source: api"):
        assert kind in text, kind
    for mode in ("mode: self-hosted", "mode: managed", "mode: api"):
        assert mode in text, mode


def test_the_commented_local_model_validates_once_uncommented(tmp_path: Path) -> None:
    """The commented example is real: uncommented (with its folder made), it validates."""
    lines = starter_inventory().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  # - id: summariser"))
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("  #"))
    uncommented = [line.replace("  # ", "  ", 1) for line in lines[start:end]]
    (tmp_path / "models" / "mistral-7b-instruct").mkdir(parents=True)
    (tmp_path / "models" / "mistral-7b-instruct" / "LICENSE").write_text("x", encoding="utf-8")
    target = tmp_path / "inventory.yaml"
    target.write_text("\n".join(lines[:start] + uncommented + lines[end:]) + "\n", "utf-8")
    result = CliRunner().invoke(cli, ["validate", str(target)])
    assert result.exit_code == 0, result.output
