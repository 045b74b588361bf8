"""Producer dashboard routes under ``/dashboard/<shop_slug>/`` (orders, shipping, ledger,
statements). Views resolve the shop with ``shops.views.shop_view``."""

from django.urls import path  # noqa: F401

app_name = "orders_dashboard"

urlpatterns: list = []
