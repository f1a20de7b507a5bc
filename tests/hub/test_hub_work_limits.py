"""Bounded work per model, on the client: a deadline for each whole request, one for all
of a model's requests, and a cap on the bytes a model's files may download.

A trickling body (one byte every 2 s) never trips a per-read time-out; only a wall-clock
deadline ends it. Each limit is set low through its environment variable, as a user would.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from hubserver import HubServer

from audit.resolve.hub import HubClient

REPO = "acme/model"
SLACK = 0.8
"""Seconds a deadline may be overrun on a busy two-core machine (thread start, scheduling)."""
Result = TypeVar("Result")


def _timed(work: Callable[[], Result], give_up: float = 20.0) -> tuple[Result, float]:
    """Run ``work``; its result and how long it took. Fails (instead of hanging) when it
    does not end within ``give_up`` seconds, as the old client did on a trickling body."""
    box: list[Result] = []
    started = time.monotonic()
    worker = threading.Thread(target=lambda: box.append(work()), daemon=True)
    worker.start()
    worker.join(give_up)
    elapsed = time.monotonic() - started
    assert box, f"still running after {give_up:g} s"
    return box[0], elapsed


@pytest.fixture
def served(hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> HubServer:
    hub.add_model(REPO, card_data={"license": "mit"}, files={"LICENSE": "MIT License\n" * 40})
    monkeypatch.setenv("MODEL_AUDIT_HUB_REQUEST_SECONDS", "1.5")
    return hub


def test_a_trickling_answer_ends_at_the_request_deadline(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    served.trickle(REPO, every=2.0, forever=True)
    client = make_client(max_attempts=1)

    found, elapsed = _timed(lambda: client.lookup(REPO))

    assert 1.4 <= elapsed <= 1.5 + SLACK, elapsed
    assert found.status == "unreachable", "an infrastructure failure: the audit is incomplete"
    assert found.problem == (
        "Hub unreachable after 1 attempt (the whole request took over 1.5 s, the deadline "
        "set by MODEL_AUDIT_HUB_REQUEST_SECONDS)"
    )


def test_the_near_miss_an_answer_within_the_deadline_is_read(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    served.slow(REPO, seconds=0.5)

    found, _ = _timed(lambda: make_client(max_attempts=1).lookup(REPO))

    assert found.status == "ok"


def test_a_trickling_licence_file_ends_at_the_request_deadline(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    served.trickle(REPO, every=2.0, file="LICENSE", forever=True)
    client = make_client(max_attempts=1)

    read, elapsed = _timed(lambda: client.fetch_text_file(REPO, "LICENSE"))

    assert elapsed <= 1.5 + SLACK, elapsed
    assert read.status == "unreachable" and read.text is None
    assert read.problem is not None
    assert "the whole request took over 1.5 s" in read.problem
    assert "MODEL_AUDIT_HUB_REQUEST_SECONDS" in read.problem


def test_all_requests_of_one_model_end_at_the_model_deadline(
    hub: HubServer, make_client: Callable[..., HubClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    names = [f"LICENSE-{i}" for i in range(8)]
    hub.add_model(REPO, card_data={"license": "mit"}, files=dict.fromkeys(names, "MIT License"))
    for name in names:  # each request is quick enough; all of them together are not
        hub.slow(REPO, seconds=0.25, file=name, forever=True)
    monkeypatch.setenv("MODEL_AUDIT_HUB_REQUEST_SECONDS", "5")
    monkeypatch.setenv("MODEL_AUDIT_HUB_MODEL_SECONDS", "2")
    client = make_client()

    def read_all() -> list[str]:
        budget = client.budget(REPO, None)
        return [client.fetch_text_file(REPO, n, budget=budget).status for n in names]

    statuses, elapsed = _timed(read_all)

    assert elapsed <= 2 + SLACK, elapsed
    assert statuses[0] == "ok" and statuses[-1] == "unreachable", statuses
    last = client.file_problem(REPO, names[-1])
    assert (
        last is not None
        and (
            "the Hub requests for acme/model took over 2 s in all, the deadline set by "
            "MODEL_AUDIT_HUB_MODEL_SECONDS"
        )
        in last
    )
    asked = {r.filename for r in hub.requests_for(REPO, "file")}
    assert names[-1] not in asked, "nothing is asked once the model's time is up"


def test_a_model_deadline_stops_the_retries_of_a_look_up(
    served: HubServer, make_client: Callable[..., HubClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    served.slow(REPO, seconds=3.0, forever=True)
    monkeypatch.setenv("MODEL_AUDIT_HUB_REQUEST_SECONDS", "0.5")
    monkeypatch.setenv("MODEL_AUDIT_HUB_MODEL_SECONDS", "1.2")

    found, elapsed = _timed(lambda: make_client(max_attempts=10).lookup(REPO))

    assert elapsed <= 1.2 + SLACK, elapsed
    assert found.status == "unreachable"
    assert found.problem is not None and found.problem.endswith(
        "(the Hub requests for acme/model took over 1.2 s in all, the deadline set by "
        "MODEL_AUDIT_HUB_MODEL_SECONDS)"
    )


def test_downloads_of_one_model_stop_at_the_byte_cap(
    hub: HubServer, make_client: Callable[..., HubClient], monkeypatch: pytest.MonkeyPatch,
    hf_home: Path,
) -> None:  # fmt: skip
    files = {f"LICENSE-{i:03}": f"{i:03}" + "x" * 997 for i in range(200)}  # 1,000 bytes each
    hub.add_model(REPO, files=files)
    monkeypatch.setenv("MODEL_AUDIT_MAX_MODEL_BYTES", "4096")
    client = make_client()
    budget = client.budget(REPO, None)

    reads = [client.fetch_text_file(REPO, name, budget=budget) for name in sorted(files)]

    assert [r.status for r in reads[:4]] == ["ok"] * 4
    assert {r.status for r in reads[4:]} == {"over-cap"}
    assert budget.read_bytes == 4000
    assert reads[4].problem == (
        "LICENSE-004 (1,000 bytes) and the files after it were not read: they would take "
        "the downloads for acme/model past 4,096 bytes, the cap set by "
        "MODEL_AUDIT_MAX_MODEL_BYTES (4,000 bytes read)"
    )
    assert reads[-1].problem == reads[4].problem, "one message for the model, not one a file"
    gets = [r for r in hub.requests_for(REPO, "file") if r.method == "GET"]
    assert len(gets) == 4, "no file over the cap is downloaded"
    blobs = sum(p.stat().st_size for p in hf_home.rglob("blobs/*") if p.is_file())
    assert blobs <= 4096


def test_a_file_larger_than_what_is_left_is_not_downloaded(
    hub: HubServer, make_client: Callable[..., HubClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    hub.add_model(REPO, files={"LICENSE": "x" * 3000, "LICENSE-DATA": "y" * 3000})
    monkeypatch.setenv("MODEL_AUDIT_MAX_MODEL_BYTES", "4096")
    client = make_client()
    budget = client.budget(REPO, None)

    first = client.fetch_text_file(REPO, "LICENSE", budget=budget)
    second = client.fetch_text_file(REPO, "LICENSE-DATA", budget=budget)

    assert first.status == "ok" and second.status == "over-cap"
    assert [r.method for r in hub.requests_for(REPO, "file") if r.filename == "LICENSE-DATA"] == [
        "HEAD"
    ], "its size is asked, its body never"


def test_the_near_miss_downloads_up_to_the_cap_are_read(
    hub: HubServer, make_client: Callable[..., HubClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    hub.add_model(REPO, files={"LICENSE": "x" * 2048, "LICENSE-DATA": "y" * 2048})
    monkeypatch.setenv("MODEL_AUDIT_MAX_MODEL_BYTES", "4096")
    client = make_client()
    budget = client.budget(REPO, None)

    reads = [client.fetch_text_file(REPO, n, budget=budget) for n in ("LICENSE", "LICENSE-DATA")]

    assert [r.status for r in reads] == ["ok", "ok"] and budget.read_bytes == 4096


def test_cached_files_count_towards_the_cap_like_downloads(
    hub: HubServer, make_client: Callable[..., HubClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    hub.add_model(REPO, files={"LICENSE": "x" * 3000, "LICENSE-DATA": "y" * 3000})
    warm = make_client()
    for name in ("LICENSE", "LICENSE-DATA"):
        assert warm.fetch_text_file(REPO, name).status == "ok"
    monkeypatch.setenv("MODEL_AUDIT_MAX_MODEL_BYTES", "4096")

    for offline in (False, True):  # the same answer from the Hub and from the cache alone
        client = make_client(offline=offline)
        budget = client.budget(REPO, None)
        statuses = [
            client.fetch_text_file(REPO, n, budget=budget).status
            for n in ("LICENSE", "LICENSE-DATA")
        ]
        assert statuses == ["ok", "over-cap"], offline
