"""The OCOP office's page of suspicious stock holds (``/office/holds/``): unpaid orders
holding stock grouped by e-mail, phone, address, client IP or variant, largest first,
cancelling one (its stock for sale again), and nobody but the office."""

from __future__ import annotations

import pytest

from orders.models import Order, OrderEvent, Payment, PaymentMethod, ShopOrder
from orders.services import cart, payments
from orders.services import checkout as checkout_services
from tests.orders.builders import sellable
from tests.orders.holds_helpers import guest_checkout, held
from tests.shops.views.helpers import assert_login_redirect
from tests.support.actors import FIVE_ACTORS, actor_for
from tests.support.queries import get_counted

pytestmark = pytest.mark.django_db

URL = "/office/holds/"


def place(checkout, ip: str) -> Order:
    return checkout_services.checkout_complete(checkout=checkout, client_ip=ip)


@pytest.fixture
def holds(shop, settings):
    """Buyer A: 15 honey by bank transfer from 203.0.113.7; buyer B: 5 honey and 3 tea
    cash on delivery from 198.51.100.2; buyer C: 4 honey paid by card (not a hold)."""
    settings.STRIPE_SECRET_KEY = "sk_test_not_called"
    honey = sellable(shop, price=50_000, stock=100)
    tea = sellable(shop, price=30_000, stock=100)
    a = place(guest_checkout(honey, 15, email="a@example.vn"), ip="203.0.113.7")
    b_checkout = guest_checkout(
        honey, 5, email="b@example.vn", phone="0987654321", street="3 Lê Lợi", method="cod"
    )
    cart.checkout_lines_add(checkout=b_checkout, lines=[(tea.pk, 3)])
    b = place(b_checkout, ip="198.51.100.2")
    c = place(
        guest_checkout(
            honey,
            4,
            email="c@example.vn",
            phone="0977777777",
            street="8 Phan Bội Châu",
            method="card",
        ),
        ip="198.51.100.3",
    )
    Payment.objects.create(
        order=c,
        method=PaymentMethod.CARD,
        status=Payment.Status.SUCCEEDED,
        amount=c.total,
        captured_amount=c.total,
        idempotency_key="test:c",
    )
    payments.order_refresh_payment(order=c)
    return {"honey": honey, "tea": tea, "a": a, "b": b, "c": c}


def _groups(response) -> list[tuple[str, int, list[str]]]:
    return [
        (g.label, g.units, [e.order.number for e in g.orders]) for g in response.context["groups"]
    ]


def test_the_office_sees_unpaid_holds_largest_first(client, ocop_office, holds):
    a, b, c = holds["a"], holds["b"], holds["c"]
    client.force_login(ocop_office)

    by_email = client.get(URL)
    by_ip = client.get(URL, {"by": "ip"})
    by_variant = client.get(URL, {"by": "variant"})

    assert by_email.status_code == 200
    assert _groups(by_email) == [
        ("a@example.vn", 15, [a.number]),
        ("b@example.vn", 8, [b.number]),
    ]
    assert _groups(by_ip) == [("203.0.113.7", 15, [a.number]), ("198.51.100.2", 8, [b.number])]
    assert [(units, numbers) for _, units, numbers in _groups(by_variant)] == [
        (20, [a.number, b.number]),
        (3, [b.number]),
    ]
    html = by_email.content.decode()
    assert c.number not in html  # paid: not a hold
    assert "Đơn giữ hàng chưa thanh toán" in html
    assert f"/office/holds/{a.pk}/cancel/" in html
    assert [len(_groups(client.get(URL, {"by": by}))) for by in ("phone", "address", "?")] == [
        2,
        2,
        2,
    ]
    english = client.get(f"/en{URL}").content.decode()
    assert "Unpaid orders holding stock" in english
    assert "Units held" in english


def test_the_page_reads_a_constant_number_of_queries(client, ocop_office, holds, shop):
    client.force_login(ocop_office)
    few, _ = get_counted(client, URL, {"by": "variant"})
    for n in range(3):
        place(
            guest_checkout(
                holds["tea"],
                2,
                email=f"x{n}@example.vn",
                phone=f"09000000{n:02d}",
                street=f"{n} Ngô Quyền",
            ),
            ip=f"192.0.2.{n}",
        )

    many, response = get_counted(client, URL, {"by": "variant"})

    assert len(response.context["groups"][1].orders) == 4
    assert many == few


def test_the_office_cancels_a_hold_and_the_stock_is_for_sale_again(client, ocop_office, holds):
    a = holds["a"]
    client.force_login(ocop_office)

    response = client.post(
        f"/office/holds/{a.pk}/cancel/", {"reason": "Giữ hàng bất thường", "next": URL}
    )

    assert response.status_code == 302
    assert response.url == URL
    a.refresh_from_db()
    assert a.status == Order.Status.CANCELLED
    assert set(ShopOrder.objects.filter(order=a).values_list("status", flat=True)) == {
        ShopOrder.Status.CANCELLED
    }
    assert held(holds["honey"]) == 5 + 4  # B's and the paid C's
    event = OrderEvent.objects.get(order=a, kind="hold_cancelled")
    assert (event.actor, event.data["reason"]) == (ocop_office, "Giữ hàng bất thường")
    assert a.number not in [n for _, _, numbers in _groups(client.get(URL)) for n in numbers]


@pytest.mark.parametrize(
    ("which", "data", "message"),
    [
        ("c", {"reason": "Giữ hàng"}, "Chỉ huỷ được đơn chưa thanh toán"),
        ("a", {"reason": ""}, ""),
    ],
    ids=["paid", "no-reason"],
)
def test_cancelling_is_refused_for_a_paid_order_or_without_a_reason(
    client, ocop_office, holds, which, data, message
):
    order = holds[which]
    before = Order.objects.get(pk=order.pk).status
    client.force_login(ocop_office)

    response = client.post(f"/office/holds/{order.pk}/cancel/", data, follow=True)

    assert f"{order.number}: {message}" in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == before
    assert held(holds["honey"]) == 15 + 5 + 4
    assert not OrderEvent.objects.filter(kind="hold_cancelled").exists()


@pytest.mark.parametrize("actor", [name for name, _allowed in FIVE_ACTORS] + ["owner"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_office_sees_and_cancels_holds(client, request, holds, actor, method):
    a = holds["a"]
    user = actor_for(request, actor)
    if user.is_authenticated:
        client.force_login(user)
    url = URL if method == "get" else f"/office/holds/{a.pk}/cancel/"

    response = getattr(client, method)(url, {"reason": "x"} if method == "post" else {})

    if actor == "anonymous":
        assert_login_redirect(response, url)
    else:
        assert response.status_code == 403
    assert Order.objects.get(pk=a.pk).status == Order.Status.UNCONFIRMED
    assert held(holds["honey"]) == 15 + 5 + 4
