"""docs/rules/<ID>.md: generated from the rule metadata, and kept current by this test."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from support import ROOT, RunCli

from audit.rules.registry import Rule, all_rules
from reports.rule_pages import REGENERATE, rule_pages

DOCS = ROOT / "docs" / "rules"


def differences(pages: dict[str, str], folder: Path) -> list[str]:
    """What differs between the generated pages and ``folder``, one line per file."""
    out = []
    for name, text in sorted(pages.items()):
        path = folder / name
        if not path.is_file():
            out.append(f"{name}: missing")
        elif path.read_text(encoding="utf-8") != text:
            out.append(f"{name}: out of date")
    out += [f"{p.name}: no such rule" for p in sorted(folder.glob("*.md")) if p.name not in pages]
    return out


def test_committed_rule_pages_are_current() -> None:
    """A rule added or edited (LIC012, AIA011, ...) needs its page regenerated."""
    stale = differences(rule_pages(all_rules()), DOCS)
    assert not stale, (
        "docs/rules does not match the rule metadata:\n  "
        + "\n  ".join(stale)
        + f"\nRegenerate the pages with `{REGENERATE}` (or `python -m audit rules --markdown "
        "docs/rules`) and commit them."
    )


def test_the_currency_check_catches_an_edited_or_new_rule() -> None:
    rules = list(all_rules())
    edited = [dataclasses.replace(rules[0], summary="Reworded."), *rules[1:]]
    assert f"{rules[0].id}.md: out of date" in differences(rule_pages(edited), DOCS)
    extra: Rule = dataclasses.replace(rules[0], id="LIC999", name="brand-new")
    assert "LIC999.md: missing" in differences(rule_pages([*rules, extra]), DOCS)


def test_every_page_says_what_the_rule_says() -> None:
    for rule in all_rules():
        page = (DOCS / f"{rule.id}.md").read_text(encoding="utf-8")
        assert page.splitlines()[2] == f"# {rule.id} {rule.name}"
        assert f"| Default severity | {rule.severity.value} |" in page
        assert f"  - rule: {rule.id}" in page
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    assert all(f"[{r.id}]({r.id}.md)" in index for r in all_rules())


def test_the_command_writes_the_pages_and_removes_stale_ones(
    tmp_path: Path, model_audit: RunCli
) -> None:
    out = tmp_path / "rules"
    out.mkdir()
    (out / "LIC999.md").write_text("<!-- Generated from the rule's metadata by x -->\n")
    (out / "notes.md").write_text("# hand-written, kept\n")
    done = model_audit("rules", "--markdown", str(out))
    assert done.returncode == 0, done.stderr
    assert differences(rule_pages(all_rules()), out) == ["notes.md: no such rule"]
    assert not (out / "LIC999.md").exists()
    assert model_audit("rules", "LIC001", "--markdown", str(out)).returncode == 2
