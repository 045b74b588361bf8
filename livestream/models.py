"""livestream models (built by their own issue)."""
