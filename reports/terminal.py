"""Terminal rendering: findings grouped by model, most severe first.

Every line is wrapped here, not by rich, so that continuation lines hang under the text
they continue (a finding's message, location and data flows stay indented under the
finding at any width) and no line ends in padding. rich only colours the lines.
"""

from __future__ import annotations

import errno
import textwrap
from typing import Any

from rich.console import Console
from rich.text import Text

from reports.licence_status import licence_status

SEVERITY_STYLE = {
    "critical": "bold white on red",
    "high": "bold red",
    "medium": "yellow",
    "low": "cyan",
    "info": "dim",
}
STATUS_STYLE = {"fail": "red", "warn": "yellow", "pass": "green"}
MESSAGE_INDENT = 11  # "  " + an 8-wide severity + " "
NARROWEST = 40  # below this, lines are wrapped as if the terminal were this wide


class TerminalConsole(Console):
    """A rich console whose broken pipe raises ``BrokenPipeError``, which the CLI turns into
    a quiet exit 141; rich itself would exit with 1, which a gate reads as "findings"."""

    def on_broken_pipe(self) -> None:
        """Stop printing and hand the closed pipe to the CLI's guard."""
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, "standard output was closed by its reader")


def wrapped_lines(text: str, width: int, indent: int = 0, hang: int | None = None) -> list[str]:
    """``text`` broken at spaces into lines of at most ``width`` characters where possible.

    The first line starts ``indent`` spaces in, the others ``hang`` spaces in (default:
    ``indent``). Words longer than a line (a path, an address) are never broken; no line
    ends in a space.
    """
    hang = indent if hang is None else hang
    wrapper = textwrap.TextWrapper(
        width=max(width, NARROWEST),
        initial_indent=" " * indent,
        subsequent_indent=" " * hang,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.rstrip() for line in wrapper.wrap(text)] or [" " * indent]


def print_wrapped(
    console: Console,
    text: str,
    indent: int = 0,
    hang: int | None = None,
    style: str = "",
    highlights: dict[str, str] | None = None,
) -> None:
    """Print ``text`` wrapped by :func:`wrapped_lines` at the console's width, in ``style``.

    ``highlights`` maps words to styles applied wherever a word appears whole on a line.
    """
    for line in wrapped_lines(text, console.width, indent, hang):
        shown = Text(line, style=style)
        for word, word_style in (highlights or {}).items():
            shown.highlight_words([word], word_style)
        console.print(shown, soft_wrap=True)


def render_terminal(document: dict[str, Any], console: Console) -> None:
    """Print each model's findings (most severe first), then the waivers and a summary."""
    by_model: dict[str | None, list[dict[str, Any]]] = {}
    for finding in document["findings"]:
        by_model.setdefault(finding["model"], []).append(finding)
    org = document["organisation"]
    print_wrapped(
        console,
        f"model-audit {document['tool']['version']} · {org['name']} ({org['country']}) · "
        f"as of {document['as_of']} · knowledge base {document['knowledge_base']['version']}",
        hang=4,
        highlights={"model-audit": "bold"},
    )
    general = by_model.get(None, [])
    if general:
        console.print()
        print_wrapped(console, "Organisation-wide", style="bold")
        _findings(console, general)
    for model in document["models"]:
        _model(console, model, by_model.get(model["id"], []))
    _waivers(console, document["waivers"])
    _summary(console, document["summary"])


def _model(console: Console, model: dict[str, Any], findings: list[dict[str, Any]]) -> None:
    licence = model["licence"]
    how = licence_status(model)
    shown_licence = f"{licence['id']} ({how.label})" if licence["id"] else how.label
    regions = ", ".join(model["hosting"]["regions"]) or "no region given"
    title = (
        f"{model['id']} · {model['name']} · {shown_licence} · "
        f"{model['hosting']['mode']} ({regions}) · {model['status']}"
    )
    highlights = {model["id"]: "bold", model["status"]: STATUS_STYLE[model["status"]]}
    if not how.verified:
        highlights.update(dict.fromkeys(shown_licence.split(), "bold red"))
    console.print()
    print_wrapped(console, title, hang=4, highlights=highlights)
    if findings:
        _findings(console, findings)
    else:
        print_wrapped(console, "no findings", indent=2)
    for use_case in model["use_cases"]:
        for flow in _flows(use_case):
            print_wrapped(console, f"{use_case['id']}: {flow}", indent=2, hang=6, style="dim")


def _findings(console: Console, findings: list[dict[str, Any]]) -> None:
    """One block per finding: severity, rule and place, the message hanging below.

    A block per finding reads well at any width, where a wide table would squeeze the
    message into a sliver. The location goes on the head line when it fits there whole,
    else on its own line under the message column.
    """
    for f in findings:
        severity = f"{f['severity'].upper():<8}"
        head = f"  {severity} {f['rule']} {f['name']}"
        if f["use_case"]:
            head += f" · {f['use_case']}"
        location = f"{f['location']['path']}:{f['location']['line']}"
        style = SEVERITY_STYLE[f["severity"]] + (" strike" if f["waived"] else "")
        lines = wrapped_lines(head, console.width, hang=MESSAGE_INDENT)
        if len(lines) == 1 and len(lines[0]) + 2 + len(location) <= console.width:
            lines[0] += f"  {location}"
        else:
            lines.append(" " * MESSAGE_INDENT + location)
        for number, line in enumerate(lines):
            shown = Text(line)
            if number == 0:
                shown.stylize(style, 2, 2 + len(severity.rstrip()))
            shown.highlight_words([location], "dim")
            console.print(shown, soft_wrap=True)
        message = f["message"]
        if f["waiver"]:
            message += f" [{_waiver_note(f['waiver'])}: {f['waiver']['reason']}]"
        print_wrapped(console, message, indent=MESSAGE_INDENT)


def _waiver_note(waiver: dict[str, Any]) -> str:
    if waiver.get("lapsed"):
        return "lapsed waiver"
    return "expired waiver" if waiver["expired"] else "waived"


def _waivers(console: Console, waivers: list[dict[str, Any]]) -> None:
    for waiver in (w for w in waivers if w["status"] != "active"):
        target = waiver["model"] or "every model"
        place = f"{waiver['location']['path']}:{waiver['location']['line']}"
        if waiver["status"] == "stale":
            what = "matched no finding; remove it"
        elif waiver["status"] == "lapsed":
            what = f"lapsed: {waiver.get('lapsed') or ''}"
        else:
            what = f"expired on {waiver['expires']}; its findings are active again"
        print_wrapped(
            console,
            f"waiver {waiver['status']}: {waiver['rule']} for {target} ({place}) {what}",
            hang=4,
            highlights={f"waiver {waiver['status']}:": "yellow"},
        )


def _summary(console: Console, summary: dict[str, Any]) -> None:
    counts = " ".join(f"{summary[s]} {s}" for s in SEVERITY_STYLE)
    verdict = "PASS" if summary["status"] == "pass" else "FAIL"
    console.print()
    print_wrapped(
        console,
        f"{verdict} {counts} · {summary['waived']} waived · {summary['models']} models"
        f" ({summary['unresolved']} unresolved) · fail on {summary['fail_on']}",
        hang=4,
        highlights={
            verdict: "bold green" if verdict == "PASS" else "bold red",
            **{f"{summary[s]} {s}": style for s, style in SEVERITY_STYLE.items()},
        },
    )


def _flows(use_case: dict[str, Any]) -> list[str]:
    flows = use_case.get("data_flows")
    if not flows:
        return []
    return [
        str(flow.get("summary", flow)) if isinstance(flow, dict) else str(flow) for flow in flows
    ]
