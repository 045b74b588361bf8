"""Owner-only money powers on orders (issue 13): refunds (up to the shop's threshold with
``refund``, above it with ``refund_any``) and recording cash on delivery collected
(``mark_cash_paid``). Before, any staff member could refund any amount and mark cash
paid. Each power over the actors — owner, staff without it, staff granted it, another
shop's owner, the office — through the services, the web dashboard and, where a
mutation exists, GraphQL; a refusal changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from marketplace.errors import Forbidden, NotFound
from orders.models import OrderEvent, PaymentMethod, Refund, ShopOrder
from orders.services import fulfilment, payments
from shops.models import ShopPower
from shops.permissions import ShopPowerRequired
from tests.factories.orders import placed_order
from tests.factories.shops import ShopMembershipFactory
from tests.orders.builders import sellable
from tests.orders.fulfilment_helpers import S, advance, first, fresh, snapshot
from tests.support.graphql import gid, gql, permission_denied, token_for

DEFAULT = ["manage_products", "manage_stock", "manage_orders", "manage_shipping"]


def staff_with(shop, *powers: str):
    return ShopMembershipFactory(shop=shop, role="staff", powers=[*DEFAULT, *powers]).user


@pytest.fixture
def paid_so(shop, customer) -> ShopOrder:
    """A paid bank-transfer shop order of 120.000 đ (100.000 đ + 20.000 đ shipping)."""
    return first(
        placed_order(
            [(shop, [(sellable(shop, price=100_000, stock=5), 1)])],
            payment_method=PaymentMethod.VIETQR,
            paid=True,
            user=customer,
        )
    )


def refunded(shop_order: ShopOrder) -> tuple[int, list[int]]:
    return (
        fresh(shop_order).amount_refunded,
        list(
            Refund.objects.filter(shop_order=shop_order)
            .order_by("pk")
            .values_list("amount", flat=True)
        ),
    )


# --- Refunds ------------------------------------------------------------------------------------


def test_staff_without_the_refund_power_is_refused_and_nothing_is_saved(paid_so, shop_staff):
    """Reproduces the finding: an ordinary staff member refunded any amount."""
    before = snapshot(paid_so)
    with pytest.raises(ShopPowerRequired) as exc:
        payments.refund_create(actor=shop_staff, shop_order=paid_so, amount=10_000)
    assert exc.value.code == "power_required"
    assert exc.value.power == "refund"
    assert "Hoàn tiền đến ngưỡng" in str(exc.value)
    assert refunded(paid_so) == (0, [])
    assert snapshot(paid_so) == before


@pytest.mark.parametrize("who", ["owner", "ocop_office", "refund_any"])
def test_owner_office_and_refund_any_refund_above_the_threshold(request, shop, paid_so, who):
    shop.refund_threshold = 50_000
    shop.save()
    actor = staff_with(shop, "refund_any") if who == "refund_any" else request.getfixturevalue(who)
    payments.refund_create(actor=actor, shop_order=paid_so, amount=120_000)
    assert refunded(paid_so) == (120_000, [120_000])


def test_other_shops_owner_learns_nothing(paid_so, other_owner):
    with pytest.raises(NotFound):
        payments.refund_create(actor=other_owner, shop_order=paid_so, amount=10_000)
    assert refunded(paid_so) == (0, [])


def test_refund_power_reaches_exactly_the_threshold(shop, paid_so):
    shop.refund_threshold = 50_000
    shop.save()
    clerk = staff_with(shop, "refund")
    payments.refund_create(actor=clerk, shop_order=paid_so, amount=50_000)
    assert refunded(paid_so) == (50_000, [50_000])


def test_one_dong_above_the_threshold_needs_refund_any(shop, paid_so):
    shop.refund_threshold = 50_000
    shop.save()
    clerk = staff_with(shop, "refund")
    before = snapshot(paid_so)
    with pytest.raises(ShopPowerRequired) as exc:
        payments.refund_create(actor=clerk, shop_order=paid_so, amount=50_001)
    assert exc.value.power == "refund_any"
    assert "50.000 ₫" in str(exc.value)
    assert refunded(paid_so) == (0, [])
    assert snapshot(paid_so) == before


def test_the_threshold_counts_every_refund_of_the_order(shop, paid_so):
    """Splitting a large refund into small ones does not get around the threshold."""
    shop.refund_threshold = 50_000
    shop.save()
    clerk = staff_with(shop, "refund")
    payments.refund_create(actor=clerk, shop_order=paid_so, amount=30_000)
    with pytest.raises(ShopPowerRequired):
        payments.refund_create(actor=clerk, shop_order=paid_so, amount=20_001)
    payments.refund_create(actor=clerk, shop_order=paid_so, amount=20_000)
    assert refunded(paid_so) == (50_000, [30_000, 20_000])


def test_the_default_threshold_comes_from_the_setting(shop, paid_so, settings):
    settings.SHOP_REFUND_THRESHOLD = 100_000
    clerk = staff_with(shop, "refund")
    with pytest.raises(ShopPowerRequired):
        payments.refund_create(actor=clerk, shop_order=paid_so, amount=100_001)
    payments.refund_create(actor=clerk, shop_order=paid_so, amount=100_000)
    assert refunded(paid_so) == (100_000, [100_000])


def test_a_cancellation_by_staff_without_the_power_leaves_the_refund_due(
    paid_so, shop_staff, owner, django_capture_on_commit_callbacks
):
    """The staff member may still cancel; the money stays due for the owner to refund."""
    cancelled = fulfilment.shop_order_cancel(actor=shop_staff, shop_order=paid_so, reason="Hết")
    assert cancelled.status == S.CANCELLED
    assert refunded(paid_so) == (0, [])
    assert fulfilment.refund_due(fresh(paid_so)) == 120_000
    event = OrderEvent.objects.get(shop_order=paid_so, kind="refund_failed")
    assert event.data["amount"] == 120_000
    payments.refund_create(actor=owner, shop_order=fresh(paid_so), amount=120_000)
    assert fulfilment.refund_due(fresh(paid_so)) == 0


def test_a_cancellation_by_staff_with_the_power_refunds(shop, paid_so):
    clerk = staff_with(shop, "refund")
    fulfilment.shop_order_cancel(actor=clerk, shop_order=paid_so, reason="Hết hàng")
    assert refunded(paid_so) == (120_000, [120_000])


# --- Cash on delivery collected ---------------------------------------------------------------


@pytest.fixture
def delivered(so, owner) -> ShopOrder:
    return advance(so, owner, S.DELIVERED)


def test_staff_without_the_power_may_not_mark_cash_paid(delivered, shop_staff):
    """Reproduces the finding: any staff member recorded cash as collected."""
    before = snapshot(delivered)
    with pytest.raises(ShopPowerRequired) as exc:
        fulfilment.shop_order_mark_paid(actor=shop_staff, shop_order=delivered)
    assert exc.value.power == "mark_cash_paid"
    assert snapshot(delivered) == before
    assert not fresh(delivered).is_paid


@pytest.mark.parametrize("who", ["owner", "granted"])
def test_owner_and_granted_staff_mark_cash_paid(request, shop, delivered, who):
    actor = staff_with(shop, "mark_cash_paid") if who == "granted" else request.getfixturevalue(who)
    assert fulfilment.shop_order_mark_paid(actor=actor, shop_order=delivered).is_paid


def test_others_may_not_mark_cash_paid(delivered, other_owner, ocop_office):
    before = snapshot(delivered)
    with pytest.raises(NotFound):
        fulfilment.shop_order_mark_paid(actor=other_owner, shop_order=delivered)
    with pytest.raises(Forbidden):  # as before: only the shop records cash collected
        fulfilment.shop_order_mark_paid(actor=ocop_office, shop_order=delivered)
    assert snapshot(delivered) == before


def test_revoking_manage_orders_stops_the_order_steps(shop, so):
    clerk = ShopMembershipFactory(shop=shop, role="staff", powers=["manage_products"]).user
    before = snapshot(so)
    with pytest.raises(ShopPowerRequired) as exc:
        fulfilment.shop_order_confirm(actor=clerk, shop_order=so)
    assert exc.value.power == ShopPower.MANAGE_ORDERS
    assert snapshot(so) == before


# --- The web dashboard ----------------------------------------------------------------------------


def dash(name: str, shop, *args) -> str:
    return reverse(f"orders_dashboard:{name}", args=[shop.slug, *args])


def test_dashboard_hides_and_refuses_mark_paid_for_staff(client, shop, delivered, shop_staff):
    client.force_login(shop_staff)
    detail = client.get(dash("order_detail", shop, delivered.number))
    assert "mark_paid" not in detail.context["actions"]
    assert "order_mark_paid" not in detail.content.decode().replace("-", "_")
    before = snapshot(delivered)
    response = client.post(dash("order_mark_paid", shop, delivered.number))
    assert response.status_code == 403
    assert "Xác nhận đã thu tiền mặt" in response.content.decode()
    assert snapshot(delivered) == before


def test_dashboard_mark_paid_by_granted_staff(client, shop, delivered):
    client.force_login(staff_with(shop, "mark_cash_paid"))
    detail = client.get(dash("order_detail", shop, delivered.number))
    assert "mark_paid" in detail.context["actions"]
    assert client.post(dash("order_mark_paid", shop, delivered.number)).status_code == 302
    assert fresh(delivered).is_paid


def test_dashboard_refund_over_the_threshold(client, shop, paid_so):
    shop.refund_threshold = 50_000
    shop.save()
    client.force_login(staff_with(shop, "refund"))
    detail = client.get(dash("order_detail", shop, paid_so.number))
    assert "refund" in detail.context["actions"]
    response = client.post(
        dash("order_refund", shop, paid_so.number), {"amount": "50.001", "reason": "Lỗi"}
    )
    assert response.status_code == 403
    assert "vượt ngưỡng 50.000 ₫" in response.content.decode()
    assert refunded(paid_so) == (0, [])
    ok = client.post(
        dash("order_refund", shop, paid_so.number), {"amount": "50.000", "reason": "Lỗi"}
    )
    assert ok.status_code == 302
    assert refunded(paid_so) == (50_000, [50_000])


def test_dashboard_hides_refund_from_staff_without_the_power(client, shop, paid_so, shop_staff):
    client.force_login(shop_staff)
    detail = client.get(dash("order_detail", shop, paid_so.number))
    assert "refund" not in detail.context["actions"]
    response = client.post(
        dash("order_refund", shop, paid_so.number), {"amount": "10.000", "reason": "x"}
    )
    assert response.status_code == 403
    assert refunded(paid_so) == (0, [])


# --- GraphQL: orderFulfill needs manage_orders ---------------------------------------------------

ORDER_FULFILL = """
mutation Fulfill($order: ID, $input: OrderFulfillInput!) {
  orderFulfill(order: $order, input: $input) { errors { field code } shopOrder { status } }
}"""


def test_order_fulfill_without_manage_orders_is_permission_denied(client, shop, so):
    clerk = ShopMembershipFactory(shop=shop, role="staff", powers=["manage_products"]).user
    before = snapshot(so)
    answer = gql(
        client,
        ORDER_FULFILL,
        {
            "order": gid("ShopOrder", so.pk),
            "input": {"lines": [], "trackingNumber": "VTP1", "carrier": "Viettel Post"},
        },
        token=token_for(clerk),
    )
    assert permission_denied(answer, "orderFulfill")
    assert snapshot(so) == before


def test_order_fulfill_by_default_staff_still_works(client, shop, so, shop_staff):
    answer = gql(
        client,
        ORDER_FULFILL,
        {
            "order": gid("ShopOrder", so.pk),
            "input": {"lines": [], "trackingNumber": "VTP1", "carrier": "Viettel Post"},
        },
        token=token_for(shop_staff),
    )
    assert answer["data"]["orderFulfill"] == {"errors": [], "shopOrder": {"status": "SHIPPED"}}
