"""Hub faults: rate limits, server errors, time-outs, broken bodies, foreign redirects."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hubserver import HubServer

from audit.resolve.hub import HubClient

REPO = "acme/model"
BACKOFF = 0.02


@pytest.fixture
def served(hub: HubServer) -> HubServer:
    """The local Hub with one healthy repository."""
    hub.add_model(REPO, card_data={"license": "apache-2.0"})
    return hub


def test_429_with_retry_after_is_waited_out(
    served: HubServer, make_client: Callable[..., HubClient], waits: list[float]
) -> None:
    served.fail(REPO, [429], retry_after=1)

    found = make_client().lookup(REPO)

    assert found.status == "ok"
    assert waits == [1.0], "Retry-After wins over the back-off"
    assert len(served.requests_for(REPO)) == 2


def test_429_with_a_retry_after_date_is_honoured(
    served: HubServer, make_client: Callable[..., HubClient], waits: list[float]
) -> None:
    served.fail(REPO, [429], retry_after="Wed, 21 Oct 2015 07:28:00 GMT")

    assert make_client().lookup(REPO).status == "ok"
    assert waits == [0.0], "a date in the past means: retry now"


def test_429_asking_for_too_long_a_wait_gives_up_at_once(
    served: HubServer, make_client: Callable[..., HubClient], waits: list[float]
) -> None:
    served.fail(REPO, [429], retry_after=3600)

    found = make_client(max_wait_seconds=30).lookup(REPO)

    assert found.status == "unreachable"
    assert found.problem == (
        "Hub unreachable: it asked to wait 3600 s (HTTP 429), longer than the 30 s we wait"
    )
    assert waits == [] and len(served.requests_for(REPO)) == 1


def test_server_errors_then_success(
    served: HubServer, make_client: Callable[..., HubClient], waits: list[float]
) -> None:
    served.fail(REPO, [500, 502, 503])

    found = make_client(backoff_seconds=BACKOFF).lookup(REPO)

    assert found.status == "ok" and found.card is not None
    assert waits == [BACKOFF, BACKOFF * 2, BACKOFF * 4], "exponential"
    assert len(served.requests_for(REPO)) == 4


def test_server_errors_until_giving_up(
    served: HubServer, make_client: Callable[..., HubClient], waits: list[float]
) -> None:
    served.fail(REPO, [503], forever=True)

    found = make_client(max_attempts=4).lookup(REPO)

    assert found.status == "unreachable" and found.card is None
    assert found.problem == "Hub unreachable after 4 attempts (HTTP 503)"
    assert len(served.requests_for(REPO)) == 4
    assert len(waits) == 3, "no wait after the last attempt"


def test_giving_up_really_sleeps_between_attempts(served: HubServer) -> None:
    served.fail(REPO, [500], forever=True)

    found = HubClient(max_attempts=3, backoff_seconds=0.01).lookup(REPO)

    assert found.problem == "Hub unreachable after 3 attempts (HTTP 500)"
    assert len(served.requests_for(REPO)) == 3


def test_a_slow_hub_times_out_and_is_retried(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    served.slow(REPO, seconds=3.0)

    found = make_client(timeout_seconds=0.3).lookup(REPO)

    assert found.status == "ok"
    assert len(served.requests_for(REPO)) == 2


def test_a_hub_that_stays_slow_is_unreachable(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    served.slow(REPO, seconds=3.0, forever=True)

    found = make_client(timeout_seconds=0.2, max_attempts=2).lookup(REPO)

    assert found.status == "unreachable"
    assert found.problem == "Hub unreachable after 2 attempts (timed out after 0.2 s)"


def test_malformed_json_is_invalid_and_not_retried(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    served.malformed(REPO, body=b'{"id": "acme/model", "cardData": {"license": ')

    found = make_client().lookup(REPO)

    assert found.status == "invalid" and found.card is None
    assert found.problem is not None and found.problem.startswith(
        "the Hub's answer for acme/model is not valid JSON"
    )
    assert len(served.requests_for(REPO)) == 1


@pytest.mark.parametrize("body", [b"[1, 2, 3]", b'{"cardData": {}}', b'"text"'])
def test_json_that_is_not_a_model_is_invalid(
    served: HubServer, make_client: Callable[..., HubClient], body: bytes
) -> None:
    served.malformed(REPO, body=body)

    found = make_client().lookup(REPO)

    assert found.status == "invalid" and found.problem


def test_truncated_body_is_retried(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    served.truncate(REPO)

    found = make_client().lookup(REPO)

    assert found.status == "ok" and found.card is not None
    assert found.card.card_data == {"license": "apache-2.0"}
    assert len(served.requests_for(REPO)) == 2


def test_always_truncated_body_is_unreachable_with_the_reason(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    served.truncate(REPO, forever=True)

    found = make_client(max_attempts=2).lookup(REPO)

    assert found.status == "unreachable"
    assert found.problem is not None
    assert found.problem.startswith("Hub unreachable after 2 attempts (the connection broke off")


def test_dropped_connection_is_retried(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    served.drop(REPO)

    assert make_client().lookup(REPO).status == "ok"
    assert len(served.requests_for(REPO)) == 2


def test_redirect_to_another_host_is_not_followed(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    with HubServer() as foreign:
        foreign.add_model(REPO, card_data={"license": "mit"})
        served.redirect(REPO, f"{foreign.endpoint}/api/models/{REPO}")

        found = make_client().lookup(REPO)

        assert foreign.requests == [], "the other host was never contacted"
    assert found.status == "invalid" and found.card is None
    assert found.problem == (
        f"the Hub redirected {served.endpoint}/api/models/{REPO} to another host "
        f"({foreign.endpoint}/api/models/{REPO}); not followed"
    )


def test_redirect_loop_on_the_same_host_ends(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    served.redirect(REPO, f"/api/models/{REPO}", forever=True)

    found = make_client().lookup(REPO)

    assert found.status == "invalid"
    assert found.problem == f"more than 5 redirects from {served.endpoint}/api/models/{REPO}"


def test_nothing_listening_is_unreachable(make_client: Callable[..., HubClient]) -> None:
    with HubServer() as gone:
        endpoint = gone.endpoint
    found = make_client(endpoint=endpoint, max_attempts=2).lookup(REPO)

    assert found.status == "unreachable"
    assert found.problem is not None and "connection failed" in found.problem


def test_other_client_errors_are_invalid(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    served.fail(REPO, [400], headers={"X-Error-Message": "bad expand"})

    found = make_client().lookup(REPO)

    assert found.status == "invalid"
    assert found.problem == "the Hub refused the request (HTTP 400: bad expand)"
