"""OCOP office routes under ``/office/`` (home, payout batches, bank transfers to review)."""

from django.urls import path  # noqa: F401

app_name = "orders_office"

urlpatterns: list = []

# The office's home: what needs doing today (orders/views/office_home.py).
from .views import office_home as office_home_views  # noqa: E402

urlpatterns += [path("", office_home_views.office_home, name="home")]

# Shop balances, adjustments and payout batches (orders/views/office.py).
from .views import office as office_views  # noqa: E402

urlpatterns += [
    path("balances/", office_views.balances, name="balances"),
    path("balances/adjust/", office_views.ledger_adjust, name="ledger_adjust"),
    path("payouts/", office_views.payout_list, name="payout_list"),
    path("payouts/create/", office_views.payout_create, name="payout_create"),
    path("payouts/<int:batch_id>/", office_views.payout_detail, name="payout_detail"),
    path("payouts/<int:batch_id>/csv/", office_views.payout_csv, name="payout_csv"),
    path(
        "payouts/<int:batch_id>/mark-paid/", office_views.payout_mark_paid, name="payout_mark_paid"
    ),
    path("payouts/<int:batch_id>/cancel/", office_views.payout_cancel, name="payout_cancel"),
]

# Bank-feed transfers to review (orders/views/bank_office.py).
from .views import bank_office as bank_office_views  # noqa: E402

urlpatterns += [
    path("bank-transactions/", bank_office_views.bank_transactions, name="bank_transactions"),
    path(
        "bank-transactions/<int:transaction_id>/review/",
        bank_office_views.bank_transaction_review,
        name="bank_transaction_review",
    ),
]

# Unpaid orders holding stock, for the office (orders/views/office_holds.py).
from .views import office_holds as office_holds_views  # noqa: E402

urlpatterns += [
    path("holds/", office_holds_views.stock_holds, name="stock_holds"),
    path(
        "holds/<int:order_id>/cancel/",
        office_holds_views.stock_hold_cancel,
        name="stock_hold_cancel",
    ),
]
