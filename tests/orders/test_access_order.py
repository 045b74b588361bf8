"""``access_order``: the one lookup of a customer order, by number, token or id, for who
may read it — its buyer, whoever proves holding its token, and for the API the OCOP
office and the shops it concerns — and ``NotFound`` for everyone else, exactly as for a
missing order."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser

from marketplace.errors import NotFound
from orders.models import PaymentMethod
from orders.selectors.orders import (
    access_order,
    order_for_viewer,
    order_scope,
    tracking_token_read,
    tracking_token_sign,
)
from tests.factories.marketplace import UserFactory
from tests.factories.orders import placed_order
from tests.orders.builders import sellable

ACTORS = ("anonymous", "stranger", "owner", "other_owner", "ocop_office", "other_sale_point_clerk")


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def stranger(db):
    return UserFactory(username="stranger")


@pytest.fixture
def variant(shop):
    return sellable(shop, stock=10)


@pytest.fixture
def order(shop, variant, customer):
    return placed_order([(shop, [(variant, 1)])], user=customer)


@pytest.fixture
def guest_order(shop, variant):
    return placed_order([(shop, [(variant, 1)])])


@pytest.fixture
def two_shop_order(shop, other_shop, variant, customer):
    return placed_order(
        [(shop, [(variant, 1)]), (other_shop, [(sellable(other_shop), 1)])], user=customer
    )


def _key(order, by: str) -> dict:
    return {by: {"number": order.number, "token": order.token, "order_id": order.pk}[by]}


# --- The buyer ----------------------------------------------------------------------------


@pytest.mark.parametrize("by", ["number", "token", "order_id"])
def test_the_buyer_reads_their_order_by_any_key(order, customer, by):
    assert access_order(actor=customer, **_key(order, by)) == order


@pytest.mark.parametrize("by", ["number", "token", "order_id"])
@pytest.mark.parametrize("who", ACTORS)
def test_nobody_else_reads_it(request, order, who, by):
    """Another buyer, an anonymous visitor, the shop's own staff and another shop's,
    the office and a clerk of a sale point: outside the API, only the buyer."""
    with pytest.raises(NotFound):
        access_order(actor=request.getfixturevalue(who), **_key(order, by))


def test_a_missing_or_malformed_key_is_not_found_like_someone_elses(order, customer):
    for key in (
        {"number": "DHNOTHERE1"},
        {"token": uuid.uuid4()},
        {"token": "not-a-uuid"},
        {"token": ""},
        {"order_id": order.pk + 1000},
    ):
        with pytest.raises(NotFound) as exc:
            access_order(actor=customer, **key)
        assert str(exc.value) == "Không tìm thấy đơn hàng. / Order not found."


def test_exactly_one_key(order, customer):
    with pytest.raises(TypeError):
        access_order(actor=customer)
    with pytest.raises(TypeError):
        access_order(actor=customer, number=order.number, token=order.token)


def test_the_buyer_page_loads_everything_it_shows_at_once(
    order, customer, django_assert_num_queries
):
    found = access_order(actor=customer, number=order.number)
    with django_assert_num_queries(0):
        parts = list(found.shop_orders.all())
        assert [line.product_name for so in parts for line in so.lines.all()]
        assert [so.shop.name for so in parts]
        assert found.shipping_address.province.name
        list(found.events.all())


# --- Proof of holding the token -------------------------------------------------------------


@pytest.mark.parametrize("who", ACTORS)
def test_holding_the_token_opens_the_order(request, order, guest_order, who):
    """The session that placed it, the payment link, the e-mail's tracking link."""
    actor = request.getfixturevalue(who)
    for placed in (order, guest_order):
        found = access_order(actor=actor, token=placed.token, guest_tokens=[str(placed.token)])
        assert found == placed


def test_another_orders_token_proves_nothing(order, guest_order, stranger, anonymous):
    for actor in (stranger, anonymous):
        with pytest.raises(NotFound):
            access_order(actor=actor, token=order.token, guest_tokens=[guest_order.token])
        with pytest.raises(NotFound):
            access_order(actor=actor, token=guest_order.token, guest_tokens=["not-a-uuid"])


def test_a_guest_order_is_not_open_to_whoever_names_it(guest_order, anonymous, stranger):
    """Outside the API a guest order needs the proof too (its confirmation page only for
    the session that placed it)."""
    for actor in (anonymous, stranger):
        with pytest.raises(NotFound):
            access_order(actor=actor, token=guest_order.token)
        with pytest.raises(NotFound):
            access_order(actor=actor, number=guest_order.number)


def test_the_tracking_link_carries_the_proof(order, anonymous):
    token = tracking_token_read(tracking_token_sign(order))
    assert access_order(actor=anonymous, token=token, guest_tokens=[token]) == order
    with pytest.raises(NotFound):
        tracking_token_read(tracking_token_sign(order) + "x")


# --- The API (Saleor's readers) -------------------------------------------------------------


def test_api_readers_of_an_account_order(order, customer, owner, ocop_office):
    for actor in (customer, owner, ocop_office):
        assert access_order(actor=actor, token=order.token, staff=True) == order


@pytest.mark.parametrize("who", ["anonymous", "stranger", "other_owner", "other_sale_point_clerk"])
def test_api_other_readers_of_an_account_order_get_not_found(request, order, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(NotFound):
        access_order(actor=actor, token=order.token, staff=True)
    assert order_for_viewer(token=order.token, user=actor) is None


def test_api_a_guest_order_for_whoever_holds_its_token_but_not_its_number(
    guest_order, anonymous, stranger
):
    for actor in (anonymous, stranger):
        assert access_order(actor=actor, token=guest_order.token, staff=True) == guest_order
        with pytest.raises(NotFound):
            access_order(actor=actor, number=guest_order.number, staff=True)


def test_api_shop_staff_see_their_own_part_only(
    two_shop_order, shop, other_shop, owner, other_owner
):
    for actor, own_shop in ((owner, shop), (other_owner, other_shop)):
        found = order_for_viewer(token=two_shop_order.token, user=actor)
        assert found == two_shop_order
        assert order_scope(found, actor) == {own_shop.pk}
    assert order_scope(two_shop_order, two_shop_order.user) is None


def test_api_lookup_caches_the_viewers_shops_on_the_request(order, owner):
    class Request:
        pass

    request = Request()
    order_for_viewer(token=order.token, user=owner, cache=request)
    assert request._viewer_shop_ids == {order.shop_orders.get().shop_id}


# --- The pages that read an order through it --------------------------------------------------


def test_the_payment_link_opens_the_payment_page_for_whoever_holds_it(client, shop, customer):
    """An account's VietQR order too: the link is the proof (the buyer may pay from
    another device without signing in)."""
    order = placed_order(
        [(shop, [(sellable(shop), 1)])], user=customer, payment_method=PaymentMethod.VIETQR
    )
    assert client.get(f"/orders/{order.token}/pay/").status_code == 200
    assert client.get(f"/orders/{order.token}/payment-status/").status_code == 200
    assert client.get(f"/orders/{uuid.uuid4()}/pay/").status_code == 404


def test_the_account_page_is_the_buyers_only(client, order, customer, stranger, owner):
    url = f"/account/orders/{order.number}/"
    for actor in (stranger, owner):
        client.force_login(actor)
        assert client.get(url).status_code == 404
    client.force_login(customer)
    assert client.get(url).status_code == 200
