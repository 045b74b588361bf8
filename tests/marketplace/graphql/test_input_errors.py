"""Bad ids and bad text never reach a resolver as a Python or database error: the client
gets a coded error (``extensions.exception.code``), never ``INTERNAL_ERROR`` or the
exception's text, and nothing is written. Each case failed before: graphene's ``node``
raised plain exceptions (masked as ``INTERNAL_ERROR``), ``"\\ud800"`` raised
``UnicodeEncodeError`` and ``"\\u0000"`` a PostgreSQL ``DataError`` inside writes,
``createdTo: "9999-12-31"`` an ``OverflowError``."""

from __future__ import annotations

import base64

import pytest

from orders.models import Checkout
from tests.support.graphql import gid, gql, token_for

NODE = "query($id: ID!) { node(id: $id) { __typename id } }"
NOTE = """mutation($id: ID!, $note: String!) {
  checkoutCustomerNoteUpdate(id: $id, customerNote: $note) { errors { field code } }
}"""
CREATE = """mutation($v: ID!) {
  checkoutCreate(input: {channel: "default-channel", email: "an@example.vn",
                         lines: [{variantId: $v, quantity: 1}]}) {
    checkout { id } errors { field code }
  }
}"""


def codes(answer):
    return [e.get("extensions", {}).get("exception", {}).get("code") for e in answer["errors"]]


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["not base64 !", b64("Nope:1"), b64("Product"), ""])
def test_node_with_a_malformed_id_is_a_coded_error(client, value):
    answer = gql(client, NODE, {"id": value})

    assert codes(answer) == ["GRAPHQL_ERROR"]
    assert answer["errors"][0]["message"].startswith("Invalid ID:")
    assert answer["data"] == {"node": None}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value",
    [
        b64("Product:x"),
        b64("Product:-1"),
        b64("Product:99999999999999999999999"),
        b64("ProductVariant:1.5"),
        b64("Checkout:not-a-uuid"),
    ],
)
def test_node_with_an_unreadable_key_finds_nothing(client, catalogue, value):
    answer = gql(client, NODE, {"id": value})

    assert "errors" not in answer
    assert answer["data"] == {"node": None}


@pytest.mark.django_db
def test_node_still_finds_what_exists(client, catalogue):
    answer = gql(client, NODE, {"id": gid("Product", catalogue.fish.pk)})

    assert answer["data"]["node"]["__typename"] == "Product"


@pytest.fixture
def checkout_id(client, catalogue):
    variant = catalogue.fish.variants.get()
    return gql(client, CREATE, {"v": gid("ProductVariant", variant.pk)})["data"]["checkoutCreate"][
        "checkout"
    ]["id"]


@pytest.mark.django_db
@pytest.mark.parametrize("note", ["a\x00b", "\ud800", "ok\udfff"])
def test_unstorable_text_in_a_variable_is_refused_before_any_write(client, checkout_id, note):
    response = client.post(
        "/graphql/",
        {"query": NOTE, "variables": {"id": checkout_id, "note": note}},
        content_type="application/json",
    )

    assert response.status_code == 400
    answer = response.json()
    assert codes(answer) == ["GRAPHQL_ERROR"]
    assert answer["errors"][0]["message"] == (
        "Variable $note: Text may not contain NUL characters or unpaired surrogates."
    )
    assert list(Checkout.objects.values_list("note", flat=True)) == [""]


@pytest.mark.django_db
def test_unstorable_text_in_a_literal_is_refused(client, checkout_id):
    query = 'mutation($id: ID!) { checkoutCustomerNoteUpdate(id: $id, customerNote: "a\\u0000b") { errors { code } } }'

    answer = gql(client, query, {"id": checkout_id})

    assert codes(answer) == ["GRAPHQL_ERROR"]
    assert list(Checkout.objects.values_list("note", flat=True)) == [""]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("query($s: String!) { shop(slug: $s) { name } }", {"s": "\ud800"}),
        (
            "mutation($e: String!, $p: String!) { tokenCreate(email: $e, password: $p) { token } }",
            {"e": "a\x00@example.vn", "p": "x"},
        ),
        ("mutation($t: String!) { tokenVerify(token: $t) { isValid } }", {"t": "\ud800"}),
    ],
)
def test_reads_and_sign_in_refuse_unstorable_text_too(client, query, variables):
    answer = gql(client, query, variables)

    assert codes(answer) == ["GRAPHQL_ERROR"]


@pytest.mark.django_db
def test_a_date_at_the_end_of_the_calendar_filters_nothing_out(client, shop, owner):
    query = """query($f: ShopOrderFilterInput) {
      shopOrders(first: 5, filter: $f) { edges { node { id } } }
    }"""

    answer = gql(
        client,
        query,
        {"f": {"createdFrom": "0001-01-01", "createdTo": "9999-12-31"}},
        token=token_for(owner),
    )

    assert "errors" not in answer
    assert answer["data"]["shopOrders"] == {"edges": []}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        ("{ shops(first: -1) { totalCount } }", {}, "GRAPHQL_ERROR"),
        ("{ nope }", {}, "GRAPHQL_ERROR"),
        ("query($n: Int!) { shops(first: 1, last: $n) { totalCount } }", {"n": 2**40}, None),
        ("query($n: Int!) { products(first: $n) { totalCount } }", {"n": 2**40}, None),
    ],
)
def test_every_top_level_error_is_coded(client, query, variables, code):
    """A schema error (an argument out of range, an unknown field, an Int past 32 bits)
    carries Saleor's ``extensions.exception.code`` like every other error."""
    answer = gql(client, query, variables)

    assert answer["errors"]
    assert all(codes(answer))
    assert code is None or set(codes(answer)) == {code}
    assert "INTERNAL_ERROR" not in str(answer)


@pytest.mark.django_db
@pytest.mark.parametrize("offset", ["-5", "99999999999999999999999", "²", "1e3"])
def test_a_cursor_past_any_page_is_the_client_s_error(client, catalogue, offset):
    query = 'query($after: String) { products(first: 2, after: $after, channel: "default-channel") { totalCount } }'

    answer = gql(client, query, {"after": b64(f"offset:{offset}")})

    assert codes(answer) == ["GRAPHQL_ERROR"]
    assert answer["errors"][0]["message"].startswith("Received cursor")
