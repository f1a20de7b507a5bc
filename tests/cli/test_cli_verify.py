"""``model-audit verify``: a signed run verifies; one changed byte in the PDF, a report or
the inventory fails naming the file; a signer outside the trusted roots fails; unusable
input is exit 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from signing_pki import Pki, write_pki
from support import RunCli, inventory, model, write_inventory

OFFLINE = ("--offline", "--as-of", "2026-11-26")


@pytest.fixture(scope="module")
def signed_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Pki]:
    """One signed run (PDF, JSON, SARIF), made once for the module: folder and PKI."""
    import os
    import subprocess
    import sys

    from support import ROOT

    folder = tmp_path_factory.mktemp("signed")
    pki = write_pki(folder / "pki")
    write_inventory(folder, inventory(model("m1", licence="mit")))
    (folder / "out").mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "audit", "scan", "inventory.yaml", *OFFLINE, "-q",
         "--json", "out/audit.json", "--pdf", "out/audit.pdf", "--sarif", "out/audit.sarif",
         "--sign-key", str(pki.key), "--sign-cert", str(pki.cert)],
        cwd=folder, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"},
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    return folder, pki


def _copy(signed_set: tuple[Path, Pki], tmp_path: Path) -> Path:
    folder, _ = signed_set
    target = tmp_path / "copy"
    shutil.copytree(folder, target)
    return target


def _flip(file: Path, position: float = 0.5) -> None:
    data = bytearray(file.read_bytes())
    index = int(len(data) * position)
    data[index] = (data[index] + 1) % 256 if data[index] != ord("\n") else ord(" ")
    file.write_bytes(bytes(data))


def test_a_signed_run_verifies(signed_set: tuple[Path, Pki], model_audit: RunCli) -> None:
    folder, pki = signed_set
    done = model_audit(
        "verify", "out/audit.pdf", "out/audit.intoto.json", "--trust", str(pki.root),
        "--inventory", "inventory.yaml", cwd=folder,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for expected in (
        "PASS  out/audit.pdf: integrity:",
        "PASS  out/audit.pdf: whole file:",
        "PASS  out/audit.pdf: chain of trust:",
        "PASS  inventory.yaml: inventory:",
        "PASS  out/audit.intoto.json: signature:",
        "PASS  out/audit.intoto.json: chain of trust:",
        "PASS  out/audit.json: digest:",
        "PASS  out/audit.sarif: digest:",
        "PASS  inventory.yaml: digest:",
    ):
        assert any(line.startswith(expected) for line in lines), (expected, done.stdout)
    assert lines[-1].startswith("VERIFIED: ")


def test_json_output(signed_set: tuple[Path, Pki], model_audit: RunCli) -> None:
    folder, pki = signed_set
    done = model_audit("verify", "out/audit.intoto.json", "--json", cwd=folder)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["schema"] == "model-audit/verify/v1" and result["verified"] is True
    outcomes = {(c["file"], c["check"]): c["outcome"] for c in result["checks"]}
    assert outcomes[("out/audit.intoto.json", "chain of trust")] == "skip"  # no --trust
    assert outcomes[("out/audit.pdf", "digest")] == "pass"


STATEMENT = "out/audit.intoto.json"


@pytest.mark.parametrize(
    ("changed", "argument", "failing"),
    [
        ("out/audit.pdf", "out/audit.pdf", "FAIL  out/audit.pdf: integrity:"),
        ("out/audit.pdf", "out/audit.intoto.json", "FAIL  out/audit.pdf: digest:"),
        ("out/audit.json", "out/audit.intoto.json", "FAIL  out/audit.json: digest:"),
        ("inventory.yaml", "out/audit.intoto.json", "FAIL  inventory.yaml: digest:"),
        ("inventory.yaml", "out/audit.pdf", "FAIL  inventory.yaml: inventory:"),
        (STATEMENT, STATEMENT, f"FAIL  {STATEMENT}: signature:"),
    ],
)  # fmt: skip
def test_one_changed_byte_fails_naming_the_file(
    signed_set: tuple[Path, Pki],
    tmp_path: Path,
    model_audit: RunCli,
    changed: str,
    argument: str,
    failing: str,
) -> None:
    folder = _copy(signed_set, tmp_path)
    _, pki = signed_set
    if changed.endswith(".intoto.json"):
        envelope = json.loads((folder / changed).read_text())
        payload = envelope["payload"]
        envelope["payload"] = payload[:100] + ("A" if payload[100] != "A" else "B") + payload[101:]
        (folder / changed).write_text(json.dumps(envelope))
    else:
        _flip(folder / changed)
    done = model_audit(
        "verify", argument, "--trust", str(pki.root), "--inventory", "inventory.yaml", cwd=folder
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert any(line.startswith(failing) for line in done.stdout.splitlines()), done.stdout
    assert done.stdout.splitlines()[-1].startswith("FAILED: ")


def test_bytes_appended_after_the_signature_fail(
    signed_set: tuple[Path, Pki], tmp_path: Path, model_audit: RunCli
) -> None:
    folder = _copy(signed_set, tmp_path)
    _, pki = signed_set
    with (folder / "out/audit.pdf").open("ab") as stream:
        stream.write(b"\n% appended after signing\n")
    done = model_audit("verify", "out/audit.pdf", "--trust", str(pki.root), cwd=folder)
    assert done.returncode == 1
    assert "FAIL  out/audit.pdf: whole file:" in done.stdout


def test_a_signer_outside_the_trusted_roots_fails(
    signed_set: tuple[Path, Pki], tmp_path: Path, model_audit: RunCli
) -> None:
    folder, _ = signed_set
    stranger = write_pki(tmp_path / "stranger")
    done = model_audit(
        "verify",
        "out/audit.pdf",
        "out/audit.intoto.json",
        "--trust",
        str(stranger.root),
        cwd=folder,
    )
    assert done.returncode == 1
    assert "FAIL  out/audit.pdf: chain of trust:" in done.stdout
    assert "FAIL  out/audit.intoto.json: chain of trust:" in done.stdout


def test_a_missing_report_fails(
    signed_set: tuple[Path, Pki], tmp_path: Path, model_audit: RunCli
) -> None:
    folder = _copy(signed_set, tmp_path)
    (folder / "out/audit.sarif").unlink()
    done = model_audit("verify", "out/audit.intoto.json", cwd=folder)
    assert done.returncode == 1
    assert "FAIL  out/audit.sarif: digest: missing" in done.stdout


STATEMENT_TYPE = '"payloadType": "application/vnd.in-toto+json"'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "the file does not exist"),
        (b"not json", "expected a DSSE envelope"),
        (b'{"payload": "e30=", "payloadType": "x", "signatures": [{"sig": ""}]}', "payloadType"),
        (
            f'{{"payload": "!!", {STATEMENT_TYPE}, "signatures": [{{"sig": ""}}]}}'.encode(),
            "Base64",
        ),
        (f'{{"payload": "e30=", {STATEMENT_TYPE}, "signatures": []}}'.encode(), "signatures"),
        (b"%PDF-1.7\n\x1b[31mnot really", "the PDF's structure is damaged"),
    ],
)
def test_unusable_input(
    tmp_path: Path, model_audit: RunCli, content: bytes | None, message: str
) -> None:
    target = tmp_path / "given"
    if content is not None:
        target.write_bytes(content)
    done = model_audit("verify", "given")
    output = done.stdout + done.stderr
    assert message in output
    assert done.returncode == (1 if content and content.startswith(b"%PDF") else 2), output
    assert "Traceback" not in output and "\x1b" not in output


def test_unusable_trust_file(signed_set: tuple[Path, Pki], model_audit: RunCli) -> None:
    folder, _ = signed_set
    done = model_audit("verify", "out/audit.pdf", "--trust", "inventory.yaml", cwd=folder)
    assert done.returncode == 2
    assert "inventory.yaml: --trust: expected PEM certificates" in done.stderr
