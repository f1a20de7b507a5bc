"""Fixtures of the renderer tests: rendered sample reports (PDF rendering takes seconds, so
each is made once per session) and a local HTTP server that records every request."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from report_fixtures import sample_document

from reports.pdf import RenderedPdf, render_pdf_report


@pytest.fixture(scope="session")
def sample_pdf() -> RenderedPdf:
    """The sample document rendered to PDF."""
    return render_pdf_report(sample_document())


@dataclass
class RecordingServer:
    """An HTTP server on 127.0.0.1 that answers 200 to everything and remembers each path."""

    url: str
    hits: list[str] = field(default_factory=list)


@pytest.fixture
def recording_server() -> Iterator[RecordingServer]:
    """A live server; a renderer that fetched anything from it would show up in ``hits``."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            body = b"body { background: red }"
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield RecordingServer(f"http://127.0.0.1:{server.server_address[1]}/", hits)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
