"""``model-audit validate``: exit 0 with a summary, or exit 2 with every problem located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from support import RunCli

from audit.cli import cli
from audit.cli.init import starter_inventory

MALFORMED = Path(__file__).resolve().parents[1] / "fixtures" / "malformed"


def write(tmp_path: Path, text: str, name: str = "inventory.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_inventory_exits_0_with_a_summary(tmp_path: Path) -> None:
    path = write(tmp_path, starter_inventory())
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{path}: valid inventory for Example GmbH: 2 models, 2 use cases, 1 route, 0 waivers\n"
    )
    assert result.stderr == ""


def test_a_valid_json_inventory_exits_0(tmp_path: Path) -> None:
    data = yaml.safe_load(starter_inventory())
    path = write(tmp_path, json.dumps(data), "inventory.json")
    assert CliRunner().invoke(cli, ["validate", str(path)]).exit_code == 0


def test_every_problem_is_printed_then_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(MALFORMED)
    result = CliRunner().invoke(cli, ["validate", "many_errors.yaml"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 10
    assert lines[-1] == "model-audit: 9 problems found; nothing was audited."
    numbers = [int(line.split(":")[1]) for line in lines[:-1]]
    assert numbers == sorted(numbers)
    assert result.stdout == ""


def test_a_waiver_for_a_rule_outside_the_registry_is_refused(tmp_path: Path) -> None:
    from audit.rules.registry import all_rules

    registered = {r.id for r in all_rules()}
    if not registered:
        pytest.skip("no rules are registered yet: waiver rules are not checked")
    unknown = next(
        f"{family}{n:03d}"
        for family in ("LIC", "GDPR", "AIA", "ADV")
        for n in range(999, 0, -1)
        if f"{family}{n:03d}" not in registered
    )
    text = starter_inventory().replace(
        "waivers: []",
        f"waivers:\n  - rule: {unknown}\n    reason: accepted\n    approved_by: DPO\n",
    )
    path = write(tmp_path, text)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"waivers[0].rule: unknown rule '{unknown}'" in result.stderr

    known = sorted(registered)[0]
    path = write(tmp_path, text.replace(unknown, known))
    assert CliRunner().invoke(cli, ["validate", str(path)]).exit_code == 0


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "absent.yaml")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path / 'absent.yaml'}: does not exist\n")


def test_no_argument_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 2
    assert "Missing argument 'INVENTORY'" in result.stderr


def test_validate_in_a_real_process(tmp_path: Path, model_audit: RunCli) -> None:
    write(tmp_path, starter_inventory())
    ok = model_audit("validate", "inventory.yaml")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("inventory.yaml: valid inventory for Example GmbH")

    broken = model_audit("validate", "enum_hosting_mode.yaml", cwd=MALFORMED)
    assert broken.returncode == 2
    assert broken.stdout == ""
    assert broken.stderr.splitlines() == [
        "enum_hosting_mode.yaml:14: models[0].hosting.mode: expected one of self-hosted, "
        "managed, api; got 'selfhosted'",
        "model-audit: 1 problem found; nothing was audited.",
    ]


def test_a_hostile_file_in_a_real_process_gives_no_traceback(
    tmp_path: Path, model_audit: RunCli
) -> None:
    write(tmp_path, "version: 1\nx: " + "[" * 5000 + "]" * 5000 + "\n")
    result = model_audit("validate", "inventory.yaml")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "inventory.yaml:2: nesting is deeper than 100 levels" in result.stderr
