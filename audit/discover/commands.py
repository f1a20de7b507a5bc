"""Models named by serving commands and environment variables, wherever they are written.

Dockerfiles, compose files, Kubernetes manifests, Helm values, shell scripts and ``.env``
files start model servers the same few ways (sources: vLLM ``vllm serve`` and its
``--model``/``--revision`` flags, Text Generation Inference's ``--model-id`` and
``MODEL_ID``, Ollama's ``ollama pull``/``ollama run``, huggingface_hub's
``huggingface-cli download``/``hf download``). This module reads those command lines and
environment variables; the file-format readers hand it their tokens with lines.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass

from audit.discover.interface import Confidence, Evidence, Origin, Reference, Unresolved
from audit.discover.python_reader import HUB_ID

MODEL_FLAGS = frozenset({"--model", "--model-id", "--model_id", "--model-name", "-m"})
REVISION_FLAGS = frozenset({"--revision", "--model-revision"})

EXACT_MODEL_KEYS = frozenset(
    {"MODEL_ID", "HF_MODEL_ID", "VLLM_MODEL", "OLLAMA_MODEL", "LLM_MODEL", "MODEL_NAME",
     "HF_MODEL", "MODEL", "CHAT_MODEL", "EMBEDDING_MODEL", "SERVED_MODEL"}
)  # fmt: skip
"""Environment variables that hold the served model (TGI documents ``MODEL_ID``)."""

MODEL_KEY_SUFFIXES = ("_MODEL", "_MODEL_ID", "_MODEL_NAME", "_DEPLOYMENT", "_DEPLOYMENT_NAME")

KEY_PROVIDERS = (
    ("AZURE", "azure-openai", Origin.API),
    ("OPENAI", "openai", Origin.API),
    ("ANTHROPIC", "anthropic", Origin.API),
    ("CLAUDE", "anthropic", Origin.API),
    ("BEDROCK", "amazon-bedrock", Origin.API),
    ("VERTEX", "google-vertex", Origin.API),
    ("GEMINI", "google-ai-studio", Origin.API),
    ("MISTRAL", "mistral", Origin.API),
    ("COHERE", "cohere", Origin.API),
    ("OLLAMA", None, Origin.OLLAMA),
)
"""An environment variable's prefix -> the provider its model is called through."""


@dataclass(frozen=True)
class Token:
    """A word of a command line and the line it is on."""

    text: str
    line: int


def env_reference(key: str, value: str, evidence: Evidence, kind: str) -> Reference | None:
    """The model an environment variable ``key=value`` names, or None when it names none."""
    upper = key.upper()
    exact = upper in EXACT_MODEL_KEYS
    if not exact and not upper.endswith(MODEL_KEY_SUFFIXES):
        return None
    model = value.strip().strip("'\"")
    if not _plausible(model):
        return None
    provider, origin = None, Origin.HUB if "/" in model else Origin.API
    for prefix, prov, orig in KEY_PROVIDERS:
        if upper.startswith(prefix):
            provider, origin = prov, orig
            break
    if origin is Origin.HUB and not HUB_ID.match(model):
        origin = Origin.LOCAL
    if origin is Origin.API and provider is None and exact:
        origin = Origin.HUB if HUB_ID.match(model) and "/" in model else Origin.API
    confidence = Confidence.HIGH if upper in ("MODEL_ID", "HF_MODEL_ID") else Confidence.MEDIUM
    return Reference(
        model, kind, evidence, confidence, origin, provider, notes=(f"environment {upper}",)
    )


def split_command(text: str, line: int) -> list[Token]:
    """A shell command's words (one line's worth, continuations already joined)."""
    try:
        words = shlex.split(text, comments=True, posix=True)
    except ValueError:
        words = text.split()
    return [Token(w, line) for w in words]


def command_references(
    tokens: Sequence[Token], path: str, kind: str
) -> tuple[list[Reference], list[Unresolved]]:
    """Models a command line starts or downloads: ``--model X``, ``vllm serve X``,
    ``ollama pull X``, ``huggingface-cli download X``, TGI ``--model-id X``."""
    refs: list[Reference] = []
    unresolved: list[Unresolved] = []
    words = [t.text for t in tokens]
    revision = _flag_value(words, REVISION_FLAGS)
    served = _llama_cpp(words)

    def add(token: Token, origin: Origin, how: str) -> None:
        model = token.text
        evidence = Evidence(path, token.line)
        if model.startswith("$"):
            unresolved.append(Unresolved(kind, evidence, f"{how} is {model}, set at run time"))
            return
        if not _plausible(model):
            return
        if origin is Origin.HUB and not HUB_ID.match(model):
            origin = Origin.LOCAL
        refs.append(
            Reference(model, kind, evidence, Confidence.HIGH, origin, revision=revision,
                      notes=(how,))
        )  # fmt: skip

    for i, word in enumerate(words):
        name, eq, inline = word.partition("=")
        if name in MODEL_FLAGS and (served or name != "-m"):
            if eq:
                add(Token(inline, tokens[i].line), Origin.HUB, name)
            elif i + 1 < len(words):
                add(tokens[i + 1], Origin.HUB, name)
        elif word == "serve" and i > 0 and _base(words[i - 1]) == "vllm" and i + 1 < len(words):
            if not words[i + 1].startswith("-"):
                add(tokens[i + 1], Origin.HUB, "vllm serve")
        elif word in ("pull", "run") and i > 0 and _base(words[i - 1]) == "ollama":
            if i + 1 < len(words) and not words[i + 1].startswith("-"):
                add(tokens[i + 1], Origin.OLLAMA, f"ollama {word}")
        elif word == "download" and i > 0 and _base(words[i - 1]) in ("huggingface-cli", "hf"):
            rest = [t for t in tokens[i + 1 :] if not t.text.startswith("-")]
            if rest and "--repo-type" not in words[i + 1 :]:
                add(rest[0], Origin.HUB, f"{_base(words[i - 1])} download")
    return refs, unresolved


def _llama_cpp(words: list[str]) -> bool:
    """Whether the command runs llama.cpp, whose ``-m`` is the model (``python -m`` is not)."""
    return any(_base(w) in ("llama-server", "llama-cli", "llama-cpp-server") for w in words)


def _flag_value(words: list[str], flags: frozenset[str]) -> str | None:
    for i, word in enumerate(words):
        name, eq, inline = word.partition("=")
        if name in flags:
            if eq:
                return inline
            if i + 1 < len(words):
                return words[i + 1]
    return None


def _base(word: str) -> str:
    return word.rsplit("/", 1)[-1]


def _plausible(model: str) -> bool:
    """A value that can be a model name: not empty, no spaces, not a number or a switch."""
    if not model or len(model) > 300 or any(c.isspace() for c in model):
        return False
    if model.lower() in ("true", "false", "none", "null", "yes", "no"):
        return False
    if model.startswith(("-", "$", "{")) or "${" in model or "{{" in model:
        return False
    return not model.replace(".", "").isdigit()
