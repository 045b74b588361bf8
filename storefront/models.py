"""storefront models (built by their own issue)."""
