"""Rules of the advisory family (registered on import)."""
