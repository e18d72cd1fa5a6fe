"""The checks, one small class each; the registry lists them (publisher.quality.registry)."""
