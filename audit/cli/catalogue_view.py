"""What ``model-audit providers`` and ``model-audit regions`` show: the catalogue as JSON-ready
dicts and as plain lines that fit an 80-column terminal."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from typing import Any

from audit.jurisdictions import Jurisdictions, Provider, Region, Source

WIDTH = 80


def source_json(source: Source) -> dict[str, Any]:
    """A source as JSON: id, title, URL, section, confidence."""
    return {
        "id": source.id,
        "title": source.title,
        "url": source.url,
        "section": source.section,
        "confidence": source.confidence,
    }


def eea_status(j: Jurisdictions, region: Region) -> str:
    """``yes`` (every country it may reach is in the EEA), ``no``, ``partly`` or ``unknown``."""
    if region.spread in ("worldwide", "unknown"):
        return "unknown" if region.spread == "unknown" else "no"
    inside = [j.is_eea(c) for c in region.countries]
    if all(inside):
        return "yes"
    return "partly" if any(inside) else "no"


def region_json(j: Jurisdictions, region: Region) -> dict[str, Any]:
    """One region as JSON: code, cloud, name, country or countries, EEA status, source."""
    return {
        "code": region.code,
        "cloud": region.cloud,
        "name": region.name,
        "country": region.country,
        "countries": list(region.countries),
        "spread": region.spread,
        "where": region.where,
        "eea": eea_status(j, region),
        "confidence": region.confidence,
        "note": region.note,
        "source": source_json(region.source),
    }


def provider_json(j: Jurisdictions, provider: Provider) -> dict[str, Any]:
    """One provider as JSON, every fact with its source."""
    return {
        "id": provider.key,
        "name": provider.name,
        "kind": provider.kind,
        "aliases": list(provider.aliases),
        "default": {
            "regions": list(provider.default_regions),
            "where": [_where(j, c) for c in provider.default_regions],
            "note": provider.default_note,
            "confidence": provider.default_confidence,
            "source": source_json(provider.default_source),
        },
        "deployments": [
            {
                "id": d.id,
                "name": d.name,
                "regions": list(d.regions) if d.regions is not None else None,
                "where": [_where(j, c) for c in d.regions]
                if d.regions is not None
                else ["the model's hosting.regions"],
                "note": d.note,
                "source": source_json(d.source),
            }
            for d in provider.deployments
        ],
        "profile_prefixes": dict(provider.profile_prefixes),
        "residency": [
            {"regions": list(o.regions), "note": o.note, "source": source_json(o.source)}
            for o in provider.residency
        ],
        "residency_note": provider.residency_note,
        "regions": [r.code for r in j.provider_regions(provider)],
        "dpa": {
            "offered": provider.dpa.offered,
            "note": provider.dpa.note,
            "source": source_json(provider.dpa.source),
        },
    }


def _where(j: Jurisdictions, code: str) -> str:
    region = j.region(code)
    return region.where if region is not None else code


def wrap(text: str, indent: int) -> list[str]:
    """``text`` wrapped to the terminal width under an indent, never ending in spaces."""
    pad = " " * indent
    return textwrap.wrap(
        " ".join(text.split()),
        WIDTH,
        initial_indent=pad,
        subsequent_indent=pad + "  ",
        break_on_hyphens=False,
        break_long_words=False,
    )


def provider_summary(j: Jurisdictions, provider: Provider) -> Iterator[str]:
    """A few lines per provider for the list: id, what it is, default place, options."""
    yield provider.key
    yield from wrap(f"{provider.name} [{provider.kind}]", 2)
    if provider.aliases:
        yield from wrap("aliases: " + ", ".join(provider.aliases), 2)
    where = ", ".join(_where(j, c) for c in provider.default_regions) or "no default"
    yield from wrap(
        f"by default: {where} [{provider.default_source.id}, {provider.default_confidence}]", 2
    )
    if provider.deployments:
        options = ", ".join(d.id for d in provider.deployments)
        yield from wrap(f"hosting.deployment: {options}", 2)


def provider_detail(j: Jurisdictions, provider: Provider) -> Iterator[str]:
    """Everything about one provider, each fact with its source."""
    yield provider.key
    yield from wrap(f"{provider.name} [{provider.kind}]", 2)
    if provider.aliases:
        yield from wrap("aliases: " + ", ".join(provider.aliases), 2)
    where = ", ".join(provider.default_regions) or "no default region"
    yield from wrap(f"by default: {where}: {provider.default_note}", 2)
    yield from wrap(f"source: {provider.default_source.cite()}", 4)
    if provider.deployments:
        yield "  hosting.deployment options:"
        for d in provider.deployments:
            goes = (
                ", ".join(dict.fromkeys(_where(j, c) for c in d.regions))
                if d.regions is not None
                else "the model's hosting.regions"
            )
            yield from wrap(f"{d.id}: {d.name}; may route to {goes}; {d.note}", 4)
            yield from wrap(f"source: {d.source.cite()}", 6)
    for prefix, deployment in provider.profile_prefixes:
        yield from wrap(f"a model name starting {prefix} selects '{deployment}'", 4)
    for option in provider.residency:
        yield from wrap(f"residency {', '.join(option.regions)}: {option.note}", 2)
    if provider.residency_note:
        yield from wrap(provider.residency_note, 2)
    offered = {True: "offered", False: "not offered", None: "unknown"}[provider.dpa.offered]
    yield from wrap(f"DPA (GDPR Art. 28): {offered}; {provider.dpa.note or ''}", 2)
    regions = j.provider_regions(provider)
    if regions:
        yield from wrap(f"regions: {len(regions)} (model-audit regions {provider.key})", 2)


def region_lines(j: Jurisdictions, regions: tuple[Region, ...]) -> Iterator[str]:
    """One line per region: code, where, EEA status, name, source; aligned, no padding."""
    if not regions:
        return
    code_w = max(4, *(len(r.code) for r in regions))
    where_w = max(5, *(len(r.where) for r in regions))
    lead = code_w + where_w + 13
    yield f"{'code'.ljust(code_w)}  {'where'.ljust(where_w)}  EEA      name [source]"
    for r in regions:
        head = f"{r.code.ljust(code_w)}  {r.where.ljust(where_w)}  {eea_status(j, r).ljust(7)}  "
        text = f"{r.name} [{r.source.id}, {r.confidence}]"
        lines = textwrap.wrap(
            text,
            max(WIDTH - lead, 20),
            break_on_hyphens=False,
            break_long_words=False,
        )
        yield (head + lines[0]).rstrip()
        yield from (" " * lead + more for more in lines[1:])
