"""Verifying a signed PDF report with pyHanko's validation API: the signature is intact
and sound, the signed revision is the whole file, the signer chains to the trusted roots,
and (given an inventory) the report is the one of that inventory."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from audit.signing.checks import Check, Outcome, file_sha256, read_document, trust_not_asked

if TYPE_CHECKING:
    from cryptography import x509

INVENTORY_IN_REASON = re.compile(r"inventory SHA-256 ([0-9a-f]{64})")
"""How the signature's ``/Reason`` (covered by the signature) names the audited inventory."""


def verify_pdf(
    path: str, roots: Sequence[x509.Certificate] | None, inventory: str | None
) -> list[Check]:
    """Every check of the PDF at ``path``; ``InputError`` when it is not a PDF at all."""
    from audit.errors import InputError, InputProblem

    data = read_document(path, "PDF report")
    if not data.startswith(b"%PDF-"):
        raise InputError([InputProblem(path, 0, "", "expected a PDF report; it is not a PDF")])
    try:
        signature = _only_signature(data)
    except _Damaged as exc:
        return [Check(path, "signature", Outcome.FAIL, str(exc))]
    try:
        status = _validate(signature, roots)
    except Exception as exc:  # a damaged signature object: the check fails, no traceback
        return [
            Check(path, "signature", Outcome.FAIL, f"cannot be validated ({type(exc).__name__})")
        ]
    checks = [_integrity(path, status), _coverage(path, status), _trust(path, status, roots)]
    if status.timestamp_validity is not None:
        good = status.timestamp_validity.valid and status.timestamp_validity.intact
        checks.append(
            Check(
                path,
                "timestamp",
                Outcome.PASS if good else Outcome.FAIL,
                "the RFC 3161 timestamp is sound" if good else "the timestamp token is not sound",
            )
        )
    if inventory is not None:
        checks.append(_inventory(path, signature, inventory))
    return checks


class _Damaged(Exception):
    pass


def _only_signature(data: bytes) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data))
        signatures = reader.embedded_signatures
    except Exception as exc:
        raise _Damaged(f"the PDF's structure is damaged ({type(exc).__name__})") from None
    if not signatures:
        raise _Damaged("the PDF carries no signature")
    if len(signatures) > 1:
        raise _Damaged(f"the PDF carries {len(signatures)} signatures; a report has one")
    return signatures[0]


def _validate(signature: Any, roots: Sequence[x509.Certificate] | None) -> Any:
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    anchors = [
        asn1_x509.Certificate.load(r.public_bytes(serialization.Encoding.DER)) for r in roots or ()
    ]
    context = ValidationContext(trust_roots=anchors, allow_fetching=False)
    return validate_pdf_signature(signature, signer_validation_context=context)


def _integrity(path: str, status: Any) -> Check:
    if status.intact and status.valid:
        when = ""
        if status.timestamp_validity is not None:
            when = f"; timestamped {_utc(status.timestamp_validity.timestamp)}"
        elif status.signer_reported_dt is not None:
            when = f"; signed {_utc(status.signer_reported_dt)} by the signer's clock"
        return Check(
            path,
            "integrity",
            Outcome.PASS,
            f"the signed bytes are unchanged and the signature is sound ({status.md_algorithm})"
            + when,
        )
    what = "the signed bytes were changed" if not status.intact else "the signature is not sound"
    return Check(path, "integrity", Outcome.FAIL, what)


def _utc(moment: Any) -> str:
    import datetime as dt

    return f"{moment.astimezone(dt.timezone.utc):%Y-%m-%d %H:%M:%S} UTC"


def _coverage(path: str, status: Any) -> Check:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return Check(path, "whole file", Outcome.PASS, "the signed revision is the whole file")
    return Check(
        path,
        "whole file",
        Outcome.FAIL,
        "bytes were added after the signed revision (an incremental update the signature "
        "does not cover)",
    )


def _trust(path: str, status: Any, roots: Sequence[x509.Certificate] | None) -> Check:
    subject = status.signing_cert.subject.human_friendly
    if roots and not (status.intact and status.valid):
        return Check(
            path, "chain of trust", Outcome.FAIL, "not judged: the signature itself does not hold"
        )
    if not roots:
        return trust_not_asked(path, subject)
    if status.trusted:
        path_found = status.validation_path
        anchor = path_found.trust_anchor.authority.name.human_friendly if path_found else "?"
        return Check(
            path, "chain of trust", Outcome.PASS, f"signed by {subject!r}, issued under {anchor!r}"
        )
    problem = status.trust_problem_indic.name if status.trust_problem_indic else "untrusted"
    return Check(
        path,
        "chain of trust",
        Outcome.FAIL,
        f"signed by {subject!r}, which does not chain to the given roots ({problem})",
    )


def _inventory(path: str, signature: Any, inventory: str) -> Check:
    from pathlib import Path

    reason = str(signature.sig_object.get("/Reason", ""))
    match = INVENTORY_IN_REASON.search(reason)
    actual = file_sha256(Path(inventory))
    if match is None:
        return Check(path, "inventory", Outcome.FAIL, "the signature names no inventory")
    if actual is None:
        return Check(inventory, "inventory", Outcome.FAIL, "cannot be read as a regular file")
    if actual != match.group(1):
        return Check(
            inventory,
            "inventory",
            Outcome.FAIL,
            f"is not the inventory audited (SHA-256 {actual[:16]}..., the report's "
            f"{match.group(1)[:16]}...)",
        )
    return Check(inventory, "inventory", Outcome.PASS, "is the inventory this report audited")
