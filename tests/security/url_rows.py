"""The URL rows of the authorization matrix: one per URL name of the root URLconf (every
``admin:*`` name is the one row ``admin``; the unnamed media pattern is ``media``).

Adding a view: add a ``UrlRow`` below under its app (CONTRIBUTING.md, "The authorization
matrix"). ``kwargs`` points the URL at the own shop's objects (``world.shop``,
``world.product``, ``world.order`` of the customer …, tests/security/world.py); unsafe
views use ``method="POST"`` (the refused actors must write nothing); ``expected`` gives the
seven actors' outcomes, usually a profile of matrix.py (``SHOP_MEMBERS``, ``OFFICE_ONLY``,
``PUBLIC``, ``SIGNED_IN``) or ``expect(DEFAULT, actor=OUTCOME, ...)``."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from .matrix import (
    DENY,
    LOGIN,
    OFFICE_ONLY,
    OK,
    PUBLIC,
    REJECT,
    SIGNED_IN,
    UrlRow,
    expect,
)
from .url_rows_shop import SHOP_ROWS

#: The customer's own things (orders, addresses): every other signed-in actor sees a 404.
CUSTOMER_ONLY = expect(DENY, anonymous=LOGIN, customer=OK)


def _order_number(world):
    return {"number": world.order.number}


def _token(world):
    return {"token": world.order.token}


def _vietqr_token(world):
    return {"token": world.vietqr_order.token}


def _fill_cart(client, world):
    client.post(reverse("orders:cart_add"), {"variant_id": world.variant.pk, "quantity": 1})


def _address(world):
    return {"address_id": world.address.pk}


def _batch(world):
    return {"batch_id": world.payout_batch.pk}


ROOT_ROWS = [
    UrlRow("healthz", PUBLIC),
    UrlRow(
        "admin",
        expect(LOGIN, office=OK),
        path=lambda w: "/admin/",
        note="every admin:* page: the admin's own staff and permission checks",
    ),
    UrlRow("graphql", expect(REJECT), note="GET without a query; the API's cells: graphql_rows"),
    UrlRow("set_language", PUBLIC, method="POST", data=lambda w: {"language": "en", "next": "/"}),
    UrlRow("sitemap", PUBLIC),
    UrlRow("robots_txt", PUBLIC),
    UrlRow(
        "media",
        expect(DENY),
        path=lambda w: settings.MEDIA_URL + w.document.file.name,
        note="a producer document is never under MEDIA_URL (private storage, own view)",
    ),
]

ACCOUNT_ROWS = [
    UrlRow("after_login", SIGNED_IN),
    UrlRow("login", PUBLIC),
    UrlRow("logout", expect(LOGIN), method="POST", note="signs out, then to the sign-in page"),
    UrlRow("signup", PUBLIC),
    UrlRow("signup_confirm", PUBLIC, kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"}),
    UrlRow("password_reset", PUBLIC),
    UrlRow("password_reset_done", PUBLIC),
    UrlRow(
        "password_reset_confirm", PUBLIC, kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"}
    ),
    UrlRow("password_reset_complete", PUBLIC),
    UrlRow("producer_apply", PUBLIC),
    UrlRow("two_factor_manage", SIGNED_IN),
    UrlRow("two_factor_setup", SIGNED_IN),
    UrlRow(
        "two_factor_verify",
        expect(LOGIN),
        note="the second step of a sign-in in progress; without one, back to the sign-in page",
    ),
    UrlRow("privacy_notice", PUBLIC),
    UrlRow("account_privacy", SIGNED_IN),
    UrlRow(
        "account_privacy_marketing",
        SIGNED_IN,
        method="POST",
        data=lambda w: {"marketing": "on"},
        note="one's own marketing consent",
    ),
    UrlRow("account_data_download", SIGNED_IN, method="POST", note="one's own data only"),
    UrlRow(
        "account_delete",
        SIGNED_IN,
        method="POST",
        note="without the password: the form's error (tests/marketplace/test_privacy_account.py)",
    ),
    UrlRow(
        "producer_document",
        expect(DENY, anonymous=LOGIN, owner=OK, office=OK),
        kwargs=lambda w: {"document_id": w.document.pk},
        note="the applicant (the own shop's owner) and the office",
    ),
]


def _application(world):
    return {"producer_id": world.application.pk}


OFFICE_ROWS = [
    UrlRow("orders_office:home", OFFICE_ONLY),
    UrlRow("audit_list", OFFICE_ONLY),
    UrlRow("audit_export", OFFICE_ONLY),
    UrlRow("shops_office:application_list", OFFICE_ONLY),
    UrlRow("shops_office:application_detail", OFFICE_ONLY, kwargs=_application),
    UrlRow("shops_office:application_approve", OFFICE_ONLY, kwargs=_application, method="POST"),
    UrlRow(
        "shops_office:application_reject",
        OFFICE_ONLY,
        kwargs=_application,
        method="POST",
        data=lambda w: {"reason": "Thiếu giấy chứng nhận ATTP"},
    ),
    UrlRow("orders_office:stock_holds", OFFICE_ONLY),
    UrlRow(
        "orders_office:stock_hold_cancel",
        OFFICE_ONLY,
        kwargs=lambda w: {"order_id": w.vietqr_order.pk},
        method="POST",
        data=lambda w: {"reason": "Giữ hàng bất thường"},
    ),
    UrlRow("orders_office:balances", OFFICE_ONLY),
    UrlRow("orders_office:ledger_adjust", OFFICE_ONLY, method="POST"),
    UrlRow("orders_office:payout_list", OFFICE_ONLY),
    UrlRow("orders_office:payout_create", OFFICE_ONLY, method="POST"),
    UrlRow("orders_office:payout_detail", OFFICE_ONLY, kwargs=_batch),
    UrlRow("orders_office:payout_csv", OFFICE_ONLY, kwargs=_batch, method="POST"),
    UrlRow("orders_office:payout_mark_paid", OFFICE_ONLY, kwargs=_batch, method="POST"),
    UrlRow("orders_office:payout_cancel", OFFICE_ONLY, kwargs=_batch, method="POST"),
    UrlRow("orders_office:bank_transactions", OFFICE_ONLY),
    UrlRow(
        "orders_office:bank_transaction_review",
        OFFICE_ONLY,
        kwargs=lambda w: {"transaction_id": w.bank_transaction.pk},
        method="POST",
    ),
]

BUYER_ROWS = [
    UrlRow("orders:stripe_webhook", expect(REJECT), method="POST", note="Stripe signature"),
    UrlRow("orders:bank_webhook", expect(REJECT), method="POST", note="bank feed's token"),
    UrlRow("orders:pay_vietqr", PUBLIC, kwargs=_vietqr_token, note="the order's secret token"),
    UrlRow("orders:payment_status", PUBLIC, kwargs=_vietqr_token),
    UrlRow("orders:cart", PUBLIC),
    UrlRow("orders:cart_add", PUBLIC, method="POST"),
    UrlRow(
        "orders:cart_line_update",
        PUBLIC,
        kwargs=lambda w: {"variant_id": w.variant.pk},
        method="POST",
        data=lambda w: {"quantity": 2},
        prepare=_fill_cart,
    ),
    UrlRow(
        "orders:cart_line_remove",
        PUBLIC,
        kwargs=lambda w: {"variant_id": w.variant.pk},
        method="POST",
        prepare=_fill_cart,
    ),
    UrlRow("orders:checkout", PUBLIC),
    UrlRow("orders:checkout_communes", PUBLIC),
    UrlRow(
        "orders:checkout_confirmation",
        expect(DENY, customer=OK),
        kwargs=_token,
        note="the buyer's account (or the session that placed it)",
    ),
    UrlRow(
        "orders:order_pay_card",
        expect(DENY, customer=OK),
        kwargs=lambda w: {"token": w.card_order.token},
        note="the buyer's account (or the session that placed it)",
    ),
    UrlRow("orders:account_orders", SIGNED_IN),
    UrlRow("orders:account_order_detail", CUSTOMER_ONLY, kwargs=_order_number),
    UrlRow(
        "orders:account_order_cancel",
        CUSTOMER_ONLY,
        kwargs=lambda w: {"number": w.order.number, "shop_order_number": w.shop_order.number},
        method="POST",
    ),
    UrlRow("orders:order_track", PUBLIC, kwargs=lambda w: {"signed": w.tracking}),
    UrlRow(
        "orders:order_track_cancel",
        PUBLIC,
        kwargs=lambda w: {"signed": w.tracking, "shop_order_number": w.shop_order.number},
        method="POST",
        note="whoever holds the signed link of the order e-mail",
    ),
    UrlRow("orders:account_addresses", SIGNED_IN),
    UrlRow("orders:account_address_add", SIGNED_IN),
    UrlRow("orders:account_address_edit", CUSTOMER_ONLY, kwargs=_address),
    UrlRow("orders:account_address_delete", CUSTOMER_ONLY, kwargs=_address, method="POST"),
    UrlRow("orders:account_address_default", CUSTOMER_ONLY, kwargs=_address, method="POST"),
]

STOREFRONT_ROWS = [
    UrlRow("storefront:home", PUBLIC),
    UrlRow("storefront:catalogue", PUBLIC),
    UrlRow("storefront:suggest", PUBLIC),
    UrlRow("storefront:product", PUBLIC, kwargs=lambda w: {"slug": w.product.slug}),
    UrlRow("storefront:trace_barcode", PUBLIC, kwargs=lambda w: {"barcode": w.variant.barcode}),
    UrlRow("storefront:trace", PUBLIC, kwargs=lambda w: {"slug": w.product.slug}),
    UrlRow("storefront:trace_label", PUBLIC, kwargs=lambda w: {"slug": w.product.slug}),
    UrlRow("storefront:trace_qr", PUBLIC, kwargs=lambda w: {"slug": w.product.slug}),
    UrlRow("storefront:shop_list", PUBLIC),
    UrlRow("storefront:shop", PUBLIC, kwargs=lambda w: {"slug": w.shop.slug}),
    UrlRow(
        "storefront:shop_follow",
        expect(OK, anonymous=LOGIN),
        kwargs=lambda w: {"slug": w.shop.slug},
        method="POST",
    ),
]

URL_ROWS: list[UrlRow] = [
    *ROOT_ROWS,
    *ACCOUNT_ROWS,
    *SHOP_ROWS,
    *OFFICE_ROWS,
    *BUYER_ROWS,
    *STOREFRONT_ROWS,
]
