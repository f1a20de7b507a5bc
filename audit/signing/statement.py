"""The in-toto Statement (v1) of a signed run and its DSSE envelope.

The statement lists, with their SHA-256, every file the run wrote (the PDF as signed) and
the inventory's input files; its predicate (``model-audit/result/v1``) carries the verdict,
the counts, ``as_of`` and the tool and knowledge-base versions. Subject names are POSIX
paths relative to the statement's own folder, so the reports can be moved together.

The envelope follows DSSE v1 (https://github.com/secure-systems-lab/dsse, envelope.md and
protocol.md). The pre-authentication encoding is written here by hand: it is one line of
the spec, and the well-kept library that has it (securesystemslib) would add a dependency
whose key and signer types would still have to be bridged to X.509 certificates, which it
does not carry. Each signature object adds a ``certificates`` field (the signer's chain as
PEM, signer first); DSSE lets producers add fields and tells consumers to ignore those they
do not know, so any DSSE verifier given the signer's public key still checks the envelope.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from audit.signing import STATEMENT_SUFFIX
from audit.signing.keys import CURVE_HASHES, SigningKey

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "model-audit/result/v1"
PAYLOAD_TYPE = "application/vnd.in-toto+json"
ROLE = "model-audit/role"
"""Annotation on each subject: ``report`` (written by the run), ``inventory`` or ``input``."""
STATEMENT_ORDER = ("--pdf", "--json", "--html", "--sarif", "--markdown")
"""The report whose name and folder the statement takes: the first of these written."""


@dataclass(frozen=True)
class Subject:
    """One file the statement vouches for."""

    name: str
    """POSIX path relative to the statement's folder."""
    sha256: str
    role: str
    """``report``, ``inventory`` or ``input``."""


def statement_path(destinations: Mapping[str, str]) -> str | None:
    """Where the statement goes: ``<name>.intoto.json`` beside the first report written in
    ``STATEMENT_ORDER`` (``audit.pdf`` gives ``audit.intoto.json``); None without one."""
    for option in STATEMENT_ORDER:
        destination = destinations.get(option)
        if destination and destination != "-":
            path = Path(destination)
            return str(path.with_name(path.stem + STATEMENT_SUFFIX))
    return None


def subject_name(file: str, statement: str) -> str:
    """``file``'s name in a statement written at ``statement``."""
    folder = Path(statement).absolute().parent
    return PurePosixPath(Path(os.path.relpath(Path(file).absolute(), folder))).as_posix()


def build_statement(document: Mapping[str, Any], subjects: Sequence[Subject]) -> dict[str, Any]:
    """The in-toto Statement v1 for a run's report ``document`` and its ``subjects``."""
    summary = document.get("summary") or {}
    tool = document.get("tool") or {}
    knowledge_base = document.get("knowledge_base") or {}
    inventory = next((s for s in subjects if s.role == "inventory"), None)
    counts = {
        key: summary.get(key, 0)
        for key in ("critical", "high", "medium", "low", "info", "waived", "models", "unresolved")
    }
    return {
        "_type": STATEMENT_TYPE,
        "subject": [
            {"name": s.name, "digest": {"sha256": s.sha256}, "annotations": {ROLE: s.role}}
            for s in subjects
        ],
        "predicateType": PREDICATE_TYPE,
        "predicate": {
            "verdict": summary.get("status"),
            "failOn": summary.get("fail_on"),
            "incomplete": bool(summary.get("incomplete")),
            "counts": counts,
            "asOf": document.get("as_of"),
            "offline": bool(document.get("offline")),
            "tool": {"name": tool.get("name"), "version": tool.get("version")},
            "knowledgeBase": {"version": knowledge_base.get("version")},
            "reportSchema": document.get("schema"),
            "inventory": (
                {"name": inventory.name, "digest": {"sha256": inventory.sha256}}
                if inventory
                else None
            ),
        },
    }


def pae(payload_type: str, payload: bytes) -> bytes:
    """DSSE v1 pre-authentication encoding: ``"DSSEv1" SP LEN(type) SP type SP LEN(body) SP
    body`` with lengths as ASCII decimal byte counts (protocol.md)."""
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %b %d %b" % (len(kind), kind, len(payload), payload)


def sign_envelope(statement: Mapping[str, Any], key: SigningKey) -> bytes:
    """The DSSE envelope of ``statement`` signed by ``key``, as JSON bytes."""
    from cryptography.hazmat.primitives import serialization

    payload = json.dumps(statement, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    body = payload.encode("utf-8")
    signature = _sign(key.private_key, pae(PAYLOAD_TYPE, body))
    chain = [key.certificate, *key.chain]
    envelope = {
        "payload": base64.b64encode(body).decode("ascii"),
        "payloadType": PAYLOAD_TYPE,
        "signatures": [
            {
                "keyid": key_id(key.certificate.public_key()),
                "sig": base64.b64encode(signature).decode("ascii"),
                "certificates": [
                    c.public_bytes(serialization.Encoding.PEM).decode("ascii") for c in chain
                ],
            }
        ],
    }
    return (json.dumps(envelope, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def key_id(public_key: Any) -> str:
    """The key's id in an envelope: SHA-256 of its DER SubjectPublicKeyInfo, in hex."""
    from cryptography.hazmat.primitives import serialization

    der = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()


def _sign(private_key: Any, message: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    if isinstance(private_key, rsa.RSAPrivateKey):
        return bytes(private_key.sign(message, _pss(), hashes.SHA256()))
    if isinstance(private_key, ec.EllipticCurvePrivateKey):
        digest = _hash(CURVE_HASHES[private_key.curve.name])
        return bytes(private_key.sign(message, ec.ECDSA(digest)))
    return bytes(private_key.sign(message))  # Ed25519


def verify_signature(public_key: Any, message: bytes, signature: bytes) -> bool:
    """True when ``signature`` over ``message`` verifies with ``public_key`` (RSA-PSS with
    SHA-256, ECDSA with the curve's digest, or Ed25519 — as ``sign_envelope`` makes)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    try:
        if isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, message, _pss(), hashes.SHA256())
        elif isinstance(public_key, ec.EllipticCurvePublicKey):
            name = CURVE_HASHES.get(public_key.curve.name)
            if name is None:
                return False
            public_key.verify(signature, message, ec.ECDSA(_hash(name)))
        elif isinstance(public_key, ed25519.Ed25519PublicKey):
            public_key.verify(signature, message)
        else:
            return False
    except InvalidSignature:
        return False
    return True


def _pss() -> Any:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    return padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)


def _hash(name: str) -> Any:
    from cryptography.hazmat.primitives import hashes

    algorithms: dict[str, hashes.HashAlgorithm] = {
        "sha256": hashes.SHA256(),
        "sha384": hashes.SHA384(),
        "sha512": hashes.SHA512(),
    }
    return algorithms[name]
