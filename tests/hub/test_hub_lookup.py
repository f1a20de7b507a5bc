"""The real huggingface_hub client against the local Hub: what a look-up learns."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest
from hubserver import HubServer

from audit.resolve.hub import HubClient

LLAMA_CARD = {
    "license": "llama3.1",
    "base_model": ["meta-llama/Llama-3.1-8B"],
    "base_model_relation": "finetune",
    "datasets": ["acme/support-tickets"],
    "language": ["en", "de"],
    "extra_gated_eu_disallowed": True,
}


def test_ok_lookup_has_card_data_tags_siblings_and_gating(
    hub: HubServer, make_client: Callable[..., HubClient]
) -> None:
    hub.add_model(
        "acme/support-llama",
        card_data=LLAMA_CARD,
        files={"LICENSE": "LLAMA 3.1 COMMUNITY LICENSE", "config.json": "{}"},
        gated="manual",
        pipeline_tag="text-generation",
        library_name="transformers",
    )

    found = make_client().lookup("acme/support-llama")

    assert found.status == "ok" and found.problem is None and not found.from_cache
    card = found.card
    assert card is not None
    assert card.repo_id == "acme/support-llama" and card.revision == "main"
    assert card.sha == hub._model("acme/support-llama").main.sha  # type: ignore[union-attr]
    assert card.card_data == LLAMA_CARD
    assert "license:llama3.1" in card.tags
    assert "base_model:finetune:meta-llama/Llama-3.1-8B" in card.tags
    assert "dataset:acme/support-tickets" in card.tags
    assert card.siblings == ("LICENSE", "README.md", "config.json")
    assert card.gated and card.eu_disallowed
    assert card.pipeline_tag == "text-generation"


def test_ungated_repo_without_eu_flag(
    hub: HubServer, make_client: Callable[..., HubClient]
) -> None:
    hub.add_model("acme/open", card_data={"license": "mit"})

    card = make_client().lookup("acme/open").card

    assert card is not None and not card.gated and not card.eu_disallowed


def test_lookup_asks_only_for_the_fields_it_uses(
    hub: HubServer, make_client: Callable[..., HubClient]
) -> None:
    hub.add_model("acme/open", card_data={"license": "mit"})

    make_client().lookup("acme/open")

    (request,) = hub.requests_for("acme/open", "api")
    assert {"cardData", "tags", "siblings", "gated", "sha"} <= set(request.query["expand"])
    assert "spaces" not in request.query["expand"]


def test_revision_lookup_returns_that_revision(
    hub: HubServer, make_client: Callable[..., HubClient]
) -> None:
    hub.add_model("acme/model", card_data={"license": "apache-2.0"})
    old = hub.add_revision("acme/model", "v1.0", card_data={"license": "cc-by-nc-4.0"})
    client = make_client()

    by_tag = client.lookup("acme/model", "v1.0")
    by_sha = client.lookup("acme/model", old.sha)

    assert by_tag.card is not None and by_tag.card.card_data["license"] == "cc-by-nc-4.0"
    assert by_tag.card.revision == "v1.0" and by_tag.card.sha == old.sha
    assert by_sha.card is not None and by_sha.card.card_data["license"] == "cc-by-nc-4.0"
    paths = [r.path for r in hub.requests_for("acme/model", "api")]
    assert paths == [
        "/api/models/acme/model/revision/v1.0",
        f"/api/models/acme/model/revision/{old.sha}",
    ]


def test_revision_with_a_slash_is_quoted(
    hub: HubServer, make_client: Callable[..., HubClient]
) -> None:
    hub.add_model("acme/model", card_data={"license": "apache-2.0"})
    hub.add_revision("acme/model", "refs/pr/7", card_data={"license": "mit"})

    found = make_client().lookup("acme/model", "refs/pr/7")

    assert found.card is not None and found.card.card_data["license"] == "mit"


def test_unknown_revision_is_not_found(
    hub: HubServer, make_client: Callable[..., HubClient]
) -> None:
    hub.add_model("acme/model", card_data={"license": "apache-2.0"})

    found = make_client().lookup("acme/model", "v9")

    assert found.status == "not-found"
    assert found.problem == "revision v9 not found on the Hub"


def test_missing_repo_is_not_found(hub: HubServer, make_client: Callable[..., HubClient]) -> None:
    found = make_client().lookup("acme/nothing-here")

    assert (found.status, found.card, found.problem) == ("not-found", None, "not found on the Hub")
    assert len(hub.requests_for("acme/nothing-here")) == 1, "a 404 is an answer: no retry"


def test_anonymous_401_for_a_missing_repo_hints_at_private_repos(
    hub: HubServer, make_client: Callable[..., HubClient]
) -> None:
    hub.missing_status = 401

    found = make_client().lookup("acme/secret")

    assert found.status == "not-found"
    assert found.problem == "not found on the Hub; if it is private, set HF_TOKEN"


def test_private_repo_opens_with_a_token(
    hub: HubServer, make_client: Callable[..., HubClient]
) -> None:
    hub.add_model("acme/secret", card_data={"license": "other"}, private=True)
    hub.accepted_tokens.add("hf_goodtoken")

    assert make_client().lookup("acme/secret").status == "not-found"
    assert make_client(token="hf_goodtoken").lookup("acme/secret").status == "ok"


@pytest.mark.parametrize(
    ("status", "error_code"), [(401, "GatedRepo"), (403, "GatedRepo"), (403, None)]
)
def test_gated_answers_say_how_to_get_access(
    hub: HubServer, make_client: Callable[..., HubClient], status: int, error_code: str | None
) -> None:
    hub.add_model("meta-llama/Llama-3.1-8B", card_data={"license": "llama3.1"})
    hub.fail("meta-llama/Llama-3.1-8B", [status], error_code=error_code)

    found = make_client().lookup("meta-llama/Llama-3.1-8B")

    assert found.status == "gated" and found.card is None
    assert found.problem == (
        f"gated on the Hub: accept the licence at {hub.endpoint}/meta-llama/Llama-3.1-8B "
        "or set HF_TOKEN"
    )
    assert len(hub.requests_for("meta-llama/Llama-3.1-8B")) == 1, "gating is an answer: no retry"


def test_gated_answer_with_a_token_says_the_token_lacks_access(
    hub: HubServer, make_client: Callable[..., HubClient]
) -> None:
    hub.fail("meta-llama/Llama-3.1-8B", [403], error_code="GatedRepo")

    found = make_client(token="hf_without_access").lookup("meta-llama/Llama-3.1-8B")

    assert found.status == "gated"
    assert found.problem is not None and "token in HF_TOKEN has no access" in found.problem


def test_rejected_token_is_reported_as_such(
    hub: HubServer, make_client: Callable[..., HubClient]
) -> None:
    hub.fail(
        "acme/model",
        [401],
        headers={"X-Error-Message": "Invalid credentials in Authorization header"},
    )

    found = make_client(token="hf_expired").lookup("acme/model")

    assert found.status == "invalid"
    assert found.problem == "the Hub rejected the token (HTTP 401): fix or unset HF_TOKEN"


@pytest.mark.parametrize(
    "bad", ["", "a/b/c", "../etc/passwd", "acme/na me", "acme/x?y=1", "acme/.."]
)
def test_malformed_repo_ids_are_invalid_without_a_request(
    hub: HubServer, make_client: Callable[..., HubClient], bad: str
) -> None:
    found = make_client().lookup(bad)

    assert found.status == "invalid" and found.problem
    assert hub.requests == []


def test_renamed_repo_is_followed_on_the_same_host(
    hub: HubServer, make_client: Callable[..., HubClient]
) -> None:
    hub.add_model("acme/new-name", card_data={"license": "mit"})
    hub.rename("acme/old-name", "acme/new-name")

    found = make_client().lookup("acme/old-name")

    assert found.status == "ok" and found.card is not None
    assert found.card.repo_id == "acme/new-name"


def test_environment_is_read_when_the_client_is_built(
    hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # HF_ENDPOINT was set by the fixture after audit.resolve.hub was imported.
    hub.add_model("acme/open", card_data={"license": "mit"})

    client = HubClient()

    assert client.endpoint == hub.endpoint
    assert client.lookup("acme/open").status == "ok"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert HubClient().offline and not client.offline


def test_importing_the_client_does_not_load_huggingface_hub() -> None:
    code = (
        "import sys, audit.resolve.hub, audit.resolve.hub_cache, audit.resolve.hub_files; "
        "print('huggingface_hub' in sys.modules, 'httpx2' in sys.modules)"
    )

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert out.stdout.split() == ["False", "False"]
