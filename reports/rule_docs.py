"""Where each rule's documentation page (``docs/rules/<ID>.md``) can be read.

SARIF ``helpUri`` and the pull-request summary link to it. The base is, in this order:
``MODEL_AUDIT_DOCS_URL`` (the GitHub Action sets it to its own repository and ref); the git
repository and commit pip installed the tool from (``direct_url.json``, PEP 610); the
``docs/rules`` folder of the checkout the tool runs from, as a ``file:`` URI; else
``PLACEHOLDER``, which says honestly that no home is known.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from urllib.parse import quote, urlsplit

from audit.errors import InputError, InputProblem

DOCS_URL_ENV = "MODEL_AUDIT_DOCS_URL"
PLACEHOLDER = "https://model-audit.invalid/docs/rules/"
"""Used only when the tool runs from neither a checkout nor a git install."""

RULES_FOLDER = "docs/rules"
CHECKOUT_DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules"
"""``docs/rules`` of the source checkout (present for a checkout or an editable install)."""

_FORGES = ("github.com", "gitlab.com", "codeberg.org")
"""Forges whose web view of a file at a commit is ``<repo>/blob/<commit>/<path>``."""


def rule_doc_url(rule_id: str, base: str | None = None) -> str:
    """The address of rule ``rule_id``'s documentation page."""
    return (base or docs_base_url()) + quote(f"{rule_id}.md")


def docs_base_url() -> str:
    """The folder URL (ending in ``/``) holding every rule's page; see the module docstring.

    A ``MODEL_AUDIT_DOCS_URL`` that is not an http(s) URL is unusable input (exit 2).
    """
    configured = os.environ.get(DOCS_URL_ENV, "").strip()
    if configured:
        return _checked_env_url(configured)
    return _installed_base()


def _checked_env_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in value for c in " <>"):
        raise InputError(
            [
                InputProblem(
                    DOCS_URL_ENV,
                    0,
                    "",
                    f"expected an http(s) URL of the folder holding the rule pages; got {value!r}",
                )
            ]
        )
    return value if value.endswith("/") else value + "/"


@cache
def _installed_base() -> str:
    from_git = _git_install_base()
    if from_git is not None:
        return from_git
    if CHECKOUT_DOCS.is_dir():
        return CHECKOUT_DOCS.as_uri() + "/"
    return PLACEHOLDER


def _git_install_base() -> str | None:
    """The forge URL of ``docs/rules`` at the commit pip installed from, if it was a git URL."""
    from importlib import metadata

    try:
        text = metadata.distribution("model-audit").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not text:
        return None
    try:
        record = json.loads(text)
    except ValueError:
        return None
    vcs = record.get("vcs_info") if isinstance(record, dict) else None
    if not isinstance(vcs, dict) or vcs.get("vcs") != "git":
        return None
    url, commit = str(record.get("url") or ""), str(vcs.get("commit_id") or "")
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.hostname not in _FORGES:
        return None
    if not re.fullmatch(r"[0-9a-f]{40}(?:[0-9a-f]{24})?", commit):
        return None
    repo = parts.path.removesuffix(".git").strip("/")
    if not re.fullmatch(r"[\w.-]+(?:/[\w.-]+)+", repo):
        return None
    return f"https://{parts.hostname}/{repo}/blob/{commit}/{RULES_FOLDER}/"
