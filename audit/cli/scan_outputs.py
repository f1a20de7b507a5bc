"""The reports one ``scan`` writes, and the one-line summary it prints without a table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from audit.findings import SEVERITIES, Severity

if TYPE_CHECKING:
    from audit.outputs import OutputPlan

ONE_INVENTORY_OPTIONS = ("--json", "--sarif", "--html", "--pdf", "--markdown", "--baseline")
"""Options that write or read the report of a single inventory."""


@dataclass(frozen=True)
class ScanOutputs:
    """Where ``scan`` writes each report (None: not asked for), and the SARIF choices."""

    json: str | None = None
    sarif: str | None = None
    html: str | None = None
    pdf: str | None = None
    markdown: str | None = None
    baseline: str | None = None
    """The JSON report of an earlier run to compare with (read, not written)."""
    sarif_waived: str = "omit"
    sarif_min_severity: Severity = Severity.LOW

    def to_stdout(self) -> list[str]:
        """The formats asked for on standard output (``-``)."""
        formats = {"json": self.json, "sarif": self.sarif, "markdown": self.markdown}
        return [fmt for fmt, destination in formats.items() if destination == "-"]

    def any_given(self) -> bool:
        """True when a report is written or a baseline read."""
        return any((self.json, self.sarif, self.html, self.pdf, self.markdown, self.baseline))


def plan_outputs(outputs: ScanOutputs, inventory: str) -> OutputPlan:
    """Check every destination before the audit (``audit.outputs``): exit 2 for a bad one."""
    from audit.outputs import OutputTarget
    from audit.outputs import plan_outputs as plan

    targets = [
        OutputTarget(f"--{fmt}", destination, what)
        for fmt, destination, what in (
            ("json", outputs.json, "JSON report"),
            ("sarif", outputs.sarif, "SARIF report"),
            ("html", outputs.html, "HTML report"),
            ("pdf", outputs.pdf, "PDF report"),
            ("markdown", outputs.markdown, "Markdown summary"),
        )
        if destination is not None
    ]
    return plan(targets, inputs=[p for p in (inventory, outputs.baseline) if p])


def write_outputs(
    document: dict[str, Any], outputs: ScanOutputs, plan: OutputPlan
) -> dict[str, str | bytes]:
    """Render every report asked for, then write them all or none (``OutputPlan``); return
    what was written, by option (the ledger records its digests)."""
    from reports.writers import renderer

    contents: dict[str, str | bytes] = {}
    for target in plan.targets:
        fmt = target.option[2:]
        if fmt == "sarif":
            from reports.sarif import SarifOptions, render_sarif

            options = SarifOptions(
                waived="include" if outputs.sarif_waived == "include" else "omit",
                min_severity=outputs.sarif_min_severity,
                destination=target.destination,
            )
            contents[target.option] = render_sarif(document, options)
        elif fmt == "markdown":
            from reports.markdown import render_markdown

            contents[target.option] = render_markdown(document)
        else:
            contents[target.option] = renderer(fmt)(document)
    plan.write_all(contents)
    return contents


def summary_line(document: dict[str, Any]) -> str:
    """One line for a CI log: verdict, inventory, counts by severity, waived, baseline."""
    summary = document["summary"]
    counts = ", ".join(f"{summary.get(s.value, 0)} {s.value}" for s in SEVERITIES)
    line = (
        f"model-audit: {summary['status'].upper()} {document['inventory']['path']} "
        f"(fail on {summary['fail_on']}): {counts}; {summary.get('waived', 0)} waived"
    )
    baseline = document.get("baseline")
    if isinstance(baseline, dict):
        line += (
            f"; baseline: {baseline['new']} new, {baseline['unchanged']} unchanged, "
            f"{len(baseline['absent'])} absent"
        )
    return line
