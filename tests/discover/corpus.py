"""The labelled discovery corpus (tests/fixtures/discovery), made complete for a run: copied
to a scratch folder with a GGUF file written by the gguf package and a Hugging Face cache laid
out as huggingface_hub writes it. Used by test_corpus.py and benchmarks/discovery.py."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml
from model_files import write_gguf, write_hf_cache

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "discovery"
REPOSITORIES = ("rag-service", "fine-tune", "agents", "batch-jobs")
GGUF = "agents/ollama/acme-support-8b.Q4_K_M.gguf"
CACHED = (
    ("nordlicht/claims-classifier-7b", "a" * 40, "---\nlicense: apache-2.0\n---\n"),
    ("BAAI/bge-m3", "b" * 40, "---\nlicense: mit\n---\n"),
)

Label = tuple[str, int, str]
"""(file relative to the corpus root, line, model)."""


@dataclass(frozen=True)
class Corpus:
    """A ready corpus: the roots to discover, the cache, and the truth."""

    root: Path
    roots: tuple[str, ...]
    cache: Path
    truth: frozenset[Label]


def prepare(scratch: Path) -> Corpus:
    """Copy the corpus under ``scratch`` and add its generated files."""
    root = scratch / "corpus"
    for name in REPOSITORIES:
        shutil.copytree(CORPUS / name, root / name, symlinks=True)
    write_gguf(
        root / GGUF,
        {
            "general.name": "Acme Support 8B",
            "general.license": "llama3.1",
            "general.base_model.count": 1,
            "general.base_model.0.organization": "Meta Llama",
            "general.base_model.0.name": "Llama 3.1 8B Instruct",
            "general.base_model.0.repo_url": "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct",
        },
    )
    cache = scratch / "hf-cache"
    truth = set(labels())
    truth.add((GGUF, 0, GGUF.rsplit("/", 1)[0]))
    for repo_id, commit, card in CACHED:
        write_hf_cache(cache, repo_id, commit, card)
        place = f"hf-cache:models--{repo_id.replace('/', '--')}/snapshots/{commit}"
        truth.add((place, 0, repo_id))
    return Corpus(root, tuple(str(root / n) for n in REPOSITORIES), cache, frozenset(truth))


def labels() -> list[Label]:
    """The hand-written labels of labels.yaml."""
    data = yaml.safe_load((CORPUS / "labels.yaml").read_text(encoding="utf-8"))
    out = []
    for item in data["references"]:
        where, model = item.split(" ", 1)
        path, line = where.rsplit(":", 1)
        out.append((path, int(line), model))
    return out


def found_labels(corpus: Corpus, references: object) -> frozenset[Label]:
    """Discovered references in the labels' terms (paths and folders under the root)."""
    prefix = corpus.root.as_posix() + "/"
    out = set()
    for ref in references:  # type: ignore[attr-defined]
        path = ref.evidence.path.removeprefix(prefix)
        out.add((path, ref.evidence.line, ref.model.removeprefix(prefix)))
    return frozenset(out)
