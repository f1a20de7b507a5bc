"""``verify`` on hostile statements and reports: names with terminal escapes are shown
escaped, a listed file reached through a symbolic link is not read, an unsigned PDF fails,
and a statement whose name clashes with another output is refused before any work."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from signing_pki import make_ca, make_signer, pem
from support import RunCli, inventory, model, write_inventory

from audit.signing.keys import SigningKey
from audit.signing.statement import Subject, build_statement, sign_envelope

OFFLINE = ("--offline", "--as-of", "2026-11-26")


def _signed_statement(folder: Path, subjects: list[Subject]) -> Path:
    ca = make_ca()
    key, cert = make_signer(ca)
    (folder / "root.pem").write_bytes(pem(ca[1]))
    document = {"summary": {"status": "pass"}, "as_of": dt.date(2026, 11, 26).isoformat()}
    envelope = sign_envelope(
        build_statement(document, subjects),
        SigningKey(private_key=key, certificate=cert, chain=(ca[1],)),
    )
    path = folder / "x.intoto.json"
    path.write_bytes(envelope)
    return path


def test_escapes_in_listed_names_are_shown_escaped(tmp_path: Path, model_audit: RunCli) -> None:
    name = "evil\x1b[2J\x1b]0;pwned\x07.json"
    (tmp_path / name).write_bytes(b"{}")
    digest = hashlib.sha256(b"{}").hexdigest()
    _signed_statement(tmp_path, [Subject(name, digest, "report")])
    done = model_audit("verify", "x.intoto.json", "--trust", "root.pem")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "evil\\x1b[2J" in done.stdout


def test_a_listed_file_behind_a_symbolic_link_is_not_read(
    tmp_path: Path, model_audit: RunCli
) -> None:
    secret = tmp_path / "outside.txt"
    secret.write_bytes(b"secret")
    (tmp_path / "audit.json").symlink_to(secret)
    digest = hashlib.sha256(b"secret").hexdigest()
    _signed_statement(tmp_path, [Subject("audit.json", digest, "report")])
    done = model_audit("verify", "x.intoto.json", "--trust", "root.pem")
    assert done.returncode == 1
    assert "FAIL  " in done.stdout and "audit.json: digest: missing" in done.stdout


def test_an_unsigned_pdf_fails(tmp_path: Path, model_audit: RunCli) -> None:
    inv = write_inventory(tmp_path, inventory(model("m1", licence="mit")))
    model_audit("scan", str(inv), "--pdf", "plain.pdf", *OFFLINE, "-q")
    done = model_audit("verify", "plain.pdf")
    assert done.returncode == 1
    assert "FAIL  plain.pdf: signature: the PDF carries no signature" in done.stdout


def test_a_statement_clashing_with_another_output_is_refused(
    tmp_path: Path, model_audit: RunCli
) -> None:
    from signing_pki import write_pki

    pki = write_pki(tmp_path / "pki")
    inv = write_inventory(tmp_path, inventory(model("m1", licence="mit")))
    done = model_audit(
        "scan", str(inv), "--pdf", "a.pdf", "--json", "a.intoto.json", *OFFLINE,
        "--sign-key", str(pki.key), "--sign-cert", str(pki.cert),
    )  # fmt: skip
    assert done.returncode == 2
    assert "--sign-key: 'a.intoto.json' is also the destination of --json" in done.stderr
    assert not (tmp_path / "a.pdf").exists()
