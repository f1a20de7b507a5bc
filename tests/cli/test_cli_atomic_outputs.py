"""Reports are replaced whole or not at all: disk full, Ctrl-C while the PDF is laid out,
and concurrent scans never leave a truncated file or a set from two runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import ROOT, RunCli, inventory, model, write_inventory

OFFLINE = ("--offline", "--as-of", "2026-11-26")


def _many_models(count: int) -> dict[str, object]:
    return inventory(*(model(f"m{i:04d}", licence="mit") for i in range(count)))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial"))


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs mounted for the test; skipped where mounting is not allowed."""
    mount_point = tmp_path / "full"
    mount_point.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        pytest.skip("no mount command on this machine")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def test_disk_full_keeps_the_previous_reports(
    model_audit: RunCli, tmp_path: Path, small_tmpfs: Path
) -> None:
    old_json = small_tmpfs / "audit.json"
    old_sarif = small_tmpfs / "audit.sarif"
    old_json.write_text('{"old": true}\n', encoding="utf-8")
    old_sarif.write_text('{"old": "sarif"}\n', encoding="utf-8")
    filler = small_tmpfs / "filler"
    with filler.open("wb") as stream:  # leave about 64 KiB free
        free = os.statvfs(small_tmpfs).f_bavail * os.statvfs(small_tmpfs).f_frsize
        stream.write(b"\0" * max(0, free - 65536))
    inventory_path = write_inventory(tmp_path, _many_models(60))
    done = model_audit(
        "scan", str(inventory_path), "--json", str(old_json), "--sarif", str(old_sarif), *OFFLINE
    )
    assert done.returncode == 3, done.stderr
    assert "no space left on the device" in done.stderr
    assert "every previous report was left as it was" in done.stderr
    assert "Traceback" not in done.stderr
    assert old_json.read_text(encoding="utf-8") == '{"old": true}\n'
    assert old_sarif.read_text(encoding="utf-8") == '{"old": "sarif"}\n'
    assert _leftovers(small_tmpfs) == []


HOOK = """
import os, time
import reports.pdf as pdf

_original = pdf.html_to_pdf

def announced(*args, **kwargs):
    open(os.environ["PDF_STARTED"], "w").close()
    time.sleep(30)  # long enough for the test to interrupt the layout
    return _original(*args, **kwargs)

pdf.html_to_pdf = announced
"""


def test_ctrl_c_while_the_pdf_is_laid_out_changes_no_report(tmp_path: Path) -> None:
    inventory_path = write_inventory(tmp_path, inventory(model("m1", licence="mit")))
    for name in ("audit.json", "audit.pdf"):
        (tmp_path / name).write_text(f"old {name}\n", encoding="utf-8")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(
        "import importlib.util, sys\n"
        "class _Finder:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name != 'reports.pdf':\n"
        "            return None\n"
        "        sys.meta_path.remove(self)\n"
        "        spec = importlib.util.find_spec(name)\n"
        "        loader = spec.loader\n"
        "        original = loader.exec_module\n"
        "        def exec_module(module):\n"
        "            original(module)\n"
        f"            exec({HOOK!r}, {{}})\n"
        "        loader.exec_module = exec_module\n"
        "        return spec\n"
        "sys.meta_path.insert(0, _Finder())\n",
        encoding="utf-8",
    )
    started = tmp_path / "pdf-started"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(hooks), str(ROOT)]),
        "HF_HUB_OFFLINE": "1",
        "PDF_STARTED": str(started),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "audit", "scan", str(inventory_path), "-q"]
        + ["--json", "audit.json", "--pdf", "audit.pdf", *OFFLINE],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not started.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists(), process.communicate()
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    for name in ("audit.json", "audit.pdf"):
        assert (tmp_path / name).read_text(encoding="utf-8") == f"old {name}\n"
    assert _leftovers(tmp_path) == []


def _torn(path: Path) -> str | None:
    """The file's name when it exists but is not whole JSON, else None."""
    try:
        json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except ValueError:
        return path.name
    return None


def test_concurrent_scans_never_leave_a_corrupt_or_mixed_set(tmp_path: Path) -> None:
    inventory_path = write_inventory(tmp_path, _many_models(150))
    json_path, sarif_path = tmp_path / "audit.json", tmp_path / "audit.sarif"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    days = [f"2026-11-{day:02d}" for day in range(10, 16)]
    torn: list[str] = []
    stop = threading.Event()

    def watch() -> None:  # a reader (say, a CI upload step) must only ever see whole files
        while not stop.is_set():
            for path in (json_path, sarif_path):
                problem = _torn(path)
                if problem:
                    torn.append(problem)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "audit", "scan", str(inventory_path), "-q", "--offline"]
                + ["--as-of", day, "--json", str(json_path), "--sarif", str(sarif_path)],
                cwd=tmp_path,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for day in days
        ]
        for process in processes:
            process.wait(timeout=300)
            assert process.returncode in (0, 1), process.stderr.read() if process.stderr else ""
    finally:
        stop.set()
        watcher.join()
    assert torn == []
    report = json.loads(json_path.read_bytes())
    sarif = json.loads(sarif_path.read_bytes())
    sarif_day = sarif["runs"][0]["invocations"][0]["properties"]["asOf"]
    assert report["as_of"] == sarif_day, "the JSON and the SARIF come from different runs"
    assert _leftovers(tmp_path) == []
