"""Discovered references against an inventory: which models are in use, which of them the
inventory declares, which it lacks, and which declared models were not seen.

References to one model are grouped (``from_pretrained`` and ``vllm serve`` of the same Hub
id are one model); a call that names a LiteLLM router alias counts for the models that alias
routes to. A reference matches an inventory model by name (case-insensitive, LiteLLM and
Bedrock inference-profile prefixes aside, ``:latest`` aside), by the base model a file
states, or, for files on disk, by the model folder.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from audit.discover.interface import Discovery, Evidence, Origin, Reference
from audit.inventory.loader import LoadedInventory

PROFILE_PREFIX = re.compile(r"^(?:eu|us|apac|global|us-gov|jp|au|ca)\.(?=[a-z0-9-]+\.)")
"""A Bedrock cross-region inference profile's geography prefix (``eu.anthropic...``)."""


@dataclass(frozen=True)
class UsedModel:
    """One model in use, with every reference to it."""

    name: str
    origin: Origin
    provider: str | None
    references: tuple[Reference, ...]

    @property
    def evidence(self) -> Evidence:
        """The first place it is used (files before model headers and the cache)."""
        return min((r.evidence for r in self.references), key=lambda e: (e.line == 0, e))

    def keys(self) -> set[str]:
        """The names it may be declared under."""
        out = {name_key(self.name)}
        out.update(name_key(r.base_model) for r in self.references if r.base_model)
        out.update(name_key(r.model) for r in self.references)
        return out


@dataclass(frozen=True)
class Comparison:
    """In use, declared, undeclared and unseen."""

    used: tuple[UsedModel, ...]
    declared: tuple[tuple[UsedModel, str], ...]
    """Models in use with the inventory id that declares them."""
    undeclared: tuple[UsedModel, ...]
    unseen: tuple[str, ...]
    """Inventory model ids no reference matched."""
    roots: tuple[str, ...] = ()
    """The paths discovery walked."""


def name_key(name: str) -> str:
    """The form two names of one model share."""
    key = name.strip().casefold().removeprefix("models/").removesuffix(":latest")
    return PROFILE_PREFIX.sub("", key)


def group_references(discovery: Discovery) -> tuple[UsedModel, ...]:
    """The models in use: references grouped by model, aliases credited to their targets."""
    aliases: dict[str, list[Reference]] = {}
    for ref in discovery.references:
        if ref.alias:
            aliases.setdefault(name_key(ref.alias), []).append(ref)
    groups: dict[tuple[str, str | None], list[Reference]] = {}
    for ref in discovery.references:
        targets = aliases.get(name_key(ref.model)) if ref.kind != "litellm" else None
        for target in targets or [ref]:
            key = (_group_name(target), target.provider if target.origin is Origin.API else None)
            groups.setdefault(key, []).append(ref)
    # an API reference with no provider joins the one same-named group that has one
    for (name, provider), refs in list(groups.items()):
        if provider is not None:
            continue
        others = [k for k in groups if k[0] == name and k[1] is not None]
        if len(others) == 1 and all(r.origin is Origin.API for r in refs):
            groups[others[0]].extend(groups.pop((name, provider)))
    used = []
    for (name, provider), refs in groups.items():
        chosen = sorted(set(refs), key=lambda r: (r.evidence, r.kind))
        origin = _origin(Counter(r.origin for r in chosen))
        shown = next((r.model for r in chosen if name_key(r.model) == name), chosen[0].model)
        used.append(UsedModel(shown, origin, provider, tuple(chosen)))
    return tuple(sorted(used, key=lambda u: (name_key(u.name), u.provider or "")))


def _group_name(ref: Reference) -> str:
    if ref.origin is Origin.LOCAL:
        return ref.model.rstrip("/").casefold()
    return name_key(ref.model)


def _origin(origins: Counter[Origin]) -> Origin:
    for origin in (Origin.API, Origin.HUB, Origin.OLLAMA, Origin.LOCAL):
        if origins.get(origin):
            return origin
    return Origin.API  # pragma: no cover - a group always has a reference


def compare(discovery: Discovery, loaded: LoadedInventory | None) -> Comparison:
    """The models in use, split by whether ``loaded`` declares them."""
    used = group_references(discovery)
    if loaded is None:
        return Comparison(used, (), used, (), discovery.roots)
    declared: list[tuple[UsedModel, str]] = []
    undeclared: list[UsedModel] = []
    seen: set[str] = set()
    for model in used:
        match = _declaring(model, loaded)
        if match is None:
            undeclared.append(model)
        else:
            declared.append((model, match))
            seen.add(match)
    unseen = tuple(m.id for m in loaded.inventory.models if m.id not in seen)
    return Comparison(used, tuple(declared), tuple(undeclared), unseen, discovery.roots)


def _declaring(model: UsedModel, loaded: LoadedInventory) -> str | None:
    keys = model.keys()
    for entry in loaded.inventory.models:
        if name_key(entry.name) in keys and _same_provider(entry.provider, model.provider):
            return entry.id
    folders = list(_folders(model.references))
    for entry in loaded.inventory.models:
        if entry.path is None:
            continue
        declared = (loaded.base_dir / entry.path).resolve()
        if any(f == declared or f.is_relative_to(declared) for f in folders):
            return entry.id
    return None


def _same_provider(declared: str | None, used: str | None) -> bool:
    """False only when both name a provider and they differ (gpt-4o declared through OpenAI
    but called on Azure is another processor, so another entry)."""
    if declared is None or used is None:
        return True
    from audit.jurisdictions import load_jurisdictions

    found = load_jurisdictions().provider(declared)
    return (found.key if found else declared) == used


def _folders(refs: Iterable[Reference]) -> Iterable[Path]:
    """Where on disk the references' local models are (a path is read relative to its file)."""
    for ref in refs:
        if ref.origin is not Origin.LOCAL or ref.evidence.path.startswith("hf-cache:"):
            continue
        if ref.kind in ("gguf", "safetensors"):
            yield Path(ref.model).resolve()
        else:
            yield (Path(ref.evidence.path).parent / ref.model).resolve()
