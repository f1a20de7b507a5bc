"""The local Hub speaks the Hub's language: huggingface_hub's own API objects parse it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hubserver import HubServer, front_matter, readme_with_front_matter

CARD = {
    "license": "other",
    "license_name": "health-ai-developer-foundations",
    "base_model": "google/gemma-3-27b-pt",
    "tags": ["medical"],
}


def test_hfapi_model_info_parses_the_served_json(hub: HubServer) -> None:
    from huggingface_hub import HfApi

    hub.add_model("acme/med", card_data=CARD, files={"LICENSE": "terms"}, gated="auto")

    info = HfApi(endpoint=hub.endpoint, token=False).model_info("acme/med")

    assert info.id == "acme/med" and info.author == "acme"
    assert info.gated == "auto" and info.private is False
    assert info.card_data is not None and info.card_data.license_name == CARD["license_name"]
    assert sorted(s.rfilename for s in info.siblings or []) == ["LICENSE", "README.md"]
    assert "base_model:finetune:google/gemma-3-27b-pt" in (info.tags or [])


def test_hf_hub_download_fetches_a_served_file(hub: HubServer, tmp_path: Path) -> None:
    from huggingface_hub import hf_hub_download

    model = hub.add_model("acme/med", card_data=CARD, files={"LICENSE": "terms"})

    path = hf_hub_download(
        "acme/med", "LICENSE", endpoint=hub.endpoint, cache_dir=tmp_path, token=False
    )

    assert Path(path).read_text() == "terms"
    assert Path(path).parent.name == model.main.sha, "X-Repo-Commit names the snapshot"


def test_missing_things_carry_the_hub_error_codes(hub: HubServer) -> None:
    from huggingface_hub import HfApi
    from huggingface_hub.errors import RepositoryNotFoundError, RevisionNotFoundError

    hub.add_model("acme/med", card_data=CARD)
    api = HfApi(endpoint=hub.endpoint, token=False)

    with pytest.raises(RepositoryNotFoundError):
        api.model_info("acme/ghost")
    with pytest.raises(RevisionNotFoundError):
        api.model_info("acme/med", revision="nope")


def test_requests_are_recorded_with_their_route(hub: HubServer) -> None:
    from huggingface_hub import HfApi

    hub.add_model("acme/med", card_data=CARD)
    HfApi(endpoint=hub.endpoint, token="hf_x").model_info("acme/med", revision="main")

    (request,) = hub.requests_for("acme/med")
    assert (request.target, request.repo_id, request.revision) == ("api", "acme/med", "main")
    assert request.headers["authorization"] == "Bearer hf_x"


def test_front_matter_round_trip() -> None:
    readme = readme_with_front_matter(CARD, body="# Med\n")

    assert front_matter(readme) == CARD
    assert front_matter("# no front matter\n") is None
    assert front_matter("---\r\nlicense: mit\r\n---\r\nbody") == {"license": "mit"}
