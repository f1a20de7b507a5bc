"""The environment is outside input too: credentials never reach an output, and a bad
override is one clear exit-2 message before any work, never a crash or a silent default."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hubserver import HubServer, isolate_hub_environment
from pypdf import PdfReader
from support import ROOT, RunCli, inventory, model, write_inventory

from audit.cli import cli
from audit.safe_text import redact_url, shown

OFFLINE = ("--offline", "--as-of", "2026-11-26")
TOKEN = "hf_ExampleSecretToken1234"


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with HubServer() as server:
        isolate_hub_environment(monkeypatch, tmp_path / "hf-home", server.endpoint)
        yield server


def _everything_written(tmp_path: Path) -> str:
    """Every file under ``tmp_path`` (reports, answer cache) as text, PDFs as their text."""
    texts = []
    for path in sorted(tmp_path.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data.startswith(b"%PDF"):
            reader = PdfReader(io.BytesIO(data))
            texts.append("\n".join(page.extract_text() for page in reader.pages))
            texts.append(str(reader.metadata))
        texts.append(data.decode("utf-8", errors="replace"))
    return "\n".join(texts)


def test_credentials_in_hf_endpoint_and_the_token_never_reach_an_output(
    tmp_path: Path, hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub.add_model("acme/gated", card_data={"license": "llama3.1"}, gated="manual")
    host = hub.endpoint.removeprefix("http://")
    monkeypatch.setenv("HF_ENDPOINT", f"http://auditor:s3cretPassw0rd@{host}")
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    path = write_inventory(
        tmp_path, inventory(model("m1", name="acme/gated"), model("m2", name="acme/missing"))
    )
    args = ["scan", str(path), "--as-of", "2026-11-26"]
    for fmt in ("json", "sarif", "html", "pdf"):
        args += [f"--{fmt}", str(tmp_path / f"audit.{fmt}")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    written = _everything_written(tmp_path) + result.stdout + result.stderr
    assert "hub-cache" in written or any((tmp_path / "hf-home").rglob("*.json"))
    assert "s3cretPassw0rd" not in written
    assert "auditor" not in written
    assert TOKEN not in written


@pytest.mark.parametrize(
    "endpoint", ["file:///etc", "not a url", "ftp://hub.example", "https://", "http://h:x/", ""]
)
def test_a_malformed_hf_endpoint_is_one_message_before_any_look_up(
    model_audit: RunCli, tmp_path: Path, endpoint: str
) -> None:
    path = write_inventory(tmp_path, inventory(model("m1"), model("m2", name="other/model")))
    done = model_audit(
        "scan",
        str(path),
        "--as-of",
        "2026-11-26",
        env={"HF_ENDPOINT": endpoint, "HF_HUB_OFFLINE": ""},
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("HF_ENDPOINT: expected") == 1, done.stderr
    assert "LIC001" not in done.stdout + done.stderr
    assert "model-audit: 1 problem found; nothing was audited." in done.stderr


@pytest.mark.parametrize("variable", ["MODEL_AUDIT_MAX_TEXT_BYTES", "MODEL_AUDIT_MAX_SPDX_BYTES"])
@pytest.mark.parametrize("value", ["lots", "1.5", "", "0", "-1", "1e6", "99999999999999"])
def test_a_bad_size_override_is_exit_2_naming_the_variable(
    model_audit: RunCli, tmp_path: Path, variable: str, value: str
) -> None:
    path = write_inventory(tmp_path, inventory(model("m1", licence="mit")))
    done = model_audit("scan", str(path), *OFFLINE, env={variable: value})
    assert done.returncode == 2, done.stderr
    assert f"{variable}: expected a whole number of bytes from 1 to 1,073,741,824" in done.stderr
    assert f"got {value!r}" in done.stderr
    assert "Traceback" not in done.stderr


def test_size_overrides_are_not_read_at_import() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MODEL_AUDIT_MAX_TEXT_BYTES": "lots"}
    env["MODEL_AUDIT_MAX_SPDX_BYTES"] = "1.5"
    done = subprocess.run(
        [sys.executable, "-c", "import audit.resolve.sources, audit.resolve.local_folder"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_a_small_text_limit_is_said_in_bytes(model_audit: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "models" / "m"
    folder.mkdir(parents=True)
    (folder / "LICENSE").write_text("MIT License\n" * 20, encoding="utf-8")
    path = write_inventory(
        tmp_path, inventory(model("m1", source="local", path="models/m", name="x/m"))
    )
    done = model_audit(
        "scan", str(path), "--json", "-", *OFFLINE, env={"MODEL_AUDIT_MAX_TEXT_BYTES": "10"}
    )
    assert done.returncode == 1, done.stderr
    assert "LICENSE is 240 bytes, over the 10 bytes limit; not read" in done.stdout


def test_a_bad_jurisdictions_override_is_input_not_a_failed_rule(
    model_audit: RunCli, tmp_path: Path
) -> None:
    override = tmp_path / "places.yaml"
    override.write_text("countries: [1, 2\n", encoding="utf-8")
    path = write_inventory(tmp_path, inventory(model("m1", licence="mit")))
    done = model_audit(
        "scan", str(path), *OFFLINE, env={"MODEL_AUDIT_JURISDICTIONS": str(override)}
    )
    assert done.returncode == 2, done.stderr
    assert "MODEL_AUDIT_JURISDICTIONS" in done.stderr
    assert "rule LIC008 failed" not in done.stderr


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://user:pw@hub.example:8080/x", "http://hub.example:8080/x"),
        ("https://hub.example/f?token=abc&rev=main", "https://hub.example/f?rev=main"),
        ("https://s3.example/o?X-Amz-Signature=ff&X-Amz-Credential=k", "https://s3.example/o"),
        ("https://hub.example/f?api_key=1&access_token=2&sig=3", "https://hub.example/f"),
        ("http://[::1]:99/?password=x", "http://[::1]:99/"),
    ],
)
def test_credentials_are_stripped_from_urls(url: str, expected: str) -> None:
    assert redact_url(url) == expected
    assert shown(f"see {url} now") == f"see {expected} now"


def test_the_token_is_replaced_by_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    assert shown(f"401 for token {TOKEN}") == "401 for token [HF_TOKEN]"
