"""Rules of the licence family (registered on import)."""
