"""The answer cache: offline reuse with no requests, misses, stale fallback, robustness."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hubserver import HubServer

from audit.resolve.hub import HubClient
from audit.resolve.hub_cache import AnswerCache

REPO = "acme/model"
CARD = {"license": "apache-2.0", "base_model": "mistralai/Mistral-7B-v0.1"}


@pytest.fixture
def served(hub: HubServer) -> HubServer:
    """The local Hub with one repository."""
    hub.add_model(REPO, card_data=CARD, files={"LICENSE": "Apache License 2.0"})
    return hub


def test_offline_reuses_the_cached_answer_without_any_request(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    online = make_client().lookup(REPO)
    before = len(served.requests)

    offline = make_client(offline=True).lookup(REPO)

    assert len(served.requests) == before, "offline made no request"
    assert offline.status == "ok" and offline.from_cache
    assert offline.card == online.card


def test_offline_reuses_a_cached_not_found(
    hub: HubServer, make_client: Callable[..., HubClient]
) -> None:
    make_client().lookup("acme/ghost")
    hub.clear_requests()

    found = make_client(offline=True).lookup("acme/ghost")

    assert (found.status, found.problem, found.from_cache) == (
        "not-found",
        "not found on the Hub",
        True,
    )
    assert hub.requests == []


def test_offline_miss(hub: HubServer, make_client: Callable[..., HubClient]) -> None:
    found = make_client(offline=True).lookup("acme/never-seen")

    assert found.status == "offline-miss" and found.card is None
    assert found.problem == "not in the local cache (--offline)"
    assert hub.requests == []


def test_hf_hub_offline_environment_switches_offline_on(
    served: HubServer, monkeypatch: pytest.MonkeyPatch, make_client: Callable[..., HubClient]
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")

    found = make_client().lookup(REPO)

    assert found.status == "offline-miss" and served.requests == []


def test_cache_is_keyed_by_revision(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    served.add_revision(REPO, "v1", card_data={"license": "mit"})
    make_client().lookup(REPO)

    offline = make_client(offline=True)

    assert offline.lookup(REPO).status == "ok"
    assert offline.lookup(REPO, "v1").status == "offline-miss"


def test_default_branch_answer_is_also_kept_under_its_commit(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    sha = make_client().lookup(REPO).card.sha  # type: ignore[union-attr]
    assert sha is not None

    pinned = make_client(offline=True).lookup(REPO, sha)

    assert pinned.status == "ok" and pinned.card is not None and pinned.card.sha == sha


def test_a_commit_answer_is_not_asked_for_twice(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    sha = served._model(REPO).main.sha  # type: ignore[union-attr]
    client = make_client()
    client.lookup(REPO, sha)

    again = client.lookup(REPO, sha)

    assert again.status == "ok" and again.from_cache
    assert len(served.requests_for(REPO, "api")) == 1


def test_the_default_branch_is_asked_again_online(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    client = make_client()
    client.lookup(REPO)
    served.add_model(REPO, card_data={"license": "mit"})

    again = client.lookup(REPO)

    assert again.card is not None and again.card.card_data == {"license": "mit"}
    assert not again.from_cache


def test_unreachable_hub_falls_back_to_the_cached_answer_and_says_so(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    make_client().lookup(REPO)
    served.fail(REPO, [503], forever=True)

    found = make_client(max_attempts=2).lookup(REPO)

    assert found.status == "ok" and found.from_cache and found.card is not None
    assert found.note is not None
    assert found.note.startswith("Hub unreachable after 2 attempts (HTTP 503); used the answer")


def test_failures_are_never_cached(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    served.fail(REPO, [503], forever=True)
    assert make_client(max_attempts=1).lookup(REPO).status == "unreachable"
    served.clear_faults()
    served.malformed(REPO)
    assert make_client().lookup(REPO).status == "invalid"

    assert make_client(offline=True).lookup(REPO).status == "offline-miss"


def test_cache_lives_under_hf_home_and_is_keyed_by_endpoint(
    served: HubServer, hf_home: Path, make_client: Callable[..., HubClient]
) -> None:
    make_client().lookup(REPO)

    files = list((hf_home / "model-audit" / "hub-cache").rglob("*.json"))
    assert len(files) == 2, "one for the default branch, one for its commit"
    record = json.loads(files[0].read_text())
    assert record["endpoint"] == served.endpoint and record["repo_id"] == REPO
    other = make_client(offline=True, endpoint="https://hub.example.org").lookup(REPO)
    assert other.status == "offline-miss"


def test_explicit_cache_dir_is_used(
    served: HubServer, tmp_path: Path, make_client: Callable[..., HubClient]
) -> None:
    make_client(cache_dir=tmp_path / "answers").lookup(REPO)

    assert list((tmp_path / "answers").rglob("*.json"))
    assert make_client(offline=True, cache_dir=tmp_path / "answers").lookup(REPO).status == "ok"


@pytest.mark.parametrize(
    "garbage",
    ["", "{not json", "[]", '{"format": 1, "status": "ok", "info": null}', '{"format": 99}'],
)
def test_a_damaged_cache_file_counts_as_a_miss(
    served: HubServer, hf_home: Path, make_client: Callable[..., HubClient], garbage: str
) -> None:
    client = make_client()
    client.lookup(REPO)
    cache = AnswerCache(hf_home / "model-audit" / "hub-cache", served.endpoint)
    cache.path_for(REPO, None).write_text(garbage)

    assert make_client(offline=True).lookup(REPO).status == "offline-miss"


def test_cache_writes_leave_no_temporary_files(
    served: HubServer, hf_home: Path, make_client: Callable[..., HubClient]
) -> None:
    client = make_client()
    for _ in range(3):
        client.lookup(REPO)

    leftovers = list((hf_home / "model-audit").rglob(".tmp-*"))
    assert leftovers == []


def test_unwritable_cache_does_not_break_lookups(
    served: HubServer, tmp_path: Path, make_client: Callable[..., HubClient]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")

    found = make_client(cache_dir=blocker).lookup(REPO)

    assert found.status == "ok"


def test_offline_card_rebuilt_from_a_readme_in_the_huggingface_cache(
    served: HubServer, tmp_path: Path, make_client: Callable[..., HubClient]
) -> None:
    # Something downloaded the README earlier, but we never asked for the model info.
    assert make_client().read_text_file(REPO, "README.md") is not None
    served.clear_requests()

    found = make_client(offline=True, cache_dir=tmp_path / "empty").lookup(REPO)

    assert served.requests == []
    assert found.status == "ok" and found.from_cache and found.card is not None
    assert found.card.card_data == CARD
    assert "license:apache-2.0" in found.card.tags
    assert found.card.sha == served._model(REPO).main.sha  # type: ignore[union-attr]
    assert found.note is not None and "local Hugging Face cache" in found.note


def test_a_cached_refusal_of_a_commit_is_asked_again(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    sha = served._model(REPO).main.sha  # type: ignore[union-attr]
    served.fail(REPO, [403], error_code="GatedRepo")
    assert make_client().lookup(REPO, sha).status == "gated"

    again = make_client(token="hf_now_granted").lookup(REPO, sha)

    assert again.status == "ok" and not again.from_cache


OFFLINE_CHILD = """
import sys
from pathlib import Path
from audit.resolve.hub import HubClient
client = HubClient(offline=True, cache_dir=Path(sys.argv[1]))
print(
    client.lookup(sys.argv[2]).status,
    client.read_text_file(sys.argv[2], "LICENSE") is not None,
    client.lookup("acme/other").status,
    client.read_text_file("acme/other", "README.md"),
)
"""


def test_offline_in_a_fresh_process_sends_nothing_at_all(
    served: HubServer, make_client: Callable[..., HubClient], hf_home: Path
) -> None:
    # A fresh process imports huggingface_hub anew, and it may fetch things on first use
    # (its agent-detection registry, for one): offline must not let that happen. The child
    # gets an empty HF_HOME, and the answers and files kept by this test passed explicitly.
    make_client().lookup(REPO)
    make_client().read_text_file(REPO, "LICENSE")
    served.clear_requests()
    env = {
        **os.environ,
        "HF_HOME": str(hf_home.parent / "fresh"),
        "HF_HUB_CACHE": str(hf_home / "hub"),
    }
    answers = hf_home / "model-audit" / "hub-cache"

    out = subprocess.run(
        [sys.executable, "-c", OFFLINE_CHILD, str(answers), REPO],
        capture_output=True, text=True, env=env, check=True,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip

    assert out.stdout.split() == ["ok", "True", "offline-miss", "None"]
    assert served.requests == []
