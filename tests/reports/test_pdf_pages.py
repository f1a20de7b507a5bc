"""The PDF looked at as pages: pdftoppm renders each page to an image, and no page may be
blank or carry ink outside its text box (text that overflowed the page's content area).

Rendered at 50 dpi in grey: an A4 page is 413 x 585 pixels, its side margins (20 mm left,
18 mm right) are 39 and 35 pixels wide. Ink there means a line or a cell ran past the box.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from report_fixtures import hostile_document

from reports.pdf import render_pdf

PDFTOPPM = shutil.which("pdftoppm")
pytestmark = pytest.mark.skipif(
    PDFTOPPM is None,
    reason="pdftoppm (Debian's poppler-utils) is not installed; .ci/run installs it",
)

DPI = 50
MM = DPI / 25.4
INK = 160
"""Grey level below which a pixel counts as ink (0 black, 255 white)."""
SLACK_MM = 1.5
"""Anti-aliasing of glyphs at the edge of the box may bleed this far into the margin."""


def page_images(pdf: Path, out: Path) -> list[Path]:
    """Every page of ``pdf`` as a greyscale PNG, in page order."""
    assert PDFTOPPM is not None
    subprocess.run(
        [PDFTOPPM, "-r", str(DPI), "-gray", "-png", str(pdf), str(out / "page")],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return sorted(out.glob("page-*.png"))


def ink_outside_the_box(image: Any, left_mm: float, right_mm: float) -> list[tuple[int, int]]:
    """Pixels of ink in the left or right margin of the page."""
    width, height = image.size
    pixels = image.load()
    left = int((left_mm - SLACK_MM) * MM)
    right = width - int((right_mm - SLACK_MM) * MM)
    return [
        (x, y)
        for y in range(height)
        for x in (*range(0, left), *range(right, width))
        if pixels[x, y] < INK
    ]


def check_pages(pdf: Path, out: Path) -> int:
    """Assert that no page is blank and none has ink beside its text box; return pages."""
    from PIL import Image

    images = page_images(pdf, out)
    assert images, "pdftoppm wrote no page"
    for number, path in enumerate(images, start=1):
        image = Image.open(path).convert("L")
        histogram = image.histogram()
        ink = sum(histogram[:INK])
        assert ink > 200, f"page {number} is blank"
        # the cover has wider margins (24 mm / 22 mm) than the other pages (20 mm / 18 mm)
        left, right = (24, 22) if number == 1 else (20, 18)
        outside = ink_outside_the_box(image, left, right)
        assert not outside, f"page {number}: ink outside the text box at {outside[:5]}"
    return len(images)


def test_the_example_pdf_has_no_blank_page_and_no_overflow(
    scanned: dict[str, Any], tmp_path: Path
) -> None:
    pages = check_pages(scanned["paths"]["pdf"], tmp_path)
    assert pages >= 10


def test_hostile_text_stays_inside_its_boxes(tmp_path: Path) -> None:
    """Unbroken strings of 2,000 characters in every field must wrap, not run off the page."""
    pdf = tmp_path / "hostile.pdf"
    pdf.write_bytes(render_pdf(hostile_document(long_text=5000)))
    check_pages(pdf, tmp_path)


def test_the_check_sees_overflow_and_blank_pages(tmp_path: Path) -> None:
    """The checks can fail: a page with text set past its right edge, and an empty page."""
    from weasyprint import HTML

    overflow = tmp_path / "overflow.pdf"
    HTML(
        string="<html><head><style>@page { size: A4; margin: 24mm 18mm 20mm 20mm }"
        "p { white-space: nowrap; font-size: 14pt }</style></head><body>"
        f"<p>{'wide ' * 80}</p><div style='break-before: page'>x</div>"
        "<div style='break-before: page'></div></body></html>"
    ).write_pdf(overflow)
    with pytest.raises(AssertionError, match="page 1: ink outside the text box"):
        check_pages(overflow, tmp_path)
    from PIL import Image

    images = page_images(overflow, tmp_path)
    third = Image.open(images[2]).convert("L")
    assert sum(third.histogram()[:INK]) <= 200, "an empty page counts as blank"
