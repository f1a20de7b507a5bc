"""Real-world repositories: a REUSE ``LICENSES/`` folder and ``NOTICE`` files are evidence,
read the same way in a local model folder and on the Hub.

Each case has its near miss: the folder that binds a second licence, the NOTICE that adds a
term, the file name that contradicts its text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hubserver import HubServer, isolate_hub_environment
from support import inventory, model, write_inventory

from audit.cli import cli

ATTRIBUTION = (
    "Acme Vision Model\n"
    "Copyright 2024-2026 Acme Research GmbH. All rights reserved.\n\n"
    "This product includes software developed at\n"
    "The Apache Software Foundation (https://www.apache.org/).\n\n"
    "This model contains a modified version of the SentencePiece tokenizer,\n"
    "which can be obtained at https://github.com/google/sentencepiece.\n"
)


@pytest.fixture
def texts(corpus_dir: Path) -> dict[str, str]:
    """Real licence texts from the shared corpus, by knowledge-base key."""
    folder = corpus_dir / "licence-texts"
    return {
        "apache-2.0": (folder / "apache-2.0__QwenLM-Qwen_LICENSE.txt").read_text(),
        "mit": (folder / "mit__deepseek-ai-DeepSeek-R1_LICENSE.txt").read_text(),
        "cc-by-nc-4.0": (
            folder / "cc-by-nc-4.0__facebookresearch-audiocraft_LICENSE_weights.txt"
        ).read_text(),
    }


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    server = HubServer().start()
    isolate_hub_environment(monkeypatch, tmp_path / "hf-home", server.endpoint)
    yield server
    server.stop()


def _scan(tmp_path: Path, entry: dict[str, Any], *, offline: bool = False) -> tuple[int, Any]:
    path = write_inventory(tmp_path, inventory(entry))
    out = tmp_path / "report.json"
    args = ["scan", str(path), "--json", str(out), "-q", "--as-of", "2026-11-26"]
    result = CliRunner().invoke(cli, args + (["--offline"] if offline else []))
    assert out.exists(), result.output
    return result.exit_code, json.loads(out.read_text())


def _local(tmp_path: Path, files: dict[str, str]) -> tuple[int, Any]:
    root = tmp_path / "models" / "m"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return _scan(tmp_path, model(source="local", path="models/m", name="acme/m"), offline=True)


def _on_hub(tmp_path: Path, hub: HubServer, files: dict[str, str]) -> tuple[int, Any]:
    hub.add_model("acme/m", files=files)
    return _scan(tmp_path, model(name="acme/m"))


def _lic001(document: Any) -> list[str]:
    return [f["message"] for f in document["findings"] if f["rule"] == "LIC001"]


def _card(licence: str) -> str:
    return f"---\nlicense: {licence}\n---\n# Model\n"


# -- REUSE LICENSES/ folder ---------------------------------------------------------------------


@pytest.fixture(params=["local", "hub"])
def where(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _run(where: str, tmp_path: Path, files: dict[str, str], request: Any) -> tuple[int, Any]:
    if where == "local":
        return _local(tmp_path, files)
    return _on_hub(tmp_path, request.getfixturevalue("hub"), files)


def test_reuse_folder_with_the_cards_licence_passes(
    where: str, tmp_path: Path, texts: dict[str, str], request: pytest.FixtureRequest
) -> None:
    files = {"README.md": _card("apache-2.0"), "LICENSES/Apache-2.0.txt": texts["apache-2.0"]}
    code, document = _run(where, tmp_path, files, request)
    assert _lic001(document) == []
    assert code == 0
    shown = document["models"][0]
    assert shown["licence"]["id"] == "apache-2.0"
    reuse = [e for e in shown["licence_evidence"] if e["where"].endswith("LICENSES")]
    assert reuse and reuse[0]["licence"] == "apache-2.0"


def test_reuse_folder_of_two_licences_binds_both(
    where: str, tmp_path: Path, texts: dict[str, str], request: pytest.FixtureRequest
) -> None:
    files = {
        "README.md": _card("apache-2.0"),
        "LICENSES/Apache-2.0.txt": texts["apache-2.0"],
        "LICENSES/CC-BY-NC-4.0.txt": texts["cc-by-nc-4.0"],
    }
    _, document = _run(where, tmp_path, files, request)
    reuse = next(
        e for e in document["models"][0]["licence_evidence"] if e["where"].endswith("LICENSES")
    )
    assert (reuse["licence"], reuse["also"]) == ("apache-2.0", ["cc-by-nc-4.0"])
    assert document["models"][0]["licence"]["also"] == ["cc-by-nc-4.0"]


def test_reuse_file_named_for_another_licence_is_lic001(
    where: str, tmp_path: Path, texts: dict[str, str], request: pytest.FixtureRequest
) -> None:
    files = {"README.md": _card("mit"), "LICENSES/MIT.txt": texts["apache-2.0"]}
    _, document = _run(where, tmp_path, files, request)
    (message,) = _lic001(document)
    assert "LICENSES/MIT.txt" in message and "apache-2.0" in message


def test_reuse_file_name_alone_is_not_evidence(
    where: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    files = {"README.md": _card("mit"), "LICENSES/MIT.txt": "see the website\n"}
    _, document = _run(where, tmp_path, files, request)
    (message,) = _lic001(document)
    assert "LICENSES/MIT.txt" in message and "matches no known licence" in message


def test_local_folder_named_licenses_is_not_a_licence_file(
    tmp_path: Path, texts: dict[str, str]
) -> None:
    files = {
        "README.md": _card("mit"),
        "LICENSE": texts["mit"],
        "LICENSES/MIT.txt": texts["mit"],
        "licenses-third-party/README.txt": "tokenizer: Apache-2.0\n",
    }
    code, document = _local(tmp_path, files)
    assert _lic001(document) == []
    assert code == 0
    assert not any("not a regular file" in p for p in document["models"][0]["problems"])
    assert any("licenses-third-party" in n for n in document["models"][0]["notes"])


def test_licence_named_device_is_still_refused(tmp_path: Path, texts: dict[str, str]) -> None:
    import os

    root = tmp_path / "models" / "m"
    root.mkdir(parents=True)
    os.mkfifo(root / "LICENSE-extra")
    code, document = _local(tmp_path, {"README.md": _card("mit"), "LICENSE": texts["mit"]})
    (message,) = _lic001(document)
    assert "LICENSE-extra" in message and "not a regular file" in message
    assert code == 1


# -- NOTICE files -------------------------------------------------------------------------------


def test_attribution_notice_is_evidence_of_attribution_not_a_licence(
    where: str, tmp_path: Path, texts: dict[str, str], request: pytest.FixtureRequest
) -> None:
    files = {
        "README.md": _card("apache-2.0"),
        "LICENSE": texts["apache-2.0"],
        "NOTICE": ATTRIBUTION,
    }
    code, document = _run(where, tmp_path, files, request)
    assert _lic001(document) == []
    assert code == 0
    notes = document["models"][0]["notes"]
    assert any("NOTICE" in n and "attribution" in n and "Acme Research" in n for n in notes)


def test_notice_adding_a_term_is_lic001_quoting_it(
    where: str, tmp_path: Path, texts: dict[str, str], request: pytest.FixtureRequest
) -> None:
    notice = ATTRIBUTION + "\nThe weights may not be used in the European Union.\n"
    files = {"README.md": _card("apache-2.0"), "LICENSE": texts["apache-2.0"], "NOTICE": notice}
    code, document = _run(where, tmp_path, files, request)
    (message,) = _lic001(document)
    assert "NOTICE" in message and "may not be used in the European Union" in message
    assert code == 1


def test_notice_holding_a_licence_text_is_that_licence(
    where: str, tmp_path: Path, texts: dict[str, str], request: pytest.FixtureRequest
) -> None:
    files = {"README.md": _card("mit"), "NOTICE.txt": texts["mit"]}
    code, document = _run(where, tmp_path, files, request)
    assert _lic001(document) == []
    evidence = document["models"][0]["licence_evidence"]
    assert any(e["where"].endswith("NOTICE.txt") and e["licence"] == "mit" for e in evidence)
    assert code == 0


# -- local and Hub agree ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "layout",
    ["reuse", "reuse-and-notice", "notice-with-term", "reuse-conflict"],
)
def test_local_and_hub_answers_agree(
    tmp_path: Path, hub: HubServer, texts: dict[str, str], layout: str
) -> None:
    files = {"README.md": _card("apache-2.0"), "LICENSES/Apache-2.0.txt": texts["apache-2.0"]}
    if layout == "reuse-and-notice":
        files["NOTICE"] = ATTRIBUTION
    if layout == "notice-with-term":
        files["NOTICE"] = ATTRIBUTION + "Not for commercial use.\n"
    if layout == "reuse-conflict":
        files["LICENSES/MIT.txt"] = texts["apache-2.0"]
    (tmp_path / "local").mkdir()
    (tmp_path / "remote").mkdir()
    local_code, local = _local(tmp_path / "local", files)
    hub_code, remote = _on_hub(tmp_path / "remote", hub, files)

    def answer(document: Any, prefix: str) -> tuple[Any, ...]:
        shown = document["models"][0]
        strip = lambda s: s.replace(prefix, "<repo>")  # noqa: E731
        return (
            shown["licence"]["id"],
            shown["licence"]["also"],
            sorted(strip(p) for p in shown["problems"]),
            sorted(strip(n) for n in shown["notes"] if "NOTICE" in n),
        )

    hub_prefix = next(
        e["where"].rsplit("/LICENSES", 1)[0]
        for e in remote["models"][0]["licence_evidence"]
        if e["where"].endswith("LICENSES")
    )
    assert answer(local, "models/m") == answer(remote, hub_prefix)
    assert local_code == hub_code
