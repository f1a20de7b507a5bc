"""GGUF headers, safetensors metadata and the Hugging Face cache, read without weights."""

from __future__ import annotations

from pathlib import Path

from model_files import write_gguf, write_hf_cache, write_safetensors

from audit.discover import discover
from audit.discover.hf_cache import read_hf_cache
from audit.discover.interface import Origin
from audit.discover.model_files import read_gguf, read_safetensors

CARD = "---\nlicense: apache-2.0\nbase_model: mistralai/Mistral-7B-v0.1\n---\n# A model\n"


def test_gguf_licence_and_base_model_from_the_header(tmp_path: Path) -> None:
    path = write_gguf(
        tmp_path / "models" / "acme-8b" / "acme-8b.Q4_K_M.gguf",
        {
            "general.name": "Acme 8B",
            "general.license": "llama3.1",
            "general.license.link": "https://llama.meta.com/llama3_1/license",
            "general.base_model.count": 1,
            "general.base_model.0.name": "Llama 3.1 8B Instruct",
            "general.base_model.0.organization": "Meta Llama",
            "general.base_model.0.repo_url": "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct",
        },
    )
    found = read_gguf(path, "models/acme-8b/acme-8b.Q4_K_M.gguf")
    ref = found.references[0]
    assert (ref.model, ref.origin, ref.licence, ref.base_model) == (
        "models/acme-8b", Origin.LOCAL, "llama3.1", "meta-llama/Llama-3.1-8B-Instruct"
    )  # fmt: skip
    assert "general.name Acme 8B" in ref.notes


def test_a_file_named_gguf_that_is_not_one_is_a_problem(tmp_path: Path) -> None:
    fake = tmp_path / "fake.gguf"
    fake.write_bytes(b"GGUF" + b"\xff" * 40)
    found = read_gguf(fake, "fake.gguf")
    assert found.references == () and found.problems


def test_safetensors_metadata_without_the_weights(tmp_path: Path) -> None:
    path = write_safetensors(
        tmp_path / "m" / "model.safetensors",
        {"modelspec.license": "openrail++", "modelspec.title": "Acme XL", "format": "pt"},
    )
    ref = read_safetensors(path, "m/model.safetensors").references[0]
    assert (ref.model, ref.licence) == ("m", "openrail++")
    assert ref.notes == ("modelspec.title Acme XL",)


def test_a_safetensors_header_claiming_too_much_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.safetensors"
    path.write_bytes((10**12).to_bytes(8, "little") + b"{}")
    assert "larger than 100 MB" in read_safetensors(path, "x.safetensors").problems[0]
    short = tmp_path / "y.safetensors"
    short.write_bytes((50).to_bytes(8, "little") + b"{}")
    assert read_safetensors(short, "y.safetensors").problems


def test_shards_of_one_folder_are_one_model_in_discovery(tmp_path: Path) -> None:
    for i in (1, 2):
        write_safetensors(tmp_path / "w" / f"model-0000{i}-of-00002.safetensors", {})
    from audit.discover.matching import group_references

    found = discover([str(tmp_path)])
    assert len(found.references) == 2
    assert [m.name for m in group_references(found)] == [f"{tmp_path.as_posix()}/w"]


def test_the_hf_cache_lists_repos_revisions_and_card_licences(tmp_path: Path) -> None:
    cache = tmp_path / "hub"
    write_hf_cache(cache, "acme/chat-7b", "a" * 40, CARD)
    write_hf_cache(cache, "acme/no-card", "c" * 40, "no front matter\n")
    write_hf_cache(cache, "acme/claims-dataset", "d" * 40, CARD, kind="datasets")  # near miss
    found = read_hf_cache(cache)
    got = [(r.model, r.revision, r.licence, r.base_model) for r in found.references]
    assert got == [
        ("acme/chat-7b", "a" * 40, "apache-2.0", "mistralai/Mistral-7B-v0.1"),
        ("acme/no-card", "c" * 40, None, None),
    ]
    assert found.references[0].notes == ("cached revision (main)",)


def test_a_missing_cache_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    found = read_hf_cache(tmp_path / "nowhere")
    assert found.references == () and found.problems
