"""``scan --tsa URL``: the PDF signature gets an RFC 3161 timestamp (PAdES B-T) from a
local test service on 127.0.0.1 (pyHanko's dummy TSA behind a small HTTP server), and
``verify`` checks it; an unreachable service is exit 3 with nothing written."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from signing_pki import NOW, make_ca, make_signer, pem
from support import RunCli, inventory, model, write_inventory

OFFLINE = ("--offline", "--as-of", "2026-11-26")


def _tsa_certificate(ca: tuple[Any, x509.Certificate]) -> tuple[Any, x509.Certificate]:
    import datetime as dt

    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    ca_key, ca_cert = ca
    key = rsa.generate_private_key(65537, 2048)  # pyHanko's dummy TSA signs with RSA only
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(hours=1))
        .not_valid_after(NOW + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


@pytest.fixture
def tsa(tmp_path: Path) -> Iterator[tuple[str, Path, Path, Path]]:
    """A timestamping service on 127.0.0.1 for one test: its URL, the root, the signer's
    key and chain (all under one test root)."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import tsp
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps import DummyTimeStamper

    ca = make_ca()
    tsa_key, tsa_cert = _tsa_certificate(ca)
    der = serialization.Encoding.DER
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa_cert.public_bytes(der)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            tsa_key.private_bytes(
                der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
        certs_to_embed=[asn1_x509.Certificate.load(ca[1].public_bytes(der))],
    )

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            length = min(int(self.headers.get("Content-Length", "0")), 64 * 1024)
            request = tsp.TimeStampReq.load(self.rfile.read(length))
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    key, cert = make_signer(ca)
    from signing_pki import key_pem

    (tmp_path / "root.pem").write_bytes(pem(ca[1]))
    (tmp_path / "signer.key").write_bytes(key_pem(key))
    (tmp_path / "signer.pem").write_bytes(pem(cert) + pem(ca[1]))
    try:
        yield (
            f"http://127.0.0.1:{server.server_address[1]}/",
            tmp_path / "root.pem",
            tmp_path / "signer.key",
            tmp_path / "signer.pem",
        )
    finally:
        server.shutdown()
        server.server_close()


def test_a_timestamped_signature_verifies(
    tsa: tuple[str, Path, Path, Path], tmp_path: Path, model_audit: RunCli
) -> None:  # noqa: E501
    url, root, key, cert = tsa
    inv = write_inventory(tmp_path, inventory(model("m1", licence="mit")))
    done = model_audit(
        "scan", str(inv), "--pdf", "audit.pdf", *OFFLINE, "-q",
        "--sign-key", str(key), "--sign-cert", str(cert), "--tsa", url,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    done = model_audit("verify", "audit.pdf", "--trust", str(root))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASS  audit.pdf: timestamp:" in done.stdout
    assert "; timestamped 20" in done.stdout


def test_an_unreachable_timestamping_service_is_exit_3_and_nothing_is_written(
    tsa: tuple[str, Path, Path, Path], tmp_path: Path, model_audit: RunCli
) -> None:
    import socket

    _, _, key, cert = tsa
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    inv = write_inventory(tmp_path, inventory(model("m1", licence="mit")))
    out = tmp_path / "out"
    out.mkdir()
    done = model_audit(
        "scan", str(inv), "--pdf", "out/audit.pdf", "--json", "out/audit.json", *OFFLINE, "-q",
        "--sign-key", str(key), "--sign-cert", str(cert), "--tsa", f"http://127.0.0.1:{closed}/",
    )  # fmt: skip
    assert done.returncode == 3, done.stderr
    assert "could not sign the PDF report" in done.stderr
    assert list(out.iterdir()) == []
