"""The discovery report and the inventory entries it proposes for models nobody declared.

The proposed entries form an inventory that ``model-audit validate`` accepts: what discovery
saw is kept under ``x-discovered`` keys, which the inventory schema ignores. Hosting is
proposed only from evidence (a region given next to the model, OpenAI's EU endpoint), and
every field that is an assumption or a proposal says so under ``x-discovered.proposed``.
All text from scanned files passes ``audit.safe_text.shown``.
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import urlsplit

from audit.discover.interface import Discovery, Origin, Reference
from audit.discover.matching import PROFILE_PREFIX, Comparison, UsedModel
from audit.inventory.loader import LoadedInventory
from audit.safe_text import shown

SCHEMA = "model-audit/discover/v1"

MANAGED_PROVIDERS = frozenset({"amazon-bedrock", "google-vertex", "azure-openai"})
"""Clouds that run the weights in the customer's account (the inventory's ``managed``)."""

NAME_PROVIDERS: tuple[tuple[str, str], ...] = (
    ("gpt-", "openai"),
    ("o1", "openai"),
    ("o3", "openai"),
    ("o4", "openai"),
    ("text-embedding-", "openai"),
    ("claude-", "anthropic"),
    ("gemini-", "google-ai-studio"),
    ("mistral-", "mistral"),
    ("codestral-", "mistral"),
    ("command-", "cohere"),
    ("embed-", "cohere"),
)
"""Model-name prefixes of each provider's own models (the providers' model lists), used
only when no client or config says which provider is called, and marked as a guess."""

PLACEHOLDER_ORGANISATION = {"name": "Your organisation (fill in)", "country": "XX"}


def report(
    discovery: Discovery, comparison: Comparison, loaded: LoadedInventory | None
) -> dict[str, Any]:
    """The JSON report: every reference, the models in use, the diff, the proposals."""
    declared = {id(m): model_id for m, model_id in comparison.declared}
    return {
        "schema": SCHEMA,
        "roots": [shown(r) for r in discovery.roots],
        "inventory": shown(loaded.path) if loaded else None,
        "files_seen": discovery.files_seen,
        "files_read": discovery.files_read,
        "truncated": discovery.truncated,
        "references": [reference_data(r) for r in discovery.references],
        "unresolved": [
            {
                "kind": u.kind,
                "file": shown(u.evidence.path),
                "line": u.evidence.line,
                "reason": shown(u.reason),
            }
            for u in discovery.unresolved
        ],  # fmt: skip
        "skipped": [{"path": shown(s.path), "reason": shown(s.reason)} for s in discovery.skipped],
        "problems": [shown(p) for p in discovery.problems],
        "models": [_used_data(m, declared.get(id(m))) for m in comparison.used],
        "diff": None
        if loaded is None
        else {
            "undeclared": [shown(m.name) for m in comparison.undeclared],
            "unseen": list(comparison.unseen),
        },
        "proposed": proposed_inventory(discovery, comparison, loaded, with_report=False),
    }


def reference_data(ref: Reference) -> dict[str, Any]:
    """One reference as JSON-ready data (absent facts left out)."""
    data: dict[str, Any] = {
        "model": shown(ref.model),
        "kind": ref.kind,
        "file": shown(ref.evidence.path),
        "line": ref.evidence.line,
        "confidence": ref.confidence.value,
        "origin": ref.origin.value,
    }
    for key in ("provider", "base_url", "region", "revision", "licence", "alias", "base_model"):
        value = getattr(ref, key)
        if value:
            data[key] = shown(value)
    if ref.notes:
        data["notes"] = [shown(n) for n in ref.notes]
    return data


def _used_data(model: UsedModel, declared_as: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": shown(model.name),
        "origin": model.origin.value,
        "provider": model.provider,
        "declared_as": declared_as,
        "evidence": [str_evidence(r) for r in model.references],
    }
    return data


def str_evidence(ref: Reference) -> str:
    """``file:line (kind, confidence)``."""
    return shown(f"{ref.evidence} ({ref.kind}, {ref.confidence.value})")


def proposed_inventory(
    discovery: Discovery,
    comparison: Comparison,
    loaded: LoadedInventory | None,
    *,
    with_report: bool = True,
) -> dict[str, Any]:
    """An inventory holding one proposed entry per undeclared model (valid as it stands)."""
    taken = {m.id for m in loaded.inventory.models} if loaded else set()
    base_dir = str(loaded.base_dir) if loaded else os.getcwd()
    models = []
    for model in comparison.undeclared:
        entry = proposed_entry(model, taken, base_dir)
        taken.add(entry["id"])
        models.append(entry)
    organisation = (
        {"name": loaded.inventory.organisation.name,
         "country": loaded.inventory.organisation.country}
        if loaded else dict(PLACEHOLDER_ORGANISATION)
    )  # fmt: skip
    document: dict[str, Any] = {"version": 1, "organisation": organisation}
    if with_report:
        document["x-discovered"] = _summary(discovery, comparison, loaded)
    document["models"] = models
    return document


def _summary(
    discovery: Discovery, comparison: Comparison, loaded: LoadedInventory | None
) -> dict[str, Any]:
    declared = {id(m): model_id for m, model_id in comparison.declared}
    summary: dict[str, Any] = {
        "schema": SCHEMA,
        "note": "proposed entries for the models in use that the inventory does not declare; "
        "check each, fill in use_cases, then copy it into the inventory",
        "roots": [shown(r) for r in discovery.roots],
        "files_seen": discovery.files_seen,
        "files_read": discovery.files_read,
        "in_use": [_used_data(m, declared.get(id(m))) for m in comparison.used],
    }
    if loaded is not None:
        summary["inventory"] = shown(loaded.path)
        summary["undeclared"] = [shown(m.name) for m in comparison.undeclared]
        summary["unseen"] = list(comparison.unseen)
    else:
        summary["organisation"] = "a placeholder: give --inventory, or fill in name and country"
    if discovery.unresolved:
        summary["unresolved"] = [
            shown(f"{u.evidence} ({u.kind}): {u.reason}") for u in discovery.unresolved
        ]
    if discovery.problems:
        summary["problems"] = [shown(p) for p in discovery.problems]
    return summary


def proposed_entry(model: UsedModel, taken: set[str], base_dir: str) -> dict[str, Any]:
    """The inventory entry proposed for one undeclared model."""
    proposed: list[str] = []
    entry: dict[str, Any] = {"id": _unique_id(model.name, taken)}
    hosting: dict[str, Any] = {}
    if model.origin is Origin.API:
        provider = model.provider or _guess_provider(model.name)
        base = next((r.base_model for r in model.references if r.base_model), None)
        entry.update(name=shown(base or model.name), source="api")
        if base:
            proposed.append(f"name: the base model the config states; {shown(model.name)} is "
                            "the deployment")  # fmt: skip
        if provider is None:
            provider = "openai"
            proposed.append("provider: nothing says which provider serves this model; "
                            "openai is a placeholder, set the real one")  # fmt: skip
        elif model.provider is None:
            proposed.append(f"provider: guessed as {provider} from the model's name")
        entry["provider"] = provider
        hosting["mode"] = "managed" if provider in MANAGED_PROVIDERS else "api"
        proposed.append(f"hosting.mode: {hosting['mode']}, from the provider")
        _propose_place(model, provider, hosting, proposed)
    elif model.origin is Origin.HUB:
        entry.update(name=shown(model.name), source="huggingface")
        revisions = {r.revision for r in model.references if r.revision}
        if len(revisions) == 1:
            entry["revision"] = shown(revisions.pop())
        hosting["mode"] = "self-hosted"
        proposed.append("hosting.mode: self-hosted is assumed (the weights are loaded or "
                        "served by the code); set the regions it runs in")  # fmt: skip
    else:
        folder = _local_folder(model)
        base = next((r.base_model for r in model.references if r.base_model), None)
        entry.update(name=shown(base or model.name), source="local")
        entry["path"] = shown(os.path.relpath(os.path.abspath(folder), base_dir))
        hosting["mode"] = "self-hosted"
        proposed.append("hosting.mode: self-hosted is assumed (a model on disk)")
        if model.origin is Origin.OLLAMA:
            proposed.append("path: an Ollama library model; point path at a folder holding "
                            "its licence and card")  # fmt: skip
    entry["hosting"] = hosting
    entry["use_cases"] = []
    stated = sorted({r.licence for r in model.references if r.licence})
    extra: dict[str, Any] = {"evidence": [str_evidence(r) for r in model.references]}
    if stated:
        extra["licence_stated"] = [shown(s) for s in stated]
    endpoints = sorted({r.base_url for r in model.references if r.base_url})
    if endpoints:
        extra["endpoints"] = [shown(e) for e in endpoints]
    aliases = sorted({r.alias for r in model.references if r.alias})
    if aliases:
        extra["litellm_aliases"] = [shown(a) for a in aliases]
    extra["proposed"] = proposed
    entry["x-discovered"] = extra
    return entry


def _propose_place(
    model: UsedModel, provider: str, hosting: dict[str, Any], proposed: list[str]
) -> None:
    """Regions and residency options, only from what the references state."""
    from audit.jurisdictions import load_jurisdictions

    j = load_jurisdictions()
    regions: dict[str, Reference] = {}
    for ref in model.references:
        if ref.region and ref.region not in regions:
            regions[ref.region] = ref
    known = [code for code in regions if j.region(code) is not None]
    proposed.extend(
        f"hosting.regions: {shown(code)} (at {regions[code].evidence}) is not in the region "
        "catalogue; not proposed"
        for code in regions
        if code not in known
    )
    if known:
        hosting["regions"] = known
        where = ", ".join(f"{c} at {regions[c].evidence}" for c in known)
        proposed.append(f"hosting.regions: proposed from the code or config ({shown(where)})")
    profile = PROFILE_PREFIX.match(model.name.casefold())
    if provider == "amazon-bedrock" and profile:
        proposed.append(f"hosting.deployment: the inference profile '{profile.group(0)}' in the "
                        "name routes requests (read from the name)")  # fmt: skip
    for ref in model.references:
        host = urlsplit(ref.base_url).hostname if ref.base_url else None
        if provider == "openai" and host == "eu.api.openai.com":
            hosting["deployment"] = "eu"
            proposed.append(f"hosting.deployment: eu, from the base URL at {ref.evidence}")
            break
        if provider == "azure-openai" and host:
            proposed.append(
                f"hosting.regions: the Azure endpoint {shown(host)} (at "
                f"{ref.evidence}) does not name its region; set the resource's"
            )
            break  # fmt: skip


def _guess_provider(name: str) -> str | None:
    lowered = name.casefold()
    return next((p for prefix, p in NAME_PROVIDERS if lowered.startswith(prefix)), None)


def _local_folder(model: UsedModel) -> str:
    for ref in model.references:
        if ref.kind in ("gguf", "safetensors"):
            return ref.model
        if ref.origin is Origin.LOCAL and not ref.evidence.path.startswith("hf-cache:"):
            return os.path.join(os.path.dirname(ref.evidence.path), ref.model)
    return os.path.dirname(model.references[0].evidence.path) or "."


def _unique_id(name: str, taken: set[str]) -> str:
    tail = name.rstrip("/").rsplit("/", 1)[-1]
    slug = re.sub(r"[^a-z0-9]+", "-", tail.casefold()).strip("-") or "model"
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate
