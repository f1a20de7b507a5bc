"""What discovery finds: model references with their evidence, and what it could not resolve.

Every reader (Python, LiteLLM, serving configs, model files, the Hugging Face cache) returns
these frozen values; nothing downstream reads the scanned files again.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Confidence(str, enum.Enum):
    """How sure a reader is that a value names a model in use."""

    HIGH = "high"
    """A literal (or a constant resolved in the same file) in a place that only takes a model."""
    MEDIUM = "medium"
    """A default value (``os.getenv("MODEL", "x")``), one of several assignments, or a
    config key that usually holds a model."""
    LOW = "low"
    """A guess from a generic key or call."""


class Origin(str, enum.Enum):
    """Where the model was expected to come from, for the proposed inventory entry."""

    HUB = "huggingface"
    """A Hugging Face Hub repository id (``org/name``)."""
    LOCAL = "local"
    """A folder or file on disk."""
    API = "api"
    """A provider's model name behind an API."""
    OLLAMA = "ollama"
    """An Ollama library tag (``llama3.1:8b``)."""


@dataclass(frozen=True, order=True)
class Evidence:
    """A place in a scanned file."""

    path: str
    """The file, relative to the root it was found under, '/'-separated."""
    line: int
    """1-based line; 0 for a whole file (a model file's header)."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Reference:
    """One use of a model found in a file."""

    model: str
    """The model as written: a Hub id, a provider's model name, a path, an Ollama tag."""
    kind: str
    """The construct that names it, e.g. ``from_pretrained``, ``openai``, ``litellm``."""
    evidence: Evidence
    confidence: Confidence
    origin: Origin
    provider: str | None = None
    """A provider catalogue id (``openai``, ``amazon-bedrock``...) when the construct says."""
    base_url: str | None = None
    """The API base URL or endpoint given next to the model."""
    region: str | None = None
    """A region given next to the model (``region_name``, ``location``, ``aws_region_name``)."""
    revision: str | None = None
    """A Hub revision given next to the model."""
    licence: str | None = None
    """A licence stated by the file itself (GGUF ``general.license``, a Modelfile LICENSE)."""
    alias: str | None = None
    """The router name a LiteLLM ``model_name`` gives this model."""
    base_model: str | None = None
    """The model a deployment runs when the file says (LiteLLM ``model_info.base_model``)."""
    notes: tuple[str, ...] = ()
    """What a reader should know: a resolved constant, an unresolved ``os.environ/`` value."""


@dataclass(frozen=True)
class Unresolved:
    """A place that takes a model whose value the reader could not work out (never guessed)."""

    kind: str
    evidence: Evidence
    reason: str
    """Why: e.g. ``model=settings.MODEL`` is an attribute, ``os.environ/AZURE_MODEL``."""


@dataclass(frozen=True)
class Skipped:
    """A file or folder the walker did not read, and why (size, symlink, limit)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Export:
    """A string a Python module binds at module or class level, for other modules."""

    name: str
    value: str
    evidence: Evidence
    confidence: Confidence


@dataclass(frozen=True)
class Deferred:
    """A model argument naming something the module imports: resolved across the tree."""

    name: str
    """The name to look up (``chat_model`` of ``settings.chat_model``)."""
    template: Reference
    """The reference to make, its ``model`` still empty."""
    litellm: bool
    """The value is a LiteLLM ``provider/model`` string."""
    unresolved: Unresolved
    """What to report when no module of the tree defines the name."""


@dataclass(frozen=True)
class FileFindings:
    """What one reader found in one file."""

    references: tuple[Reference, ...] = ()
    unresolved: tuple[Unresolved, ...] = ()
    problems: tuple[str, ...] = ()
    """Why the file could not be read completely (a syntax error, a bad header)."""
    exports: tuple[Export, ...] = ()
    deferred: tuple[Deferred, ...] = ()


@dataclass(frozen=True)
class Discovery:
    """Everything a discovery run found, in a deterministic order."""

    roots: tuple[str, ...]
    references: tuple[Reference, ...]
    unresolved: tuple[Unresolved, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    problems: tuple[str, ...] = ()
    files_seen: int = 0
    """Regular files the walker listed (after .gitignore)."""
    files_read: int = 0
    """Files a reader opened."""
    truncated: bool = False
    """True when the file-count limit stopped the walk."""
