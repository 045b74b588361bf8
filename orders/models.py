"""orders models (built by their own issue)."""
