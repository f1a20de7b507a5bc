"""The reviewed list of hosts where a ``primary`` source may live (``primary_hosts.yaml``).

``primary`` means the licensor's, legislator's or operator's own text was read; a copy of
it elsewhere is ``secondary``. The list is data so that it is reviewed like any fact.
"""

from __future__ import annotations

import functools
from importlib import resources
from urllib.parse import urlsplit

import yaml

HOSTS_FILE = "primary_hosts.yaml"


@functools.lru_cache(maxsize=1)
def primary_host_prefixes() -> tuple[str, ...]:
    """Every reviewed prefix (``host`` or ``host/owner[/...]``), lower-cased, in file order."""
    text = (resources.files("licences") / HOSTS_FILE).read_text(encoding="utf-8")
    document = yaml.safe_load(text)
    return tuple(str(item["prefix"]).lower().strip("/") for item in document["hosts"])


def is_primary_host(url: str) -> bool:
    """True when ``url`` lies on a reviewed primary host (owner included where listed).

    ``https://github.com/meta-llama/llama-models/...`` passes because
    ``github.com/meta-llama`` is listed; a fork or a mirror under another owner does not.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    segments = [s for s in parts.path.lower().split("/") if s]
    for prefix in primary_host_prefixes():
        want_host, *want_path = prefix.split("/")
        if host == want_host and segments[: len(want_path)] == want_path:
            return True
    return False
