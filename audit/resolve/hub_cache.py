"""The Hub client's local side: its settings and its on-disk answer cache.

Settings are read from the environment when a client is built, never at import, so a test
can point ``HF_ENDPOINT`` at a local server after importing this module. The answer cache
keeps the model-info JSON the Hub returned, keyed by endpoint, repo and revision, so that
``--offline`` can give the same answers without a network.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

DEFAULT_ENDPOINT = "https://huggingface.co"
CACHE_FORMAT = 1
"""Bumped when the cache file layout changes; older files are then ignored."""

CachedStatus = Literal["ok", "not-found", "gated"]
"""Answers worth keeping: the Hub's word on a repo. Failures to reach it are never cached."""

_TRUE = {"1", "on", "yes", "true"}


@dataclass(frozen=True)
class HubSettings:
    """Everything the client needs from its arguments and the environment."""

    endpoint: str
    """Base URL of the Hub, without a trailing slash."""
    token: str | None
    """Token to send (explicit, ``HF_TOKEN``, or the saved login), or None for anonymous."""
    offline: bool
    answers_dir: Path
    """Our model-info cache: ``$HF_HOME/model-audit/hub-cache`` unless given."""
    files_dir: Path
    """huggingface_hub's own file cache (``HF_HUB_CACHE`` or ``$HF_HOME/hub``)."""

    @classmethod
    def resolve(
        cls,
        *,
        offline: bool,
        endpoint: str | None,
        token: str | None,
        cache_dir: Path | None,
        environ: Mapping[str, str] | None = None,
    ) -> HubSettings:
        """Combine explicit arguments with ``HF_ENDPOINT``, ``HF_TOKEN``, ``HF_HUB_OFFLINE``,
        ``HF_HOME``, ``HF_HUB_CACHE`` and ``HF_TOKEN_PATH``; arguments win."""
        env = os.environ if environ is None else environ
        home = hf_home(env)
        chosen_endpoint = (endpoint or env.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")
        files = Path(env["HF_HUB_CACHE"]).expanduser() if env.get("HF_HUB_CACHE") else home / "hub"
        return cls(
            endpoint=chosen_endpoint,
            token=token or _token_from(env, home),
            offline=offline or env.get("HF_HUB_OFFLINE", "").strip().lower() in _TRUE,
            answers_dir=cache_dir or home / "model-audit" / "hub-cache",
            files_dir=files,
        )


def hf_home(env: Mapping[str, str]) -> Path:
    """The Hugging Face home folder, as huggingface_hub itself would choose it."""
    if env.get("HF_HOME"):
        return Path(env["HF_HOME"]).expanduser()
    xdg = env.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "huggingface"


def _token_from(env: Mapping[str, str], home: Path) -> str | None:
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"):
        value = env.get(name, "").strip()
        if value:
            return value
    # The saved ``hf auth login`` token, unless implicit tokens are switched off.
    if env.get("HF_HUB_DISABLE_IMPLICIT_TOKEN", "").strip().lower() in _TRUE:
        return None
    path = Path(env["HF_TOKEN_PATH"]).expanduser() if env.get("HF_TOKEN_PATH") else home / "token"
    try:
        saved = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return saved or None


@dataclass(frozen=True)
class CachedAnswer:
    """One answer of the Hub as kept on disk."""

    status: CachedStatus
    info: dict[str, Any] | None
    """The model-info JSON for ``ok``; None otherwise."""
    problem: str | None
    fetched_at: str
    """ISO 8601 UTC time the Hub gave this answer."""


class AnswerCache:
    """Model-info answers on disk, one JSON file per endpoint, repo and revision.

    Writes are atomic (a temporary file renamed into place), so concurrent look-ups and an
    interrupted run never leave a half-written file; unreadable files count as absent.
    """

    def __init__(self, root: Path, endpoint: str) -> None:
        self.root = root
        self.endpoint = endpoint

    def path_for(self, repo_id: str, revision: str | None) -> Path:
        """The file holding the answer for ``repo_id`` at ``revision`` (None: the default)."""
        key = f"{self.endpoint}\n{repo_id}\n{revision or ''}"
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
        host = re.sub(r"[^A-Za-z0-9.-]+", "_", urlsplit(self.endpoint).netloc or "hub")
        folder = "models--" + re.sub(r"[^A-Za-z0-9._-]+", "_", repo_id.replace("/", "--"))
        return self.root / host / folder / f"{digest}.json"

    def read(self, repo_id: str, revision: str | None) -> CachedAnswer | None:
        """The kept answer, or None when absent, unreadable or for another key."""
        path = self.path_for(repo_id, revision)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
            return None
        same_key = (
            data.get("endpoint") == self.endpoint
            and data.get("repo_id") == repo_id
            and data.get("revision") == revision
        )
        status = data.get("status")
        info = data.get("info")
        if not same_key or status not in ("ok", "not-found", "gated"):
            return None
        if status == "ok" and not isinstance(info, dict):
            return None
        problem = data.get("problem")
        return CachedAnswer(
            status=status,
            info=info if isinstance(info, dict) else None,
            problem=problem if isinstance(problem, str) else None,
            fetched_at=str(data.get("fetched_at", "")),
        )

    def write(
        self,
        repo_id: str,
        revision: str | None,
        status: CachedStatus,
        info: Mapping[str, Any] | None,
        problem: str | None,
    ) -> bool:
        """Keep an answer; False (and nothing changed) when the disk refuses."""
        path = self.path_for(repo_id, revision)
        record = {
            "format": CACHE_FORMAT,
            "endpoint": self.endpoint,
            "repo_id": repo_id,
            "revision": revision,
            "fetched_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "status": status,
            "problem": problem,
            "info": dict(info) if info is not None else None,
        }
        temporary: Path | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, prefix=".tmp-", suffix=".json", delete=False
            ) as handle:
                temporary = Path(handle.name)
                json.dump(record, handle, ensure_ascii=False)
            # Readers see the old file or the new one, never a half-written one.
            os.replace(temporary, path)
        except (OSError, TypeError, ValueError):
            if temporary is not None:
                with contextlib.suppress(OSError):
                    temporary.unlink()
            return False
        return True


def info_from_local_snapshot(
    files_dir: Path, repo_id: str, revision: str | None
) -> dict[str, Any] | None:
    """A model-info-shaped dict rebuilt from a README.md in huggingface_hub's file cache.

    Used offline when we never asked the Hub about a repo but something (an earlier
    download, ``hf download``) left its README in the local cache. The card's front matter
    becomes ``cardData``; tags are derived from it the way the Hub derives them; siblings are
    the files present locally (perhaps not all of the repository's); gating is unknown.
    """
    from huggingface_hub import try_to_load_from_cache
    from huggingface_hub.repocard import metadata_load

    try:
        found = try_to_load_from_cache(repo_id, "README.md", cache_dir=files_dir, revision=revision)
    except Exception:  # noqa: BLE001 - a broken local cache is just a miss
        return None
    if not isinstance(found, str):
        return None
    snapshot = Path(found).parent
    try:
        card_data = metadata_load(found) or {}
    except Exception:  # noqa: BLE001 - unreadable file or YAML: a miss, like no file at all
        return None
    siblings = sorted(
        p.relative_to(snapshot).as_posix() for p in snapshot.rglob("*") if p.is_file()
    )
    return {
        "id": repo_id,
        "sha": snapshot.name,
        "cardData": card_data,
        "tags": _tags_from_card(card_data),
        "siblings": [{"rfilename": name} for name in siblings],
        "pipeline_tag": card_data.get("pipeline_tag"),
    }


def _tags_from_card(card_data: Mapping[str, Any]) -> list[str]:
    def strings(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    tags = strings(card_data.get("tags"))
    tags += [f"license:{v}" for v in strings(card_data.get("license"))]
    tags += [f"base_model:{v}" for v in strings(card_data.get("base_model"))]
    tags += [f"dataset:{v}" for v in strings(card_data.get("datasets"))]
    return list(dict.fromkeys(tags))
