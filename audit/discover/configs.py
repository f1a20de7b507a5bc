"""Model references in configuration files: LiteLLM proxy configs, compose files, Kubernetes
manifests, Helm values, Dockerfiles, shell scripts, Ollama Modelfiles and ``.env`` files.

LiteLLM's ``config.yaml`` is read by its documented keys (``model_list[].model_name``,
``litellm_params.model``, ``api_base``, ``region_name``, ``aws_region_name``,
``vertex_location``, ``model_info.base_model``; LiteLLM proxy configuration docs). A value
written ``os.environ/NAME`` is read by the proxy from its environment at start-up: it is
reported as unresolved, never guessed. Other YAML is searched for serving commands and
environment variables (``audit.discover.commands``); a container ``image:`` is not a model.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from audit.discover.commands import (
    Token,
    command_references,
    env_reference,
    split_command,
)
from audit.discover.interface import (
    Confidence,
    Evidence,
    FileFindings,
    Origin,
    Reference,
    Unresolved,
)
from audit.discover.python_calls import litellm_route
from audit.discover.yaml_nodes import Text, YamlTooLarge, load_all

ENV_PREFIX = "os.environ/"
COMMAND_KEYS = frozenset({"command", "args", "entrypoint", "cmd"})
HELM_MODEL_KEYS = frozenset(
    {"modelId", "model_id", "modelID", "modelName", "model_name", "modelURL", "hfModel"}
)
"""Keys Helm charts for vLLM, TGI and Ollama use for the served model."""
REGION_KEYS = ("aws_region_name", "region_name", "vertex_location")


def read_yaml(text: str, path: str) -> FileFindings:
    """References in one YAML file: a LiteLLM config by its keys, anything else by its
    serving commands and environment variables."""
    try:
        documents = load_all(text)
    except (yaml.YAMLError, YamlTooLarge, RecursionError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return FileFindings(problems=(f"{path}: not readable YAML ({first}); not read",))
    refs: list[Reference] = []
    unresolved: list[Unresolved] = []
    for document in documents:
        if isinstance(document, dict) and isinstance(document.get("model_list"), list):
            r, u = _litellm(document["model_list"], path)
        else:
            r, u = _serving_yaml(document, path)
        refs.extend(r)
        unresolved.extend(u)
    return FileFindings(tuple(refs), tuple(unresolved))


def _litellm(entries: list[Any], path: str) -> tuple[list[Reference], list[Unresolved]]:
    refs: list[Reference] = []
    unresolved: list[Unresolved] = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        params = entry.get("litellm_params")
        params = params if isinstance(params, dict) else {}
        info = entry.get("model_info")
        info = info if isinstance(info, dict) else {}
        alias = _text(entry.get("model_name"))
        target = _text(params.get("model"))
        if target is None:
            continue
        evidence = Evidence(path, target.line)
        if target.startswith(ENV_PREFIX):
            unresolved.append(
                Unresolved("litellm", evidence, f"litellm_params.model is {target}: read from "
                           "the proxy's environment at start-up, left unresolved")
            )  # fmt: skip
            continue
        notes: list[str] = [f"LiteLLM route {alias!s} -> {target!s}"] if alias else []
        base_url = _param(params, "api_base", notes)
        region = next((v for v in (_param(params, k, notes) for k in REGION_KEYS) if v), None)
        base_model = _text(info.get("base_model"))
        model, provider, origin = litellm_route(str(target))
        refs.append(
            Reference(model, "litellm", evidence, Confidence.HIGH, origin, provider, base_url,
                      region, alias=str(alias) if alias else None,
                      base_model=litellm_route(str(base_model))[0] if base_model else None,
                      notes=tuple(notes))
        )  # fmt: skip
    return refs, unresolved


def _param(params: dict[str, Any], key: str, notes: list[str]) -> str | None:
    value = _text(params.get(key))
    if value is None:
        return None
    if value.startswith(ENV_PREFIX):
        notes.append(f"{key} is {value}: read from the proxy's environment, left unresolved")
        return None
    return str(value)


def _serving_yaml(document: Any, path: str) -> tuple[list[Reference], list[Unresolved]]:
    refs: list[Reference] = []
    unresolved: list[Unresolved] = []
    for key, value in _pairs(document):
        if key in COMMAND_KEYS:
            tokens = _command_tokens(value)
            r, u = command_references(tokens, path, "serving-config")
            refs.extend(r)
            unresolved.extend(u)
        elif key == "env" and isinstance(value, list):
            for item in value:  # Kubernetes: [{name: MODEL_ID, value: ...}]
                if isinstance(item, dict):
                    var, val = _text(item.get("name")), _text(item.get("value"))
                    if var is not None and val is not None:
                        ref = env_reference(var, val, Evidence(path, val.line), "serving-env")
                        refs.extend([ref] if ref else [])
        elif key == "environment" and isinstance(value, list):
            for item in value:  # compose: ["MODEL_ID=..."]
                text = _text(item)
                if text and "=" in text:
                    name, _, setting = text.partition("=")
                    ref = env_reference(name, setting, Evidence(path, text.line), "serving-env")
                    refs.extend([ref] if ref else [])
        elif key == "environment" and isinstance(value, dict):
            for name, val in value.items():
                text = _text(val)
                if text:
                    ref = env_reference(name, text, Evidence(path, text.line), "serving-env")
                    refs.extend([ref] if ref else [])
        elif key in HELM_MODEL_KEYS:
            text = _text(value)
            if text and "/" in text:
                ref = env_reference("MODEL", text, Evidence(path, text.line), "helm-values")
                if ref:
                    refs.append(Reference(**{**ref.__dict__, "confidence": Confidence.MEDIUM,
                                             "notes": (f"key {key}",)}))  # fmt: skip
    return refs, unresolved


def _pairs(node: Any, depth: int = 0) -> Iterator[tuple[str, Any]]:
    """Every (key, value) of every mapping in ``node``, depth first."""
    if depth > 64:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key), value
            yield from _pairs(value, depth + 1)
    elif isinstance(node, list):
        for item in node:
            yield from _pairs(item, depth + 1)


def _command_tokens(value: Any) -> list[Token]:
    if isinstance(value, Text):
        return split_command(str(value), value.line)
    if isinstance(value, list):
        tokens: list[Token] = []
        for item in value:
            if isinstance(item, Text):  # each item one word, or a "sh -c" script
                words = split_command(str(item), item.line) if " " in item else []
                tokens.extend(words or [Token(str(item), item.line)])
        return tokens
    return []


def _text(value: Any) -> Text | None:
    return value if isinstance(value, Text) and value.strip() else None


def read_dockerfile(text: str, path: str) -> FileFindings:
    """References in a Dockerfile: ``ENV``/``ARG`` model variables, and the serving or
    download commands of ``CMD``, ``ENTRYPOINT`` and ``RUN``. ``FROM`` names an image."""
    refs: list[Reference] = []
    unresolved: list[Unresolved] = []
    for line, instruction, rest in _instructions(text):
        if instruction in ("ENV", "ARG"):
            for name, value, at in _assignments(rest, line):
                ref = env_reference(name, value, Evidence(path, at), "dockerfile")
                refs.extend([ref] if ref else [])
        elif instruction in ("CMD", "ENTRYPOINT", "RUN"):
            words = _exec_form(rest)
            tokens = [Token(w, line) for w in words] if words is not None else None
            r, u = command_references(tokens or _line_tokens(rest, line), path, "dockerfile")
            refs.extend(r)
            unresolved.extend(u)
    return FileFindings(tuple(refs), tuple(unresolved))


def read_shell(text: str, path: str) -> FileFindings:
    """References in a shell script: serving and download commands, exported model variables."""
    refs: list[Reference] = []
    unresolved: list[Unresolved] = []
    for line, command in _logical_lines(text):
        words = _line_tokens(command, line)
        if (
            words
            and words[0].text in ("export", "declare")
            or (len(words) == 1 and "=" in words[0].text)
        ):
            for word in words:
                name, eq, value = word.text.partition("=")
                at = Evidence(path, word.line)
                ref = env_reference(name, value, at, "shell") if eq else None
                refs.extend([ref] if ref else [])
            continue
        r, u = command_references(words, path, "shell")
        refs.extend(r)
        unresolved.extend(u)
    return FileFindings(tuple(refs), tuple(unresolved))


def read_dotenv(text: str, path: str) -> FileFindings:
    """References in a ``.env`` file: model variables, with the endpoint or region the same
    file gives their provider."""
    pairs = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, _, value = line.removeprefix("export ").partition("=")
        value = value.split(" #", 1)[0].strip().strip("'\"")
        pairs.append((name.strip(), value, number))
    settings = {name.upper(): value for name, value, _ in pairs}
    refs = []
    for name, value, number in pairs:
        ref = env_reference(name, value, Evidence(path, number), "dotenv")
        if ref is None:
            continue
        base_url, region = _provider_settings(ref.provider, settings)
        refs.append(Reference(**{**ref.__dict__, "base_url": base_url, "region": region}))
    return FileFindings(tuple(refs))


def _provider_settings(provider: str | None, settings: dict[str, str]) -> tuple[str | None, ...]:
    if provider == "azure-openai":
        return settings.get("AZURE_OPENAI_ENDPOINT"), None
    if provider == "openai":
        return settings.get("OPENAI_BASE_URL") or settings.get("OPENAI_API_BASE"), None
    if provider == "amazon-bedrock":
        return None, settings.get("AWS_REGION") or settings.get("AWS_DEFAULT_REGION")
    if provider == "google-vertex":
        return None, settings.get("VERTEX_LOCATION") or settings.get("GOOGLE_CLOUD_LOCATION")
    return None, None


def read_modelfile(text: str, path: str) -> FileFindings:
    """An Ollama Modelfile: the model of ``FROM`` (a library tag, or a local GGUF file) and
    the first line of its ``LICENSE``."""
    licence = None
    source: tuple[str, int] | None = None
    for line, instruction, rest in _instructions(text):
        if instruction == "FROM" and rest and source is None:
            source = (rest.split()[0], line)
        elif instruction == "LICENSE" and licence is None:
            body = rest.strip().strip('"').strip()
            licence = body.splitlines()[0][:200] if body else None
    if source is None:
        return FileFindings()
    model, line = source
    local = model.startswith((".", "/", "~")) or model.lower().endswith(".gguf")
    origin = Origin.LOCAL if local else Origin.OLLAMA
    notes = ("Ollama Modelfile FROM",)
    ref = Reference(model, "modelfile", Evidence(path, line), Confidence.HIGH, origin,
                    licence=licence, notes=notes)  # fmt: skip
    return FileFindings((ref,))


def _instructions(text: str) -> Iterator[tuple[int, str, str]]:
    """Dockerfile-style instructions (continuations and triple-quoted blocks joined)."""
    for line, logical in _logical_lines(text, keep_quotes=True):
        word, _, rest = logical.strip().partition(" ")
        yield line, word.upper(), rest.strip()


def _logical_lines(text: str, keep_quotes: bool = False) -> Iterator[tuple[int, str]]:
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        start = i
        current = lines[i]
        if keep_quotes and current.count('"""') == 1:
            while i + 1 < len(lines) and '"""' not in lines[i + 1]:
                i += 1
                current += "\n" + lines[i]
            if i + 1 < len(lines):
                i += 1
                current += "\n" + lines[i]
        while current.rstrip().endswith("\\") and i + 1 < len(lines):
            i += 1
            current = current.rstrip()[:-1] + "\n" + lines[i]  # the line break kept for lines
        i += 1
        stripped = current.strip()
        if stripped and not stripped.startswith("#"):
            yield start + 1, stripped


def _line_tokens(text: str, first_line: int) -> list[Token]:
    """The words of a logical line, each with the physical line it is on."""
    return [
        token
        for offset, piece in enumerate(text.split("\n"))
        for token in split_command(piece, first_line + offset)
    ]


def _assignments(rest: str, line: int) -> list[tuple[str, str, int]]:
    """``ENV A=1 B=2`` or the legacy ``ENV A 1``, each with its line."""
    words = _line_tokens(rest, line)
    if words and "=" not in words[0].text and len(words) > 1:
        return [(words[0].text, " ".join(w.text for w in words[1:]), words[0].line)]
    out = []
    for w in words:
        name, eq, value = w.text.partition("=")
        if eq:
            out.append((name, value, w.line))
    return out


def _exec_form(rest: str) -> list[str] | None:
    import json

    if not rest.startswith("["):
        return None
    try:
        words = json.loads(rest)
    except ValueError:
        return None
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        return None
    out: list[str] = []
    for w in words:
        out.extend(w.split() if " " in w else [w])
    return out
