"""Rules of the ai_act family (registered on import)."""
