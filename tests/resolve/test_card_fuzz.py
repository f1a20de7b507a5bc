"""Hypothesis: the model-card reader never lets an exception escape, whatever a card holds."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.resolve.card import CardFacts, card_facts, parse_card_text

_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text())
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(), inner, max_size=4)
    ),
    max_leaves=20,
)
_keys = st.sampled_from(
    [
        "license",
        "license_name",
        "license_link",
        "base_model",
        "base_model_relation",
        "datasets",
        "tags",
        "pipeline_tag",
        "extra_gated_eu_disallowed",
        "language",
    ]
) | st.text(max_size=12)


@settings(deadline=None, max_examples=150)
@given(st.text(max_size=400))
def test_any_text_is_read_or_reported(text: str) -> None:
    facts = parse_card_text(text, "models/x/README.md")
    assert isinstance(facts, CardFacts)


@settings(deadline=None, max_examples=150)
@given(st.dictionaries(_keys, _values, max_size=8))
def test_any_front_matter_mapping_is_read(front: dict[str, object]) -> None:
    try:
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n# card\n"
    except yaml.YAMLError:
        return
    facts = parse_card_text(text, "models/x/README.md")
    assert all(isinstance(v, str) for v in facts.license)
    assert all(isinstance(v, str) for v in facts.base_models)


@settings(deadline=None, max_examples=100)
@given(st.dictionaries(_keys, _values, max_size=8), st.lists(st.text(max_size=20), max_size=5))
def test_any_hub_card_data_is_read(card_data: dict[str, object], tags: list[str]) -> None:
    facts = card_facts(card_data, tags, "hub:x/y@main")
    assert isinstance(facts.license_tags, tuple)
