"""Benchmark: what signing adds to a report, and how long ``verify`` takes.

Run from the repository root: ``python benchmarks/signing.py [models] [findings]`` (default
200 models, 2,000 findings). With a throwaway EC P-256 and an RSA 2048 signer made here,
it prints wall-clock seconds for rendering the PDF with its signature box, for the PAdES
signature, for the statement (digests of the reports and its DSSE signature) and for
verifying the signed PDF and the statement, with the PDF's size before and after signing.
The first signer's figures include loading pyHanko. It asserts nothing: the machine is
shared, so figures vary from run to run.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "reports")]

from report_fixtures import large_document  # noqa: E402
from signing_pki import make_ca, make_signer  # noqa: E402

from audit.signing import quiet_library_logs  # noqa: E402
from audit.signing.keys import SigningKey  # noqa: E402
from audit.signing.run import STATEMENT_OPTION, SigningRequest, sign_reports  # noqa: E402
from audit.signing.verify_pdf import verify_pdf  # noqa: E402
from audit.signing.verify_statement import verify_statement  # noqa: E402
from reports.json_report import render_json  # noqa: E402
from reports.pdf import render_pdf_report  # noqa: E402


def main() -> None:
    """Time each signing step for a synthetic document and print the figures."""
    models = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    findings = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    quiet_library_logs()
    document = large_document(models, findings)
    print(f"document: {models:,} models, {len(document['findings']):,} findings")
    start = time.perf_counter()
    pdf = render_pdf_report(document, signature_slot=True).data
    print(
        f"render PDF with signature box: {time.perf_counter() - start:7.2f} s, {len(pdf):,} bytes"
    )
    data = render_json(document)
    for kind in ("ec-p256", "rsa-2048"):
        ca = make_ca()
        private, cert = make_signer(ca, rsa_key=kind == "rsa-2048")
        key = SigningKey(private_key=private, certificate=cert, chain=(ca[1],))
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder)
            inventory = out / "inventory.yaml"
            inventory.write_text("version: 1\n")
            destinations = {
                "--pdf": str(out / "audit.pdf"),
                "--json": str(out / "audit.json"),
                STATEMENT_OPTION: str(out / "audit.intoto.json"),
            }
            inputs = {str(inventory): hashlib.sha256(inventory.read_bytes()).hexdigest()}
            start = time.perf_counter()
            signed = sign_reports(
                document, {"--pdf": pdf, "--json": data}, destinations, SigningRequest(key), inputs
            )
            elapsed = time.perf_counter() - start
            for option, content in signed.items():
                raw = content if isinstance(content, bytes) else content.encode("utf-8")
                Path(destinations[option]).write_bytes(raw)
            signed_pdf = signed["--pdf"]
            assert isinstance(signed_pdf, bytes)
            print(
                f"{kind}: sign PDF + statement {elapsed:6.2f} s; PDF {len(pdf):,} -> "
                f"{len(signed_pdf):,} bytes (+{len(signed_pdf) - len(pdf):,})"
            )
            roots = [ca[1]]
            start = time.perf_counter()
            pdf_checks = verify_pdf(destinations["--pdf"], roots, None)
            pdf_seconds = time.perf_counter() - start
            start = time.perf_counter()
            statement_checks = verify_statement(destinations[STATEMENT_OPTION], roots, None)
            statement_seconds = time.perf_counter() - start
            outcomes = {c.outcome.value for c in pdf_checks + statement_checks}
            print(
                f"{kind}: verify PDF {pdf_seconds:6.2f} s, statement {statement_seconds:6.2f} s "
                f"(outcomes: {', '.join(sorted(outcomes))})"
            )


if __name__ == "__main__":
    main()
