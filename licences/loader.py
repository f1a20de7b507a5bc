"""Load and validate the licence knowledge base shipped in ``licences/data``.

Loading reads the package data through ``importlib.resources`` (so an installed wheel
works), validates every file against ``licences.schema`` and builds the look-up indexes.
The result is cached: it runs on every scan and must stay fast.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from licences.kb import DuplicateNameError, KnowledgeBase
from licences.schema import LicenceEntry, ModelFact
from licences.yamlfile import DataFileError, YamlDocument, parse_yaml

META_FILE = "_meta.yaml"
MODELS_FILE = "models.yaml"


class KnowledgeBaseError(Exception):
    """The knowledge base (or a user override file) is invalid.

    The message names the file, the line and the field, e.g.
    ``licences/data/llama3.1.yaml:12: user_threshold.monthly_active_users: expected an
    integer; got 'many'``.
    """


@dataclass(frozen=True)
class _DataFile:
    """One data file: a name to show in messages and its parsed document."""

    display: str
    document: YamlDocument


EXTRA_DIR_VARIABLE = "MODEL_AUDIT_LICENCE_DATA"
"""Environment variable naming a directory of the user's own licence YAML files."""


def load_knowledge_base(extra_dir: Path | None = None) -> KnowledgeBase:
    """Load, validate and index the knowledge base; cached per ``extra_dir``.

    Without ``extra_dir``, the directory named by ``MODEL_AUDIT_LICENCE_DATA`` is used when
    that variable is set, so the command line can correct a term too.
    """
    if extra_dir is None and os.environ.get(EXTRA_DIR_VARIABLE):
        extra_dir = Path(os.environ[EXTRA_DIR_VARIABLE])
    return _load_knowledge_base(extra_dir)


@functools.lru_cache(maxsize=8)
def _load_knowledge_base(extra_dir: Path | None = None) -> KnowledgeBase:
    """Load, validate and index the knowledge base (see ``load_knowledge_base``).

    ``extra_dir`` is an optional directory of the user's own licence YAML files. A file
    whose ``key`` is already known is merged over the shipped entry (mappings merge, other
    values replace), so a single UNVERIFIED term can be corrected without copying the
    whole entry; any other file adds a licence. A ``models.yaml`` there adds model facts
    that win ties over the shipped ones. Everything passes the same validation.

    Raises ``KnowledgeBaseError`` naming the file, line and field of the first problem.
    """
    if extra_dir is not None:
        extra_dir = Path(extra_dir)  # a str path is accepted too
    package_dir = resources.files("licences")
    data_dir = package_dir / "data"
    version = _read_version(data_dir / META_FILE)
    shipped = [_read(item, f"licences/data/{item.name}") for item in _licence_files(data_dir)]
    overrides: list[_DataFile] = []
    extra_models: list[_DataFile] = []
    if extra_dir is not None:
        if not extra_dir.is_dir():
            raise KnowledgeBaseError(f"{extra_dir}: not a directory of licence YAML files")
        for path in sorted(extra_dir.glob("*.y*ml")):
            target = extra_models if path.name in (MODELS_FILE, "models.yml") else overrides
            target.append(_read(path, str(path)))
    entries, origins = _build_entries(shipped, overrides)
    known = {entry.key for entry in entries}
    facts: list[ModelFact] = []
    for data in [*extra_models, _read(package_dir / MODELS_FILE, f"licences/{MODELS_FILE}")]:
        for index, fact in enumerate(_build_facts(data)):
            if fact.licence not in known:
                line = data.document.line_of(("models", index, "licence"))
                raise KnowledgeBaseError(
                    f"{data.display}:{line}: models.{index}.licence: unknown licence key "
                    f"{fact.licence!r}; use the key of an entry in licences/data"
                )
            facts.append(fact)
    try:
        return KnowledgeBase(version, entries, facts)
    except DuplicateNameError as exc:
        raise KnowledgeBaseError(_duplicate_message(exc, origins)) from exc


def _duplicate_message(exc: DuplicateNameError, origins: Mapping[str, _DataFile]) -> str:
    """Blame the user's file when one of the two claimants comes from ``extra_dir``."""
    claims = [(exc.key, origins[exc.key]), (exc.other_key, origins[exc.other_key])]
    claims.sort(key=lambda claim: claim[1].display.startswith("licences/"))
    (key, data), (other_key, other_data) = claims
    return (
        f"{data.display}:{_name_line(data, exc.name)}: {exc.name!r} of {key!r} is already "
        f"used by {other_key!r} ({other_data.display}:{_name_line(other_data, exc.name)})"
    )


def _name_line(data: _DataFile, name: str) -> int:
    value = data.document.value
    aliases = value.get("aliases") if isinstance(value, dict) else None
    if isinstance(aliases, list) and name in aliases:
        return data.document.line_of(("aliases", aliases.index(name)))
    field = "spdx_id" if isinstance(value, dict) and value.get("spdx_id") == name else "key"
    return data.document.line_of((field,))


def _licence_files(data_dir: Traversable) -> list[Traversable]:
    files = [
        item
        for item in data_dir.iterdir()
        if item.name.endswith((".yaml", ".yml")) and not item.name.startswith("_")
    ]
    return sorted(files, key=lambda item: item.name)


def _read(item: Traversable | Path, display: str) -> _DataFile:
    try:
        text = item.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeBaseError(f"{display}: cannot read: {exc}") from exc
    try:
        return _DataFile(display, parse_yaml(text))
    except DataFileError as exc:
        where = f"{display}:{exc.line}" if exc.line else display
        raise KnowledgeBaseError(f"{where}: {exc.message}") from exc


def _read_version(item: Traversable) -> str:
    data = _read(item, f"licences/data/{META_FILE}")
    value = data.document.value
    version = value.get("version") if isinstance(value, dict) else None
    if not isinstance(version, str) or not version:
        line = data.document.line_of(("version",))
        raise KnowledgeBaseError(f"{data.display}:{line}: version: expected a string")
    return version


def _build_entries(
    shipped: list[_DataFile], overrides: list[_DataFile]
) -> tuple[list[LicenceEntry], dict[str, _DataFile]]:
    by_key: dict[str, tuple[dict[str, Any], _DataFile, _DataFile | None]] = {}
    for data in shipped:
        mapping = _mapping(data)
        key = mapping.get("key")
        if not isinstance(key, str):
            _validate(LicenceEntry, mapping, data)  # raises with the file, line and field
            continue
        stem = data.display.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if stem != key:
            raise KnowledgeBaseError(
                f"{data.display}:{data.document.line_of(('key',))}: key: {key!r} does not "
                f"match the file name; name the file {key}.yaml"
            )
        if key in by_key:
            raise KnowledgeBaseError(
                f"{data.display}:{data.document.line_of(('key',))}: key: {key!r} is already "
                f"defined in {by_key[key][1].display}"
            )
        by_key[key] = (mapping, data, None)
    for data in overrides:
        mapping = _mapping(data)
        key = str(mapping.get("key", ""))
        if key in by_key:
            base, origin, _ = by_key[key]
            by_key[key] = (_merge(base, mapping), origin, data)
        else:
            by_key[key] = (mapping, data, None)
    entries: list[LicenceEntry] = []
    origins: dict[str, _DataFile] = {}
    for mapping, origin, override in by_key.values():
        entry = _validate(LicenceEntry, mapping, origin, override)
        entries.append(entry)
        origins[entry.key] = override or origin
    return entries, origins


def _mapping(data: _DataFile) -> dict[str, Any]:
    value = data.document.value
    if not isinstance(value, dict):
        raise KnowledgeBaseError(f"{data.display}:1: expected a mapping of licence terms")
    return value


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for name, value in override.items():
        current = merged.get(name)
        if isinstance(current, Mapping) and isinstance(value, Mapping):
            merged[name] = _merge(current, value)
        else:
            merged[name] = value
    return merged


def _validate(
    model: type[BaseModel],
    value: Any,
    origin: _DataFile,
    override: _DataFile | None = None,
    prefix: tuple[str | int, ...] = (),
) -> Any:
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = prefix + tuple(error["loc"])
        data = origin
        if override is not None and _has_path(override.document, loc):
            data = override
        line = data.document.line_of(loc)
        field = ".".join(str(part) for part in loc) or "(document)"
        raise KnowledgeBaseError(f"{data.display}:{line}: {field}: {_describe(error)}") from exc


def _has_path(document: YamlDocument, path: tuple[str | int, ...]) -> bool:
    value: Any = document.value
    for step in path:
        in_mapping = isinstance(value, dict) and step in value
        in_list = isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value)
        if not (in_mapping or in_list):
            return False
        value = value[step]
    return True


_EXPECTED = {
    "int_parsing": "expected an integer",
    "int_type": "expected an integer",
    "int_from_float": "expected a whole number",
    "float_parsing": "expected a number (write exponents with a sign: 3.8e+25)",
    "float_type": "expected a number",
    "bool_parsing": "expected true or false",
    "bool_type": "expected true or false",
    "string_type": "expected a string",
    "list_type": "expected a list",
    "date_from_datetime_parsing": "expected a date (YYYY-MM-DD)",
    "date_parsing": "expected a date (YYYY-MM-DD)",
    "date_type": "expected a date (YYYY-MM-DD)",
    "model_type": "expected a mapping",
    "dict_type": "expected a mapping",
    "missing": "required field is missing",
    "extra_forbidden": "unknown field (check the spelling against licences/schema.py)",
}


def _describe(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    message = _EXPECTED.get(kind)
    if message is None:
        message = str(error.get("msg", "invalid value"))
        message = message.removeprefix("Value error, ")
        message = message[:1].lower() + message[1:]
    if kind in ("missing",):
        return message
    return f"{message}; got {error.get('input')!r}"


def _build_facts(data: _DataFile) -> list[ModelFact]:
    value = data.document.value
    models = value.get("models") if isinstance(value, dict) else None
    if not isinstance(models, list):
        raise KnowledgeBaseError(f"{data.display}:1: models: expected a list of model facts")
    return [
        _validate(ModelFact, item, data, prefix=("models", index))
        for index, item in enumerate(models)
    ]
