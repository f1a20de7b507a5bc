"""Models in the local Hugging Face cache, read offline with ``huggingface_hub.scan_cache_dir``.

Each cached model repository is a reference: its id, every cached revision (commit and the
refs pointing at it) and the licence of the model card at that revision (the README's YAML
front matter ``license:``; ``base_model:`` too). Nothing is downloaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from audit.discover.interface import Confidence, Evidence, FileFindings, Origin, Reference
from audit.discover.walker import read_bounded

MAX_CARD_BYTES = 1024 * 1024


def read_hf_cache(cache_dir: Path | None) -> FileFindings:
    """Every model repository of the cache at ``cache_dir`` (the default cache when None)."""
    try:
        from huggingface_hub import scan_cache_dir
        from huggingface_hub.errors import CacheNotFound
    except ImportError:  # pragma: no cover - huggingface_hub is a dependency
        return FileFindings(problems=("huggingface_hub is not installed; cache not read",))
    try:
        info = scan_cache_dir(cache_dir)
    except CacheNotFound as exc:
        return FileFindings(problems=(f"no Hugging Face cache at {exc.cache_dir}",))
    except (OSError, ValueError) as exc:
        return FileFindings(problems=(f"the Hugging Face cache cannot be read: {exc}",))
    refs = []
    for repo in sorted(info.repos, key=lambda r: (r.repo_type, r.repo_id)):
        if repo.repo_type != "model":
            continue
        for revision in sorted(repo.revisions, key=lambda r: r.commit_hash):
            card = _card(Path(revision.snapshot_path) / "README.md")
            licence = _string(card.get("license"))
            base = card.get("base_model")
            base_model = _string(base[0] if isinstance(base, list) and base else base)
            refs_named = ", ".join(sorted(revision.refs)) or "no ref"
            place = f"{Path(repo.repo_path).name}/snapshots/{revision.commit_hash}"
            refs.append(
                Reference(
                    repo.repo_id, "hf-cache", Evidence(f"hf-cache:{place}", 0), Confidence.HIGH,
                    Origin.HUB, revision=revision.commit_hash, licence=licence,
                    base_model=base_model, notes=(f"cached revision ({refs_named})",),
                )
            )  # fmt: skip
    problems = tuple(f"hf cache: {w}" for w in info.warnings)
    return FileFindings(tuple(refs), problems=problems)


def _card(path: Path) -> dict[str, Any]:
    """The YAML front matter of a model card, or {} when there is none (or it is broken)."""
    import yaml

    data = read_bounded(path, MAX_CARD_BYTES)
    if isinstance(data, str):
        return {}
    text = data.decode("utf-8", errors="replace")
    if not text.startswith("---"):
        return {}
    end = text.find("\n---", 3)
    if end < 0:
        return {}
    try:
        front = yaml.safe_load(text[3:end])
    except (yaml.YAMLError, RecursionError):
        return {}
    return front if isinstance(front, dict) else {}


def _string(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
