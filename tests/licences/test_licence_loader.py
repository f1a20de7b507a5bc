"""Loading the knowledge base: look-ups, user overrides, and errors that point at the line."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from licences import KnowledgeBase, KnowledgeBaseError, load_knowledge_base


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_loading_is_cached() -> None:
    assert load_knowledge_base() is load_knowledge_base()


def test_data_ships_as_package_resources() -> None:
    data = resources.files("licences") / "data"
    names = {item.name for item in data.iterdir()}
    assert {"_meta.yaml", "__init__.py", "llama3.1.yaml", "mit.yaml"} <= names
    assert (resources.files("licences") / "models.yaml").is_file()


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("mit", "mit"),
        (" MIT ", "mit"),
        ("Apache 2.0", "apache-2.0"),
        ("apache_2.0", "apache-2.0"),
        ("Apache-2.0", "apache-2.0"),
        ("Llama 3.1", "llama3.1"),
        ("LLAMA-3.2", "llama3.2"),
        ("Meta Llama 3", "llama3"),
        ("LicenseRef-scancode-llama-3.1-license-2024", "llama3.1"),
        ("CC-BY-NC-4.0", "cc-by-nc-4.0"),
        ("Creative Commons Attribution 4.0 International", "cc-by-4.0"),
        ("OPENRAIL++", "openrail++"),
        ("Apache License, Version 2.0", "apache-2.0"),
        ("CC BY-NC 4.0", "cc-by-nc-4.0"),
    ],
)
def test_get_is_tolerant(kb: KnowledgeBase, name: str, key: str) -> None:
    entry = kb.get(name)
    assert entry is not None and entry.key == key


@pytest.mark.parametrize("name", ["", "   ", "no-such-licence", "llama", "apache"])
def test_get_unknown_returns_none(kb: KnowledgeBase, name: str) -> None:
    assert kb.get(name) is None


def test_get_refuses_an_ambiguous_loose_name(kb: KnowledgeBase) -> None:
    mit = kb.get("mit")
    assert mit is not None
    twin = mit.model_copy(update={"key": "m-i-t", "aliases": [], "spdx_id": "LicenseRef-x"})
    both = KnowledgeBase("test", [mit, twin], [])
    assert both.get("mit") is mit  # exact key still wins
    assert both.get("M I T") is None  # "mit" loosely: two entries fit


def test_closest_names_candidates(kb: KnowledgeBase) -> None:
    assert "llama3.1" in kb.closest("llama3.l")


def test_a_bad_value_names_file_line_and_field(tmp_path: Path) -> None:
    text = "key: llama3.1\nuser_threshold:\n  monthly_active_users: many\n"
    write(tmp_path, "llama3.1.yaml", text)
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(tmp_path)
    message = str(caught.value)
    assert message == (
        f"{tmp_path / 'llama3.1.yaml'}:3: user_threshold.monthly_active_users: "
        "expected an integer; got 'many'"
    )


def test_an_override_cannot_drop_a_required_term(tmp_path: Path) -> None:
    write(tmp_path, "mit.yaml", "key: mit\nlicence_copy: null\n")
    with pytest.raises(KnowledgeBaseError, match=r"mit\.yaml:2: licence_copy: expected a mapping"):
        load_knowledge_base(tmp_path)


def test_inconsistent_terms_are_an_error(tmp_path: Path) -> None:
    write(tmp_path, "mit.yaml", "key: mit\ncategory: non-commercial\n")
    with pytest.raises(KnowledgeBaseError, match="category non-commercial but commercial_use"):
        load_knowledge_base(tmp_path)


def test_an_unknown_field_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "mit.yaml", "key: mit\ncomercial_use: {}\n")
    with pytest.raises(KnowledgeBaseError, match=r"mit\.yaml:2: comercial_use: unknown field"):
        load_knowledge_base(tmp_path)


def test_a_new_entry_missing_terms_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "acme.yaml", "key: acme\nname: Acme Model Licence\n")
    with pytest.raises(KnowledgeBaseError, match=r"acme\.yaml:1: spdx_id: required field"):
        load_knowledge_base(tmp_path)


def test_a_duplicate_alias_across_files_is_an_error(kb: KnowledgeBase, tmp_path: Path) -> None:
    mit = kb.get("mit")
    assert mit is not None
    text = Path(str(resources.files("licences") / "data" / "mit.yaml")).read_text()
    text = text.replace("key: mit", "key: acme").replace("[expat, mit-license]", "[llama-3.1]")
    text = text.replace("spdx_id: MIT", "spdx_id: LicenseRef-acme")
    write(tmp_path, "acme.yaml", text)
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(tmp_path)
    assert "acme.yaml:4:" in str(caught.value)
    assert "already used by 'llama3.1'" in str(caught.value)


def test_a_repeated_key_in_one_mapping_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "mit.yaml", "key: mit\nname: A\nname: B\n")
    with pytest.raises(KnowledgeBaseError, match=r"mit\.yaml:3: name: key appears twice"):
        load_knowledge_base(tmp_path)


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    write(tmp_path, "mit.yaml", "key: mit\nname: [unclosed\n")
    with pytest.raises(KnowledgeBaseError, match=r"mit\.yaml:\d+: invalid YAML"):
        load_knowledge_base(tmp_path)


def test_a_missing_extra_dir_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match="not a directory"):
        load_knowledge_base(tmp_path / "absent")


def test_an_override_changes_one_term_and_keeps_the_rest(tmp_path: Path) -> None:
    write(
        tmp_path,
        "falcon-llm-license.yaml",
        "key: falcon-llm-license\n"
        "commercial_use:\n"
        "  conditions: Checked against the licence text by our legal team.\n"
        "  source: {url: 'https://example.org/falcon-review', confidence: primary}\n",
    )
    kb = load_knowledge_base(tmp_path)
    entry = kb.get("falcon-llm-license")
    assert entry is not None
    assert entry.commercial_use.source.confidence == "primary"
    assert entry.commercial_use.allowed  # kept from the shipped entry
    assert entry.name == "TII Falcon-LLM License 2.0"
    assert len(kb.entries) == len(load_knowledge_base().entries)


def test_extra_model_facts_win_ties(tmp_path: Path) -> None:
    write(
        tmp_path,
        "models.yaml",
        "models:\n"
        "  - patterns: [meta-llama/Llama-3.3-*]\n"
        "    family: Llama 3.3 (our review)\n"
        "    licence: llama3.3\n"
        "    modalities: [text]\n"
        "    source: {url: 'https://example.org/review', confidence: primary}\n",
    )
    fact = load_knowledge_base(tmp_path).model_fact("meta-llama/Llama-3.3-70B-Instruct")
    assert fact is not None and fact.family == "Llama 3.3 (our review)"


def test_a_model_fact_must_name_a_known_licence(tmp_path: Path) -> None:
    write(
        tmp_path,
        "models.yaml",
        "models:\n"
        "  - patterns: [acme/*]\n"
        "    family: Acme\n"
        "    licence: acme-licence\n"
        "    modalities: [text]\n"
        "    source: {url: 'https://example.org', confidence: primary}\n",
    )
    with pytest.raises(KnowledgeBaseError, match=r"models\.yaml:4: models\.0\.licence: unknown"):
        load_knowledge_base(tmp_path)


def test_fingerprints_must_stay_short(tmp_path: Path) -> None:
    long_phrase = " ".join(["word"] * 15)
    write(tmp_path, "mit.yaml", f"key: mit\nidentification:\n  phrases: [{long_phrase}]\n")
    with pytest.raises(KnowledgeBaseError, match=r"identification\.phrases: .*under 15"):
        load_knowledge_base(tmp_path)
