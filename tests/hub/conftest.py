"""Fixtures for the Hub client tests: a local Hub, an isolated HF_HOME, quick clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hubserver import HubServer, isolate_hub_environment

from audit.resolve.hub import HubClient

QUICK_BACKOFF = 0.01
"""Seconds before the first retry in tests; doubled after each attempt."""


@pytest.fixture
def hf_home(tmp_path: Path) -> Path:
    """An empty Hugging Face home folder for one test."""
    return tmp_path / "hf-home"


@pytest.fixture
def hub(hf_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    """A running local Hub, with HF_ENDPOINT pointing at it (set after every import)."""
    with HubServer() as server:
        isolate_hub_environment(monkeypatch, hf_home, server.endpoint)
        yield server


@pytest.fixture
def waits() -> list[float]:
    """The waits between attempts that clients made with ``make_client`` asked for."""
    return []


@pytest.fixture
def make_client(hub: HubServer, waits: list[float]) -> Callable[..., HubClient]:
    """Build a client for the local Hub that records its waits instead of sleeping."""

    def make(**options: Any) -> HubClient:
        options.setdefault("backoff_seconds", QUICK_BACKOFF)
        options.setdefault("timeout_seconds", 5.0)
        options.setdefault("sleep", waits.append)
        return HubClient(**options)

    return make
