"""Load the packaged jurisdiction data (and an optional override file) into ``Jurisdictions``.

The YAML files ship inside the package and are read with ``importlib.resources``. Every file
is validated by pydantic, then cross-checked: each source id exists, each region's country is
a known ISO code, each provider's regions resolve. A problem raises ``JurisdictionError``
listing every problem at once.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, get_args

import yaml
from pydantic import BaseModel, ValidationError

from audit.errors import ToolError
from audit.jurisdictions.catalogue import Jurisdictions, index_aliases, normalise_provider_key
from audit.jurisdictions.model import (
    AdequacyDecision,
    Country,
    Deployment,
    DpaOffer,
    Provider,
    Region,
    ResidencyOption,
    ScopeLimit,
    Source,
    Spread,
)
from audit.jurisdictions.schema import (
    AdequacyFile,
    CloudName,
    CountriesFile,
    EeaFile,
    OverrideFile,
    ProvidersFile,
    RegionEntry,
    RegionsFile,
    SourcesFile,
)

OVERRIDE_ENV = "MODEL_AUDIT_JURISDICTIONS"
"""Environment variable naming an override YAML file (see the package docstring)."""

REGION_FILES: tuple[str, ...] = tuple(f"{cloud}.yaml" for cloud in get_args(CloudName))


ModelT = TypeVar("ModelT", bound=BaseModel)

SourceLookup = Callable[[str, str], Source]
"""Resolve a source id cited at a place in the data (records a problem when unknown)."""


class JurisdictionError(ToolError):
    """The jurisdiction data (packaged or overridden) is malformed or inconsistent."""


def load_jurisdictions(override: str | Path | None = None) -> Jurisdictions:
    """Load the jurisdiction catalogue, applying an override file when one is given.

    ``override`` None reads ``$MODEL_AUDIT_JURISDICTIONS``; an empty string means the packaged
    data only. Results are cached per override path, so rules may call this freely.
    """
    if override is None:
        override = os.environ.get(OVERRIDE_ENV, "")
    return _load(str(override) or None)


@cache
def _load(override: str | None) -> Jurisdictions:
    raw = {name: _read_packaged(name) for name in _packaged_names()}
    if override is not None:
        _apply_override(raw, _read_override(override))
    return _build(raw)


TOP_FILES: tuple[str, ...] = (
    "sources.yaml",
    "countries.yaml",
    "eea.yaml",
    "adequacy.yaml",
    "providers.yaml",
)


def _packaged_names() -> tuple[str, ...]:
    return TOP_FILES + tuple(f"regions/{name}" for name in REGION_FILES)


def _read_packaged(name: str) -> Any:
    resource = resources.files("audit.jurisdictions").joinpath("data", *name.split("/"))
    try:
        return yaml.safe_load(resource.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise JurisdictionError(f"jurisdiction data {name}: cannot read: {exc}") from exc


def _read_override(path: str) -> OverrideFile:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise JurisdictionError(f"{path} (from ${OVERRIDE_ENV}): cannot read: {exc}") from exc
    return _validate(OverrideFile, data, path)


def _apply_override(raw: dict[str, Any], override: OverrideFile) -> None:
    """Merge the override into the raw packaged data, entry by entry."""
    sources = raw["sources.yaml"].setdefault("sources", {})
    for key, cited in override.sources.items():
        sources[key] = cited.model_dump(exclude_none=True)
    _merge_by_key(raw["adequacy.yaml"]["decisions"], override.adequacy, "country")
    _merge_by_key(raw["providers.yaml"]["providers"], override.providers, "key")
    for entry in override.regions:
        _merge_region(raw, dict(entry))


def _merge_by_key(base: list[dict[str, Any]], changes: list[dict[str, Any]], key: str) -> None:
    for change in changes:
        if key not in change:
            raise JurisdictionError(f"override entry {change!r} lacks its key '{key}'")
        match = next((entry for entry in base if entry.get(key) == change[key]), None)
        if match is None:
            base.append(copy.deepcopy(change))
        else:
            match.update(copy.deepcopy(change))


def _merge_region(raw: dict[str, Any], change: dict[str, Any]) -> None:
    cloud = change.pop("cloud", None)
    code = change.get("code")
    if not code:
        raise JurisdictionError(f"override region {change!r} lacks 'code'")
    for name in REGION_FILES:
        for entry in raw[f"regions/{name}"]["regions"]:
            if entry.get("code") == code:
                if "country" in change:
                    entry.pop("countries", None)
                if "countries" in change:
                    entry.pop("country", None)
                entry.update(change)
                return
    if f"{cloud}.yaml" not in REGION_FILES:
        clouds = ", ".join(get_args(CloudName))
        raise JurisdictionError(f"override region '{code}': a new region needs cloud: {clouds}")
    if "source" not in change:
        raise JurisdictionError(f"override region '{code}': a new region needs its own source")
    raw[f"regions/{cloud}.yaml"]["regions"].append(change)


def _validate(model: type[ModelT], data: Any, name: str) -> ModelT:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}"
            for err in exc.errors(include_url=False)
        )
        raise JurisdictionError(f"jurisdiction data {name}: {problems}") from None


def _build(raw: Mapping[str, Any]) -> Jurisdictions:
    sources_file: SourcesFile = _validate(SourcesFile, raw["sources.yaml"], "sources.yaml")
    countries_file: CountriesFile = _validate(
        CountriesFile, raw["countries.yaml"], "countries.yaml"
    )
    eea_file: EeaFile = _validate(EeaFile, raw["eea.yaml"], "eea.yaml")
    adequacy_file: AdequacyFile = _validate(AdequacyFile, raw["adequacy.yaml"], "adequacy.yaml")
    providers_file: ProvidersFile = _validate(
        ProvidersFile, raw["providers.yaml"], "providers.yaml"
    )
    region_files: list[RegionsFile] = [
        _validate(RegionsFile, raw[f"regions/{name}"], f"regions/{name}") for name in REGION_FILES
    ]

    problems: list[str] = []
    sources = {
        key: Source(key, e.title, e.url, e.section, e.confidence, e.note)
        for key, e in sources_file.sources.items()
    }

    def source(key: str, where: str) -> Source:
        found = sources.get(key)
        if found is None:
            problems.append(f"{where}: unknown source '{key}' (add it to sources.yaml)")
            return Source(key, key, "about:blank", None, "unverified")
        return found

    countries = _countries(countries_file, eea_file, source, problems)
    decisions = _decisions(adequacy_file, countries, source, problems)
    regions = _regions(region_files, countries, eea_file, source, problems)
    partial = Jurisdictions(
        version=sources_file.version,
        sources=sources,
        countries_by_code=countries,
        regions_by_code=regions,
        decisions=decisions,
        providers_by_key={},
        eu_codes=tuple(eea_file.eu_member_states.codes),
        eea_efta_codes=tuple(eea_file.eea_efta_states.codes),
    )
    providers = _providers(providers_file, partial, source, problems)
    if problems:
        raise JurisdictionError("jurisdiction data is inconsistent:\n  " + "\n  ".join(problems))
    return Jurisdictions(
        version=partial.version,
        sources=sources,
        countries_by_code=countries,
        regions_by_code=regions,
        decisions=decisions,
        providers_by_key=providers,
        provider_aliases=index_aliases(providers.values()),
        ambiguous_providers={
            normalise_provider_key(name): tuple(keys)
            for name, keys in providers_file.ambiguous.items()
        },
        eu_codes=partial.eu_codes,
        eea_efta_codes=partial.eea_efta_codes,
    )


def _countries(
    countries_file: CountriesFile, eea_file: EeaFile, source: SourceLookup, problems: list[str]
) -> dict[str, Country]:
    iso = source(countries_file.source, "countries.yaml")
    eu = set(eea_file.eu_member_states.codes)
    efta = set(eea_file.eea_efta_states.codes)
    part_of = eea_file.territories.part_of
    source(eea_file.eu_member_states.source, "eea.yaml eu_member_states")
    source(eea_file.eea_efta_states.source, "eea.yaml eea_efta_states")
    source(eea_file.territories.source, "eea.yaml territories")
    problems.extend(
        f"eea.yaml: '{code}' is not in countries.yaml"
        for code in sorted(eu | efta | set(part_of) | set(part_of.values()))
        if code not in countries_file.countries
    )
    out = {}
    for code, name in countries_file.countries.items():
        in_eu = code in eu or part_of.get(code) in eu
        out[code] = Country(code, name, eu=in_eu, eea=in_eu or code in efta, source=iso)
    return out


def _decisions(
    adequacy_file: AdequacyFile,
    countries: Mapping[str, Country],
    source: SourceLookup,
    problems: list[str],
) -> dict[str, AdequacyDecision]:
    out: dict[str, AdequacyDecision] = {}
    for e in adequacy_file.decisions:
        where = f"adequacy.yaml {e.country}"
        if e.country not in countries:
            problems.append(f"{where}: not an ISO code in countries.yaml")
        if e.country in out:
            problems.append(f"{where}: listed twice")
        out[e.country] = AdequacyDecision(
            country=e.country,
            reference=e.reference,
            adopted=e.adopted,
            in_force_from=e.in_force_from or e.adopted,
            valid_until=e.valid_until,
            review_by=e.review_by,
            scope=e.scope,
            partial=e.partial,
            requires_mechanism=e.requires_mechanism,
            status=e.status,
            status_note=e.status_note,
            notes=e.notes,
            source=source(e.source, where),
            reference_source=source(e.reference_source, where),
            status_source=source(e.status_source, where) if e.status_source else None,
            scope_limits=tuple(
                ScopeLimit(lim.id, lim.text.strip(), lim.data_flag, source(lim.source, where))
                for lim in e.scope_limits
            ),
        )
    for org in adequacy_file.international_organisations:
        source(org.source, f"adequacy.yaml {org.name}")
    return out


def _regions(
    files: list[RegionsFile],
    countries: Mapping[str, Country],
    eea_file: EeaFile,
    source: SourceLookup,
    problems: list[str],
) -> dict[str, Region]:
    out: dict[str, Region] = {}
    for file in files:
        for e in file.regions:
            where = f"regions/{file.cloud}.yaml {e.code}"
            if e.code in out:
                problems.append(f"{where}: code already defined for {out[e.code].cloud}")
            cited = source(e.source or file.source, where)
            listed, spread = _extent(e, eea_file)
            problems.extend(
                f"{where}: country '{code}' is not in countries.yaml"
                for code in listed
                if code not in countries
            )
            out[e.code] = Region(
                code=e.code,
                cloud=file.cloud,
                name=e.name,
                country=listed[0] if spread == "country" else None,
                countries=listed,
                spread=spread,
                label=e.label,
                source=cited,
                confidence=e.confidence or cited.confidence,
                note=e.note,
            )
    return out


def _extent(entry: RegionEntry, eea_file: EeaFile) -> tuple[tuple[str, ...], Spread]:
    """The countries a region entry may reach, and how far it spreads."""
    if entry.country is not None:
        return (entry.country,), "country"
    if entry.countries == "EU":
        return tuple(eea_file.eu_member_states.codes), "several"
    if entry.countries == "any":
        return (), "worldwide"
    if entry.countries == "unknown" or entry.countries is None:
        return (), "unknown"
    listed = tuple(entry.countries)
    return listed, "country" if len(listed) == 1 else "several"


def _providers(
    providers_file: ProvidersFile, partial: Jurisdictions, source: SourceLookup, problems: list[str]
) -> dict[str, Provider]:
    out: dict[str, Provider] = {}
    taken: set[str] = set()
    for e in providers_file.providers:
        where = f"providers.yaml {e.key}"
        names = [normalise_provider_key(n) for n in (e.key, *e.aliases)]
        for name in names:
            if name in taken:
                problems.append(f"{where}: key or alias '{name}' is used twice")
            taken.add(name)
        regions = list(e.default_regions) + [r for opt in e.residency for r in opt.regions]
        regions += list(e.region_codes)
        regions += [r for d in e.deployments for r in (d.regions or ())]
        problems.extend(
            f"{where}: profile prefix '{prefix}' names no deployment '{target}'"
            for prefix, target in e.profile_prefixes.items()
            if target not in {d.id for d in e.deployments}
        )
        problems.extend(
            f"{where}: region '{code}' is not in the region catalogue"
            for code in regions
            if partial.region(code) is None
        )
        default_source = source(e.default_source, where)
        out[e.key] = Provider(
            key=e.key,
            name=e.name,
            aliases=tuple(e.aliases),
            default_regions=tuple(e.default_regions),
            default_note=e.default_note,
            default_source=default_source,
            default_confidence=e.default_confidence or default_source.confidence,
            residency=tuple(
                ResidencyOption(tuple(o.regions), o.note, source(o.source, where))
                for o in e.residency
            ),
            residency_note=e.residency_note,
            dpa=DpaOffer(e.dpa.offered, e.dpa.note, source(e.dpa.source, where)),
            kind=e.kind,
            cloud=e.cloud,
            region_codes=tuple(e.region_codes),
            deployments=tuple(
                Deployment(
                    d.id,
                    d.name,
                    tuple(d.regions) if d.regions is not None else None,
                    d.note.strip(),
                    source(d.source, where),
                )
                for d in e.deployments
            ),
            profile_prefixes=tuple(
                sorted(e.profile_prefixes.items(), key=lambda kv: (-len(kv[0]), kv[0]))
            ),
        )
    for name, keys in providers_file.ambiguous.items():
        problems.extend(
            f"providers.yaml ambiguous '{name}': '{key}' is not a provider key"
            for key in keys
            if key not in out
        )
        if normalise_provider_key(name) in taken:
            problems.append(f"providers.yaml ambiguous '{name}' is also a key or alias")
    return out
