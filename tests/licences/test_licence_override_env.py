"""MODEL_AUDIT_LICENCE_DATA lets a user correct a licence term from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import audit, hits, inventory, model, organisation, resolution


def test_an_override_directory_changes_a_term_for_the_audit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    overrides = tmp_path / "licence-data"
    overrides.mkdir()
    (overrides / "llama3.1.yaml").write_text(
        "key: llama3.1\nuser_threshold:\n  monthly_active_users: 1000\n", encoding="utf-8"
    )
    data = inventory(model(), organisation=organisation(monthly_active_users=5000))
    resolutions = {"m1": resolution("m1", "llama3.1")}
    assert hits(audit(tmp_path, data, resolutions=resolutions), "LIC003") == []
    monkeypatch.setenv("MODEL_AUDIT_LICENCE_DATA", str(overrides))
    (finding,) = hits(audit(tmp_path, data, resolutions=resolutions), "LIC003")
    assert "1,000" in finding.message


def test_a_broken_override_file_is_exit_2_with_file_line_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner
    from support import write_inventory

    from audit.cli import cli

    overrides = tmp_path / "licence-data"
    overrides.mkdir()
    (overrides / "llama3.1.yaml").write_text(
        "key: llama3.1\nuser_threshold:\n  monthly_active_users: many\n", encoding="utf-8"
    )
    monkeypatch.setenv("MODEL_AUDIT_LICENCE_DATA", str(overrides))
    path = write_inventory(tmp_path, inventory(model(licence="llama3.1")))
    result = CliRunner().invoke(cli, ["scan", str(path), "--offline"])
    assert result.exit_code == 2
    assert "llama3.1.yaml:3: user_threshold.monthly_active_users" in result.stderr
