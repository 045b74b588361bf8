"""Buyer-facing routes (cart, checkout, order history, tracking) and payment webhooks.
Several modules add routes here: keep each block together."""

from django.urls import path  # noqa: F401

from .views import stripe_webhook

app_name = "orders"

urlpatterns: list = [
    path("webhooks/stripe/", stripe_webhook.stripe_webhook, name="stripe_webhook"),
]

# Bank transfers by VietQR: bank-feed webhook, payment page and its status poll
# (orders/views/webhooks.py, orders/views/bank_pay.py).
from .views import bank_pay, webhooks  # noqa: E402

urlpatterns += [
    path("webhooks/bank/", webhooks.bank_webhook, name="bank_webhook"),
    path("orders/<uuid:token>/pay/", bank_pay.order_pay_vietqr, name="pay_vietqr"),
    path("orders/<uuid:token>/payment-status/", bank_pay.order_payment_status, name="payment_status"),
]
