"""Buyer-facing routes (cart, checkout, order history, tracking) and payment webhooks.
Several modules add routes here: keep each block together."""

from django.urls import path  # noqa: F401

from .views import stripe_webhook

app_name = "orders"

urlpatterns: list = [
    path("webhooks/stripe/", stripe_webhook.stripe_webhook, name="stripe_webhook"),
]
