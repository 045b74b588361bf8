"""Saleor's ``Warehouse`` — a stock location — is defined once, with the checkout part
that picks pickup points and fulfils from it (``orders/graphql/types/warehouse.py``).
The catalogue's ``Stock.warehouse`` and ``Channel.warehouses`` name it by graphene's lazy
reference, resolved when the schema is built: no import of ``orders`` (the import
contracts forbid it) and no stand-in type."""

WAREHOUSE = "orders.graphql.types.warehouse.Warehouse"
