"""``scan``'s signing options (``--sign-key``, ``--sign-cert``, ``--tsa``) and the checks
that run before any audit work: the flags fit together, and the key loads and matches."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from audit.cli.scan_outputs import ScanOutputs
    from audit.signing.run import SigningRequest

F = TypeVar("F", bound=Callable[..., Any])


def signing_options(func: F) -> F:
    """Add ``--sign-key``, ``--sign-cert`` and ``--tsa`` to a command."""
    func = click.option(
        "--tsa",
        "tsa_url",
        metavar="URL",
        help="RFC 3161 timestamping service for the PDF signature (PAdES B-T instead of B-B).",
    )(func)
    func = click.option(
        "--sign-cert",
        metavar="CERT.pem",
        help="The signer's certificate, then the chain towards the root (PEM); with a "
        "PKCS#12 --sign-key, extra chain certificates.",
    )(func)
    func = click.option(
        "--sign-key",
        metavar="KEY",
        help="Sign the reports: the PDF gets a PAdES signature and <name>.intoto.json, a "
        "signed in-toto statement, lists every file written with its SHA-256. KEY is a PEM "
        "private key (with --sign-cert) or a PKCS#12 file; its passphrase only in "
        "MODEL_AUDIT_SIGN_PASSPHRASE. See docs/signing.md.",
    )(func)
    return func


def signing_request(
    sign_key: str | None, sign_cert: str | None, tsa_url: str | None, outputs: ScanOutputs
) -> SigningRequest | None:
    """The checked signing request, or None when not signing. Misused flags are a usage
    error and a bad key or certificate an ``InputError`` (both exit 2), before any work."""
    if sign_key is None:
        for option, value in (("--sign-cert", sign_cert), ("--tsa", tsa_url)):
            if value is not None:
                raise click.UsageError(f"{option} needs --sign-key")
        return None
    if not any((outputs.json, outputs.sarif, outputs.html, outputs.pdf, outputs.markdown)):
        raise click.UsageError(
            "--sign-key signs reports: give at least one of --pdf, --json, --html, --sarif "
            "or --markdown"
        )
    if outputs.to_stdout():
        raise click.UsageError(
            "--sign-key: every report of a signed run is written to a file, so the statement "
            f"can list it; --{outputs.to_stdout()[0]} names standard output ('-')"
        )
    if tsa_url is not None:
        _check_tsa(tsa_url)
    from audit.signing.keys import load_signing_key
    from audit.signing.run import SigningRequest

    return SigningRequest(key=load_signing_key(sign_key, sign_cert), tsa_url=tsa_url)


def _check_tsa(url: str) -> None:
    from urllib.parse import urlsplit

    from audit.safe_text import redact_url, shown

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        given = shown(redact_url(url))
        raise click.BadParameter(
            f"expected an http:// or https:// URL of an RFC 3161 service; got {given!r}",
            param_hint="--tsa",
        )
