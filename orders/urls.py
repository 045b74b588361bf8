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
    path(
        "orders/<uuid:token>/payment-status/", bank_pay.order_payment_status, name="payment_status"
    ),
]

# Cart, checkout, confirmation and card payment pages (orders/views/checkout.py).
from .views import checkout as checkout_views  # noqa: E402

urlpatterns += [
    path("cart/", checkout_views.cart_view, name="cart"),
    path("cart/add/", checkout_views.cart_add, name="cart_add"),
    path("cart/lines/<int:variant_id>/", checkout_views.cart_line_update, name="cart_line_update"),
    path(
        "cart/lines/<int:variant_id>/remove/",
        checkout_views.cart_line_remove,
        name="cart_line_remove",
    ),
    path("checkout/", checkout_views.checkout_view, name="checkout"),
    path("checkout/communes/", checkout_views.communes_json, name="checkout_communes"),
    path(
        "checkout/confirmation/<uuid:token>/",
        checkout_views.checkout_confirmation,
        name="checkout_confirmation",
    ),
    path("orders/<uuid:token>/pay/card/", checkout_views.order_pay_card, name="order_pay_card"),
]

# Buyer's order history and detail, signed tracking link, buyer cancellation
# (orders/views/account.py).
from .views import account as account_views  # noqa: E402

urlpatterns += [
    path("account/orders/", account_views.order_history, name="account_orders"),
    path("account/orders/<str:number>/", account_views.order_detail, name="account_order_detail"),
    path(
        "account/orders/<str:number>/cancel/<str:shop_order_number>/",
        account_views.order_cancel,
        name="account_order_cancel",
    ),
    path("orders/track/<str:signed>/", account_views.order_track, name="order_track"),
    path(
        "orders/track/<str:signed>/cancel/<str:shop_order_number>/",
        account_views.order_track_cancel,
        name="order_track_cancel",
    ),
]

# The buyer's address book (orders/views/addresses.py).
from .views import addresses as address_views  # noqa: E402

urlpatterns += [
    path("account/addresses/", address_views.address_list, name="account_addresses"),
    path("account/addresses/new/", address_views.address_add, name="account_address_add"),
    path(
        "account/addresses/<int:address_id>/",
        address_views.address_edit,
        name="account_address_edit",
    ),
    path(
        "account/addresses/<int:address_id>/delete/",
        address_views.address_delete,
        name="account_address_delete",
    ),
    path(
        "account/addresses/<int:address_id>/default/",
        address_views.address_set_default,
        name="account_address_default",
    ),
]
