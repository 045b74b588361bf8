"""Buyer-facing routes (cart, checkout, order history, tracking) and payment webhooks.
Several modules add routes here: keep each block together."""

from django.urls import path  # noqa: F401

app_name = "orders"

urlpatterns: list = []
