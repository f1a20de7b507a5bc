"""Report formats by name, each loaded only when asked for (PDF pulls in WeasyPrint)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

WRITERS: dict[str, str] = {
    "json": "reports.json_report:render_json",
    "sarif": "reports.sarif:render_sarif",
    "html": "reports.html:render_html",
    "pdf": "reports.pdf:render_pdf",
}
"""Format name -> ``module:function`` taking the report document, returning str or bytes."""

STDOUT_FORMATS = frozenset({"json", "sarif"})
"""Formats that may be written to standard output with ``-``."""


def renderer(fmt: str) -> Callable[[dict[str, Any]], str | bytes]:
    """The render function of format ``fmt``."""
    module_name, _, func = WRITERS[fmt].partition(":")
    render: Callable[[dict[str, Any]], str | bytes] = getattr(
        importlib.import_module(module_name), func
    )
    return render


def write_report(fmt: str, document: dict[str, Any], destination: str) -> None:
    """Render ``document`` as ``fmt`` and write it to ``destination`` (``-``: standard output)."""
    content = renderer(fmt)(document)
    write_output(content, destination, f"{fmt} report")


def write_output(content: str | bytes, destination: str, what: str) -> None:
    """Write rendered output to a file (atomically, through ``audit.outputs``), or to
    standard output for ``-``. An unusable destination is an input error (exit 2)."""
    from audit.outputs import OutputTarget, plan_outputs

    plan = plan_outputs([OutputTarget(destination, destination, what)], inputs=())
    plan.write_all({destination: content})
