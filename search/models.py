"""search models (built by their own issue)."""
