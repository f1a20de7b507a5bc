"""The bundled-asset fetcher: serves the report's own files, refuses everything else."""

from __future__ import annotations

import pytest

from reports.fetcher import BUNDLE_BASE_URL, BundledAssetFetcher, RefusedFetch, bundled_path


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"{BUNDLE_BASE_URL}styles/fonts.css", "styles/fonts.css"),
        (f"{BUNDLE_BASE_URL}assets/fonts/DejaVuSerif.ttf", "assets/fonts/DejaVuSerif.ttf"),
        (f"{BUNDLE_BASE_URL}templates/report.html.j2", None),  # not a bundled-asset folder
        (f"{BUNDLE_BASE_URL}styles", None),
        (f"{BUNDLE_BASE_URL}styles/../html.py", None),
        (f"{BUNDLE_BASE_URL}styles/%2e%2e/html.py", None),
        (f"{BUNDLE_BASE_URL}assets/fonts/..%2f..%2fpdf.py", None),
        (f"{BUNDLE_BASE_URL}styles/fonts.css?x=1", None),
        (f"{BUNDLE_BASE_URL}styles/fonts.css#top", None),
        (f"{BUNDLE_BASE_URL}etc/passwd", None),
        ("https://model-audit.invalid.evil.example/styles/fonts.css", None),
        ("https://user@model-audit.invalid/styles/fonts.css", None),
        ("http://model-audit.invalid/styles/fonts.css", None),
        ("file:///etc/passwd", None),
        ("file:///work/main/reports/styles/fonts.css", None),
        ("data:text/css,body{}", None),
        ("http://127.0.0.1/x.css", None),
        ("ftp://example.org/x", None),
        ("styles/fonts.css", None),
    ],
)
def test_bundled_path(url: str, expected: str | None) -> None:
    assert bundled_path(url) == expected


def test_serves_bundled_files_and_records_them() -> None:
    fetcher = BundledAssetFetcher()
    css = fetcher.fetch(f"{BUNDLE_BASE_URL}styles/fonts.css")
    assert b"@font-face" in css.read()
    assert css.content_type == "text/css"
    font = fetcher.fetch(f"{BUNDLE_BASE_URL}assets/fonts/DejaVuSerif.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"  # a TrueType file
    assert fetcher.log.served == [
        f"{BUNDLE_BASE_URL}styles/fonts.css",
        f"{BUNDLE_BASE_URL}assets/fonts/DejaVuSerif.ttf",
    ]
    assert fetcher.log.refused == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://evil.example/x.css",
        "https://evil.example/x.css",
        "data:image/png;base64,iVBORw0KGgo=",
        f"{BUNDLE_BASE_URL}assets/fonts/missing.ttf",
        f"{BUNDLE_BASE_URL}styles/../../etc/passwd",
    ],
)
def test_refuses_and_records(url: str) -> None:
    fetcher = BundledAssetFetcher()
    with pytest.raises(RefusedFetch):
        fetcher.fetch(url)
    assert fetcher.log.refused == [url]
    assert fetcher.log.served == []


def test_calling_the_fetcher_goes_through_the_same_check() -> None:
    """WeasyPrint calls the fetcher object itself; that path must refuse as well."""
    fetcher = BundledAssetFetcher()
    with pytest.raises(RefusedFetch):
        fetcher("file:///etc/passwd")
    assert fetcher.log.refused == ["file:///etc/passwd"]
