"""``model-audit rules``: the catalogue and one rule explained, for whatever is registered."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from support import RunCli

from audit.cli import cli
from audit.rules.registry import Rule, all_rules

WAIVER_RULE_ID = re.compile(r"^(LIC|GDPR|AIA|ADV|INV)\d{3}$")


@pytest.fixture(scope="module")
def registered() -> tuple[Rule, ...]:
    rules = all_rules()
    if not rules:
        pytest.skip("no rules are registered yet; the rule families land over time")
    return rules


def run(*args: str) -> tuple[int, str, str]:
    # A wide console keeps rich from folding ids and names across lines.
    result = CliRunner(env={"COLUMNS": "250"}).invoke(cli, ["rules", *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_catalogue_lists_every_registered_rule(registered: tuple[Rule, ...]) -> None:
    code, out, _ = run()
    assert code == 0
    assert f"Rule catalogue ({len(registered)} rules)" in out
    for rule in registered:
        assert re.search(rf"\b{rule.id}\b.*\b{re.escape(rule.name)}\b", out), rule.id
    assert "Explain one rule: model-audit rules ID" in out


def test_every_registered_rule_can_be_explained(registered: tuple[Rule, ...]) -> None:
    for rule in registered:
        code, out, _ = run(rule.id)
        assert code == 0, rule.id
        flat = " ".join(out.split())
        assert flat.startswith(f"{rule.id} {rule.name} (")
        assert f"default severity {rule.severity.value}" in flat
        for part in (rule.summary, rule.citation, rule.remediation):
            assert " ".join(part.split()) in flat, (rule.id, part)


def test_every_registered_rule_can_be_waived(registered: tuple[Rule, ...]) -> None:
    """Waivers accept ids of one pattern; a rule outside it could never be waived."""
    for rule in registered:
        assert WAIVER_RULE_ID.match(rule.id), rule.id
        assert rule.summary and rule.citation and rule.remediation, rule.id
    names = [r.name for r in registered]
    assert len(set(names)) == len(names)


def test_ids_are_case_insensitive_and_names_work(registered: tuple[Rule, ...]) -> None:
    rule = registered[0]
    by_id = run(rule.id)[1]
    assert run(rule.id.lower())[1] == by_id
    assert run(rule.name)[1] == by_id


def test_an_unknown_id_exits_2_with_a_suggestion(registered: tuple[Rule, ...]) -> None:
    rule = registered[0]
    typo = rule.id[:-1] + ("9" if rule.id[-1] != "9" else "8") + "9"  # e.g. LIC0019
    code, out, err = run(typo)
    assert code == 2
    assert out == ""
    assert f"unknown rule '{typo}'" in err
    assert "; did you mean " in err

    code, _, err = run(rule.name[:-1])
    assert code == 2
    assert f"did you mean {rule.id} ({rule.name})?" in err


def test_nonsense_points_to_the_catalogue(registered: tuple[Rule, ...]) -> None:
    code, _, err = run("zzzz")
    assert code == 2
    assert "unknown rule 'zzzz'; see `model-audit rules` for the catalogue" in err


def test_an_empty_catalogue_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("audit.rules.registry.all_rules", lambda: ())
    code, out, _ = run()
    assert code == 0
    assert out.strip() == "No rules are registered in this build."
    code, _, err = run("LIC001")
    assert code == 2
    assert "unknown rule 'LIC001'; no rules are registered in this build" in err


def test_rules_in_a_real_process(model_audit: RunCli, registered: tuple[Rule, ...]) -> None:
    listing = model_audit("rules", env={"COLUMNS": "250"})
    assert listing.returncode == 0, listing.stderr
    assert registered[0].id in listing.stdout

    unknown = model_audit("rules", "NOPE999")
    assert unknown.returncode == 2
    assert "unknown rule 'NOPE999'" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_the_catalogue_is_one_line_per_rule_at_80_columns(registered: tuple[Rule, ...]) -> None:
    result = CliRunner(env={"COLUMNS": "80"}).invoke(cli, ["rules"])
    assert result.exit_code == 0
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    rule_lines = [line for line in lines if WAIVER_RULE_ID.match(line.split(" ", 1)[0])]
    assert len(rule_lines) == len(registered)
    assert len(lines) <= len(registered) + 2, "the catalogue must be one line per rule"
    assert all(len(line) <= 80 and line == line.rstrip() for line in lines)


def test_long_prints_every_summary_and_source(registered: tuple[Rule, ...]) -> None:
    result = CliRunner(env={"COLUMNS": "80"}).invoke(cli, ["rules", "--long"])
    assert result.exit_code == 0
    flat = " ".join(result.stdout.split())
    for rule in registered:
        assert " ".join(rule.summary.split()) in flat, rule.id
        assert " ".join(rule.citation.split()) in flat, rule.id
    code, _, err = run("--long", "LIC001")
    assert code == 2 and "give no ID" in err
