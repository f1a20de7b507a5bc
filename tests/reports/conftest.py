"""Fixtures of the renderer tests: rendered sample reports (PDF rendering takes seconds, so
each is made once per session) and a local HTTP server that records every request."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from report_fixtures import sample_document

from reports.pdf import RenderedPdf, render_pdf_report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "inventory.yaml"


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


@pytest.fixture(scope="session")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``model-audit scan`` of the example inventory, run once as a real command: the paths
    of the JSON, SARIF, HTML and PDF reports it wrote, its JSON document and exit status."""
    if not (ROOT / "licences" / "__init__.py").is_file():
        pytest.skip("the licence knowledge base (licences/) is not on this branch yet")
    if not EXAMPLE.is_file():
        pytest.skip(f"no example inventory at {EXAMPLE}")
    out = tmp_path_factory.mktemp("scan")
    paths = {fmt: out / f"audit.{fmt}" for fmt in ("json", "sarif", "html", "pdf")}
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "HF_HUB_OFFLINE": "1",
        "HF_HOME": str(out / "hf-home"),  # an empty cache: the run depends on the repo alone
    }
    args = ["scan", "examples/inventory.yaml", "--offline", "--as-of", "2026-11-26", "--quiet"]
    for fmt, path in paths.items():
        args += [f"--{fmt}", str(path)]
    run = subprocess.run(
        [sys.executable, "-m", "audit", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode in (0, 1), run.stderr
    document = json.loads(paths["json"].read_text(encoding="utf-8"))
    return {"paths": paths, "document": document, "status": run.returncode}
