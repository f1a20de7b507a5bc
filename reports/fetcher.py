"""The only way WeasyPrint may load anything while it renders a report: bundled files only.

A report embeds text that came from model cards, inventories and hub metadata. Jinja2 escapes
it, so it never becomes markup; this fetcher is the second wall should that ever fail. It
serves the stylesheets and fonts shipped in ``reports/styles`` and ``reports/assets`` (read
through ``importlib.resources``, so it works from a wheel) and refuses every other URL:
``file:``, ``http(s):``, ``data:`` and any other scheme, and any bundled-looking path that is
not a plain relative file name. Each request is recorded so tests can prove what was loaded.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from importlib import resources
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

BUNDLE_BASE_URL = "https://model-audit.invalid/"
"""Base URL of the rendered HTML. ``.invalid`` is reserved (RFC 2606) and never resolves; the
fetcher answers for it from the package itself and never opens a connection."""

BUNDLED_FOLDERS: tuple[str, ...] = ("styles", "assets")
"""Folders of the ``reports`` package the fetcher may serve."""

_SAFE_PATH = re.compile(
    r"^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*(?:/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)*$"
)
_MEDIA_TYPES: dict[str, str] = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}


class RefusedFetch(ValueError):
    """A URL the report renderer will not load (WeasyPrint skips the resource and goes on)."""


@dataclass
class FetchLog:
    """What one render asked for: URLs served from the bundle and URLs refused."""

    served: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, url: str, *, served: bool) -> None:
        """Remember one request."""
        with self._lock:
            (self.served if served else self.refused).append(url)


class BundledAssetFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves bundled report assets and refuses everything else."""

    def __init__(self) -> None:
        # An empty protocol allow-list also disarms the parent's urllib machinery, should any
        # code path reach it; ``fetch`` below never calls it.
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
        self.log = FetchLog()

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """Return the bundled file ``url`` names, or raise ``RefusedFetch`` (and record it)."""
        relative = bundled_path(url)
        if relative is None:
            self.log.record(url, served=False)
            raise RefusedFetch(
                f"model-audit reports load only bundled assets; refused {url[:200]!r}"
            )
        resource = resources.files("reports")
        for part in relative.split("/"):
            resource = resource.joinpath(part)
        try:
            data = resource.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            self.log.record(url, served=False)
            raise RefusedFetch(f"no bundled asset {relative!r}") from exc
        self.log.record(url, served=True)
        suffix = relative[relative.rfind(".") :] if "." in relative else ""
        media_type = _MEDIA_TYPES.get(suffix, "application/octet-stream")
        return URLFetcherResponse(url, body=data, headers={"Content-Type": media_type})


def bundled_path(url: str) -> str | None:
    """The package-relative path ``url`` names under ``BUNDLE_BASE_URL``, or None if it names
    anything else (another scheme, host, port, query, or a path with ``..`` or odd characters).
    """
    if not url.startswith(BUNDLE_BASE_URL):
        return None
    parts = urlsplit(url)
    if parts.query or parts.fragment or parts.username or parts.password or parts.port:
        return None
    path = unquote(parts.path).lstrip("/")
    if not _SAFE_PATH.match(path):
        return None
    folder = path.split("/", 1)[0]
    return path if folder in BUNDLED_FOLDERS and "/" in path else None
