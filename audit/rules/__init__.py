"""Rules: the registry, the context rules read, and one module per family."""

from audit.rules.registry import Rule, all_rules, get_rule, rule

__all__ = ["Rule", "all_rules", "get_rule", "rule"]
