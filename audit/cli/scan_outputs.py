"""The reports one ``scan`` writes, and the one-line summary it prints without a table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from audit.findings import SEVERITIES, Severity

if TYPE_CHECKING:
    from audit.outputs import OutputPlan
    from audit.signing.run import SigningRequest

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


def plan_outputs(outputs: ScanOutputs, inventory: str, *, signed: bool = False) -> OutputPlan:
    """Check every destination before the audit (``audit.outputs``): exit 2 for a bad one.
    A ``signed`` run also writes the statement (``audit.signing.statement.statement_path``)."""
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
    if signed:
        from audit.signing.run import STATEMENT_OPTION
        from audit.signing.statement import statement_path

        where = statement_path({t.option: t.destination for t in targets})
        if where is not None:
            targets.append(OutputTarget(STATEMENT_OPTION, where, "signed statement"))
    return plan(targets, inputs=[p for p in (inventory, outputs.baseline) if p])


def write_outputs(
    document: dict[str, Any],
    outputs: ScanOutputs,
    plan: OutputPlan,
    signing: SigningRequest | None = None,
    inputs: dict[str, str] | None = None,
) -> dict[str, str | bytes]:
    """Render every report asked for, then write them all or none (``OutputPlan``); return
    what was written, by option (the ledger records its digests). With ``signing``, the PDF
    is signed and the signed statement (over the reports and ``inputs``, path -> SHA-256)
    joins the set before anything is written."""
    from reports.writers import renderer

    contents: dict[str, str | bytes] = {}
    for target in plan.targets:
        fmt = target.option[2:]
        if signing is not None and fmt == "pdf":
            from reports.pdf import render_pdf_report

            contents[target.option] = render_pdf_report(document, signature_slot=True).data
        elif fmt == "sign-key":
            continue  # the statement, made below over every other file
        elif fmt == "sarif":
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
    if signing is None:
        plan.write_all(contents)
        return contents
    from audit.signing.run import STATEMENT_OPTION, sign_reports

    destinations = {t.option: t.destination for t in plan.targets}
    signed = sign_reports(document, contents, destinations, signing, inputs or {})
    plan.write_all(signed)
    return {k: v for k, v in signed.items() if k != STATEMENT_OPTION}


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
