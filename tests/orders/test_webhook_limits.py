"""Webhook bodies are bounded before use (marketplace/bounded.py): size (413), JSON depth,
numbers and text the database can hold, amounts and dates a bank can report (400 with a
``code``), and nothing is stored for a refused body. Before, a 30 000-deep body raised
``RecursionError``, ``"transferAmount": "²"`` a ``ValueError``, an amount past bigint an
``OverflowError``/``DataError`` and a NUL in the content a ``DataError``: all 500s."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings

from orders.models import BankTransaction, Payment, StripeEvent
from tests.factories.orders import vietqr_order
from tests.orders.builders import stripe_signature

BANK = "/webhooks/bank/"
STRIPE = "/webhooks/stripe/"


def transfer(**overrides: Any) -> dict[str, Any]:
    body = {
        "id": 92704,
        "gateway": "Vietcombank",
        "transactionDate": "2026-11-28 14:02:37",
        "accountNumber": settings.VIETQR_ACCOUNT_NUMBER,
        "content": "chuyen tien",
        "transferType": "in",
        "transferAmount": 150_000,
    }
    body.update(overrides)
    return body


def post_bank(client, raw: bytes):
    return client.post(
        BANK,
        data=raw,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Apikey {settings.BANK_WEBHOOK_API_KEY}",
    )


@pytest.fixture
def order(shop):
    return vietqr_order(shop=shop, total=2_277_000, shipping_fee=30_000)


def assert_nothing_stored():
    assert BankTransaction.objects.count() == 0
    assert Payment.objects.count() == 0


@pytest.mark.django_db
def test_a_normal_transfer_still_lands(client, order):
    response = post_bank(client, json.dumps(transfer(content=order.number)).encode())

    assert response.status_code == 200
    assert BankTransaction.objects.count() == 1


@pytest.mark.django_db
def test_a_body_over_the_limit_is_413(client, order, settings):
    settings.WEBHOOK_MAX_BODY_BYTES = 1024
    response = post_bank(client, json.dumps(transfer(note="x" * 2000)).encode())

    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"
    assert_nothing_stored()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"[" * 30_000 + b"]" * 30_000, "json_too_deep"),
        (
            json.dumps(transfer(extra=[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]])).encode(),
            "json_too_deep",
        ),
        (json.dumps(transfer(transferAmount=2**70)).encode(), "number_out_of_range"),
        (json.dumps(transfer(content="DH\x00")).encode(), "invalid_text"),
        (json.dumps(transfer(content="\ud800")).encode(), "invalid_text"),
        (json.dumps(transfer(content="x" * 5000)).encode(), "string_too_long"),
        (b'{"id": 1, "transferType": "in", "transferAmount": NaN}', "invalid_json"),
        (json.dumps(transfer(transferAmount="²")).encode(), "invalid"),
        (json.dumps(transfer(transferAmount="9" * 30)).encode(), "invalid"),
        (json.dumps(transfer(transferAmount=10_000_000_001)).encode(), "invalid"),
        (json.dumps(transfer(transactionDate="0001-01-01 00:00:00")).encode(), "invalid"),
        (json.dumps(transfer(transactionDate="9999-12-31 23:59:59")).encode(), "invalid"),
    ],
)
def test_an_unbounded_body_is_a_coded_400_and_stores_nothing(client, order, raw, code):
    response = post_bank(client, raw)

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert response.json()["code"] == code
    assert_nothing_stored()


@pytest.mark.django_db
def test_amount_up_to_the_money_limit_is_accepted(client, order):
    response = post_bank(
        client, json.dumps(transfer(transferAmount=str(settings.MONEY_MAX_VND))).encode()
    )

    assert response.status_code == 200
    assert BankTransaction.objects.get().amount == settings.MONEY_MAX_VND


def signed_post(client, payload: bytes):
    return client.post(
        STRIPE,
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=stripe_signature(payload),
    )


def event(**data: Any) -> bytes:
    return json.dumps(
        {"id": "evt_1", "object": "event", "type": "customer.created", "data": {"object": data}}
    ).encode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        (event(name="Nguyễn\x00"), 400, "invalid_text"),
        (event(deep=json.loads("[" * 25 + "]" * 25)), 400, "json_too_deep"),
        (event(blob="x" * 300_000), 413, "body_too_large"),
    ],
)
def test_a_signed_but_unstorable_stripe_event_is_refused(client, payload, status, code):
    """Checked before the signature (which only Stripe can make): a correctly signed event
    with NUL in a customer's name would otherwise fail to store (a 500, retried)."""
    response = signed_post(client, payload)

    assert response.status_code == status
    assert response.json()["code"] == code
    assert not StripeEvent.objects.exists()


@pytest.mark.django_db
def test_a_signed_plain_stripe_event_is_still_received(client):
    response = signed_post(client, event(name="Nguyễn Văn An"))

    assert response.status_code == 200
    assert StripeEvent.objects.get().type == "customer.created"
