"""Model-card metadata (README.md front matter or the Hub's cardData) and what it says.

Local cards are split with a small regex and parsed by PyYAML's C safe loader, then handed
to huggingface_hub's ``ModelCardData`` so both sources are read the same way; parsing the
whole card with ``ModelCard`` costs ten times more, which matters at 10,000 models.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MULTIMODAL_PIPELINES: Mapping[str, tuple[str, ...]] = {
    "image-text-to-text": ("text", "image"),
    "image-to-text": ("text", "image"),
    "visual-question-answering": ("text", "image"),
    "document-question-answering": ("text", "image"),
    "text-to-image": ("text", "image"),
    "image-to-image": ("image",),
    "text-to-video": ("text", "video"),
    "video-text-to-text": ("text", "video"),
    "any-to-any": ("text", "image", "audio"),
    "automatic-speech-recognition": ("audio", "text"),
    "text-to-speech": ("text", "audio"),
    "text-to-audio": ("text", "audio"),
    "audio-text-to-text": ("text", "audio"),
}
"""Hub pipeline tags that show a model handles more than text."""


@dataclass(frozen=True)
class CardFacts:
    """Licence and lineage statements of one model card."""

    where: str
    """``models/x/README.md`` or ``hub:owner/name@rev``."""
    license: tuple[str, ...] = ()
    license_name: str | None = None
    license_link: str | None = None
    license_tags: tuple[str, ...] = ()
    """``license:*`` tags of a Hub repo."""
    base_models: tuple[str, ...] = ()
    base_model_relation: str | None = None
    datasets: tuple[str, ...] = ()
    pipeline_tag: str | None = None
    eu_disallowed: bool = False
    problems: tuple[str, ...] = ()

    @property
    def modalities(self) -> tuple[str, ...] | None:
        """Modalities implied by the pipeline tag, or None when it says nothing beyond text."""
        return MULTIMODAL_PIPELINES.get(self.pipeline_tag or "")

    @property
    def says_anything(self) -> bool:
        """True when the card makes any licence statement."""
        return bool(self.license or self.license_name or self.license_link or self.license_tags)


def parse_card_text(text: str, where: str) -> CardFacts:
    """Read a README's YAML front matter; problems (not a mapping, bad YAML) are recorded."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return CardFacts(where, problems=(f"{where} has no YAML front matter",))
    try:
        data = yaml.load(match.group(1), Loader=_SafeLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (line {mark.line + 2})" if mark else ""
        return CardFacts(where, problems=(f"{where}: front matter is not valid YAML{at}; ignored",))
    except RecursionError:
        return CardFacts(where, problems=(f"{where}: front matter nests too deeply; ignored",))
    if data is None:
        return CardFacts(where, problems=(f"{where}: front matter is empty",))
    if not isinstance(data, dict):
        kind = type(data).__name__
        return CardFacts(
            where, problems=(f"{where}: front matter is a {kind}, not a mapping; ignored",)
        )
    return card_facts(data, (), where)


def card_facts(card_data: Mapping[Any, Any], tags: Sequence[str], where: str) -> CardFacts:
    """Interpret card metadata (and Hub tags) through huggingface_hub's ``ModelCardData``."""
    from huggingface_hub import ModelCardData

    clean = {k: v for k, v in card_data.items() if isinstance(k, str) and k.isidentifier()}
    try:
        data = ModelCardData(ignore_metadata_errors=True, **clean).to_dict()
    except Exception:  # a stranger's card must never stop the audit
        data = clean
    all_tags = tuple(str(t) for t in (*_strings(data.get("tags")), *tags))
    return CardFacts(
        where=where,
        license=_strings(data.get("license")),
        license_name=_first(data.get("license_name")),
        license_link=_first(data.get("license_link")),
        license_tags=tuple(
            sorted({t.split(":", 1)[1] for t in all_tags if t.startswith("license:")})
        ),
        base_models=_strings(data.get("base_model")),
        base_model_relation=_first(data.get("base_model_relation")),
        datasets=_strings(data.get("datasets")),
        pipeline_tag=_first(data.get("pipeline_tag")),
        eu_disallowed=data.get("extra_gated_eu_disallowed") is True,
    )


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items: Iterable[Any] = value if isinstance(value, list | tuple) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, str | int | float) and str(item).strip():
            out.extend(part.strip() for part in str(item).split(",") if part.strip())
    return tuple(dict.fromkeys(out))


def _first(value: Any) -> str | None:
    values = _strings(value)
    return values[0] if values else None
