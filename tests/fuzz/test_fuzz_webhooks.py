"""Fuzzing the webhooks with correctly authenticated bodies (so every example reaches the
parser): the bank feed (``Authorization: Apikey``) and Stripe (a real signature). Never a
500; a refused body is a JSON 4xx with a ``code`` and stores nothing."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from orders.models import BankTransaction, Payment, StripeEvent
from tests.factories.orders import vietqr_order
from tests.fuzz.strategies import HOSTILE_TEXT, INTS, JSON
from tests.orders.builders import stripe_signature

pytestmark = pytest.mark.django_db

#: A SePay body whose every field may be replaced by anything.
TRANSFER = st.fixed_dictionaries(
    {
        "id": st.one_of(INTS, HOSTILE_TEXT),
        "transferType": st.sampled_from(["in", "out", "IN", "sideways", ""]) | JSON,
        "transferAmount": st.one_of(INTS, HOSTILE_TEXT, st.floats(), JSON),
    },
    optional={
        "content": st.one_of(HOSTILE_TEXT, st.just("DH7K3M9Q2A"), JSON),
        "description": HOSTILE_TEXT,
        "accountNumber": st.one_of(HOSTILE_TEXT, INTS),
        "transactionDate": st.one_of(
            HOSTILE_TEXT,
            st.datetimes().map(lambda d: d.strftime("%Y-%m-%d %H:%M:%S")),
            JSON,
        ),
        "gateway": JSON,
        "extra": JSON,
    },
)


def _dumps(value) -> bytes:
    # json.dumps writes a lone surrogate as the escape "\ud800", as a hostile client would
    return json.dumps(value, allow_nan=True).encode()


@pytest.fixture
def order(shop):
    return vietqr_order(shop=shop, total=2_277_000, shipping_fee=30_000)


def _post_bank(client, raw: bytes):
    return client.post(
        "/webhooks/bank/",
        data=raw,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Apikey {settings.BANK_WEBHOOK_API_KEY}",
    )


def _check_bank(response, before: tuple[int, int]) -> None:
    assert response.status_code in (200, 400, 413), response.content[:300]
    body = response.json()
    if response.status_code != 200:
        assert body["success"] is False
        assert body["code"]
        assert (BankTransaction.objects.count(), Payment.objects.count()) == before


@given(body=TRANSFER)
def test_bank_webhook_fields(client, order, body):
    before = (BankTransaction.objects.count(), Payment.objects.count())

    _check_bank(_post_bank(client, _dumps(body)), before)


@given(raw=st.one_of(st.binary(max_size=200), JSON.map(_dumps)))
def test_bank_webhook_any_body(client, order, raw):
    before = (BankTransaction.objects.count(), Payment.objects.count())

    _check_bank(_post_bank(client, raw), before)


EVENT = st.fixed_dictionaries(
    {
        "id": st.one_of(st.text(min_size=1, max_size=30).map(lambda t: "evt_" + t), JSON),
        "object": st.just("event"),
        "type": st.sampled_from(
            [
                "payment_intent.succeeded",
                "payment_intent.payment_failed",
                "payment_intent.canceled",
                "charge.refunded",
                "checkout.session.completed",
                "customer.created",
            ]
        )
        | HOSTILE_TEXT,
        "data": st.one_of(st.fixed_dictionaries({"object": JSON}), JSON),
    }
)


@given(event=EVENT)
def test_stripe_webhook_signed_events(client, event):
    payload = _dumps(event)
    before = StripeEvent.objects.count()

    response = client.post(
        "/webhooks/stripe/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=stripe_signature(payload),
    )

    assert response.status_code in (200, 400, 413), response.content[:300]
    if response.status_code != 200:
        assert response.json()["code"]
        assert StripeEvent.objects.count() == before
