"""The DSSE envelope: the pre-authentication encoding matches the spec's test vector, and
an envelope signed with each supported key type verifies, and fails once changed."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from signing_pki import make_ca, make_signer

from audit.signing.keys import SigningKey
from audit.signing.statement import PAYLOAD_TYPE, key_id, pae, sign_envelope, verify_signature


def test_pae_matches_the_dsse_test_vector() -> None:
    # protocol.md, "Test Vectors": PAE("http://example.com/HelloWorld", "hello world")
    assert pae("http://example.com/HelloWorld", b"hello world") == (
        b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
    )


def test_pae_counts_bytes_not_characters() -> None:
    assert pae("t", "é".encode()) == b"DSSEv1 1 t 2 \xc3\xa9"


def _key(kind: str) -> SigningKey:
    ca = make_ca()
    _, cert = make_signer(ca)
    private: Any = {
        "ec": lambda: ec.generate_private_key(ec.SECP384R1()),
        "rsa": lambda: rsa.generate_private_key(65537, 2048),
        "ed25519": ed25519.Ed25519PrivateKey.generate,
    }[kind]()
    # the envelope only needs the key and a certificate; pairing is checked at load time
    return SigningKey(private_key=private, certificate=cert, chain=(ca[1],))


@pytest.mark.parametrize("kind", ["ec", "rsa", "ed25519"])
def test_an_envelope_verifies_and_fails_once_changed(kind: str) -> None:
    key = _key(kind)
    envelope = json.loads(sign_envelope({"_type": "x", "subject": []}, key))
    assert envelope["payloadType"] == PAYLOAD_TYPE
    body = base64.b64decode(envelope["payload"])
    signature = base64.b64decode(envelope["signatures"][0]["sig"])
    public = key.private_key.public_key()
    assert envelope["signatures"][0]["keyid"] == key_id(key.certificate.public_key())
    assert verify_signature(public, pae(PAYLOAD_TYPE, body), signature)
    assert not verify_signature(public, pae(PAYLOAD_TYPE, body + b" "), signature)
    assert not verify_signature(public, pae("text/plain", body), signature)
    assert len(envelope["signatures"][0]["certificates"]) == 2


def test_the_key_is_never_in_the_envelope_or_its_repr() -> None:
    key = _key("ec")
    envelope = sign_envelope({"_type": "x"}, key)
    scalar = key.private_key.private_numbers().private_value
    assert str(scalar) not in repr(key)
    assert scalar.to_bytes(48, "big") not in envelope
    assert b"PRIVATE" not in envelope
