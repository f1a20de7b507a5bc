"""``lookup_many``: concurrent look-ups, each answer matched to its request."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hubserver import HubServer

from audit.resolve.hub import HubClient

LICENCES = ("apache-2.0", "mit", "llama3.1", "gemma", "cc-by-nc-4.0")


def _serve_many(hub: HubServer, count: int) -> list[str]:
    names = [f"org{i % 7}/model-{i:02d}" for i in range(count)]
    for i, name in enumerate(names):
        hub.add_model(
            name,
            card_data={"license": LICENCES[i % len(LICENCES)], "base_model": f"base/b-{i}"},
            files={"LICENSE": f"licence of {name}"},
        )
    return names


def test_fifty_repos_each_get_their_own_answer(
    hub: HubServer, make_client: Callable[..., HubClient]
) -> None:
    names = _serve_many(hub, 50)
    for name in names[::10]:
        hub.fail(name, [503])  # a few need a retry, which must not mix answers up

    results = make_client().lookup_many([(n, None) for n in names], workers=8)

    assert list(results) == [(n, None) for n in names], "same keys, request order"
    for i, name in enumerate(names):
        found = results[(name, None)]
        assert found.status == "ok" and found.card is not None, name
        assert found.repo_id == name and found.card.repo_id == name
        assert found.card.card_data == {
            "license": LICENCES[i % len(LICENCES)],
            "base_model": f"base/b-{i}",
        }
        assert f"base_model:finetune:base/b-{i}" in found.card.tags
    assert len([r for r in hub.requests if r.target == "api"]) == 50 + 5


def test_duplicate_refs_are_asked_once(
    hub: HubServer, make_client: Callable[..., HubClient]
) -> None:
    names = _serve_many(hub, 3)
    refs = [(names[0], None), (names[1], None), (names[0], None), (names[0], "main")]

    results = make_client().lookup_many(refs)

    assert set(results) == {(names[0], None), (names[1], None), (names[0], "main")}
    assert len(hub.requests_for(names[0], "api")) == 2, "None and 'main' are distinct refs"


def test_mixed_outcomes_are_kept_apart(
    hub: HubServer, make_client: Callable[..., HubClient]
) -> None:
    names = _serve_many(hub, 10)
    hub.fail(names[3], [403], error_code="GatedRepo")
    hub.malformed(names[5])
    refs = [(n, None) for n in names] + [("acme/ghost", None), ("bad id!", None)]

    results = make_client().lookup_many(refs, workers=4)

    statuses = {ref[0]: found.status for ref, found in results.items()}
    assert statuses.pop(names[3]) == "gated"
    assert statuses.pop(names[5]) == "invalid"
    assert statuses.pop("acme/ghost") == "not-found"
    assert statuses.pop("bad id!") == "invalid"
    assert set(statuses.values()) == {"ok"}


def test_offline_many_makes_no_requests(
    hub: HubServer, make_client: Callable[..., HubClient]
) -> None:
    names = _serve_many(hub, 12)
    make_client().lookup_many([(n, None) for n in names])
    hub.clear_requests()

    results = make_client(offline=True).lookup_many([(n, None) for n in names] + [("x/y", None)])

    assert hub.requests == []
    assert [r.status for r in results.values()].count("ok") == 12
    assert results[("x/y", None)].status == "offline-miss"


def test_concurrent_file_reads(hub: HubServer, make_client: Callable[..., HubClient]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    names = _serve_many(hub, 20)
    client = make_client()

    with ThreadPoolExecutor(max_workers=8) as pool:
        texts = list(pool.map(lambda n: client.read_text_file(n, "LICENSE"), names))

    assert texts == [f"licence of {n}" for n in names]


def test_empty_request(make_client: Callable[..., HubClient]) -> None:
    assert make_client().lookup_many([]) == {}


def test_progress_is_silent_when_stderr_is_not_a_terminal(
    hub: HubServer, make_client: Callable[..., HubClient], capsys: pytest.CaptureFixture[str]
) -> None:
    names = _serve_many(hub, 3)

    make_client().lookup_many([(n, None) for n in names], progress=True)

    assert capsys.readouterr().err == ""


def test_progress_bar_is_drawn_on_a_terminal(
    hub: HubServer,
    make_client: Callable[..., HubClient],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import sys

    names = _serve_many(hub, 3)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")

    results = make_client().lookup_many([(n, None) for n in names], progress=True)

    assert all(r.status == "ok" for r in results.values())
    assert "Hub look-ups" in capsys.readouterr().err
