"""Order pages: the producer dashboard (list with filters and a fixed query count,
detail with the actions of the current state, packing slip, one POST per action) and the
buyer's pages (history, detail, signed tracking link, cancellation). Every page and
action is tried by someone it does not belong to."""

from __future__ import annotations

import datetime

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from orders.models import Order, OrderEvent, PaymentMethod, Refund, ShopOrder
from orders.selectors.orders import TRACKING_SALT, tracking_path
from orders.services import fulfilment
from shops.models import ShopMembership, Stock
from tests.factories.marketplace import UserFactory
from tests.factories.orders import placed_order
from tests.orders.builders import sellable
from tests.shops.views.helpers import assert_login_redirect
from tests.support.queries import get_counted

S = ShopOrder.Status


@pytest.fixture
def order(shop, variant, customer):
    return placed_order(
        [(shop, [(variant, 2)])], user=customer, email="an@example.vn", phone="+84905111222"
    )


def fresh(shop_order: ShopOrder) -> ShopOrder:
    return ShopOrder.objects.get(pk=shop_order.pk)


def dash(name: str, shop, *args) -> str:
    return reverse(f"orders_dashboard:{name}", args=[shop.slug, *args])


ACTION_POSTS = {
    "order_confirm": {},
    "order_pack": {},
    "order_ship": {"carrier": "GHN", "tracking_number": "GHN1"},
    "order_deliver": {},
    "order_mark_paid": {},
    "order_cancel": {"reason": "x"},
    "order_return": {"reason": "x", "delivery_failed": "on", "restock": "on"},
    "order_refund": {"amount": "1000", "reason": "x"},
}


# --- Tenancy -------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["order_detail", "packing_slip", *ACTION_POSTS])
@pytest.mark.parametrize("who", ["other_owner", "customer", "other_sale_point_clerk"])
def test_other_users_get_404_on_every_page_and_action(request, client, shop, so, route, who):
    client.force_login(request.getfixturevalue(who))
    before = (fresh(so).status, OrderEvent.objects.count(), Refund.objects.count())
    url = dash(route, shop, so.number)
    response = client.post(url, ACTION_POSTS[route]) if route in ACTION_POSTS else client.get(url)
    assert response.status_code == 404
    assert (fresh(so).status, OrderEvent.objects.count(), Refund.objects.count()) == before


@pytest.mark.parametrize("who", ["other_owner", "customer"])
def test_other_users_get_404_on_the_list(request, client, shop, so, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(dash("orders", shop)).status_code == 404


def test_another_shops_order_is_404_in_my_own_dashboard(
    client, shop, other_shop, owner, other_owner
):
    theirs = placed_order([(other_shop, [(sellable(other_shop), 1)])]).shop_orders.get()
    client.force_login(owner)
    assert client.get(dash("order_detail", shop, theirs.number)).status_code == 404
    assert client.get(dash("packing_slip", shop, theirs.number)).status_code == 404
    assert client.post(dash("order_confirm", shop, theirs.number)).status_code == 404
    assert fresh(theirs).status == S.UNFULFILLED
    assert theirs.number not in client.get(dash("orders", shop)).content.decode()


@pytest.mark.parametrize("route", ["orders", "order_detail", "packing_slip", *ACTION_POSTS])
def test_anonymous_is_sent_to_login(client, shop, so, route):
    url = dash(route, shop) if route == "orders" else dash(route, shop, so.number)
    response = client.post(url, ACTION_POSTS[route]) if route in ACTION_POSTS else client.get(url)
    assert_login_redirect(response, url)
    assert fresh(so).status == S.UNFULFILLED


def test_actions_are_post_only(client, shop, so, owner):
    client.force_login(owner)
    assert client.get(dash("order_confirm", shop, so.number)).status_code == 405
    assert fresh(so).status == S.UNFULFILLED


# --- Dashboard list --------------------------------------------------------------------------------


def test_list_shows_only_the_shops_orders_with_buyer_and_payment(
    client, shop, other_shop, so, owner
):
    placed_order([(other_shop, [(sellable(other_shop), 1)])])
    client.force_login(owner)
    response = client.get(dash("orders", shop))
    assert response.status_code == 200
    assert [o.number for o in response.context["page"]] == [so.number]
    html = response.content.decode()
    assert "Nguyễn Văn An" in html
    assert "+84905111222" in html
    assert "Chưa thanh toán / Unpaid" in html
    assert f'href="/dashboard/{shop.slug}/orders/"' in html  # the nav link


@pytest.fixture
def many(shop, customer):
    """Four orders: COD unfulfilled (phone …111), COD shipped, card paid, VietQR unpaid
    placed 10 days ago."""
    variant = sellable(shop, stock=100)
    cod = placed_order([(shop, [(variant, 1)])], phone="+84900000111").shop_orders.get()
    shipped = placed_order([(shop, [(variant, 1)])], phone="+84900000222").shop_orders.get()
    owner_user = shop.memberships.first().user
    fulfilment.shop_order_confirm(actor=owner_user, shop_order=shipped)
    fulfilment.shop_order_pack(actor=owner_user, shop_order=shipped)
    fulfilment.shop_order_ship(
        actor=owner_user, shop_order=shipped, carrier="GHN", tracking_number="T9"
    )
    card = placed_order(
        [(shop, [(variant, 1)])], payment_method=PaymentMethod.CARD, email="tran@example.vn"
    ).shop_orders.get()
    old = placed_order(
        [(shop, [(variant, 1)])], payment_method=PaymentMethod.VIETQR
    ).shop_orders.get()
    ShopOrder.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=10)
    )
    return {"cod": cod, "shipped": shipped, "card": card, "old": old}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["card", "shipped", "cod", "old"]),
        ({"status": "shipped"}, ["shipped"]),
        ({"status": "unfulfilled"}, ["card", "cod", "old"]),
        ({"payment": "paid"}, ["card"]),
        ({"payment": "unpaid"}, ["shipped", "cod", "old"]),
        ({"payment": "cod"}, ["shipped", "cod"]),
        ({"q": "0900000111"}, ["cod"]),
        ({"q": "222"}, ["shipped"]),
        ({"q": "tran@example"}, ["card"]),
        ({"q": "nguyễn văn"}, ["card", "shipped", "cod", "old"]),
        ({"date_to": -5}, ["old"]),  # days from the test's today
        ({"date_from": 0, "payment": "unpaid"}, ["shipped", "cod"]),
        ({"status": "bogus", "date_from": "not-a-date"}, ["card", "shipped", "cod", "old"]),
    ],
)
def test_list_filters(client, shop, owner, many, params, expected):
    client.force_login(owner)
    today = timezone.localdate()  # read when the test runs, not when it is collected
    params = {
        key: (today + datetime.timedelta(days=value)).isoformat()
        if isinstance(value, int)
        else value
        for key, value in params.items()
    }
    response = client.get(dash("orders", shop), params)
    assert response.status_code == 200
    assert [o.number for o in response.context["page"]] == [many[k].number for k in expected]


def test_list_searches_by_order_number(client, shop, owner, many):
    client.force_login(owner)
    number = many["card"].number
    response = client.get(dash("orders", shop), {"q": number.split("-")[0].lower()})
    assert [o.number for o in response.context["page"]] == [number]


def test_list_paginates_keeping_the_filters(client, shop, owner, customer):
    variant = sellable(shop, stock=100)
    for _ in range(27):
        placed_order([(shop, [(variant, 1)])])
    client.force_login(owner)
    first_page = client.get(dash("orders", shop), {"status": "unfulfilled"})
    assert len(first_page.context["page"]) == 25
    assert "status=unfulfilled&amp;page=2" in first_page.content.decode()
    second = client.get(dash("orders", shop), {"status": "unfulfilled", "page": "2"})
    assert len(second.context["page"]) == 2


def _list_queries(client, url: str) -> tuple[int, int]:
    count, response = get_counted(client, url, {"per_page": "50"})
    return count, len(response.context["page"])


# session, user, shop (+producer), paginator count, the page of shop orders with order,
# address and sale point joined and the item count aggregated
LIST_QUERIES = 5


def test_list_query_count_does_not_grow_with_page_size(client, shop, owner, customer):
    variant = sellable(shop, stock=1000)
    other = sellable(shop, stock=1000)
    client.force_login(owner)
    url = dash("orders", shop)
    for _ in range(10):
        placed_order([(shop, [(variant, 1), (other, 2)])], user=customer)
    ten, rows = _list_queries(client, url)
    assert rows == 10
    for n in range(40):
        order = placed_order(
            [(shop, [(variant, 1)])], payment_method=PaymentMethod.CARD if n % 2 else "cod"
        )
        if n % 3 == 0:
            fulfilment.shop_order_confirm(actor=owner, shop_order=order.shop_orders.get())
    fifty, rows = _list_queries(client, url)
    assert rows == 50
    assert ten == fifty == LIST_QUERIES


# --- Dashboard detail and actions -------------------------------------------------------------------


def test_detail_shows_lines_buyer_delivery_payment_events_and_the_valid_actions(
    client, shop, so, owner
):
    client.force_login(owner)
    response = client.get(dash("order_detail", shop, so.number))
    assert response.status_code == 200
    html = response.content.decode()
    line = so.lines.get()
    for text in (
        line.sku,
        line.product_name,
        "Nguyễn Văn An",
        "+84905111222",
        "an@example.vn",
        "12 Quang Trung",
        "Giao tiêu chuẩn",
        "Thanh toán khi nhận hàng",
        "Đặt hàng",
    ):
        assert text in html
    assert response.context["actions"] == ["confirm", "cancel"]
    assert dash("order_confirm", shop, so.number) in html
    assert dash("order_cancel", shop, so.number) in html
    assert dash("order_ship", shop, so.number) not in html


def test_staff_runs_the_whole_lifecycle_from_the_detail_page(client, shop, so, shop_staff, variant):
    # the money steps (cash collected, refund) are granted: they are the owner's otherwise
    ShopMembership.objects.filter(user=shop_staff).update(
        powers=["manage_orders", "mark_cash_paid", "refund"]
    )
    client.force_login(shop_staff)
    for route, data, status in [
        ("order_confirm", {}, S.CONFIRMED),
        ("order_pack", {}, S.PACKED),
        ("order_ship", {"carrier": "Viettel Post", "tracking_number": "VTP777"}, S.SHIPPED),
        ("order_deliver", {}, S.DELIVERED),
    ]:
        response = client.post(dash(route, shop, so.number), data)
        assert response.status_code == 302
        assert response.url == dash("order_detail", shop, so.number)
        assert fresh(so).status == status
    assert Stock.objects.get(variant=variant).quantity == 8
    detail = client.get(dash("order_detail", shop, so.number))
    assert detail.context["actions"] == ["return", "mark_paid"]
    assert "VTP777" in detail.content.decode()
    assert client.post(dash("order_mark_paid", shop, so.number)).status_code == 302
    assert fresh(so).is_paid
    refund = client.post(
        dash("order_refund", shop, so.number), {"amount": "20.000", "reason": "Giao trễ"}
    )
    assert refund.status_code == 302
    assert Refund.objects.get(shop_order=so).amount == 20_000
    assert fresh(so).amount_refunded == 20_000


def test_ship_form_errors_are_shown_and_nothing_changes(client, shop, so, owner, variant):
    fulfilment.shop_order_confirm(actor=owner, shop_order=so)
    fulfilment.shop_order_pack(actor=owner, shop_order=so)
    client.force_login(owner)
    response = client.post(
        dash("order_ship", shop, so.number), {"carrier": "GHN", "tracking_number": ""}
    )
    assert response.status_code == 400
    assert list(response.context["ship_form"].errors) == ["tracking_number"]
    assert 'id="id_tracking_number"' in response.content.decode()
    assert fresh(so).status == S.PACKED
    assert Stock.objects.get(variant=variant).quantity == 10


def test_invalid_transition_from_the_page_is_a_clear_error(client, shop, so, owner):
    client.force_login(owner)
    response = client.post(dash("order_deliver", shop, so.number))
    assert response.status_code == 400
    html = response.content.decode()
    assert f"Không thể ghi nhận đã giao đơn {so.number}" in html
    assert f"Cannot deliver order {so.number}" in html
    assert fresh(so).status == S.UNFULFILLED


def test_cancel_needs_a_reason_and_then_releases_the_stock(client, shop, so, owner):
    client.force_login(owner)
    response = client.post(dash("order_cancel", shop, so.number), {"reason": "  "})
    assert response.status_code == 400
    assert "reason" in response.context["cancel_form"].errors
    assert fresh(so).status == S.UNFULFILLED
    response = client.post(dash("order_cancel", shop, so.number), {"reason": "Hết hàng"})
    assert response.status_code == 302
    cancelled = fresh(so)
    assert (cancelled.status, cancelled.cancel_reason) == (S.CANCELLED, "Hết hàng")
    assert list(so.order.shop_orders.values_list("status", flat=True)) == ["cancelled"]


def test_refund_form_rejects_more_than_was_paid(client, shop, owner):
    so = placed_order(
        [(shop, [(sellable(shop), 1)])], payment_method=PaymentMethod.VIETQR, paid=True
    ).shop_orders.get()
    client.force_login(owner)
    response = client.post(
        dash("order_refund", shop, so.number), {"amount": "999.999", "reason": "x"}
    )
    assert response.status_code == 400
    assert "amount" in response.context["refund_form"].errors
    assert Refund.objects.count() == 0
    response = client.post(dash("order_refund", shop, so.number), {"amount": "12,5", "reason": "x"})
    assert response.status_code == 400
    assert Refund.objects.count() == 0


def test_return_from_the_page_after_a_failed_delivery(client, shop, so, owner, variant):
    for step in ("confirm", "pack"):
        getattr(fulfilment, f"shop_order_{step}")(actor=owner, shop_order=so)
    fulfilment.shop_order_ship(actor=owner, shop_order=so, carrier="GHN", tracking_number="T1")
    client.force_login(owner)
    page = client.get(dash("order_detail", shop, so.number)).content.decode()
    assert 'name="delivery_failed" value="on"' in page
    response = client.post(
        dash("order_return", shop, so.number),
        {"reason": "Không liên lạc được", "delivery_failed": "on", "restock": "on"},
    )
    assert response.status_code == 302
    assert (fresh(so).status, fresh(so).delivery_failed) == (S.RETURNED, True)
    assert Stock.objects.get(variant=variant).quantity == 10


def test_packing_slip(client, shop, so, owner):
    client.force_login(owner)
    response = client.get(dash("packing_slip", shop, so.number))
    assert response.status_code == 200
    html = response.content.decode()
    line = so.lines.get()
    assert f"*{so.number}*" in html
    assert line.sku in html
    assert f'<td class="num">{line.quantity}</td>' in html
    assert "12 Quang Trung" in html
    assert "Thu hộ (COD)" in html
    assert "@media print" in html


# --- Buyer pages ------------------------------------------------------------------------------------------


def test_order_history_lists_only_my_orders(client, shop, order, customer):
    placed_order([(shop, [(sellable(shop), 1)])], user=UserFactory())
    client.force_login(customer)
    response = client.get(reverse("orders:account_orders"))
    assert response.status_code == 200
    assert [o.number for o in response.context["page"]] == [order.number]


def test_order_history_queries_do_not_grow(client, shop, customer):
    variant = sellable(shop, stock=100)
    client.force_login(customer)
    placed_order([(shop, [(variant, 1)])], user=customer)

    def count() -> int:
        return get_counted(client, reverse("orders:account_orders"))[0]

    one = count()
    for _ in range(9):
        placed_order([(shop, [(variant, 1)])], user=customer)
    assert count() == one


def test_anonymous_is_sent_to_login_from_account_pages(client, order, so):
    for url in (
        reverse("orders:account_orders"),
        reverse("orders:account_order_detail", args=[order.number]),
    ):
        assert_login_redirect(client.get(url), url)
    url = reverse("orders:account_order_cancel", args=[order.number, so.number])
    assert_login_redirect(client.post(url, {"reason": "x"}), url)
    assert fresh(so).status == S.UNFULFILLED


def test_order_detail_shows_each_shop_part_with_tracking(client, shop, order, so, customer, owner):
    fulfilment.shop_order_confirm(actor=owner, shop_order=so)
    fulfilment.shop_order_pack(actor=owner, shop_order=so)
    fulfilment.shop_order_ship(
        actor=owner, shop_order=so, carrier="GHTK", tracking_number="S123.GHTK"
    )
    client.force_login(customer)
    response = client.get(reverse("orders:account_order_detail", args=[order.number]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        so.number,
        shop.name,
        "GHTK",
        "S123.GHTK",
        "Đã giao cho vận chuyển",
        "12 Quang Trung",
    ):
        assert text in html
    assert "Huỷ đơn</button>" not in html  # no longer cancellable


def test_order_pages_show_labels_in_the_page_language_only(client, order, so, customer):
    client.force_login(customer)
    for name, args in (
        ("orders:account_orders", []),
        ("orders:account_order_detail", [order.number]),
    ):
        vi = client.get(reverse(name, args=args)).content.decode()
        assert "Chờ xác nhận" in vi
        assert "Unfulfilled" not in vi
        assert "Thanh toán khi nhận hàng" in vi
        assert "Cash on delivery" not in vi
        assert " / " not in vi.split('<main id="main"', 1)[1]
        with translation.override("en"):
            en = client.get(reverse(name, args=args)).content.decode()
        assert "Unfulfilled" in en
        assert "Chờ xác nhận" not in en
        assert "Cash on delivery" in en
    assert 'Đổi ý, không muốn mua nữa"' in vi
    assert 'Changed my mind"' in en


def test_another_customer_gets_404_on_my_order(client, order, so):
    client.force_login(UserFactory())
    assert (
        client.get(reverse("orders:account_order_detail", args=[order.number])).status_code == 404
    )
    response = client.post(
        reverse("orders:account_order_cancel", args=[order.number, so.number]), {"reason": "x"}
    )
    assert response.status_code == 404
    assert fresh(so).status == S.UNFULFILLED


def test_buyer_cancels_an_unfulfilled_part_from_the_account(
    client, order, so, customer, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(customer)
    url = reverse("orders:account_order_cancel", args=[order.number, so.number])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert fresh(so).status == S.UNFULFILLED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Đặt nhầm"})
    assert response.status_code == 302
    assert (fresh(so).status, Order.objects.get(pk=order.pk).status) == (
        S.CANCELLED,
        Order.Status.CANCELLED,
    )
    assert len(mailoutbox) == 2  # the buyer and the shop


def test_buyer_cannot_cancel_after_confirmation(client, order, so, customer, owner):
    fulfilment.shop_order_confirm(actor=owner, shop_order=so)
    client.force_login(customer)
    response = client.post(
        reverse("orders:account_order_cancel", args=[order.number, so.number]), {"reason": "x"}
    )
    assert response.status_code == 400
    assert "Cannot cancel order" in response.content.decode()
    assert fresh(so).status == S.CONFIRMED


def test_shop_order_of_another_order_is_404_on_my_cancel_url(client, shop, order, customer):
    theirs = placed_order([(shop, [(sellable(shop), 1)])], user=UserFactory()).shop_orders.get()
    client.force_login(customer)
    response = client.post(
        reverse("orders:account_order_cancel", args=[order.number, theirs.number]), {"reason": "x"}
    )
    assert response.status_code == 404
    assert fresh(theirs).status == S.UNFULFILLED


def test_tracking_link_works_without_an_account_and_hides_the_street(client, order, so):
    response = client.get(tracking_path(order))
    assert response.status_code == 200
    html = response.content.decode()
    assert so.number in html
    assert "Nguyễn Văn An" in html
    assert "12 Quang Trung" not in html
    assert "+84905111222" not in html


@pytest.mark.parametrize(
    "tamper",
    [
        lambda s: s[:-1] + ("A" if s[-1] != "A" else "B"),
        lambda s: signing.dumps("00000000-0000-0000-0000-000000000000", salt=TRACKING_SALT),
        lambda s: signing.dumps("not-a-uuid", salt=TRACKING_SALT),
        lambda s: signing.dumps(s.split(":")[0], salt="another-salt"),
    ],
)
def test_tampered_tracking_link_is_404(client, order, so, tamper):
    signed = tracking_path(order).rstrip("/").rsplit("/", 1)[1]
    bad = tamper(signed)
    assert client.get(reverse("orders:order_track", args=[bad])).status_code == 404
    assert (
        client.post(
            reverse("orders:order_track_cancel", args=[bad, so.number]), {"reason": "x"}
        ).status_code
        == 404
    )
    assert fresh(so).status == S.UNFULFILLED


def test_buyer_cancels_through_the_tracking_link(client, order, so):
    signed = tracking_path(order).rstrip("/").rsplit("/", 1)[1]
    response = client.post(
        reverse("orders:order_track_cancel", args=[signed, so.number]), {"reason": "Đổi ý"}
    )
    assert response.status_code == 302
    assert response.url == reverse("orders:order_track", args=[signed])
    assert fresh(so).status == S.CANCELLED
    assert OrderEvent.objects.get(shop_order=so, kind="cancelled").data["by"] == "buyer"
