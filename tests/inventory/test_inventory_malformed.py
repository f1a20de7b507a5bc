"""Every broken inventory under tests/fixtures/malformed gives exit 2 and its exact messages.

Each fixture has a sidecar ``<name>.expected`` with the lines ``model-audit validate`` must
print (see the folder's README). The loader is checked directly and through the CLI.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import cli
from audit.errors import InputError
from audit.inventory import load_inventory

MALFORMED = Path(__file__).resolve().parents[1] / "fixtures" / "malformed"

RULE_CATALOGUE = frozenset(
    [f"LIC{n:03d}" for n in range(1, 12)]
    + [f"GDPR{n:03d}" for n in range(1, 7)]
    + [f"AIA{n:03d}" for n in range(1, 9)]
    + [f"ADV{n:03d}" for n in range(1, 4)]
)
"""The rule ids of spec/rules.md: the catalogue waivers are checked against here."""

FIXTURES = sorted(p for p in MALFORMED.iterdir() if p.suffix in (".yaml", ".json"))


def expected_lines(fixture: Path) -> list[str]:
    """The sidecar's lines: what validate prints for ``fixture``, one problem a line."""
    sidecar = fixture.with_suffix(".expected")
    return sidecar.read_text(encoding="utf-8").splitlines()


def test_the_fixture_set_covers_the_cases_the_brief_names() -> None:
    names = {p.stem for p in FIXTURES}
    assert len(names) >= 20
    for needed in (
        "enum_hosting_mode",
        "wrong_type",
        "missing_required",
        "unknown_field",
        "duplicate_key",
        "duplicate_model_id",
        "duplicate_use_case_id",
        "waiver_unknown_model",
        "waiver_unknown_rule",
        "route_unknown_model",
        "unknown_data_tag",
        "bad_country",
        "bad_date",
        "version_2",
        "empty",
        "top_level_list",
        "not_utf8",
        "tabs",
        "syntax_error",
        "local_without_path",
        "api_without_provider",
        "absolute_path",
        "path_climbs_out",
        "json_error",
        "bad_month",
    ):
        assert needed in names, f"no fixture for {needed}"
    for fixture in FIXTURES:
        assert fixture.with_suffix(".expected").is_file(), f"{fixture.name} has no .expected"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_loader_reports_exactly_the_expected_problems(
    fixture: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(MALFORMED)
    with pytest.raises(InputError) as raised:
        load_inventory(fixture.name, known_rules=RULE_CATALOGUE)
    assert [str(p) for p in raised.value.problems] == expected_lines(fixture)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_validate_exits_2_with_the_expected_messages(
    fixture: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(MALFORMED)
    # The registry fills up as rule families land; the contract's catalogue keeps this stable.
    monkeypatch.setattr("audit.cli.options.known_rule_ids", lambda: set(RULE_CATALOGUE))
    result = CliRunner().invoke(cli, ["validate", fixture.name])

    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    expected = expected_lines(fixture)
    assert lines[:-1] == expected
    count = len(expected)
    assert lines[-1] == (
        f"model-audit: {count} problem{'s' if count != 1 else ''} found; nothing was audited."
    )
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_each_message_names_file_line_and_field() -> None:
    """Apart from whole-file problems, every line reads ``file:line: field: message``."""
    whole_file = {"empty", "comments_only", "top_level_list", "not_utf8", "tabs"}
    for fixture in FIXTURES:
        for line in expected_lines(fixture):
            where, _, rest = line.partition(": ")
            name, _, number = where.partition(":")
            assert name == fixture.name
            assert number.isdigit() and int(number) > 0, line
            if fixture.stem not in whole_file and "syntax" not in fixture.stem:
                field, _, message = rest.partition(": ")
                assert field and " " not in field, line
                assert message, line


def test_the_example_message_of_the_contract() -> None:
    assert expected_lines(MALFORMED / "enum_hosting_mode.yaml") == [
        "enum_hosting_mode.yaml:14: models[0].hosting.mode: expected one of self-hosted, "
        "managed, api; got 'selfhosted'"
    ]
