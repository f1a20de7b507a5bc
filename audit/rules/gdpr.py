"""Rules of the gdpr family (registered on import)."""
