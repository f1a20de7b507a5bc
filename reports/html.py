"""HTML audit report: one Jinja2 template renders both ``--html`` and, through WeasyPrint,
``--pdf``.

Autoescaping is on for every template and ``StrictUndefined`` turns a misspelt field into an
error instead of an empty cell. Text from the document (model names, card-derived evidence,
waiver reasons, purposes) is never marked safe; only the stylesheet and the chart, which this
package produces itself, are.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from reports.report_groups import MODEL_NAME_TOKEN, MODEL_TOKEN, USE_CASE_TOKEN
from reports.report_people import UNVERIFIED_EXPLANATION, for_people
from reports.report_view import build_view

TEMPLATE = "report.html.j2"


@cache
def template_environment() -> Environment:
    """The Jinja2 environment of the reports: autoescaped, strict about undefined names."""
    environment = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml", "j2"), default_for_string=True, default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["people"] = for_people
    return environment


@cache
def _stylesheet() -> str:
    stylesheet = resources.files("reports").joinpath("styles").joinpath("report.css")
    return stylesheet.read_text(encoding="utf-8")


@cache
def filter_script() -> str:
    """The HTML report's filter script (reports/templates/filter.js), as shipped inline."""
    script = resources.files("reports").joinpath("templates").joinpath("filter.js")
    return script.read_text(encoding="utf-8")


def csp_hash(text: str) -> str:
    """The Content-Security-Policy source expression allowing exactly the inline ``text``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(stylesheet: str, script: str) -> str:
    """The HTML report's policy: nothing from anywhere, except its own inline stylesheet and
    filter script, named by their hashes (so injected markup could run or style nothing)."""
    return (
        "default-src 'none'; "
        f"style-src {csp_hash(stylesheet)}; "
        f"script-src {csp_hash(script)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )


def report_html(
    document: dict[str, Any], *, embed_fonts: bool, signature_slot: bool = False
) -> str:
    """The report as one HTML page. ``embed_fonts`` makes the page for the PDF renderer: it
    links the bundled fonts' stylesheet (which only that renderer can load, through its
    bundled-asset fetcher), prints long finding lists as plain text and ships no script.
    ``signature_slot`` leaves an empty box under the sign-off table for the digital
    signature's visible block (``audit.signing.pdf``)."""
    view = build_view(document)
    template = template_environment().get_template(TEMPLATE)
    stylesheet = _stylesheet()
    script = "" if embed_fonts else filter_script()
    return template.render(
        v=view,
        css=Markup(stylesheet),
        chart=Markup(view.chart),
        trend_chart=Markup(view.trend_chart),
        embed_fonts=embed_fonts,
        pdf=embed_fonts,
        signature_slot=signature_slot,
        script=Markup(script),
        csp="" if embed_fonts else content_security_policy(stylesheet, script),
        unverified_explanation=UNVERIFIED_EXPLANATION,
        tokens={"model": MODEL_TOKEN, "name": MODEL_NAME_TOKEN, "use_case": USE_CASE_TOKEN},
    )


def render_html(document: dict[str, Any]) -> str:
    """The standalone HTML report of ``document`` (styles inline, no external resource)."""
    return report_html(document, embed_fonts=False)
