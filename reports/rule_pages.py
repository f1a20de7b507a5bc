"""``docs/rules/<ID>.md``: one Markdown page per rule, generated from the rule's metadata.

The rule's own ``@rule(...)`` declaration is the only source (checkov's habit: metadata
enough for SARIF and the docs, no second copy). ``model-audit rules --markdown DIR`` writes
the pages and an index; a test fails when the committed pages differ from what the
registry generates, so a new or edited rule forces a regeneration.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from audit.rules.registry import Rule

INDEX = "README.md"
REGENERATE = "model-audit rules --markdown docs/rules"
"""The command that rewrites every page; named in each page and in the freshness test."""

_FAMILY_TITLES = {
    "licence": "Licence",
    "gdpr": "GDPR",
    "ai-act": "EU AI Act",
    "advisory": "Advisory",
    "inventory": "Inventory",
}


def rule_pages(rules: Sequence[Rule]) -> dict[str, str]:
    """File name -> Markdown text: one page per rule and the index ``README.md``."""
    pages = {f"{r.id}.md": rule_page(r) for r in rules}
    pages[INDEX] = index_page(rules)
    return pages


def rule_page(rule: Rule) -> str:
    """The page of one rule: what it checks, its source, how to fix, how to waive."""
    family = _FAMILY_TITLES.get(rule.family, rule.family)
    lines = [
        _generated_note(),
        f"# {rule.id} {rule.name}",
        "",
        "| | |",
        "|---|---|",
        f"| Family | {family} |",
        f"| Default severity | {rule.severity.value} |",
        f"| Evaluated per | {rule.scope} |",
        "",
        "## When it fires",
        "",
        _paragraph(rule.summary),
        "",
        "## Legal source",
        "",
        _paragraph(rule.citation),
        "",
        "## How to fix",
        "",
        _paragraph(rule.remediation),
        "",
    ]
    if rule.details:
        # details are laid out with indentation (lists of keys and values): keep it verbatim
        verbatim = rule.details.strip("\n").replace("`" * 3, "'" * 3)
        lines += ["## Details", "", "```text", verbatim, "```", ""]
    lines += [
        "## Waiving it",
        "",
        "An accepted risk is recorded in the inventory, with a reason, an approver and an "
        "expiry date; once the date passes, the finding counts again:",
        "",
        "```yaml",
        "waivers:",
        f"  - rule: {rule.id}",
        "    model: MODEL-ID        # leave out to waive the rule for every model",
        "    reason: why the risk is accepted",
        "    approved_by: who accepted it",
        "    expires: YYYY-MM-DD",
        "```",
        "",
        f"`model-audit rules {rule.id}` prints this rule in the terminal.",
    ]
    return "\n".join(lines) + "\n"


def index_page(rules: Sequence[Rule]) -> str:
    """The index of every rule page, in catalogue order."""
    lines = [
        _generated_note(),
        "# Rules",
        "",
        f"{len(rules)} rules. Each finding of the JSON report, SARIF log and pull-request "
        "summary names one of them and links to its page here.",
        "",
        "| id | name | family | default severity | fires when |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| [{r.id}]({r.id}.md) | {r.name} | {_FAMILY_TITLES.get(r.family, r.family)} | "
        f"{r.severity.value} | {_cell(r.summary)} |"
        for r in rules
    ]
    return "\n".join(lines) + "\n"


def _generated_note() -> str:
    return (
        f"<!-- Generated from the rule's metadata by `{REGENERATE}`; edit the rule, not this "
        "file. -->\n"
    )


def _paragraph(text: str) -> str:
    """Rule text as Markdown prose: kept as written, with characters that would start
    markup escaped (rule texts are ours, but a stray ``*`` or ``<`` must not format)."""
    return "".join(f"\\{c}" if c in "\\*_<>[]|" else c for c in text.strip())


def _cell(text: str) -> str:
    return " ".join(_paragraph(text).split())


def stale_pages(folder: Path, current: Mapping[str, str]) -> list[Path]:
    """Generated pages in ``folder`` that ``current`` no longer has (a removed rule)."""
    out = []
    for path in sorted(folder.glob("*.md")):
        if path.name in current or not path.is_file() or path.is_symlink():
            continue
        with path.open(encoding="utf-8", errors="replace") as handle:
            if handle.readline().startswith("<!-- Generated from the rule's metadata"):
                out.append(path)
    return out
