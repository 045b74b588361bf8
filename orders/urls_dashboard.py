"""Producer dashboard routes under ``/dashboard/<shop_slug>/`` (orders, shipping, ledger,
statements). Views resolve the shop with ``shops.views.shop_view``."""

from django.urls import path  # noqa: F401

app_name = "orders_dashboard"

urlpatterns: list = []

# Ledger and monthly statements (orders/views/ledger.py).
from .views import ledger as ledger_views  # noqa: E402

urlpatterns += [
    path("ledger/", ledger_views.ledger, name="ledger"),
    path("statements/<int:year>/<int:month>/", ledger_views.statement, name="statement"),
    path("statements/<int:year>/<int:month>/csv/", ledger_views.statement_csv, name="statement_csv"),
]
