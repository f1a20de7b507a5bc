"""``scan --sign-key``: a signed run writes a PAdES-signed PDF and a signed in-toto
statement over every file; key problems are exit 2 before any work, with nothing written
and no key material in any output."""

from __future__ import annotations

import base64
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from signing_pki import Pki, key_pem, make_ca, make_signer, pem, write_pkcs12, write_pki
from support import RunCli, inventory, model, write_inventory

OFFLINE = ("--offline", "--as-of", "2026-11-26")
PASSPHRASE = "correct horse battery staple"
REPORTS = {
    "--json": "audit.json",
    "--pdf": "audit.pdf",
    "--sarif": "audit.sarif",
    "--html": "audit.html",
    "--markdown": "audit.md",
}


def _report_args(folder: Path) -> list[str]:
    return [arg for option, name in REPORTS.items() for arg in (option, str(folder / name))]


def _payload(statement: Path) -> dict:
    envelope = json.loads(statement.read_text())
    return json.loads(base64.b64decode(envelope["payload"]))


def test_signed_run_writes_the_statement_over_every_file(
    tmp_path: Path, model_audit: RunCli
) -> None:
    pki = write_pki(tmp_path / "pki")
    inv = write_inventory(tmp_path, inventory(model("m1", licence="mit")))
    out = tmp_path / "out"
    out.mkdir()
    done = model_audit(
        "scan", str(inv), *_report_args(out), *OFFLINE, "-q",
        "--sign-key", str(pki.key), "--sign-cert", str(pki.cert),
    )  # fmt: skip
    assert done.returncode == 1, done.stderr  # the model's licence cannot be verified offline
    assert sorted(p.name for p in out.iterdir()) == sorted([*REPORTS.values(), "audit.intoto.json"])
    statement = _payload(out / "audit.intoto.json")
    assert statement["_type"] == "https://in-toto.io/Statement/v1"
    assert statement["predicateType"] == "model-audit/result/v1"
    subjects = {s["name"]: s for s in statement["subject"]}
    for name in REPORTS.values():
        digest = subjects[name]["digest"]["sha256"]
        import hashlib

        assert digest == hashlib.sha256((out / name).read_bytes()).hexdigest(), name
        assert subjects[name]["annotations"]["model-audit/role"] == "report"
    assert subjects["../inventory.yaml"]["annotations"]["model-audit/role"] == "inventory"
    predicate = statement["predicate"]
    report = json.loads((out / "audit.json").read_text())
    assert predicate["verdict"] == report["summary"]["status"] == "fail"
    assert predicate["counts"]["high"] == report["summary"]["high"]
    assert predicate["asOf"] == "2026-11-26"
    assert predicate["tool"] == report["tool"]
    assert predicate["knowledgeBase"] == {"version": report["knowledge_base"]["version"]}
    assert predicate["inventory"]["digest"]["sha256"] == report["inventory"]["sha256"]


def test_signing_leaves_the_json_report_byte_identical(tmp_path: Path, model_audit: RunCli) -> None:
    pki = write_pki(tmp_path / "pki")
    inv = write_inventory(tmp_path, inventory(model("m1", licence="mit")))
    model_audit("scan", str(inv), "--json", "plain.json", *OFFLINE, "-q")
    model_audit(
        "scan", str(inv), "--json", "signed.json", *OFFLINE, "-q",
        "--sign-key", str(pki.key), "--sign-cert", str(pki.cert),
    )  # fmt: skip
    assert (tmp_path / "signed.json").read_bytes() == (tmp_path / "plain.json").read_bytes()
    assert (tmp_path / "signed.intoto.json").is_file()


def test_the_pdf_signature_is_visible_on_the_sign_off_page(
    tmp_path: Path, model_audit: RunCli
) -> None:
    from pypdf import PdfReader

    pki = write_pki(tmp_path / "pki")
    inv = write_inventory(tmp_path, inventory(model("m1", licence="mit")))
    done = model_audit(
        "scan", str(inv), "--pdf", "audit.pdf", *OFFLINE, "-q",
        "--sign-key", str(pki.key), "--sign-cert", str(pki.cert),
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    reader = PdfReader(tmp_path / "audit.pdf")
    found = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            widget = annotation.get_object()
            if widget.get("/FT") == "/Sig":
                found.append((page, widget))
    assert len(found) == 1
    page, widget = found[0]
    assert "Sign-off" in page.extract_text()
    appearance = widget["/AP"]["/N"].get_object().get_data()
    assert b"Compliance Office" in appearance
    assert b"Verdict\\072 FAIL" in appearance  # PDF string escape of ':'
    left, bottom, right, top = (float(v) for v in widget["/Rect"])
    assert right - left > 200 and top - bottom > 60


def test_pyhankos_own_validator_accepts_the_signed_pdf(tmp_path: Path, model_audit: RunCli) -> None:
    pki = write_pki(tmp_path / "pki")
    inv = write_inventory(tmp_path, inventory(model("m1", licence="mit")))
    model_audit(
        "scan", str(inv), "--pdf", "audit.pdf", *OFFLINE, "-q",
        "--sign-key", str(pki.key), "--sign-cert", str(pki.cert),
    )  # fmt: skip
    validate = [sys.executable, "-m", "pyhanko", "sign", "validate", "--trust-replace"]
    done = subprocess.run(
        [*validate, "--trust", str(pki.root), str(tmp_path / "audit.pdf")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert ":INTACT:TRUSTED,UNTOUCHED" in done.stdout
    stranger = write_pki(tmp_path / "stranger")
    done = subprocess.run(
        [*validate, "--trust", str(stranger.root), str(tmp_path / "audit.pdf")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode != 0 or "UNTRUSTED" in done.stdout


def test_a_pkcs12_key_with_its_passphrase_signs(tmp_path: Path, model_audit: RunCli) -> None:
    pki = write_pkcs12(tmp_path / "pki", PASSPHRASE)
    inv = write_inventory(tmp_path, inventory(model("m1", licence="mit")))
    done = model_audit(
        "scan", str(inv), "--pdf", "audit.pdf", *OFFLINE, "-q", "--sign-key", str(pki.key),
        env={"MODEL_AUDIT_SIGN_PASSPHRASE": PASSPHRASE},
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    done = model_audit("verify", "audit.pdf", "audit.intoto.json", "--trust", str(pki.root))
    assert done.returncode == 0, done.stdout + done.stderr


def _expired(folder: Path) -> Pki:
    folder.mkdir(parents=True)
    ca = make_ca()
    old = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    key, cert = make_signer(ca, valid_from=old, valid_to=old + dt.timedelta(days=365))
    (folder / "signer.key").write_bytes(key_pem(key))
    (folder / "signer.pem").write_bytes(pem(cert))
    return Pki(root=folder / "none", key=folder / "signer.key", cert=folder / "signer.pem")


def _mismatched(folder: Path) -> Pki:
    pki = write_pki(folder)
    other, _ = make_signer(make_ca())
    pki.key.write_bytes(key_pem(other))
    return pki


def _not_yet_valid(folder: Path) -> Pki:
    folder.mkdir(parents=True)
    ca = make_ca()
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=10)
    key, cert = make_signer(ca, valid_from=later, valid_to=later + dt.timedelta(days=30))
    (folder / "signer.key").write_bytes(key_pem(key))
    (folder / "signer.pem").write_bytes(pem(cert))
    return Pki(root=folder / "none", key=folder / "signer.key", cert=folder / "signer.pem")


WRONG = {"MODEL_AUDIT_SIGN_PASSPHRASE": "wrong-guess"}
WRONG_MESSAGE = "passphrase in MODEL_AUDIT_SIGN_PASSPHRASE is wrong"


def _encrypted(folder: Path) -> Pki:
    return write_pki(folder, passphrase=PASSPHRASE)


def _pkcs12(folder: Path) -> Pki:
    return write_pkcs12(folder, PASSPHRASE)


@pytest.mark.parametrize(
    ("make", "env", "expected"),
    [
        pytest.param(_encrypted, WRONG, WRONG_MESSAGE, id="wrong-passphrase"),
        pytest.param(
            _encrypted, {}, "the key is encrypted: set MODEL_AUDIT_SIGN_PASSPHRASE", id="none"
        ),
        pytest.param(_pkcs12, WRONG, WRONG_MESSAGE, id="pkcs12-wrong-passphrase"),
        pytest.param(_expired, {}, "the certificate expired on 2020-12-31", id="expired"),
        pytest.param(_not_yet_valid, {}, "the certificate is not valid yet", id="not-yet-valid"),
        pytest.param(_mismatched, {}, "the certificate is not the one of the key", id="mismatch"),
    ],
)
def test_key_problems_are_exit_2_before_any_work_and_nothing_is_written(
    tmp_path: Path, model_audit: RunCli, make, env: dict[str, str], expected: str
) -> None:
    pki = make(tmp_path / "pki")
    inv = write_inventory(tmp_path, inventory(model("m1", licence="mit")))
    out = tmp_path / "out"
    out.mkdir()
    cert = [] if pki.cert == pki.key else ["--sign-cert", str(pki.cert)]
    done = model_audit(
        "scan", str(inv), *_report_args(out), *OFFLINE, "--sign-key", str(pki.key), *cert, env=env
    )
    assert done.returncode == 2, done.stderr
    assert expected in done.stderr
    assert "--sign-" in done.stderr  # the option is named
    assert "Traceback" not in done.stderr
    assert list(out.iterdir()) == []
    assert "Resolving" not in done.stderr  # no audit work started
    _assert_no_secret(done.stdout + done.stderr, pki, env)


def _assert_no_secret(text: str, pki: Pki, env: dict[str, str]) -> None:
    for value in (*env.values(), PASSPHRASE):
        assert value not in text
    key_lines = [line for line in pki.key.read_bytes().splitlines() if len(line) > 40]
    for line in key_lines:
        assert line.decode("latin-1") not in text


def test_no_key_material_in_any_output(tmp_path: Path, model_audit: RunCli) -> None:
    pki = write_pki(tmp_path / "pki", passphrase=PASSPHRASE)
    inv = write_inventory(tmp_path, inventory(model("m1", licence="mit")))
    out = tmp_path / "out"
    out.mkdir()
    done = model_audit(
        "scan", str(inv), *_report_args(out), *OFFLINE, "--sign-key", str(pki.key),
        "--sign-cert", str(pki.cert), env={"MODEL_AUDIT_SIGN_PASSPHRASE": PASSPHRASE},
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(pki.key.read_bytes(), PASSPHRASE.encode())
    plain = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    secret_scalar = key.private_numbers().private_value.to_bytes(32, "big")  # type: ignore[union-attr]
    for file in out.iterdir():
        data = file.read_bytes()
        assert secret_scalar not in data and plain not in data, file.name
        assert base64.b64encode(plain)[:40] not in data, file.name
        assert PASSPHRASE.encode() not in data, file.name
    _assert_no_secret(done.stdout + done.stderr, pki, {})


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sign-cert", "x.pem"], "--sign-cert needs --sign-key"),
        (["--tsa", "http://127.0.0.1:1/"], "--tsa needs --sign-key"),
        (["--sign-key", "k.pem"], "--sign-key signs reports"),
        (
            ["--sign-key", "k.pem", "--json", "-"],
            "every report of a signed run is written to a file",
        ),
    ],
)
def test_signing_flags_that_do_not_fit_are_usage_errors(
    tmp_path: Path, model_audit: RunCli, args: list[str], message: str
) -> None:
    inv = write_inventory(tmp_path, inventory(model("m1", licence="mit")))
    done = model_audit("scan", str(inv), *OFFLINE, *args)
    assert done.returncode == 2
    assert message in done.stderr
