"""Licence rules LIC001-LIC012: importing this package registers them.

Rules ask the knowledge base about terms ("does this licence cap monthly users?"), never
about licence names, so a new licence is a data-only change.
"""

from audit.rules.licence import duties, identity, lineage, terms, upstream, use_policy

__all__ = ["duties", "identity", "lineage", "terms", "upstream", "use_policy"]
