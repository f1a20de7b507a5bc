"""Verifying a signed statement (``<name>.intoto.json``): the DSSE signature, the signer's
chain to the trusted roots, every digest against the files beside it and, given an
inventory, that it is the one audited."""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from audit.errors import InputError, InputProblem
from audit.signing.checks import (
    Check,
    Outcome,
    file_sha256,
    read_document,
    subject_shown,
    trust_not_asked,
)
from audit.signing.statement import (
    PAYLOAD_TYPE,
    PREDICATE_TYPE,
    ROLE,
    STATEMENT_TYPE,
    key_id,
    pae,
    verify_signature,
)

if TYPE_CHECKING:
    from cryptography import x509

MAX_STATEMENT_BYTES = 16 * 1024 * 1024


class _Signature(BaseModel):
    model_config = ConfigDict(extra="ignore")  # DSSE: consumers ignore unknown fields
    sig: str
    keyid: str = ""
    certificates: list[str] = Field(default_factory=list)


class _Envelope(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    payload: str
    payload_type: str = Field(alias="payloadType")
    signatures: list[_Signature] = Field(min_length=1)


class _Subject(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str
    digest: dict[str, str]
    annotations: dict[str, Any] = Field(default_factory=dict)


class _Statement(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    type: str = Field(alias="_type")
    subject: list[_Subject]
    predicate_type: str = Field(alias="predicateType")
    predicate: dict[str, Any] = Field(default_factory=dict)


def verify_statement(
    path: str, roots: Sequence[x509.Certificate] | None, inventory: str | None
) -> list[Check]:
    """Every check of the statement at ``path``; ``InputError`` when it is not a DSSE
    envelope or, its signature verified, the payload is not a model-audit statement."""
    envelope, body = _envelope(path)
    checks = _signature_checks(path, envelope, body, roots)
    if checks[0].outcome is Outcome.FAIL:
        return checks  # DSSE: nothing of an unverified payload is parsed or trusted
    statement = _statement(path, body)
    folder = Path(path).parent
    checks.extend(_subject_check(folder, subject) for subject in statement.subject)
    if inventory is not None:
        checks.append(_inventory_check(path, statement, inventory))
    return checks


def _envelope(path: str) -> tuple[_Envelope, bytes]:
    data = read_document(path, "signed statement (.intoto.json)", MAX_STATEMENT_BYTES)
    try:
        envelope = _Envelope.model_validate(json.loads(data))
    except (ValueError, ValidationError) as exc:
        raise _unusable(
            path, f"expected a DSSE envelope (payload, payloadType, signatures): {_first(exc)}"
        ) from None
    if envelope.payload_type != PAYLOAD_TYPE:
        raise _unusable(
            path, f"payloadType: expected {PAYLOAD_TYPE!r}; got {envelope.payload_type!r}"
        )
    standard = envelope.payload.replace("-", "+").replace("_", "/")  # DSSE allows URL-safe too
    try:
        body = base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise _unusable(path, "payload: expected Base64") from None
    return envelope, body


def _statement(path: str, body: bytes) -> _Statement:
    try:
        statement = _Statement.model_validate(json.loads(body))
    except (ValueError, ValidationError) as exc:
        raise _unusable(path, f"payload: expected an in-toto Statement: {_first(exc)}") from None
    if statement.type != STATEMENT_TYPE or statement.predicate_type != PREDICATE_TYPE:
        raise _unusable(
            path,
            f"payload: expected a {STATEMENT_TYPE} with predicateType {PREDICATE_TYPE!r}; got "
            f"{statement.type!r} with {statement.predicate_type!r}",
        )
    return statement


def _signature_checks(
    path: str, envelope: _Envelope, body: bytes, roots: Sequence[x509.Certificate] | None
) -> list[Check]:
    from cryptography import x509

    signed = pae(envelope.payload_type, body)
    for signature in envelope.signatures:
        try:
            chain = [
                x509.load_pem_x509_certificate(c.encode("ascii")) for c in signature.certificates
            ]
            raw = base64.b64decode(signature.sig)
        except Exception:
            continue
        if not chain or not verify_signature(chain[0].public_key(), signed, raw):
            continue
        if signature.keyid and signature.keyid != key_id(chain[0].public_key()):
            continue
        subject = subject_shown(chain[0])
        good = Check(path, "signature", Outcome.PASS, f"the statement is signed by {subject!r}")
        return [good, _chain_check(path, chain, roots)]
    return [
        Check(
            path,
            "signature",
            Outcome.FAIL,
            "no signature verifies over the statement with the certificate it names (the "
            "statement or its signature was changed)",
        )
    ]


def _chain_check(
    path: str, chain: list[x509.Certificate], roots: Sequence[x509.Certificate] | None
) -> Check:
    subject = subject_shown(chain[0])
    if not roots:
        return trust_not_asked(path, subject)
    import asyncio

    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko_certvalidator import CertificateValidator, ValidationContext

    def asn1(cert: x509.Certificate) -> Any:
        return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

    context = ValidationContext(trust_roots=[asn1(r) for r in roots], allow_fetching=False)
    validator = CertificateValidator(
        asn1(chain[0]), intermediate_certs=[asn1(c) for c in chain[1:]], validation_context=context
    )
    try:
        asyncio.run(validator.async_validate_usage(set()))
    except Exception as exc:
        return Check(
            path,
            "chain of trust",
            Outcome.FAIL,
            f"signed by {subject!r}, which does not chain to the given roots "
            f"({type(exc).__name__})",
        )
    return Check(path, "chain of trust", Outcome.PASS, f"signed by {subject!r}, a trusted signer")


def _subject_check(folder: Path, subject: _Subject) -> Check:
    role = str(subject.annotations.get(ROLE, "report"))
    expected = subject.digest.get("sha256", "")
    name = PurePosixPath(subject.name)
    shown_name = os.path.normpath(folder / subject.name)
    if not subject.name or name.is_absolute() or "\x00" in subject.name or not expected:
        return Check(
            shown_name,
            "digest",
            Outcome.FAIL,
            "the statement lists it without a usable name or SHA-256",
        )
    actual = file_sha256(folder / Path(*name.parts))
    if actual is None:
        if role in ("inventory", "input"):
            return Check(shown_name, "digest", Outcome.SKIP, f"{role} file not found; not checked")
        return Check(shown_name, "digest", Outcome.FAIL, "missing (the statement lists it)")
    if actual != expected:
        return Check(
            shown_name, "digest", Outcome.FAIL, f"changed since it was signed ({role} file)"
        )
    return Check(shown_name, "digest", Outcome.PASS, f"unchanged ({role} file)")


def _inventory_check(path: str, statement: _Statement, inventory: str) -> Check:
    recorded = statement.predicate.get("inventory") or {}
    expected = (recorded.get("digest") or {}).get("sha256") if isinstance(recorded, dict) else None
    actual = file_sha256(Path(inventory))
    if not expected:
        return Check(path, "inventory", Outcome.FAIL, "the statement names no inventory")
    if actual is None:
        return Check(inventory, "inventory", Outcome.FAIL, "cannot be read as a regular file")
    if actual != expected:
        return Check(
            inventory,
            "inventory",
            Outcome.FAIL,
            f"is not the inventory audited (SHA-256 {actual[:16]}..., the statement's "
            f"{str(expected)[:16]}...)",
        )
    return Check(inventory, "inventory", Outcome.PASS, "is the inventory this run audited")


def _first(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error.get("loc", ()))
        return f"{where}: {error.get('msg')}" if where else str(error.get("msg"))
    return str(exc).splitlines()[0][:200]


def _unusable(path: str, message: str) -> InputError:
    return InputError([InputProblem(path, 0, "", message)])
