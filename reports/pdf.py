"""PDF audit report: the HTML report laid out by WeasyPrint on A4 pages.

WeasyPrint loads nothing but the bundled stylesheets and fonts (``reports.fetcher``); the
base URL points at the bundle so a relative URL cannot reach the file system. Metadata is
fixed by the document (title, author = organisation, creation date = ``as_of`` at 00:00 UTC,
producer and creator = model-audit) so the same document gives the same bytes.

One more clock hides in the fonts: without HarfBuzz-Subset, WeasyPrint subsets fonts with
fontTools, which stamps each subset's ``head.modified`` with the current time unless
``SOURCE_DATE_EPOCH`` is set (the reproducible-builds convention). Rendering sets it to the
audit date for its duration when the caller has not set it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from reports.fetcher import BUNDLE_BASE_URL, BundledAssetFetcher
from reports.html import report_html


@dataclass(frozen=True)
class RenderedPdf:
    """A rendered PDF and what the renderer loaded to make it."""

    data: bytes
    pages: int
    served: tuple[str, ...]
    """Bundled asset URLs the fetcher served (stylesheet, fonts)."""
    refused: tuple[str, ...]
    """URLs the fetcher refused; empty unless something tried to load a resource."""


def render_pdf(document: dict[str, Any]) -> bytes:
    """The PDF report of ``document``."""
    return render_pdf_report(document).data


def render_pdf_report(document: dict[str, Any], *, signature_slot: bool = False) -> RenderedPdf:
    """The PDF report of ``document`` with the fetcher's record of what it loaded;
    ``signature_slot`` leaves the box a digital signature is drawn in (``audit.signing``)."""
    tool = document.get("tool")
    tool = tool if isinstance(tool, dict) else {}
    producer = f"{tool.get('name') or 'model-audit'} {tool.get('version') or ''}".strip()
    html = report_html(document, embed_fonts=True, signature_slot=signature_slot)
    with reproducible_timestamps(str(document.get("as_of") or "")):
        return html_to_pdf(html, producer=producer, identifier=_identifier(document))


def html_to_pdf(html: str, *, producer: str, identifier: bytes) -> RenderedPdf:
    """Lay out ``html`` with WeasyPrint, loading only bundled assets, and write the PDF."""
    from weasyprint import HTML
    from weasyprint import __version__ as weasyprint_version

    fetcher = BundledAssetFetcher()
    layout = HTML(string=html, base_url=BUNDLE_BASE_URL, url_fetcher=fetcher).render()

    def stamp(_document: object, pdf: Any) -> None:
        # WeasyPrint names itself as producer; the report's producer is the tool that made it.
        from pydyf import String

        pdf.info["Producer"] = String(f"{producer} (WeasyPrint {weasyprint_version})")
        pdf.info["Creator"] = String(producer)

    data = layout.write_pdf(finisher=stamp, pdf_identifier=identifier)
    return RenderedPdf(
        data=data,
        pages=len(layout.pages),
        served=tuple(fetcher.log.served),
        refused=tuple(fetcher.log.refused),
    )


@contextmanager
def reproducible_timestamps(as_of: str) -> Iterator[None]:
    """Within the block, tools that honour ``SOURCE_DATE_EPOCH`` date their output at 00:00 UTC
    of ``as_of`` (an ISO date); a value the caller set, or an unparsable date, is left alone."""
    try:
        day = dt.date.fromisoformat(as_of)
    except ValueError:
        yield
        return
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def _identifier(document: dict[str, Any]) -> bytes:
    """A PDF file identifier derived from the document, so it is the same for the same audit."""
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32].encode("ascii")
