"""Writes of the shops app, one module per area: catalogue, media, stock, csv_io."""
