"""HTML audit report: one Jinja2 template renders both ``--html`` and, through WeasyPrint,
``--pdf``.

Autoescaping is on for every template and ``StrictUndefined`` turns a misspelt field into an
error instead of an empty cell. Text from the document (model names, card-derived evidence,
waiver reasons, purposes) is never marked safe; only the stylesheet and the chart, which this
package produces itself, are.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from reports.report_view import build_view

TEMPLATE = "report.html.j2"


@cache
def template_environment() -> Environment:
    """The Jinja2 environment of the reports: autoescaped, strict about undefined names."""
    return Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml", "j2"), default_for_string=True, default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def _stylesheet() -> str:
    stylesheet = resources.files("reports").joinpath("styles").joinpath("report.css")
    return stylesheet.read_text(encoding="utf-8")


def report_html(document: dict[str, Any], *, embed_fonts: bool) -> str:
    """The report as one HTML page. ``embed_fonts`` links the bundled fonts' stylesheet, which
    only the PDF renderer can load (through its bundled-asset fetcher)."""
    view = build_view(document)
    template = template_environment().get_template(TEMPLATE)
    return template.render(
        v=view,
        css=Markup(_stylesheet()),
        chart=Markup(view.chart),
        embed_fonts=embed_fonts,
    )


def render_html(document: dict[str, Any]) -> str:
    """The standalone HTML report of ``document`` (styles inline, no external resource)."""
    return report_html(document, embed_fonts=False)
