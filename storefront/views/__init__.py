"""Consumer pages, one module per area (home, catalogue, product, shop, seo, errors...).
Views stay thin: they parse the request, call selectors/services and render."""
