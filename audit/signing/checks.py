"""What ``model-audit verify`` reports: one verdict per check, and the files it reads."""

from __future__ import annotations

import hashlib
import stat
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from audit.errors import InputError, InputProblem

if TYPE_CHECKING:
    from cryptography import x509

MAX_DOCUMENT_BYTES = 512 * 1024 * 1024
"""A report PDF or statement larger than this is not one of ours."""


class Outcome(str, Enum):
    """How one check came out."""

    PASS = "pass"
    FAIL = "fail"
    SKIP = "skip"
    """Not checked, and why is said (no ``--trust`` given, an input file not beside it)."""


@dataclass(frozen=True)
class Check:
    """One verdict of ``verify``."""

    file: str
    """The file the check is about (the one to look at when it fails)."""
    name: str
    """What was checked (``signature``, ``chain of trust``, ``digest``...)."""
    outcome: Outcome
    detail: str


def trust_not_asked(path: str, subject: str) -> Check:
    """The chain-of-trust check when no ``--trust`` roots were given: skipped, naming who
    signed, so a reader sees that only integrity was proved."""
    return Check(
        path,
        "chain of trust",
        Outcome.SKIP,
        f"signed by {subject!r}; give --trust ROOTS.pem to check who that is",
    )


def read_document(path: str, what: str, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """The bytes of a file ``verify`` was given (``InputError`` when it cannot be read)."""
    try:
        status = Path(path).stat()
        if not stat.S_ISREG(status.st_mode):
            raise _unusable(path, f"expected a {what}; it is not a regular file")
        if status.st_size > limit:
            raise _unusable(path, f"expected a {what}; it is over {limit // (1024 * 1024)} MiB")
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise _unusable(path, f"expected a {what}; the file does not exist") from None
    except OSError as exc:
        raise _unusable(path, f"cannot be read ({exc.strerror or 'I/O error'})") from None


def file_head(path: str, what: str) -> bytes:
    """The first bytes of a file ``verify`` was given (``InputError`` when unreadable)."""
    try:
        if not stat.S_ISREG(Path(path).stat().st_mode):
            raise _unusable(path, f"expected a {what}; it is not a regular file")
        with Path(path).open("rb") as stream:
            return stream.read(16)
    except FileNotFoundError:
        raise _unusable(path, f"expected a {what}; the file does not exist") from None
    except OSError as exc:
        raise _unusable(path, f"cannot be read ({exc.strerror or 'I/O error'})") from None


def file_sha256(path: Path) -> str | None:
    """SHA-256 of a regular file reached without following a final symbolic link; None when
    there is no such file."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None
        digest = hashlib.sha256()
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None


def subject_shown(certificate: x509.Certificate) -> str:
    """A certificate's subject as pyHanko names it (``Organization: ..., Common Name: ...``),
    so a PDF's and a statement's signer read the same."""
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization

    der = certificate.public_bytes(serialization.Encoding.DER)
    return str(asn1_x509.Certificate.load(der).subject.human_friendly)


def load_trust_roots(path: str) -> list[x509.Certificate]:
    """The PEM certificates of ``--trust`` (``InputError`` when there are none)."""
    from cryptography import x509

    data = read_document(path, "PEM file of trusted root certificates", 16 * 1024 * 1024)
    try:
        roots = x509.load_pem_x509_certificates(data)
    except Exception:
        roots = []
    if not roots:
        raise InputError(
            [InputProblem(path, 0, "--trust", "expected PEM certificates (the trusted roots)")]
        )
    return roots


def _unusable(path: str, message: str) -> InputError:
    return InputError([InputProblem(path, 0, "", message)])
