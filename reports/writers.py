"""Report formats by name, each loaded only when asked for (PDF pulls in WeasyPrint)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from audit.errors import InputError, InputProblem

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
    """Write rendered output to a file, or to standard output for ``-``.

    A file that cannot be written is unusable input (exit 2), named with ``what``.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if destination == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        Path(destination).write_bytes(data)
    except OSError as exc:
        raise InputError(
            [InputProblem(destination, 0, "", f"cannot write the {what}: {exc.strerror}")]
        ) from exc
