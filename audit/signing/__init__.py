"""Signed, verifiable audit reports: key loading, the PAdES signature of the PDF, the
in-toto statement in its DSSE envelope, and their verification (``model-audit verify``).

This package's own import is light; ``cryptography`` and ``pyHanko`` load only inside the
functions that need them, so ``model-audit --help`` never imports them.
"""

from __future__ import annotations

import logging

PASSPHRASE_ENV = "MODEL_AUDIT_SIGN_PASSPHRASE"
"""The only way to give the passphrase of the signing key (never a command-line flag, which
other users of the machine could read in the process list)."""

STATEMENT_SUFFIX = ".intoto.json"
"""The signed statement is written as ``<name>.intoto.json`` (see ``statement_path``)."""


def quiet_library_logs() -> None:
    """Silence pyHanko's and its validator's own log output: it prints tracebacks for
    failed checks that ``verify`` reports in its own words (and could quote a file)."""
    for name in ("pyhanko", "pyhanko_certvalidator", "asyncio"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
