"""A throwaway certification authority and signer made with ``cryptography`` at test time
(no private key is committed): write them as PEM or PKCS#12 files for ``--sign-key``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

NOW = dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class Pki:
    """Files of one test PKI."""

    root: Path
    """The root certificate (PEM): what an auditor passes as ``--trust``."""
    key: Path
    """The signer's private key (PEM)."""
    cert: Path
    """The signer's certificate followed by the root (PEM)."""


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Acme Health GmbH"),
        ]
    )


def make_ca(common: str = "Acme Test Root CA") -> tuple[Any, x509.Certificate]:
    """A self-signed root (EC P-256) valid from yesterday for a year."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(common)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def make_signer(
    ca: tuple[Any, x509.Certificate],
    common: str = "Compliance Office",
    *,
    rsa_key: bool = False,
    valid_from: dt.datetime | None = None,
    valid_to: dt.datetime | None = None,
) -> tuple[Any, x509.Certificate]:
    """A signing certificate issued by ``ca`` (EC P-256 or RSA 2048 key)."""
    ca_key, ca_cert = ca
    key: Any = (
        rsa.generate_private_key(65537, 2048)
        if rsa_key
        else ec.generate_private_key(ec.SECP256R1())
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from or NOW - dt.timedelta(hours=1))
        .not_valid_after(valid_to or NOW + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key: Any, passphrase: str | None = None) -> bytes:
    encryption: Any = (
        serialization.BestAvailableEncryption(passphrase.encode())
        if passphrase
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def write_pki(folder: Path, *, passphrase: str | None = None, **signer: Any) -> Pki:
    """Write a new root, a signer key (encrypted with ``passphrase`` if given) and the
    signer's chain into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    ca = make_ca()
    key, cert = make_signer(ca, **signer)
    root = folder / "root.pem"
    root.write_bytes(pem(ca[1]))
    key_path = folder / "signer.key"
    key_path.write_bytes(key_pem(key, passphrase))
    cert_path = folder / "signer.pem"
    cert_path.write_bytes(pem(cert) + pem(ca[1]))
    return Pki(root=root, key=key_path, cert=cert_path)


def write_pkcs12(folder: Path, passphrase: str) -> Pki:
    """Like ``write_pki`` with the key and chain in one PKCS#12 file (``cert`` is that file)."""
    folder.mkdir(parents=True, exist_ok=True)
    ca = make_ca()
    key, cert = make_signer(ca)
    root = folder / "root.pem"
    root.write_bytes(pem(ca[1]))
    p12 = folder / "signer.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"signer",
            key,
            cert,
            [ca[1]],
            serialization.BestAvailableEncryption(passphrase.encode()),
        )
    )
    return Pki(root=root, key=p12, cert=p12)
