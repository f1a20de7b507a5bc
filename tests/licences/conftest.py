"""Fixtures for the licence knowledge-base tests: the knowledge base and the shared corpus."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from licences import KnowledgeBase, load_knowledge_base

SHARED = Path(os.environ.get("MODEL_AUDIT_SHARED", Path(__file__).resolve().parents[3] / "shared"))
CORPUS = SHARED / "corpus"


def corpus_texts() -> list[Path]:
    """Licence texts of the shared corpus (empty when the corpus is absent)."""
    folder = CORPUS / "licence-texts"
    return sorted(folder.glob("*.txt")) if folder.is_dir() else []


def expected_key(path: Path) -> str:
    """The knowledge-base key a corpus text must be identified as (its file-name prefix)."""
    return path.name.split("__", 1)[0]


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The shipped knowledge base."""
    return load_knowledge_base()


@pytest.fixture(scope="session")
def licence_corpus() -> Path:
    """The folder of real licence texts; tests skip when it is absent."""
    folder = CORPUS / "licence-texts"
    if not folder.is_dir():
        pytest.skip(f"shared corpus not found at {folder}")
    return folder


@pytest.fixture(scope="session")
def card_corpus() -> Path:
    """The folder of real model cards; tests skip when it is absent."""
    folder = CORPUS / "model-cards"
    if not folder.is_dir():
        pytest.skip(f"shared corpus not found at {folder}")
    return folder


@dataclass(frozen=True)
class CorpusCase:
    """One licence text of the shared corpus and the key it must be identified as."""

    path: Path
    text: str

    @property
    def key(self) -> str:
        return expected_key(self.path)

    @property
    def is_use_policy(self) -> bool:
        return "USE_POLICY" in self.path.name


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run a test taking ``corpus_case`` once per corpus licence text."""
    if "corpus_case" in metafunc.fixturenames:
        paths: list[Path | None] = list(corpus_texts()) or [None]
        ids = [path.name if path else "corpus-absent" for path in paths]
        metafunc.parametrize("corpus_case", paths, ids=ids, indirect=True)


@pytest.fixture
def corpus_case(request: pytest.FixtureRequest) -> CorpusCase:
    """The corpus text of this test case; skips when the corpus is absent."""
    path: Path | None = request.param
    if path is None:
        pytest.skip(f"shared corpus not found at {CORPUS / 'licence-texts'}")
    return CorpusCase(path, path.read_text(encoding="utf-8"))
