"""Serve SPDX's published 3.0.1 files from a local folder to any validator run in this process.

spdx3-validate (and rdflib's JSON-LD parser under it) fetch the JSON Schema, the JSON-LD
context and the SHACL model from spdx.org, which these machines cannot reach. A test puts
this folder on PYTHONPATH and names the folder holding the official copies in
MODEL_AUDIT_SPDX_FILES; every ``urllib`` request for those three URLs is then answered from
that folder, byte for byte, and every other network request fails loudly instead of
hanging or quietly succeeding.
"""

from __future__ import annotations

import email.message
import io
import os
import urllib.error
import urllib.request
import urllib.response
from pathlib import Path

_FILES = {
    "https://spdx.org/rdf/3.0.1/spdx-context.jsonld": "spdx-context.jsonld",
    "https://spdx.org/rdf/3.0.1/spdx-model.ttl": "spdx-model.ttl",
    "https://spdx.org/schema/3.0.1/spdx-json-schema.json": "spdx-json-schema.json",
}
_TYPES = {".jsonld": "application/ld+json", ".ttl": "text/turtle", ".json": "application/json"}


class _LocalSpdxHandler(urllib.request.BaseHandler):
    handler_order = 100  # before urllib's own HTTP(S) handlers

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _answer(self, request: urllib.request.Request) -> urllib.response.addinfourl:
        url = request.full_url.split("#", 1)[0]
        name = _FILES.get(url)
        if name is None:
            raise urllib.error.URLError(f"no network in tests: refused {url}")
        path = self.folder / name
        headers = email.message.Message()
        headers["Content-Type"] = _TYPES[path.suffix]
        response = urllib.response.addinfourl(io.BytesIO(path.read_bytes()), headers, url, 200)
        response.msg = "OK"
        return response

    def https_open(self, request: urllib.request.Request) -> urllib.response.addinfourl:
        return self._answer(request)

    def http_open(self, request: urllib.request.Request) -> urllib.response.addinfourl:
        return self._answer(request)


_folder = os.environ.get("MODEL_AUDIT_SPDX_FILES")
if _folder:
    urllib.request.install_opener(urllib.request.build_opener(_LocalSpdxHandler(Path(_folder))))
