"""Bank transfers by VietQR: the order's QR, the SePay-style bank-feed webhook (auth,
idempotency, matching by the order code, partial / excess / late / already-paid /
unknown transfers), the payment page and its status poll, and the office review page."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from orders.models import (
    BankTransaction,
    LedgerEntry,
    Order,
    OrderEvent,
    Payment,
    PaymentMethod,
    ShopOrder,
)
from orders.selectors import bank as bank_selectors
from orders.services import bank, payments
from orders.vietqr import parse_tlv, verify_crc
from tests.factories.orders import vietqr_order
from tests.support.concurrency import run_concurrently
from tests.support.queries import get_counted

WEBHOOK = "/webhooks/bank/"
KEY = "bank-test-key"
Match = BankTransaction.Match


def sepay_body(
    content: str,
    amount: float,
    *,
    transaction_id: int = 92704,
    direction: str = "in",
    **overrides: Any,
) -> dict[str, Any]:
    """A SePay webhook body as the bank feed sends it."""
    body = {
        "id": transaction_id,
        "gateway": "Vietcombank",
        "transactionDate": "2026-11-28 14:02:37",
        "accountNumber": settings.VIETQR_ACCOUNT_NUMBER,
        "code": None,
        "content": content,
        "transferType": direction,
        "transferAmount": amount,
        "accumulated": 19_077_000,
        "subAccount": None,
        "referenceCode": "MBVCB.3278907687",
        "description": f"BankAPINotify {content}",
    }
    body.update(overrides)
    return body


def post_bank(
    client, body: Any, *, key: str | None = KEY, scheme: str = "Apikey", raw: bytes | None = None
):
    headers = {} if key is None else {"HTTP_AUTHORIZATION": f"{scheme} {key}"}
    return client.post(
        WEBHOOK,
        data=raw if raw is not None else json.dumps(body),
        content_type="application/json",
        **headers,
    )


def applied_payments(order: Order) -> list[tuple[str, str, int, int, str]]:
    return list(
        Payment.objects.filter(order=order)
        .order_by("id")
        .values_list("method", "status", "amount", "captured_amount", "idempotency_key")
    )


def transfer_events(order: Order) -> list[dict[str, Any]]:
    return list(
        OrderEvent.objects.filter(order=order, kind="bank_transfer")
        .order_by("id")
        .values_list("data", flat=True)
    )


def bank_rows(actor, **filters: Any):
    return bank_selectors.bank_transactions_for_office(actor=actor, **filters)


@pytest.fixture
def order(shop):
    return vietqr_order(shop=shop, total=2_277_000, shipping_fee=30_000)


def apply(content: str, amount: int, transaction_id: str = "1", **kwargs: Any) -> BankTransaction:
    return bank.bank_transaction_apply(
        provider="sepay",
        transaction_id=transaction_id,
        amount=amount,
        content=content,
        payload={"id": transaction_id},
        **kwargs,
    )


# --- Finding the order code ---------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "DH7K3M9Q2A",
        "CT DEN:123 DH7K3M9Q2A thanh toan",
        "dh7k 3m9q2a",
        "MBVCB.3278907687.DH7K-3M9Q2A.CT tu 0011000123 NGUYEN VAN AN toi 0011004455667",
        "Thanh toán đơn DH 7K3M 9Q2A cảm ơn",
        "IBFT dh7k3m9q2a-0912345678",
    ],
)
def test_order_code_found_in_mangled_content(content):
    assert "DH7K3M9Q2A" in bank.order_codes_in(content)


@pytest.mark.parametrize(
    "content", ["", "chuyen tien an trua", "DH7K3M9Q2", "DH0K3M9Q2A", "DH1K3M9Q2A"]
)
def test_no_order_code_in_content(content):
    assert "DH7K3M9Q2A" not in bank.order_codes_in(content)
    assert all(len(code) == 10 for code in bank.order_codes_in(content))


# --- The webhook -------------------------------------------------------------------------------


def test_transfer_with_mangled_content_pays_the_order(
    client, order, mailoutbox, django_capture_on_commit_callbacks
):
    mangled = f"CT DEN:0123 {order.number[:4].lower()} {order.number[4:].lower()} thanh toan"
    with django_capture_on_commit_callbacks(execute=True):
        response = post_bank(client, sepay_body(mangled, 2_277_000))

    assert response.status_code == 200
    assert response.json() == {"success": True}
    record = BankTransaction.objects.get()
    assert (
        record.provider,
        record.transaction_id,
        record.amount,
        record.order,
        record.match,
        record.needs_review,
    ) == ("sepay", "92704", 2_277_000, order, Match.MATCHED, False)
    assert record.account_number == settings.VIETQR_ACCOUNT_NUMBER
    assert record.transaction_at == datetime.datetime(2026, 11, 28, 7, 2, 37, tzinfo=datetime.UTC)
    assert record.payload["referenceCode"] == "MBVCB.3278907687"
    assert applied_payments(order) == [
        ("vietqr", "succeeded", 2_277_000, 2_277_000, "bank:sepay:92704")
    ]
    order.refresh_from_db()
    assert (order.status, order.payment_status, order.amount_paid) == (
        Order.Status.UNFULFILLED,
        Order.PaymentStatus.FULLY_CHARGED,
        2_277_000,
    )
    assert list(order.shop_orders.values_list("is_paid", flat=True)) == [True]
    assert (
        LedgerEntry.objects.filter(shop_order__order=order, kind=LedgerEntry.Kind.SALE).count() == 1
    )
    assert [e["match"] for e in transfer_events(order)] == ["matched"]
    assert OrderEvent.objects.filter(order=order, kind="paid").count() == 1
    assert order.email in [m.to[0] for m in mailoutbox]


def test_redelivered_transfer_is_recorded_and_applied_once(client, order):
    body = sepay_body(order.number, 1_000_000)
    first = post_bank(client, body)
    second = post_bank(client, body)

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json() == {"success": True}
    assert BankTransaction.objects.count() == 1
    assert Payment.objects.count() == 1
    assert len(transfer_events(order)) == 1
    order.refresh_from_db()
    assert order.amount_paid == 1_000_000


def test_service_repeat_returns_the_stored_row_unchanged(order):
    first = apply(order.number, 500_000, "A1")
    again = apply("something else entirely", 9_999, "A1")

    assert again.pk == first.pk
    assert (again.amount, again.content, again.match) == (500_000, order.number, Match.PARTIAL)
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    ("key", "scheme"),
    [
        (None, "Apikey"),
        ("wrong-key", "Apikey"),
        (KEY, "Bearer"),
        ("", "Apikey"),
        (KEY + "x", "Apikey"),
        ("khóa-sai", "Apikey"),
    ],
)
def test_wrong_or_missing_api_key_is_401_and_stores_nothing(client, order, key, scheme):
    response = post_bank(client, sepay_body(order.number, 2_277_000), key=key, scheme=scheme)

    assert response.status_code == 401
    assert response.json()["success"] is False
    assert BankTransaction.objects.count() == 0
    assert Payment.objects.count() == 0


def test_unconfigured_key_refuses_everything(client, order, settings):
    settings.BANK_WEBHOOK_API_KEY = ""

    response = post_bank(client, sepay_body(order.number, 2_277_000), key="")

    assert response.status_code == 401
    assert BankTransaction.objects.count() == 0


def test_scheme_is_case_insensitive(client, order):
    assert (
        post_bank(client, sepay_body(order.number, 2_277_000), scheme="apikey").status_code == 200
    )


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"{not json", "invalid JSON"),
        (b"\xff\xfe", "invalid JSON"),
        (b"[1, 2]", "JSON object"),
        (json.dumps({"id": 1, "transferType": "in"}).encode(), "missing fields: transferAmount"),
        (json.dumps({"transferType": "in", "transferAmount": 5}).encode(), "missing fields: id"),
        (json.dumps(sepay_body("DH7K3M9Q2A", 1, transferType="sideways")).encode(), "transferType"),
        (json.dumps(sepay_body("DH7K3M9Q2A", 0)).encode(), "invalid transfer"),
        (json.dumps(sepay_body("DH7K3M9Q2A", -50_000)).encode(), "invalid transfer"),
        (json.dumps(sepay_body("DH7K3M9Q2A", 1500.5)).encode(), "transferAmount"),
        (
            json.dumps(sepay_body("DH7K3M9Q2A", 1000, transactionDate="28/11/2026")).encode(),
            "transactionDate",
        ),
        (json.dumps({**sepay_body("DH7K3M9Q2A", 1000), "content": ["x"]}).encode(), "content"),
    ],
)
def test_bad_body_is_400_json_and_stores_nothing(client, order, raw, error):
    response = post_bank(client, None, raw=raw)

    assert response.status_code == 400
    data = response.json()
    assert data["success"] is False
    assert error in data["error"]
    assert BankTransaction.objects.count() == 0
    assert Payment.objects.count() == 0


def test_non_positive_amount_error_names_the_field(client, order):
    response = post_bank(client, sepay_body(order.number, 0))

    assert response.json()["fields"]["amount"][0].startswith("Chỉ nhận giao dịch tiền vào")


def test_webhook_is_post_only(client):
    response = client.get(WEBHOOK, HTTP_AUTHORIZATION=f"Apikey {KEY}")

    assert response.status_code == 405


def test_outgoing_transfer_is_acknowledged_and_ignored(client, order):
    response = post_bank(client, sepay_body(order.number, 2_277_000, direction="out"))

    assert response.status_code == 200
    assert response.json()["success"] is True
    assert BankTransaction.objects.count() == 0
    order.refresh_from_db()
    assert (order.status, order.amount_paid) == (Order.Status.UNCONFIRMED, 0)


# --- Outcomes --------------------------------------------------------------------------------


def test_partial_then_completing_transfer_pays_the_order(client, order):
    post_bank(client, sepay_body(f"{order.number} lan 1", 1_000_000, transaction_id=1))

    partial = BankTransaction.objects.get(transaction_id="1")
    assert (partial.match, partial.needs_review, partial.order) == (Match.PARTIAL, True, order)
    order.refresh_from_db()
    assert (order.status, order.payment_status, order.amount_paid) == (
        Order.Status.UNCONFIRMED,
        Order.PaymentStatus.PARTIALLY_CHARGED,
        1_000_000,
    )
    assert list(order.shop_orders.values_list("is_paid", flat=True)) == [False]
    status = client.get(reverse("orders:payment_status", args=[order.token])).json()
    assert status == {
        "paid": False,
        "payment_status": "partially_charged",
        "amount_due": 1_277_000,
        "status": "unconfirmed",
    }
    assert parse_tlv(bank.order_vietqr(order).payload())["54"] == "1277000"

    post_bank(client, sepay_body(f"{order.number} lan 2", 1_277_000, transaction_id=2))

    rest = BankTransaction.objects.get(transaction_id="2")
    assert (rest.match, rest.needs_review) == (Match.MATCHED, False)
    order.refresh_from_db()
    assert (order.status, order.payment_status, order.amount_paid) == (
        Order.Status.UNFULFILLED,
        Order.PaymentStatus.FULLY_CHARGED,
        2_277_000,
    )
    assert list(order.shop_orders.values_list("is_paid", flat=True)) == [True]
    assert [p[2] for p in applied_payments(order)] == [1_000_000, 1_277_000]
    assert [(e["amount_due"], e["applied"], e["match"]) for e in transfer_events(order)] == [
        (2_277_000, 1_000_000, "partial"),
        (1_277_000, 1_277_000, "matched"),
    ]


def test_overpayment_pays_the_order_and_flags_the_excess(client, order, ocop_office):
    post_bank(client, sepay_body(order.number, 2_500_000))

    record = BankTransaction.objects.get()
    assert (record.match, record.needs_review, record.amount) == (Match.OVERPAID, True, 2_500_000)
    assert applied_payments(order) == [
        ("vietqr", "succeeded", 2_277_000, 2_277_000, "bank:sepay:92704")
    ]
    order.refresh_from_db()
    assert (order.status, order.payment_status, order.amount_paid) == (
        Order.Status.UNFULFILLED,
        Order.PaymentStatus.FULLY_CHARGED,
        2_277_000,
    )
    row = bank_rows(ocop_office).get()
    assert (row.applied, row.to_resolve) == (2_277_000, 223_000)


def test_late_transfer_on_expired_order_is_flagged_not_applied(client, order):
    Order.objects.filter(pk=order.pk).update(
        payment_due_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert payments.expire_unpaid_orders() == 1

    response = post_bank(client, sepay_body(order.number, 2_277_000))

    assert response.status_code == 200
    record = BankTransaction.objects.get()
    assert (record.match, record.needs_review, record.order) == (Match.LATE, True, order)
    assert Payment.objects.count() == 0
    order.refresh_from_db()
    assert (order.status, order.amount_paid) == (Order.Status.EXPIRED, 0)
    assert list(order.shop_orders.values_list("status", "is_paid")) == [
        (ShopOrder.Status.CANCELLED, False)
    ]
    assert [e["applied"] for e in transfer_events(order)] == [0]


def test_late_transfer_on_cancelled_order(order):
    Order.objects.filter(pk=order.pk).update(status=Order.Status.CANCELLED)

    record = apply(order.number, 2_277_000)

    assert (record.match, record.needs_review) == (Match.LATE, True)
    assert Payment.objects.count() == 0


def test_transfer_for_paid_order_is_flagged_duplicate(order):
    apply(order.number, 2_277_000, "1")

    again = apply(order.number, 2_277_000, "2")

    assert (again.match, again.needs_review, again.order) == (Match.DUPLICATE, True, order)
    assert Payment.objects.count() == 1
    order.refresh_from_db()
    assert (order.amount_paid, order.payment_status) == (
        2_277_000,
        Order.PaymentStatus.FULLY_CHARGED,
    )


@pytest.mark.parametrize("content", ["DHZZZZZZZZ chuyen tien", "chuyen tien an trua", ""])
def test_unknown_or_missing_code_is_flagged_unmatched(client, order, content):
    response = post_bank(client, sepay_body(content, 2_277_000, description=""))

    assert response.status_code == 200
    record = BankTransaction.objects.get()
    assert (record.match, record.needs_review, record.order) == (Match.UNMATCHED, True, None)
    assert Payment.objects.count() == 0
    assert OrderEvent.objects.filter(kind="bank_transfer").count() == 0


def test_codes_of_two_orders_are_not_guessed(order, shop):
    other = vietqr_order(shop=shop, total=100_000)

    record = apply(f"{order.number} {other.number}", 2_377_000)

    assert (record.match, record.order) == (Match.UNMATCHED, None)
    assert Payment.objects.count() == 0


def test_transfer_to_a_cod_order_is_applied_but_flagged(shop):
    order = vietqr_order(
        shop=shop,
        total=200_000,
        payment_method=PaymentMethod.COD,
        status=Order.Status.UNFULFILLED,
        payment_due_at=None,
    )

    record = apply(order.number, 200_000)

    assert (record.match, record.needs_review) == (Match.MATCHED, True)
    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.FULLY_CHARGED
    assert transfer_events(order)[0]["payment_method"] == "cod"


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"amount": 0}, "amount", "not_positive"),
        ({"amount": -1}, "amount", "not_positive"),
        ({"amount": 1.5}, "amount", "invalid"),
        ({"amount": True}, "amount", "invalid"),
        ({"transaction_id": ""}, "transaction_id", "invalid"),
        ({"transaction_id": "x" * 101}, "transaction_id", "invalid"),
        ({"provider": ""}, "provider", "invalid"),
        ({"account_number": "9" * 31}, "account_number", "invalid"),
    ],
)
def test_service_rejects_bad_transfers(order, kwargs, field, code):
    args = {
        "provider": "sepay",
        "transaction_id": "1",
        "amount": 100,
        "content": order.number,
        "payload": {},
    }
    args.update(kwargs)

    with pytest.raises(ValidationError) as exc:
        bank.bank_transaction_apply(**args)

    assert exc.value.error_dict[field][0].code == code
    assert BankTransaction.objects.count() == 0


def test_transfer_after_the_deadline_before_expiry_is_applied_and_flagged(order):
    Order.objects.filter(pk=order.pk).update(
        payment_due_at=timezone.now() - datetime.timedelta(minutes=5)
    )

    record = apply(order.number, 2_277_000)

    assert (record.match, record.needs_review) == (Match.MATCHED, True)
    order.refresh_from_db()
    assert (order.status, order.payment_status) == (
        Order.Status.UNFULFILLED,
        Order.PaymentStatus.FULLY_CHARGED,
    )
    assert transfer_events(order)[0]["after_deadline"] is True


def test_partial_payment_on_an_order_that_then_expired_is_all_to_refund(order, ocop_office):
    apply(order.number, 1_000_000)
    Order.objects.filter(pk=order.pk).update(
        payment_due_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert payments.expire_unpaid_orders() == 1

    row = bank_rows(ocop_office).get()

    assert (row.match, row.needs_review, row.applied, row.to_resolve) == (
        Match.PARTIAL,
        True,
        1_000_000,
        1_000_000,
    )


# --- The QR ------------------------------------------------------------------------------------


def test_order_vietqr_is_a_valid_emvco_payload_for_the_amount_due(order):
    qr = bank.order_vietqr(order)
    payload = qr.payload()
    fields = parse_tlv(payload)

    assert verify_crc(payload)
    assert fields["54"] == "2277000"
    assert fields["53"] == "704"
    assert order.number in parse_tlv(fields["62"])["08"]
    merchant = parse_tlv(fields["38"])
    assert parse_tlv(merchant["01"]) == {
        "00": settings.VIETQR_BANK_BIN,
        "01": settings.VIETQR_ACCOUNT_NUMBER,
    }
    assert bank.vietqr_data_uri(qr).startswith("data:image/png;base64,iVBORw0KGgo")
    assert bank.vietqr_png(qr)[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ({"status": Order.Status.EXPIRED}, "order_closed"),
        ({"amount_paid": 2_277_000}, "already_paid"),
    ],
)
def test_no_qr_for_closed_or_paid_orders(order, setup, code):
    Order.objects.filter(pk=order.pk).update(**setup)
    order.refresh_from_db()

    with pytest.raises(ValidationError) as exc:
        bank.order_vietqr(order)

    assert exc.value.error_dict["order"][0].code == code


# --- Payment page and status ----------------------------------------------------------------------


def test_status_endpoint(client, order):
    url = reverse("orders:payment_status", args=[order.token])
    assert url == f"/orders/{order.token}/payment-status/"

    before = client.get(url)
    apply(order.number, 2_277_000)
    after = client.get(url)

    assert before.json() == {
        "paid": False,
        "payment_status": "not_charged",
        "amount_due": 2_277_000,
        "status": "unconfirmed",
    }
    assert after.json() == {
        "paid": True,
        "payment_status": "fully_charged",
        "amount_due": 0,
        "status": "unfulfilled",
    }
    assert "no-cache" in after["Cache-Control"]


def test_status_endpoint_unknown_token_is_404(client, order):
    response = client.get("/orders/00000000-0000-0000-0000-000000000000/payment-status/")

    assert response.status_code == 404
    assert client.get(f"/orders/{order.number}/payment-status/").status_code == 404


def test_pay_page_shows_the_qr_and_transfer_details(client, order):
    response = client.get(f"/orders/{order.token}/pay/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<img src="data:image/png;base64,' in html
    assert order.number in html
    assert "2.277.000 ₫" in html
    assert settings.VIETQR_ACCOUNT_NUMBER in html
    assert settings.VIETQR_ACCOUNT_NAME in html
    assert "Vietcombank" in html
    assert timezone.localtime(order.payment_due_at).strftime("%H:%M %d/%m/%Y") in html
    assert f"/orders/{order.token}/payment-status/" in html
    # the page polls through a static script (no inline script: Content-Security-Policy)
    assert "/static/orders/pay_vietqr.js" in html
    assert 'data-status-url="' in html


def test_pay_page_after_payment_says_paid(client, order):
    apply(order.number, 2_277_000)

    html = client.get(f"/orders/{order.token}/pay/").content.decode()

    assert 'id="payment-paid"' in html
    assert "data:image/png" not in html
    assert "setInterval" not in html


def test_pay_page_of_expired_order_shows_no_qr(client, order):
    Order.objects.filter(pk=order.pk).update(status=Order.Status.EXPIRED)

    html = client.get(f"/orders/{order.token}/pay/").content.decode()

    assert 'id="payment-closed"' in html
    assert "data:image/png" not in html


def test_pay_page_404_for_unknown_token_or_other_method(client, shop):
    cod = vietqr_order(shop=shop, payment_method=PaymentMethod.COD, status=Order.Status.UNFULFILLED)

    assert client.get("/orders/00000000-0000-0000-0000-000000000000/pay/").status_code == 404
    assert client.get(f"/orders/{cod.token}/pay/").status_code == 404


# --- Office review -------------------------------------------------------------------------------


OFFICE_URL = "/office/bank-transactions/"


def row(record: BankTransaction) -> str:
    return f'id="tx-{record.pk}"'


@pytest.fixture
def flagged(order):
    return apply(order.number, 2_500_000, "77")  # overpaid


@pytest.mark.parametrize(
    "actor", ["customer", "owner", "shop_staff", "other_owner", "other_sale_point_clerk"]
)
def test_office_pages_are_office_only(client, request, flagged, actor):
    client.force_login(request.getfixturevalue(actor))

    listing = client.get(OFFICE_URL)
    review = client.post(f"{OFFICE_URL}{flagged.pk}/review/", {"note": "refunded"})

    assert (listing.status_code, review.status_code) == (403, 403)
    flagged.refresh_from_db()
    assert (flagged.needs_review, flagged.reviewed_at) == (True, None)


def test_office_pages_need_login(client, flagged):
    assert client.get(OFFICE_URL).status_code == 302
    assert client.post(f"{OFFICE_URL}{flagged.pk}/review/", {"note": "x"}).status_code == 302
    flagged.refresh_from_db()
    assert flagged.needs_review is True


def test_office_lists_transfers_needing_review(client, ocop_office, order, flagged):
    ok = apply("chuyen tien khong ro", 50_000, "78")
    client.force_login(ocop_office)

    html = client.get(OFFICE_URL).content.decode()

    assert row(flagged) in html
    assert row(ok) in html
    assert "2.500.000 ₫" in html
    assert "223.000 ₫" in html
    assert order.number in html
    filtered = client.get(OFFICE_URL, {"match": "unmatched"}).content.decode()
    assert row(ok) in filtered
    assert row(flagged) not in filtered
    searched = client.get(OFFICE_URL, {"q": order.number}).content.decode()
    assert row(flagged) in searched
    assert row(ok) not in searched
    assert client.get(OFFICE_URL, {"date_from": "not-a-date"}).status_code == 400


def test_office_marks_a_transfer_reviewed(client, ocop_office, order, flagged):
    client.force_login(ocop_office)

    response = client.post(
        f"{OFFICE_URL}{flagged.pk}/review/", {"note": "Đã hoàn 223.000 đ cho khách"}
    )

    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.needs_review is False
    assert flagged.reviewed_at is not None
    assert flagged.payload["ocop_review"]["note"] == "Đã hoàn 223.000 đ cho khách"
    assert flagged.payload["id"] == "77"
    event = OrderEvent.objects.get(order=order, kind="bank_transfer_reviewed")
    assert (event.actor, event.data["note"]) == (ocop_office, "Đã hoàn 223.000 đ cho khách")
    assert row(flagged) not in client.get(OFFICE_URL).content.decode()
    reviewed = client.get(OFFICE_URL, {"state": "reviewed"}).content.decode()
    assert "Đã hoàn 223.000 đ cho khách" in reviewed


def test_review_needs_a_note_and_a_flagged_transfer(client, ocop_office, order, flagged):
    client.force_login(ocop_office)

    client.post(f"{OFFICE_URL}{flagged.pk}/review/", {"note": "  "})
    flagged.refresh_from_db()
    assert flagged.needs_review is True

    matched = apply(order.number, 1, "79")  # order already paid by ``flagged`` → duplicate, flagged
    bank.bank_transaction_review(actor=ocop_office, transaction=matched, note="ok")
    with pytest.raises(ValidationError) as exc:
        bank.bank_transaction_review(actor=ocop_office, transaction=matched, note="again")
    assert exc.value.error_dict["transaction"][0].code == "not_flagged"
    assert client.post(f"{OFFICE_URL}999999/review/", {"note": "x"}).status_code == 404


def test_review_service_is_office_only(customer, flagged):
    with pytest.raises(PermissionDenied):
        bank.bank_transaction_review(actor=customer, transaction=flagged, note="x")
    flagged.refresh_from_db()
    assert flagged.needs_review is True


def test_office_list_query_count_does_not_grow(client, ocop_office, shop):
    client.force_login(ocop_office)

    def count() -> int:
        return get_counted(client, OFFICE_URL, {"state": "all"})[0]

    for i in range(2):
        apply(vietqr_order(shop=shop).number, 1_000, f"q{i}")
    small = count()
    for i in range(2, 8):
        apply(vietqr_order(shop=shop).number, 1_000, f"q{i}")
    assert count() == small


# --- Concurrency (PostgreSQL) -------------------------------------------------------------------


@pytest.mark.service("postgresql")
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_concurrent_redeliveries_apply_once(shop):
    from django.test import Client

    order = vietqr_order(shop=shop, total=2_277_000)
    body = sepay_body(order.number, 2_277_000)

    results = run_concurrently(4, lambda i: post_bank(Client(), body).status_code)

    assert results == [("ok", 200)] * 4
    assert BankTransaction.objects.count() == 1
    assert Payment.objects.count() == 1
    order.refresh_from_db()
    assert (order.amount_paid, order.status) == (2_277_000, Order.Status.UNFULFILLED)
    assert OrderEvent.objects.filter(order=order, kind="paid").count() == 1
    assert (
        LedgerEntry.objects.filter(shop_order__order=order, kind=LedgerEntry.Kind.SALE).count() == 1
    )


@pytest.mark.service("postgresql")
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_full_transfers_at_once_are_not_both_matched(shop):
    order = vietqr_order(shop=shop, total=500_000)

    results = run_concurrently(2, lambda i: apply(order.number, 500_000, f"T{i}").match)

    assert sorted(r for _, r in results) == [Match.DUPLICATE, Match.MATCHED]
    assert Payment.objects.count() == 1
    order.refresh_from_db()
    assert order.amount_paid == 500_000
