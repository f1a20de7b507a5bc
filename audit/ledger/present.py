"""The diff and history for people: terminal lines and GitHub-flavoured markdown.

Every string from a record came from an inventory, a card or the Hub, so it is shown with
control characters escaped (terminal) or as inert text (markdown: ``|``, backticks and angle
brackets neutralised), never interpreted.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from audit.ledger.diff import AuditDiff


def plain(text: object) -> str:
    """``text`` with every control or format character shown as an escape (``\\x1b``)."""
    out = []
    for char in str(text):
        if unicodedata.category(char) in ("Cc", "Cf", "Cs") and char not in "\n":
            out.append(f"\\x{ord(char):02x}" if ord(char) < 256 else f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def cell(text: object) -> str:
    """``text`` safe inside a markdown table cell."""
    value = plain(text).replace("\n", " ").replace("|", "\\|").replace("`", "'")
    return value.replace("<", "&lt;").replace(">", "&gt;")


def _finding_line(f: Mapping[str, Any]) -> str:
    where = f" {f.get('model')}" if f.get("model") else ""
    return plain(
        f"{str(f.get('severity', '')).upper():<8} {f.get('rule')}{where}: {f.get('message')}"
    )


def diff_lines(diff: AuditDiff) -> list[str]:
    """The diff as terminal lines."""
    lines = [plain(f"diff {diff.old.label} -> {diff.new.label}")]
    if diff.empty:
        return [*lines, "no changes"]
    sections: list[tuple[str, list[str]]] = [
        ("new findings", [_finding_line(f) for f in diff.new_findings]),
        ("fixed findings", [_finding_line(f) for f in diff.fixed_findings]),
        (
            "changed findings",
            [
                f"{_finding_line(c.new)} (changed: {', '.join(c.what)})"
                for c in diff.changed_findings
            ],
        ),
        (
            "licence changes",
            [
                plain(f"{c.model}: {c.old} ({c.old_source}) -> {c.new} ({c.new_source})")
                for c in diff.licence_changes
            ],
        ),
        ("models added", [plain(m) for m in diff.models_added]),
        ("models removed", [plain(m) for m in diff.models_removed]),
        ("waivers added", [_waiver(w) for w in diff.waivers_added]),
        ("waivers expired", [_waiver(w) for w in diff.waivers_expired]),
        ("waivers removed", [_waiver(w) for w in diff.waivers_removed]),
    ]
    for title, items in sections:
        if items:
            lines.append(f"{title} ({len(items)}):")
            lines.extend(f"  {item}" for item in items)
    return lines


def _waiver(w: Mapping[str, Any]) -> str:
    target = w.get("model") or "every model"
    return plain(
        f"{w.get('rule')} for {target} (approved by {w.get('approved_by')}, "
        f"expires {w.get('expires')})"
    )


def diff_markdown(diff: AuditDiff) -> str:
    """The diff as GitHub-flavoured markdown (for a PR comment or a job summary)."""
    out = [f"### model-audit: {cell(diff.old.label)} → {cell(diff.new.label)}", ""]
    if diff.empty:
        return "\n".join([*out, "No changes.", ""])
    counts = (
        f"**{len(diff.new_findings)} new**, {len(diff.fixed_findings)} fixed, "
        f"{len(diff.changed_findings)} changed findings; {len(diff.licence_changes)} licence "
        f"changes; waivers: {len(diff.waivers_added)} added, {len(diff.waivers_expired)} "
        f"expired, {len(diff.waivers_removed)} removed"
    )
    out += [counts, ""]
    for title, findings in (
        ("New findings", diff.new_findings),
        ("Fixed findings", diff.fixed_findings),
    ):
        if findings:
            out += [
                f"#### {title}",
                "",
                "| severity | rule | model | message |",
                "|---|---|---|---|",
            ]
            out += [
                f"| {cell(f.get('severity'))} | {cell(f.get('rule'))} | "
                f"{cell(f.get('model') or '')} | {cell(f.get('message'))} |"
                for f in findings
            ]
            out.append("")
    if diff.changed_findings:
        out += [
            "#### Changed findings",
            "",
            "| rule | model | what changed | now |",
            "|---|---|---|---|",
        ]
        out += [
            f"| {cell(c.new.get('rule'))} | {cell(c.new.get('model') or '')} | "
            f"{cell(', '.join(c.what))} | "
            f"{cell(c.new.get('severity'))}: {cell(c.new.get('message'))} |"
            for c in diff.changed_findings
        ]
        out.append("")
    if diff.licence_changes:
        out += ["#### Licence changes", "", "| model | before | after |", "|---|---|---|"]
        out += [
            f"| {cell(c.model)} | {cell(c.old)} ({cell(c.old_source)}) | "
            f"{cell(c.new)} ({cell(c.new_source)}) |"
            for c in diff.licence_changes
        ]
        out.append("")
    for title, waivers in (
        ("Waivers added", diff.waivers_added),
        ("Waivers expired", diff.waivers_expired),
        ("Waivers removed", diff.waivers_removed),
    ):
        if waivers:
            out += [f"#### {title}", ""] + [f"- {cell(_waiver(w))}" for w in waivers] + [""]
    return "\n".join(out)
