"""The PAdES signature of the PDF report, made with pyHanko.

The report is rendered with an empty box (``#digital-signature``) under the sign-off table;
WeasyPrint records that box as a named destination, which gives the page and the top edge
of the visible signature. The signature is PAdES baseline B-B, or B-T with a timestamp from
an RFC 3161 service (``--tsa``). Signing works on bytes in memory: nothing reaches the disk
until the whole set of reports is complete (``audit.outputs``), so a failure leaves no
half-signed file.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from typing import Any

from audit.errors import ToolError
from audit.signing.keys import SigningKey

SLOT_ID = "digital-signature"
"""The id of the sign-off page's signature box in the report template."""
SLOT_HEIGHT_PT = 30 * 72 / 25.4
"""Height of that box (30 mm, as the stylesheet sets it)."""
SLOT_WIDTH_PT = 110 * 72 / 25.4
"""Width of the visible signature (110 mm, within the text column)."""
FIELD_NAME = "model-audit"
"""The PDF signature field's name (``verify`` expects exactly one signature)."""


@dataclass(frozen=True)
class Slot:
    """Where the visible signature goes: a page index and a rectangle in PDF points."""

    page: int
    box: tuple[int, int, int, int]


def sign_pdf(
    data: bytes, key: SigningKey, *, verdict: str, inventory_sha256: str, tsa_url: str | None
) -> bytes:
    """``data`` (a report rendered with the signature box) with a PAdES signature by
    ``key`` and a visible block naming the signer, the signing time and ``verdict``; a
    signature timestamp from ``tsa_url`` makes it B-T. The signature's reason (which the
    signature covers) names the audited inventory's SHA-256, for ``verify --inventory``.
    ``ToolError`` when signing fails (the timestamping service unreachable, say)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from audit.signing import quiet_library_logs

    quiet_library_logs()
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    slot = find_slot(writer)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm=_digest(key),
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=_ascii(f"model-audit report; verdict {verdict.split()[0]}")
        + f"; inventory SHA-256 {inventory_sha256}",
    )
    signer = signers.PdfSigner(
        meta,
        signer=_pyhanko_signer(key),
        timestamper=_timestamper(tsa_url),
        stamp_style=_stamp_style(),
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=FIELD_NAME, on_page=slot.page, box=slot.box
        ),
    )
    out = io.BytesIO()
    try:
        signer.sign_pdf(
            writer,
            appearance_text_params={
                "signer_name": _ascii(key.signer_name),
                "verdict": _ascii(verdict),
            },
            output=out,
        )
    except Exception as exc:  # the TSA's or the library's failure is the tool's (exit 3)
        where = f" (timestamping service {tsa_url})" if tsa_url else ""
        raise ToolError(
            f"--pdf: could not sign the PDF report{where}: {type(exc).__name__}; nothing "
            "was written"
        ) from None
    return out.getvalue()


def find_slot(writer: Any) -> Slot:
    """The page and rectangle of the report's signature box (``ToolError`` when the report
    was rendered without it, which would be a defect)."""
    root = writer.root
    destination = _named_destination(root, SLOT_ID)
    if destination is None:
        raise ToolError("--pdf: the report has no signature box to sign in (a defect)")
    page_ref, top = destination.raw_get(0), float(destination[3])
    pages = _page_ids(root["/Pages"])
    page = pages.index(page_ref.idnum) if page_ref.idnum in pages else len(pages) - 1
    box = page_ref.get_object()["/MediaBox"]
    left = float(box[0]) + 20 * 72 / 25.4  # the page's left margin (report.css @page)
    return Slot(
        page, (round(left), round(top - SLOT_HEIGHT_PT), round(left + SLOT_WIDTH_PT), round(top))
    )


def _named_destination(root: Any, name: str) -> Any:
    names = root.get("/Names")
    tree = names.get("/Dests") if names is not None else None
    return _search_names(tree, name) if tree is not None else None


def _search_names(node: Any, name: str) -> Any:
    node = node.get_object()
    flat = node.get("/Names")
    if flat is not None:
        for index in range(0, len(flat) - 1, 2):
            if str(flat[index]) == name:
                value = flat[index + 1].get_object()
                return value.get("/D") if hasattr(value, "get") else value
    for kid in node.get("/Kids", ()):
        found = _search_names(kid, name)
        if found is not None:
            return found
    return None


def _page_ids(node: Any) -> list[int]:
    """Page objects' numbers in document order."""
    out: list[int] = []
    kids = node["/Kids"]
    for index in range(len(kids)):
        reference = kids.raw_get(index)
        obj = reference.get_object()
        if obj.get("/Type") == "/Pages":
            out.extend(_page_ids(obj))
        else:
            out.append(reference.idnum)
    return out


def _pyhanko_signer(key: SigningKey) -> Any:
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = serialization.Encoding.DER
    private = asn1_keys.PrivateKeyInfo.load(
        key.private_key.private_bytes(
            der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    certificate = asn1_x509.Certificate.load(key.certificate.public_bytes(der))
    chain = [asn1_x509.Certificate.load(c.public_bytes(der)) for c in key.chain]
    return signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=private,
        cert_registry=SimpleCertificateStore.from_certs([certificate, *chain]),
    )


def _timestamper(url: str | None) -> Any:
    if url is None:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(url, timeout=30)


def _stamp_style() -> Any:
    from pyhanko.pdf_utils import text
    from pyhanko.stamp import TextStampStyle

    return TextStampStyle(
        stamp_text=(
            "Digitally signed by: %(signer_name)s\nTime: %(ts)s\nVerdict: %(verdict)s\n"
            "Check with: model-audit verify"
        ),
        timestamp_format="%Y-%m-%d %H:%M:%S %z",
        text_box_style=text.TextBoxStyle(font_size=9),
        border_width=1,
    )


def _digest(key: SigningKey) -> str:
    from cryptography.hazmat.primitives.asymmetric import ec

    from audit.signing.keys import CURVE_HASHES

    if isinstance(key.private_key, ec.EllipticCurvePrivateKey):
        return CURVE_HASHES[key.private_key.curve.name]
    return "sha512" if type(key.private_key).__name__.startswith("Ed25519") else "sha256"


def _ascii(text: str) -> str:
    """The text in the signature block's standard font (which has only Latin-1): accents
    dropped, other characters as ``?``, control characters removed."""
    folded = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in folded if not unicodedata.combining(c))
    return "".join(c if 32 <= ord(c) < 127 else "?" for c in kept)[:120]
