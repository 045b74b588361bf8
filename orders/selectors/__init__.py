"""Every read of the orders app, one module per use case: ``cart`` (the priced checkout),
``checkout`` (finding a checkout), ``delivery`` (delivery options, collection points),
``payments`` (gateways, what a checkout paid), ``orders`` (one order through
``access_order``, the buyer's orders, tracking links), ``fulfilment`` (a shop's orders),
``staff`` (a shop's orders through the API), ``shipping``, ``address_book``, ``bank``,
``ledger`` and ``units`` (administrative units for addresses). Selectors only read; they
are scoped to the acting user."""
