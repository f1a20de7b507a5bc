"""Ctrl-C during a Hub look-up ends the scan within a second, exit 130, no report left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from hubserver import HubServer
from support import ROOT, inventory, model, write_inventory


def test_ctrl_c_during_a_slow_hub_request_exits_130_at_once(tmp_path: Path) -> None:
    with HubServer() as hub:
        hub.add_model("acme/slow", card_data={"license": "mit"})
        hub.slow("acme/slow", 30, forever=True)
        path = write_inventory(tmp_path, inventory(model(name="acme/slow", licence="mit")))
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING"))},
            "HF_ENDPOINT": hub.endpoint,
            "HF_HOME": str(tmp_path / "hf-home"),
            "PYTHONPATH": str(ROOT),
        }
        report = tmp_path / "report.json"
        process = subprocess.Popen(
            [sys.executable, "-m", "audit", "scan", str(path), "--json", str(report), "-q"],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while not hub.requests_for("acme/slow") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert hub.requests_for("acme/slow"), "the scan never asked the Hub"
        time.sleep(0.3)
        interrupted = time.monotonic()
        process.send_signal(signal.SIGINT)
        try:
            status = process.wait(timeout=5)
        finally:
            process.kill()
        took = time.monotonic() - interrupted
    assert status == 130, process.stderr.read() if process.stderr else ""
    assert took < 1.5
    assert not report.exists()
    assert not list(tmp_path.glob("*.tmp*"))
