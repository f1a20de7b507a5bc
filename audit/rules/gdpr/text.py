"""Wording shared by the GDPR rules: data tags, places, fixes and evidence lines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from audit.inventory.datatags import DataProfile, DataTag
from audit.jurisdictions import Jurisdictions, Provider, Region
from audit.rules.context import AuditContext, ModelView
from audit.rules.gdpr.places import Destination, model_places


def tag_list(tags: Iterable[str]) -> str:
    """``personal, health`` or ``no data tags``."""
    joined = ", ".join(tags)
    return joined or "no data tags"


def tag_kinds(profile: DataProfile, catalogue: Mapping[str, DataTag]) -> str:
    """Evidence line saying what the tags are under the GDPR."""
    special = [t for t in profile.tags if catalogue[t].special_category]
    criminal = [t for t in profile.tags if catalogue[t].criminal]
    parts = [f"data tags: {tag_list(profile.tags)}"]
    parts.append("personal data" if profile.personal else "no personal data")
    if special:
        parts.append(f"Art. 9 special category: {', '.join(special)}")
    if criminal:
        parts.append(f"Art. 10 criminal-offence data: {', '.join(criminal)}")
    parts.append(f"confidentiality: {profile.confidentiality}")
    return "; ".join(parts)


def place(dest: Destination, j: Jurisdictions) -> str:
    """``us-east-1 (US East (N. Virginia), United States)`` for messages."""
    region = dest.status.region
    if region is None:
        return f"{dest.code} (not in the region catalogue)"
    if region.cloud == "country":
        return f"{dest.code} ({region.name})"
    where = j.country_name(region.country) if region.country else region.where
    return f"{dest.code} ({region.name}, {where})"


def region_evidence(region: Region | None, code: str) -> str:
    """Evidence line: how the catalogue places a region, with source and confidence."""
    if region is None:
        return f"region {code}: not in the region catalogue"
    note = f"; {region.note}" if region.note else ""
    return (
        f"region {code} -> {region.where} ({region.cloud}: {region.name}); "
        f"{region.source.cite()}; entry confidence {region.confidence}{note}"
    )


def provider_name(view: ModelView, provider: Provider | None) -> str:
    """``OpenAI API`` or the key the inventory gave, or ``no provider named``."""
    if provider is not None:
        return provider.name
    return f"'{view.model.provider}'" if view.model.provider else "no provider named"


def eu_alternatives(view: ModelView, j: Jurisdictions, home: str) -> list[str]:
    """Concrete ways to keep this model's data in the EEA, from the data.

    The provider's residency options that stay in the EEA, else an EEA region of the same
    cloud as a declared region (preferring the organisation's country).
    """
    places = model_places(view, j, view.ctx.as_of)
    out: list[str] = []
    provider = places.provider
    if provider is not None:
        out.extend(
            f"use {provider.name}'s residency option {', '.join(option.regions)} ({option.note})"
            for option in provider.residency
            if all(
                j.transfer_status(code, view.ctx.as_of).status == "EEA" for code in option.regions
            )
        )
    clouds = {d.status.region.cloud for d in places.destinations if d.status.region}
    for cloud in sorted(clouds - {"country", "multi"}):
        candidates = [r for r in j.regions(cloud) if r.country and j.is_eea(r.country)]
        candidates.sort(key=lambda r: (r.country != home, r.code))
        if candidates:
            best = candidates[0]
            out.append(f"move the model to an EEA region such as {best.code} ({best.name})")
    return out


def self_hosted_alternatives(ctx: AuditContext, j: Jurisdictions, exclude: str) -> list[str]:
    """Ids of self-hosted models whose every place is in the EEA (routing targets)."""

    def compute() -> list[str]:
        out = []
        for other in ctx.models():
            if other.model.hosting.mode != "self-hosted":
                continue
            places = model_places(other, j, ctx.as_of)
            if places.destinations and all(d.status.status == "EEA" for d in places.destinations):
                out.append(other.id)
        return out

    return [m for m in ctx.memo(("gdpr", "eea-self-hosted"), compute) if m != exclude]


def route_fix(ids: list[str], verb: str = "route it") -> list[str]:
    """``route it to the self-hosted model 'a'`` or one fix naming a few of several models."""
    if not ids:
        return []
    if len(ids) == 1:
        return [f"{verb} to the self-hosted model '{ids[0]}'"]
    named = ", ".join(f"'{m}'" for m in ids[:3])
    more = f" or {len(ids) - 3} more" if len(ids) > 3 else ""
    return [f"{verb} to a self-hosted model in the EEA ({named}{more})"]


def join_fixes(fixes: Iterable[str]) -> str:
    """``a; b; or c`` from a list of fixes (deduplicated, order kept)."""
    unique = list(dict.fromkeys(f for f in fixes if f))
    if len(unique) <= 1:
        return "".join(unique)
    return "; ".join(unique[:-1]) + "; or " + unique[-1]
