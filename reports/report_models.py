"""A model's section of the report as lines of plain text.

The PDF prints each model with findings as one paragraph whose lines are kept by
``white-space: pre-line``: a run of plain text is what WeasyPrint lays out fastest, and a
thousand models then cost a thousand paragraphs, not tens of thousands of inline boxes.
"""

from __future__ import annotations

from collections.abc import Sequence

from reports.report_people import plain_words
from reports.report_sections import ModelSection


def model_fact_lines(
    section: ModelSection, findings: Sequence[tuple[str, str, str]]
) -> tuple[str, ...]:
    """What the report says about one model: licence and how it was found, where it runs and
    what it is based on, its use cases, resolution problems and its findings by group."""
    licence = f"{section.licence}, {section.licence_source}"
    found = ", ".join(
        f"{e.source}: {e.found} ({e.where}{', ' + e.confidence if e.confidence else ''})"
        for e in section.licence_evidence
    )
    if found:
        licence += f"; found {found}"
    where = ", ".join(section.regions) or "no region given"
    model = f"{section.source}"
    if section.provider:
        model += f" from provider {section.provider}"
    model += f", {section.hosting} in {where}"
    if section.lineage:
        model += " · based on " + " ← ".join(section.lineage)
    if section.derivative:
        model += f" · derivative {section.derivative}"
    uses = "; ".join(
        f"{u.id} ({u.audience}): {u.purpose or 'no purpose stated'}, data "
        f"{', '.join(u.data) or 'none'}"
        for u in section.use_cases
    )
    lines = [f"Licence: {licence}", f"Model: {model}", f"Use cases: {uses or 'none'}"]
    if section.problems:
        lines.append("Problems: " + "; ".join(section.problems))
    if findings:
        lines.append(
            "Findings: "
            + ", ".join(
                f"{rule} ({severity}, 3.{anchor.removeprefix('group-')})"
                for rule, severity, anchor in findings
            )
        )
    return tuple(plain_words(line) for line in lines)
