"""Cart and checkout completion: one order, one shop order per shop, allocation under
locks, prices from the catalogue, clear errors with nothing half-saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from orders.models import Address, Checkout, Order, OrderLine, PaymentMethod, ShopOrder
from orders.selectors import checkout as checkout_selectors
from orders.services import cart, checkout_rules
from orders.services import delivery as delivery_services
from orders.services.checkout import checkout_complete
from shops.models import Stock, StockReservation
from tests.factories.shops import ShopFactory
from tests.orders.builders import address_data, ready_checkout, sellable
from tests.support.queries import count_queries

pytestmark = pytest.mark.django_db


def codes(exc: ValidationError) -> set[str]:
    return {e.code for errors in exc.error_dict.values() for e in errors}


@pytest.fixture
def two_shops(admin_units):
    return ShopFactory(), ShopFactory()


def test_cod_checkout_across_two_shops_places_one_order_with_two_shop_orders(
    two_shops, django_capture_on_commit_callbacks, mailoutbox
):
    a, b = two_shops
    va, vb = sellable(a, price=120_000, stock=5), sellable(b, price=45_000, stock=3)
    checkout = ready_checkout([(va, 2), (vb, 1)])
    with django_capture_on_commit_callbacks(execute=True):
        order = checkout_complete(checkout=checkout)

    assert order.status == Order.Status.UNFULFILLED
    assert order.payment_method == PaymentMethod.COD
    shop_orders = list(order.shop_orders.order_by("number"))
    assert [so.shop for so in shop_orders] == [a, b]
    assert [so.number for so in shop_orders] == [f"{order.number}-1", f"{order.number}-2"]
    assert shop_orders[0].subtotal == 240_000
    assert shop_orders[1].subtotal == 45_000
    assert order.subtotal == 285_000
    assert order.total == order.subtotal + sum(so.shipping_fee for so in shop_orders)
    line = OrderLine.objects.get(shop_order=shop_orders[0])
    assert (line.product_name, line.sku, line.unit_price, line.quantity, line.total) == (
        va.product.name_vi,
        va.sku,
        120_000,
        2,
        240_000,
    )
    assert line.commission == 240_000 * 800 // 10000
    assert shop_orders[0].commission == line.commission
    # stock is allocated, not yet taken: on-hand unchanged, reservations hold it
    assert Stock.objects.get(variant=va).quantity == 5
    held = StockReservation.objects.get(reference=shop_orders[0].number, status="active")
    assert held.quantity == 2
    assert held.expires_at is None
    assert order.shipping_address.street == "12 Quang Trung"
    assert order.shipping_address.pk != checkout.shipping_address_id  # a copy
    checkout.refresh_from_db()
    assert checkout.completed_order == order
    # buyer e-mail, and each shop hears about a COD order at once
    assert {tuple(m.to) for m in mailoutbox} >= {(order.email,)}
    assert len(mailoutbox) == 3
    assert order.events.filter(kind="placed", shop_order__isnull=True).exists()


def test_completing_twice_returns_the_same_order(two_shops):
    checkout = ready_checkout([(sellable(two_shops[0]), 1)])
    first = checkout_complete(checkout=checkout)
    assert checkout_complete(checkout=checkout) == first
    assert Order.objects.count() == 1


def test_prices_are_the_servers_at_completion(two_shops):
    variant = sellable(two_shops[0], price=100_000)
    checkout = ready_checkout([(variant, 1)])
    variant.price = 130_000
    variant.save()
    order = checkout_complete(checkout=checkout)
    assert order.subtotal == 130_000


def test_insufficient_stock_leaves_nothing(two_shops):
    a, b = two_shops
    va, vb = sellable(a, stock=2), sellable(b, stock=1)
    checkout = ready_checkout([(va, 2), (vb, 1)])
    Stock.objects.filter(variant=vb).update(quantity=0)  # sold elsewhere meanwhile
    with pytest.raises(ValidationError) as exc:
        checkout_complete(checkout=checkout)
    assert codes(exc.value) == {"insufficient_stock"}
    assert not Order.objects.exists()
    assert not ShopOrder.objects.exists()
    assert not OrderLine.objects.exists()
    assert not StockReservation.objects.filter(status="active").exists()
    checkout.refresh_from_db()
    assert checkout.completed_order is None


def test_reservations_of_others_count(two_shops):
    variant = sellable(two_shops[0], stock=3)
    first = ready_checkout([(variant, 2)], email="a@example.vn")
    second = ready_checkout([(variant, 2)], email="b@example.vn")
    checkout_complete(checkout=first)
    with pytest.raises(ValidationError) as exc:
        checkout_complete(checkout=second)
    assert "insufficient_stock" in codes(exc.value)
    assert "còn 1" in str(exc.value)


def test_preconditions_have_saleor_codes(two_shops):
    empty = cart.checkout_create()
    with pytest.raises(ValidationError) as exc:
        checkout_complete(checkout=empty)
    assert codes(exc.value) == {"no_lines"}

    checkout = cart.checkout_create()
    cart.checkout_lines_add(checkout=checkout, lines=[(sellable(two_shops[0]).pk, 1)])
    with pytest.raises(ValidationError) as exc:
        checkout_complete(checkout=checkout)
    assert codes(exc.value) >= {
        "email_not_set",
        "shipping_address_not_set",
        "shipping_method_not_set",
        "payment_method_not_set",
    }
    assert not Order.objects.exists()


def test_expired_checkout_is_refused(two_shops):
    checkout = ready_checkout([(sellable(two_shops[0]), 1)])
    Checkout.objects.filter(pk=checkout.pk).update(updated_at=timezone.now() - timedelta(days=31))
    checkout.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        checkout_complete(checkout=checkout)
    assert codes(exc.value) == {"checkout_expired"}
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("quantity", "code"),
    [
        (0, "zero_quantity"),
        (-1, "zero_quantity"),
        (11, "insufficient_stock"),
        (100_000, "quantity_greater_than_limit"),
    ],
)
def test_bad_quantities(two_shops, quantity, code):
    """One service for the storefront and the API: each line given is checked first
    (Saleor's codes), then the quantity it makes and the stock."""
    variant = sellable(two_shops[0], stock=10)
    checkout = cart.checkout_create()
    with pytest.raises(ValidationError) as exc:
        cart.checkout_lines_add(checkout=checkout, lines=[(variant.pk, quantity)])
    assert codes(exc.value) == {code}
    assert not checkout.lines.exists()


def test_a_line_above_the_limit_in_total_is_refused(two_shops, settings):
    settings.CHECKOUT_MAX_LINE_QUANTITY = 5
    variant = sellable(two_shops[0], stock=50)
    checkout = cart.checkout_create()
    cart.checkout_lines_add(checkout=checkout, lines=[(variant.pk, 4)])
    with pytest.raises(ValidationError) as exc:
        cart.checkout_lines_add(checkout=checkout, lines=[(variant.pk, 2)])
    assert codes(exc.value) == {"invalid_quantity"}
    assert list(checkout.lines.values_list("quantity", flat=True)) == [4]


def test_unpublished_or_unknown_variant_is_refused(two_shops):
    variant = sellable(two_shops[0])
    variant.product.status = "draft"
    variant.product.save()
    checkout = cart.checkout_create()
    for variant_id in (variant.pk, 999_999):
        with pytest.raises(ValidationError) as exc:
            cart.checkout_lines_add(checkout=checkout, lines=[(variant_id, 1)])
        assert codes(exc.value) == {"not_found"}


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"commune": 999_999_999}, "commune"),
        ({"province": "99"}, "province"),
        ({"phone": "+12025550123"}, "phone"),
        ({"phone": "123"}, "phone"),
        ({"street": "  "}, "street"),
        ({"full_name": ""}, "full_name"),
    ],
)
def test_bad_address_is_refused_and_nothing_saved(two_shops, override, field):
    checkout = cart.checkout_create()
    before = Address.objects.count()
    with pytest.raises(ValidationError) as exc:
        cart.checkout_address_update(checkout=checkout, data=address_data(**override))
    assert field in exc.value.error_dict
    assert Address.objects.count() == before


def test_commune_of_another_province_is_refused(two_shops):
    from marketplace.models import AdministrativeUnit

    elsewhere = (
        AdministrativeUnit.objects.filter(generation="current", level="commune")
        .exclude(parent__name__contains="Quảng Trị")
        .first()
    )
    with pytest.raises(ValidationError) as exc:
        cart.checkout_address_update(
            checkout=cart.checkout_create(), data=address_data(commune=elsewhere.pk)
        )
    assert codes(exc.value) == {"invalid"}
    assert "commune" in exc.value.error_dict


def test_former_district_is_derived_for_quang_binh_communes(two_shops):
    from marketplace.models import AdministrativeUnit

    former = AdministrativeUnit.objects.filter(
        generation="former", level="commune", successor__isnull=False
    ).first()
    current = former.successor
    checkout = cart.checkout_create()
    cart.checkout_address_update(
        checkout=checkout, data=address_data(province=current.parent_id, commune=current.pk)
    )
    checkout.refresh_from_db()
    parents = set(current.predecessors.values_list("parent_id", flat=True))
    assert checkout.shipping_address.district_id == (parents.pop() if len(parents) == 1 else None)


def test_cod_refused_after_failed_deliveries(two_shops, settings):
    settings.COD_MAX_FAILED_DELIVERIES = 2
    variant = sellable(two_shops[0], stock=10)
    for _ in range(2):
        order = checkout_complete(checkout=ready_checkout([(variant, 1)]))
        order.shop_orders.update(delivery_failed=True, status="returned")
    with pytest.raises(ValidationError) as exc:
        checkout_complete(checkout=ready_checkout([(variant, 1)]))
    assert codes(exc.value) == {"cod_not_allowed"}
    # paying in advance still works
    order = checkout_complete(checkout=ready_checkout([(variant, 1)], method=PaymentMethod.VIETQR))
    assert order.status == Order.Status.UNCONFIRMED
    assert order.payment_due_at is not None


def test_merge_anonymous_cart_at_login(two_shops, customer):
    a, b = two_shops
    va, vb = sellable(a, stock=10), sellable(b, stock=10)
    mine = cart.checkout_create(user=customer)
    cart.checkout_lines_add(checkout=mine, lines=[(va.pk, 1)])
    anonymous = cart.checkout_create()
    cart.checkout_lines_add(checkout=anonymous, lines=[(va.pk, 2), (vb.pk, 1)])
    merged = cart.checkout_merge(user=customer, checkout=anonymous)
    assert merged == mine
    assert dict(mine.lines.values_list("variant_id", "quantity")) == {va.pk: 3, vb.pk: 1}
    assert not anonymous.lines.exists()


def test_someone_elses_cart_token_gives_nothing(two_shops, customer):
    theirs = cart.checkout_create(user=customer)
    assert checkout_selectors.checkout_by_token(token=theirs.token, user=None) is None
    assert checkout_selectors.checkout_by_token(token=theirs.token, user=customer) == theirs
    assert checkout_selectors.checkout_by_token(token="not-a-uuid") is None


def test_completed_checkout_cannot_change(two_shops):
    variant = sellable(two_shops[0])
    checkout = ready_checkout([(variant, 1)])
    checkout_complete(checkout=checkout)
    checkout.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        cart.checkout_lines_add(checkout=checkout, lines=[(variant.pk, 1)])
    assert codes(exc.value) == {"checkout_completed"}


def test_delivery_must_be_offered(two_shops):
    variant = sellable(two_shops[0])
    checkout = ready_checkout([(variant, 1)])
    with pytest.raises(ValidationError) as exc:
        delivery_services.checkout_delivery_update(
            checkout=checkout, shop=two_shops[0], kind="shipping", shipping_method_id=987654
        )
    assert codes(exc.value) == {"shipping_method_not_applicable"}
    with pytest.raises(ValidationError):
        delivery_services.checkout_delivery_update(
            checkout=checkout, shop=two_shops[1], kind="shipping", shipping_method_id=1
        )


def _completion_queries(lines):
    checkout = ready_checkout(lines)
    return count_queries(checkout_complete, checkout=checkout)[0]


def test_completion_queries_do_not_grow_with_lines(admin_units):
    shops = [ShopFactory() for _ in range(5)]
    one = _completion_queries([(sellable(shops[0]), 1)])
    ten_one_shop = _completion_queries([(sellable(shops[0]), 1) for _ in range(10)])
    ten_five_shops = _completion_queries([(sellable(shops[i % 5]), 1) for i in range(10)])
    assert one == ten_one_shop
    # per shop: one e-mail lookup for COD and nothing else grows
    assert ten_five_shops == ten_one_shop, (one, ten_one_shop, ten_five_shops)


def test_checkout_problem_codes_are_exposed(two_shops):
    checkout = ready_checkout([(sellable(two_shops[0]), 1)])
    from orders.selectors import cart as cart_selectors

    assert checkout_rules.checkout_problems(cart_selectors.checkout_summary(checkout)) == []


def test_a_cancelled_part_is_no_longer_due(two_shops):
    from orders.services import fulfilment, payments
    from tests.factories.shops import ShopMembershipFactory

    a, b = two_shops
    order = checkout_complete(
        checkout=ready_checkout([(sellable(a), 1), (sellable(b), 1)], method=PaymentMethod.VIETQR)
    )
    first, second = order.shop_orders.order_by("number")
    assert payments.order_amount_due(order) == order.total
    fulfilment.shop_order_cancel(
        actor=ShopMembershipFactory(shop=a).user, shop_order=first, reason="Hết hàng"
    )
    assert payments.order_amount_due(order) == second.total


def test_a_product_held_for_an_open_order_cannot_be_deleted(two_shops):
    from shops.models import Product
    from shops.services.catalogue import product_delete
    from tests.factories.shops import ShopMembershipFactory

    variant = sellable(two_shops[0])
    checkout_complete(checkout=ready_checkout([(variant, 1)]))
    owner = ShopMembershipFactory(shop=two_shops[0]).user
    with pytest.raises(ValidationError) as exc:
        product_delete(actor=owner, product=variant.product)
    assert codes(exc.value) == {"in_open_orders"}
    assert Product.objects.filter(pk=variant.product_id).exists()


def test_dashboard_delete_of_a_held_product_explains_and_keeps_it(client, two_shops):
    from shops.models import Product
    from tests.factories.shops import ShopMembershipFactory

    variant = sellable(two_shops[0])
    checkout_complete(checkout=ready_checkout([(variant, 1)]))
    client.force_login(ShopMembershipFactory(shop=two_shops[0]).user)
    response = client.post(
        f"/dashboard/{two_shops[0].slug}/products/{variant.product_id}/delete/", follow=True
    )
    assert response.status_code == 200
    assert "ngừng bán" in response.content.decode()
    assert Product.objects.filter(pk=variant.product_id).exists()
