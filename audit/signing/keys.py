"""The signing key and its certificate chain, loaded and checked before any audit work.

A key is read from PEM (``--sign-key`` with ``--sign-cert``) or from a PKCS#12 file
(``--sign-key`` alone, or with ``--sign-cert`` adding chain certificates). Every problem is
an ``InputError`` (exit 2) naming the file and what to do; no message ever carries key
material or the passphrase, and the loaded key lives only in memory.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit.errors import InputError, InputProblem
from audit.signing import PASSPHRASE_ENV

if TYPE_CHECKING:
    from cryptography import x509

MAX_KEY_FILE_BYTES = 1024 * 1024
"""A key, a certificate chain or a PKCS#12 file is a few kilobytes; more is not one."""


@dataclass(frozen=True)
class SigningKey:
    """A private key with the certificate that names its holder, checked to belong together
    and to be valid at load time."""

    private_key: Any = field(repr=False)
    """A ``cryptography`` private key (RSA, EC or Ed25519); never shown, never written."""
    certificate: x509.Certificate
    """The signer's certificate (its public key is the private key's)."""
    chain: tuple[x509.Certificate, ...]
    """Further certificates towards the root, as given (may be empty)."""

    @property
    def signer_name(self) -> str:
        """The certificate subject's common name, else the whole subject."""
        from cryptography.x509.oid import NameOID

        names = self.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        if names:
            return str(names[0].value)
        return self.certificate.subject.rfc4514_string()


def load_signing_key(
    key_path: str, cert_path: str | None, *, now: dt.datetime | None = None
) -> SigningKey:
    """The key in ``key_path`` (PEM or PKCS#12) with its certificate chain (``cert_path``,
    PEM, or the PKCS#12 file's own), decrypted with ``MODEL_AUDIT_SIGN_PASSPHRASE`` when set.

    Raises ``InputError`` for an unreadable file, a wrong or missing passphrase, a key that
    does not match the certificate, a certificate not valid at ``now`` (default: the current
    time) or one whose key usage forbids signing.
    """
    passphrase_text = os.environ.get(PASSPHRASE_ENV)
    passphrase = passphrase_text.encode("utf-8") if passphrase_text else None
    key_data = _read(key_path, "--sign-key")
    if _is_pem(key_data):
        if cert_path is None:
            raise _problem(
                key_path,
                "--sign-key",
                "a PEM key needs its certificate: give --sign-cert CERT.pem (or a PKCS#12 "
                "file, which holds both, as --sign-key)",
            )
        key = _pem_key(key_data, key_path, passphrase)
        certificates = _pem_certificates(_read(cert_path, "--sign-cert"), cert_path)
    else:
        key, own = _pkcs12(key_data, key_path, passphrase)
        extra = _pem_certificates(_read(cert_path, "--sign-cert"), cert_path) if cert_path else []
        certificates = own + [c for c in extra if c not in own]
    certificate, chain = certificates[0], tuple(certificates[1:])
    where = cert_path or key_path
    _check_pair(key, certificate, key_path, where)
    _check_validity(certificate, where, now or dt.datetime.now(dt.timezone.utc))
    _check_usage(certificate, where)
    return SigningKey(private_key=key, certificate=certificate, chain=chain)


def _read(path: str, option: str) -> bytes:
    """The bytes of a key or certificate file (regular file, at most 1 MiB)."""
    file = Path(path)
    try:
        if not file.is_file():
            raise _problem(
                path, option, "expected a readable file; it does not exist or is not a file"
            )
        if file.stat().st_size > MAX_KEY_FILE_BYTES:
            raise _problem(path, option, "is over 1 MiB; expected a key or certificate file")
        return file.read_bytes()
    except OSError as exc:
        raise _problem(path, option, f"cannot be read ({exc.strerror or 'I/O error'})") from None


def _is_pem(data: bytes) -> bool:
    return b"-----BEGIN" in data[:4096]


def _pem_key(data: bytes, path: str, passphrase: bytes | None) -> Any:
    from cryptography.hazmat.primitives import serialization

    try:
        key = serialization.load_pem_private_key(data, password=passphrase)
    except TypeError:  # encrypted without a passphrase, or a passphrase for a plain key
        if passphrase is None:
            raise _problem(
                path, "--sign-key", f"the key is encrypted: set {PASSPHRASE_ENV} to its passphrase"
            ) from None
        return _pem_key(data, path, None)  # a plain key: the passphrase is not needed
    except ValueError:
        if passphrase is not None:
            raise _problem(
                path,
                "--sign-key",
                f"cannot decrypt the key: the passphrase in {PASSPHRASE_ENV} is wrong (or the "
                "file is not a private key)",
            ) from None
        raise _problem(
            path, "--sign-key", "expected a PEM private key; none could be read"
        ) from None
    except Exception:  # an unsupported algorithm, say; the library's text may quote the file
        raise _problem(
            path, "--sign-key", "expected a PEM private key; none could be read"
        ) from None
    return _supported(key, path)


def _pkcs12(data: bytes, path: str, passphrase: bytes | None) -> tuple[Any, list[x509.Certificate]]:
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        key, certificate, additional = pkcs12.load_key_and_certificates(data, passphrase)
    except Exception:  # wrong passphrase and damaged files are one ValueError to the library
        hint = (
            f"the passphrase in {PASSPHRASE_ENV} is wrong"
            if passphrase is not None
            else f"it may be encrypted: set {PASSPHRASE_ENV} to its passphrase"
        )
        raise _problem(
            path,
            "--sign-key",
            f"cannot read the key as a PKCS#12 file or as PEM: {hint}, or the file is neither",
        ) from None
    if key is None or certificate is None:
        raise _problem(
            path, "--sign-key", "the PKCS#12 file must hold the private key and its certificate"
        )
    return _supported(key, path), [certificate, *additional]


def _pem_certificates(data: bytes, path: str) -> list[x509.Certificate]:
    from cryptography import x509

    try:
        certificates = x509.load_pem_x509_certificates(data)
    except Exception:
        certificates = []
    if not certificates:
        raise _problem(
            path,
            "--sign-cert",
            "expected PEM certificates (the signer's first, then the chain towards the root)",
        )
    return certificates


def _supported(key: Any, path: str) -> Any:
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    if isinstance(key, rsa.RSAPrivateKey) and key.key_size >= 2048:
        return key
    if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name in CURVE_HASHES:
        return key
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return key
    raise _problem(
        path,
        "--sign-key",
        "unsupported key: expected RSA (2048 bits or more), EC on P-256, P-384 or P-521, or "
        "Ed25519",
    )


CURVE_HASHES = {"secp256r1": "sha256", "secp384r1": "sha384", "secp521r1": "sha512"}
"""Each supported curve with the digest that matches its strength (FIPS 186-5, 6.4)."""


def _check_pair(key: Any, certificate: x509.Certificate, key_path: str, cert_path: str) -> None:
    from cryptography.hazmat.primitives import serialization

    def spki(public: Any) -> bytes:
        return bytes(
            public.public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )

    if spki(key.public_key()) != spki(certificate.public_key()):
        raise _problem(
            cert_path,
            "--sign-cert",
            f"the certificate is not the one of the key in {key_path}: its public key differs "
            "(the signer's certificate must come first in the file)",
        )


def _check_validity(certificate: x509.Certificate, path: str, now: dt.datetime) -> None:
    start, end = certificate.not_valid_before_utc, certificate.not_valid_after_utc
    if now < start:
        raise _problem(
            path,
            "--sign-cert",
            f"the certificate is not valid yet (from {start:%Y-%m-%d %H:%M} UTC)",
        )
    if now > end:
        raise _problem(
            path,
            "--sign-cert",
            f"the certificate expired on {end:%Y-%m-%d %H:%M} UTC; renew it (see docs/signing.md)",
        )


def _check_usage(certificate: x509.Certificate, path: str) -> None:
    from cryptography import x509

    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not (usage.digital_signature or usage.content_commitment):
        raise _problem(
            path,
            "--sign-cert",
            "the certificate's key usage allows neither digitalSignature nor nonRepudiation; "
            "it cannot sign documents",
        )


def _problem(path: str, option: str, message: str) -> InputError:
    return InputError([InputProblem(path, 0, option, message)])
