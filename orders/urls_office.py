"""OCOP office routes under ``/office/`` (payout batches, bank transfers to review)."""

from django.urls import path  # noqa: F401

app_name = "orders_office"

urlpatterns: list = []
