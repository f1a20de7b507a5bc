"""README.md and LICENSE downloads: text, absence, size cap, gating, tokens, retries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hubserver import HubServer

from audit.resolve.hub import HubClient

REPO = "acme/model"
LICENCE = "Apache License\nVersion 2.0, January 2004\n"


@pytest.fixture
def served(hub: HubServer) -> HubServer:
    """The local Hub with a README and a LICENSE."""
    hub.add_model(REPO, card_data={"license": "apache-2.0"}, files={"LICENSE": LICENCE})
    return hub


def test_license_and_readme_are_read(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    client = make_client()

    assert client.read_text_file(REPO, "LICENSE") == LICENCE
    readme = client.read_text_file(REPO, "README.md")
    assert readme is not None and readme.startswith("---\nlicense: apache-2.0\n---")


def test_file_at_a_revision(served: HubServer, make_client: Callable[..., HubClient]) -> None:
    served.add_revision(REPO, "v1", files={"LICENSE": "MIT License"})

    assert make_client().read_text_file(REPO, "LICENSE", "v1") == "MIT License"


def test_absent_file_is_none_without_a_problem(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    client = make_client()

    read = client.fetch_text_file(REPO, "LICENSE.md")

    assert (read.status, read.text, read.problem) == ("absent", None, None)
    assert client.file_problem(REPO, "LICENSE.md") is None


def test_file_over_the_cap_is_not_downloaded(
    hub: HubServer, make_client: Callable[..., HubClient]
) -> None:
    hub.add_model(REPO, files={"LICENSE": "x" * 5000})
    client = make_client()

    text = client.read_text_file(REPO, "LICENSE", max_bytes=4096)

    assert text is None
    assert client.file_problem(REPO, "LICENSE") == (
        "LICENSE of acme/model is 5000 bytes, over the 4096-byte cap; not read"
    )
    assert [r.method for r in hub.requests_for(REPO, "file")] == ["HEAD"], "no GET"


def test_file_at_the_cap_is_read(hub: HubServer, make_client: Callable[..., HubClient]) -> None:
    hub.add_model(REPO, files={"LICENSE": "x" * 4096})

    assert make_client().read_text_file(REPO, "LICENSE", max_bytes=4096) == "x" * 4096


def test_default_cap_is_one_mebibyte(hub: HubServer, make_client: Callable[..., HubClient]) -> None:
    hub.add_model(REPO, files={"LICENSE": b"y" * (1_048_576 + 1)})

    assert make_client().fetch_text_file(REPO, "LICENSE").status == "too-large"


def test_undecodable_bytes_are_replaced(
    hub: HubServer, make_client: Callable[..., HubClient]
) -> None:
    hub.add_model(REPO, files={"LICENSE": b"Copyright \xa9 2024 ACME\r\n"})

    assert make_client().read_text_file(REPO, "LICENSE") == "Copyright \ufffd 2024 ACME\r\n"


def test_gated_file_says_how_to_get_access(
    hub: HubServer, make_client: Callable[..., HubClient]
) -> None:
    hub.add_model(REPO, card_data={"license": "llama3"}, files={"LICENSE": "x"}, gated=True)
    client = make_client()

    read = client.fetch_text_file(REPO, "LICENSE")

    assert read.status == "gated" and read.text is None
    assert read.problem == (
        f"gated on the Hub: accept the licence at {hub.endpoint}/{REPO} or set HF_TOKEN"
    )
    assert client.file_problem(REPO, "LICENSE") == read.problem


def test_hf_token_opens_a_gated_file_and_is_sent_as_bearer(
    hub: HubServer, make_client: Callable[..., HubClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    hub.add_model(REPO, card_data={"license": "llama3"}, files={"LICENSE": "LLAMA 3"}, gated=True)
    hub.accepted_tokens.add("hf_granted")
    monkeypatch.setenv("HF_TOKEN", "hf_granted")

    assert make_client().read_text_file(REPO, "LICENSE") == "LLAMA 3"
    assert {r.headers.get("authorization") for r in hub.requests_for(REPO, "file")} == {
        "Bearer hf_granted"
    }


def test_hf_token_is_sent_on_lookups(
    served: HubServer, make_client: Callable[..., HubClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_secret")

    make_client().lookup(REPO)

    (request,) = served.requests_for(REPO, "api")
    assert request.headers["authorization"] == "Bearer hf_secret"


def test_explicit_token_wins_over_the_environment(
    served: HubServer, make_client: Callable[..., HubClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_from_env")

    make_client(token="hf_explicit").lookup(REPO)

    (request,) = served.requests_for(REPO, "api")
    assert request.headers["authorization"] == "Bearer hf_explicit"


def test_no_token_no_authorization_header(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    client = make_client()
    client.lookup(REPO)
    client.read_text_file(REPO, "LICENSE")

    assert all("authorization" not in r.headers for r in served.requests)


def test_saved_login_token_is_used_unless_disabled(
    served: HubServer,
    make_client: Callable[..., HubClient],
    hf_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hf_home.mkdir(parents=True, exist_ok=True)
    (hf_home / "token").write_text("hf_saved_login\n")

    make_client().lookup(REPO)
    monkeypatch.setenv("HF_HUB_DISABLE_IMPLICIT_TOKEN", "1")
    make_client().lookup(REPO)

    first, second = served.requests_for(REPO, "api")
    assert first.headers.get("authorization") == "Bearer hf_saved_login"
    assert "authorization" not in second.headers


def test_server_error_on_a_file_is_retried(
    served: HubServer, make_client: Callable[..., HubClient], waits: list[float]
) -> None:
    served.fail(REPO, [503, 502], file="LICENSE")

    assert make_client().read_text_file(REPO, "LICENSE") == LICENCE
    assert len(waits) == 2


def test_file_unreachable_after_all_attempts(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    served.fail(REPO, [500], file="LICENSE", forever=True)
    client = make_client(max_attempts=3)

    read = client.fetch_text_file(REPO, "LICENSE")

    assert read.status == "unreachable" and read.text is None
    assert read.problem == "LICENSE of acme/model: Hub unreachable after 3 attempts (HTTP 500)"


def test_file_of_a_missing_repo(hub: HubServer, make_client: Callable[..., HubClient]) -> None:
    read = make_client().fetch_text_file("acme/ghost", "LICENSE")

    assert read.status == "not-found" and read.problem == "acme/ghost not found on the Hub"


def test_offline_reads_a_file_downloaded_before_without_requests(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    make_client().read_text_file(REPO, "LICENSE")
    served.clear_requests()

    read = make_client(offline=True).fetch_text_file(REPO, "LICENSE")

    assert read.status == "ok" and read.text == LICENCE and read.from_cache
    assert served.requests == []


def test_offline_file_miss(served: HubServer, make_client: Callable[..., HubClient]) -> None:
    read = make_client(offline=True).fetch_text_file(REPO, "LICENSE")

    assert read.status == "offline-miss"
    assert read.problem == "LICENSE of acme/model is not in the local cache (--offline)"
    assert served.requests == []


@pytest.mark.parametrize("name", ["", "../secrets", "/etc/passwd", "a/../../b"])
def test_bad_file_names_are_refused_without_a_request(
    served: HubServer, make_client: Callable[..., HubClient], name: str
) -> None:
    read = make_client().fetch_text_file(REPO, name)

    assert read.status == "invalid" and read.problem
    assert served.requests == []


def test_unreachable_hub_falls_back_to_a_cached_file_and_says_so(
    served: HubServer, make_client: Callable[..., HubClient]
) -> None:
    make_client().read_text_file(REPO, "LICENSE")
    served.fail(REPO, [503], file="LICENSE", forever=True)

    read = make_client(max_attempts=2).fetch_text_file(REPO, "LICENSE")

    assert read.status == "ok" and read.text == LICENCE and read.from_cache
    assert read.note == (
        "Hub unreachable after 2 attempts (HTTP 503); used the copy in the local cache"
    )


def test_retry_after_on_a_file_is_honoured(
    served: HubServer, make_client: Callable[..., HubClient], waits: list[float]
) -> None:
    served.fail(REPO, [429], file="LICENSE", retry_after=2)

    assert make_client().read_text_file(REPO, "LICENSE") == LICENCE
    assert waits == [2.0]
