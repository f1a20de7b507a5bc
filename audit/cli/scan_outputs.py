"""The reports one ``scan`` writes, and the one-line summary it prints without a table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from audit.findings import SEVERITIES, Severity

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


def write_outputs(document: dict[str, Any], outputs: ScanOutputs) -> None:
    """Render and write every report asked for (an unwritable path is exit 2)."""
    from reports.writers import write_output, write_report

    for fmt, destination in (("json", outputs.json), ("html", outputs.html), ("pdf", outputs.pdf)):
        if destination:
            write_report(fmt, document, destination)
    if outputs.sarif:
        from reports.sarif import SarifOptions, render_sarif

        options = SarifOptions(
            waived="include" if outputs.sarif_waived == "include" else "omit",
            min_severity=outputs.sarif_min_severity,
            destination=outputs.sarif,
        )
        write_output(render_sarif(document, options), outputs.sarif, "SARIF report")
    if outputs.markdown:
        from reports.markdown import render_markdown

        write_output(render_markdown(document), outputs.markdown, "Markdown summary")


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
