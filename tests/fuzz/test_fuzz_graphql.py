"""Fuzzing the GraphQL inputs a storefront, a buyer and a shop's staff send: ids,
quantities, prices, stock, address fields, sign-in text, search filters and paging.
Never a 500 or ``INTERNAL_ERROR``; every top-level error and payload error carries a
code; a refused mutation writes nothing (row counts unchanged)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orders.models import Checkout, CheckoutLine
from shops.models import Product, ProductVariant, Stock
from tests.fuzz.strategies import EDGE_INTS, HOSTILE_TEXT, INTS
from tests.support.graphql import gid, token_for

pytestmark = pytest.mark.django_db


#: Global ids of every shape: malformed, another type, keys past any column, negative.
def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8", "surrogatepass")).decode()


FUZZ_IDS = st.one_of(
    HOSTILE_TEXT,
    st.tuples(
        st.sampled_from(["ProductVariant", "Product", "Checkout", "Warehouse", "Nope", ""]),
        st.one_of(INTS.map(str), HOSTILE_TEXT),
    ).map(lambda pair: _b64(f"{pair[0]}:{pair[1]}")),
)
#: What a JSON client can put where GraphQL expects a number.
NUMBERS = st.one_of(INTS, st.floats(allow_nan=False), HOSTILE_TEXT)


def post(client, query: str, variables: dict[str, Any], token: str | None = None) -> dict:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    response = client.post(
        "/graphql/",
        json.dumps({"query": query, "variables": variables}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code in (200, 400), response.content[:300]
    answer = response.json()
    assert "INTERNAL_ERROR" not in json.dumps(answer)
    for error in answer.get("errors") or []:
        assert error["extensions"]["exception"]["code"], error
    return answer


def payload_errors(answer: dict, field: str) -> list[dict]:
    payload = (answer.get("data") or {}).get(field)
    if payload is None:
        return [{"code": "TOP_LEVEL"}] if answer.get("errors") else []
    assert all(error["code"] for error in payload["errors"])
    return payload["errors"]


CREATE = """mutation($lines: [CheckoutLineInput!]!, $email: String) {
  checkoutCreate(input: {channel: "default-channel", email: $email, lines: $lines}) {
    checkout { id } errors { field code message }
  }
}"""
LINES_ADD = """mutation($id: ID, $lines: [CheckoutLineInput!]!) {
  checkoutLinesAdd(id: $id, lines: $lines) { errors { field code message } }
}"""
LINES_UPDATE = """mutation($id: ID, $lines: [CheckoutLineUpdateInput!]!) {
  checkoutLinesUpdate(id: $id, lines: $lines) { errors { field code message } }
}"""
ADDRESS = """mutation($id: ID, $address: AddressInput!) {
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) {
    errors { field code message }
  }
}"""


@pytest.fixture
def variant_id(catalogue):
    return gid("ProductVariant", catalogue.fish.variants.get().pk)


@pytest.fixture
def checkout_id(client, variant_id):
    answer = post(client, CREATE, {"lines": [{"variantId": variant_id, "quantity": 1}]})
    return answer["data"]["checkoutCreate"]["checkout"]["id"]


def _counts() -> tuple[int, int, list]:
    return (
        Checkout.objects.count(),
        CheckoutLine.objects.count(),
        sorted(CheckoutLine.objects.values_list("variant_id", "quantity")),
    )


@given(
    variant=st.one_of(st.just("real"), FUZZ_IDS),
    quantity=NUMBERS,
    email=st.one_of(st.none(), HOSTILE_TEXT),
)
def test_checkout_create(client, variant_id, variant, quantity, email):
    before = _counts()
    lines = [{"variantId": variant_id if variant == "real" else variant, "quantity": quantity}]

    answer = post(client, CREATE, {"lines": lines, "email": email})

    if payload_errors(answer, "checkoutCreate"):
        assert _counts() == before


@given(
    variant=st.one_of(st.just("real"), FUZZ_IDS),
    quantity=NUMBERS,
    checkout=st.one_of(st.just("real"), FUZZ_IDS),
    update=st.booleans(),
)
def test_checkout_lines_add_and_update(
    client, variant_id, checkout_id, variant, quantity, checkout, update
):
    before = _counts()
    variables = {
        "id": checkout_id if checkout == "real" else checkout,
        "lines": [
            {"variantId": variant_id if variant == "real" else variant, "quantity": quantity}
        ],
    }

    answer = post(client, LINES_UPDATE if update else LINES_ADD, variables)

    field = "checkoutLinesUpdate" if update else "checkoutLinesAdd"
    if payload_errors(answer, field):
        assert _counts() == before


ADDRESS_FIELDS = st.fixed_dictionaries(
    {},
    optional=dict.fromkeys(
        (
            "firstName",
            "lastName",
            "companyName",
            "streetAddress1",
            "streetAddress2",
            "city",
            "cityArea",
            "postalCode",
            "countryArea",
            "phone",
        ),
        HOSTILE_TEXT,
    )
    | {"country": st.sampled_from(["VN", "US", "XX", "", "vn"])},
)


@given(address=ADDRESS_FIELDS)
def test_checkout_shipping_address(client, checkout_id, address):
    before = sorted(Checkout.objects.values_list("shipping_address_id", flat=True))

    answer = post(client, ADDRESS, {"id": checkout_id, "address": address})

    if payload_errors(answer, "checkoutShippingAddressUpdate"):
        assert sorted(Checkout.objects.values_list("shipping_address_id", flat=True)) == before


TOKEN = """mutation($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token errors { field code message } }
}"""


@given(email=HOSTILE_TEXT, password=HOSTILE_TEXT)
def test_token_create(client, customer, email, password):
    answer = post(client, TOKEN, {"email": email, "password": password})

    payload = (answer.get("data") or {}).get("tokenCreate")
    assert payload is None or payload["token"] is None
    payload_errors(answer, "tokenCreate")


SEARCH = """query($search: String, $first: Int, $last: Int, $after: String, $before: String,
                 $filter: ProductFilterInput) {
  products(channel: "default-channel", first: $first, last: $last, after: $after,
           before: $before, search: $search, filter: $filter) {
    totalCount edges { node { id } }
  }
}"""


@given(
    search=st.one_of(st.none(), HOSTILE_TEXT),
    first=st.one_of(st.none(), NUMBERS),
    last=st.one_of(st.none(), EDGE_INTS),
    after=st.one_of(st.none(), HOSTILE_TEXT, FUZZ_IDS),
    before=st.one_of(st.none(), FUZZ_IDS),
    filter=st.fixed_dictionaries(
        {},
        optional={
            "price": st.fixed_dictionaries({}, optional={"gte": NUMBERS, "lte": NUMBERS}),
            "ocopStars": st.lists(NUMBERS, max_size=3),
            "ocopStarsMin": NUMBERS,
            "ids": st.lists(FUZZ_IDS, max_size=3),
            "districts": st.lists(HOSTILE_TEXT, max_size=2),
            "search": HOSTILE_TEXT,
        },
    ),
)
def test_product_search(client, catalogue, search, first, last, after, before, filter):
    post(
        client,
        SEARCH,
        {
            "search": search,
            "first": first,
            "last": last,
            "after": after,
            "before": before,
            "filter": filter,
        },
    )


PRODUCT_CREATE = """mutation($type: ID!, $name: String, $weight: WeightScalar, $rating: Float) {
  productCreate(input: {productType: $type, name: $name, weight: $weight, rating: $rating}) {
    product { id } errors { field code message }
  }
}"""
LISTING = """mutation($id: ID!, $price: PositiveDecimal!, $prior: PositiveDecimal) {
  productVariantChannelListingUpdate(id: $id, input: [{channelId: "Q2hhbm5lbDpkZWZhdWx0LWNoYW5uZWw=",
                                                        price: $price, priorPrice: $prior}]) {
    errors { field code message }
  }
}"""
VARIANT_UPDATE = """mutation($id: ID!, $sku: String, $weight: WeightScalar, $barcode: String) {
  productVariantUpdate(id: $id, input: {sku: $sku, weight: $weight, barcode: $barcode}) {
    errors { field code message }
  }
}"""
STOCKS = """mutation($id: ID!, $warehouse: ID!, $quantity: Int!) {
  productVariantStocksUpdate(variantId: $id, stocks: [{warehouse: $warehouse, quantity: $quantity}]) {
    errors { field code message }
  }
}"""


def _catalogue_rows() -> tuple:
    return (
        Product.objects.count(),
        sorted(
            ProductVariant.objects.values_list(
                "pk", "sku", "price", "compare_at_price", "weight_grams"
            )
        ),
        sorted(Stock.objects.values_list("pk", "quantity")),
    )


@given(
    name=HOSTILE_TEXT, weight=st.one_of(st.none(), NUMBERS), rating=st.one_of(st.none(), NUMBERS)
)
def test_staff_product_create(client, catalogue, owner, name, weight, rating):
    product_type = gid("ProductType", catalogue.fish.product_group_id)
    before = _catalogue_rows()

    answer = post(
        client,
        PRODUCT_CREATE,
        {"type": product_type, "name": name, "weight": weight, "rating": rating},
        token=token_for(owner),
    )

    if payload_errors(answer, "productCreate"):
        assert _catalogue_rows() == before


@given(
    operation=st.sampled_from(["listing", "variant", "stocks"]),
    target=st.one_of(st.just("real"), FUZZ_IDS),
    number=NUMBERS,
    text=HOSTILE_TEXT,
)
def test_staff_variant_prices_and_stock(client, catalogue, owner, operation, target, number, text):
    variant = catalogue.fish.variants.get()
    variant_id = gid("ProductVariant", variant.pk) if target == "real" else target
    warehouse = gid("Warehouse", catalogue.shop.warehouses.get().pk)
    query, variables, field = {
        "listing": (
            LISTING,
            {"id": variant_id, "price": number, "prior": number},
            "productVariantChannelListingUpdate",
        ),
        "variant": (
            VARIANT_UPDATE,
            {"id": variant_id, "sku": text, "weight": number, "barcode": text},
            "productVariantUpdate",
        ),
        "stocks": (
            STOCKS,
            {"id": variant_id, "warehouse": warehouse, "quantity": number},
            "productVariantStocksUpdate",
        ),
    }[operation]
    before = _catalogue_rows()

    answer = post(client, query, variables, token=token_for(owner))

    if payload_errors(answer, field):
        assert _catalogue_rows() == before
