"""shops.services.stock: adjustments, counts, reservations and their races.

The concurrency tests run on the real PostgreSQL of ``deploy/services.sh`` (SQLite has
no row locks); every worker thread opens its own connection and closes it at the end."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone

from marketplace.bounded import QUANTITY_MAX
from marketplace.errors import Forbidden
from shops.models import (
    Product,
    ProductVariant,
    Stock,
    StockMovement,
    StockReservation,
)
from shops.services.stock import (
    InsufficientStock,
    stock_adjust,
    stock_reservations_consume,
    stock_reservations_release,
    stock_reserve,
    stock_set,
)
from tests.support.actors import FIVE_ACTORS, actor_for
from tests.support.concurrency import run_concurrently

Reason = StockMovement.Reason
Source = StockReservation.Source
Status = StockReservation.Status


@pytest.fixture
def variant(product):
    return product.variants.select_related("product__shop").get()


@pytest.fixture
def stock_of(variant, warehouse):
    """Returns a helper that puts ``quantity`` of the variant in the warehouse (one
    ``initial`` movement) and gives back the stock row."""

    def make(quantity: int, *, actor: Any) -> Stock:
        return stock_adjust(
            actor=actor, variant=variant, location=warehouse, delta=quantity, reason=Reason.INITIAL
        )

    return make


def _error_code(exc: ValidationError, field: str) -> str:
    return exc.error_dict[field][0].code


def _movements(stock: Stock) -> list[tuple[Any, ...]]:
    return list(
        StockMovement.objects.filter(stock=stock)
        .order_by("id")
        .values_list("delta", "quantity_after", "reason", "note", "reference", "actor_id")
    )


def _fresh_variant(pk: int) -> ProductVariant:
    return ProductVariant.objects.select_related("product__shop").get(pk=pk)


# --- stock_adjust -----------------------------------------------------------------------


def test_stock_adjust_records_movement(owner, shop, variant, warehouse):
    Product.objects.filter(pk=variant.product_id).update(search_dirty=False)

    stock = stock_adjust(
        actor=owner,
        variant=variant,
        location=warehouse,
        delta=12,
        reason=Reason.RESTOCK,
        reference="PN-001",
    )
    stock = stock_adjust(
        actor=owner,
        variant=variant,
        location=warehouse,
        delta=-2,
        reason=Reason.DAMAGE,
        note="Vỡ 2 chai",
    )

    stock.refresh_from_db()
    assert (stock.quantity, stock.shop_id, stock.variant_id, stock.location_id) == (
        10,
        shop.pk,
        variant.pk,
        warehouse.pk,
    )
    assert Stock.objects.count() == 1
    assert _movements(stock) == [
        (12, 12, "restock", "", "PN-001", owner.pk),
        (-2, 10, "damage", "Vỡ 2 chai", "", owner.pk),
    ]
    assert Product.objects.get(pk=variant.product_id).search_dirty is True


def test_stock_adjust_by_staff_member(shop_staff, variant, warehouse):
    stock = stock_adjust(
        actor=shop_staff,
        variant=variant,
        location=warehouse,
        delta=3,
        reason=Reason.ADJUSTMENT,
        note="Đếm lại sau kiểm kê",
    )

    assert stock.quantity == 3
    assert _movements(stock) == [(3, 3, "adjustment", "Đếm lại sau kiểm kê", "", shop_staff.pk)]


def test_stock_adjust_below_zero_rejected_without_change(owner, variant, warehouse, stock_of):
    stock = stock_of(5, actor=owner)

    with pytest.raises(InsufficientStock) as exc_info:
        stock_adjust(
            actor=owner, variant=variant, location=warehouse, delta=-6, reason=Reason.DAMAGE
        )

    assert _error_code(exc_info.value, "quantity") == "insufficient_stock"
    stock.refresh_from_db()
    assert stock.quantity == 5
    assert _movements(stock) == [(5, 5, "initial", "", "", owner.pk)]


def test_stock_adjust_below_zero_on_missing_row_rejected(owner, variant, warehouse):
    with pytest.raises(InsufficientStock) as exc_info:
        stock_adjust(
            actor=owner, variant=variant, location=warehouse, delta=-1, reason=Reason.DAMAGE
        )

    assert _error_code(exc_info.value, "quantity") == "insufficient_stock"
    assert Stock.objects.count() == 0
    assert StockMovement.objects.count() == 0


@pytest.mark.parametrize(("actor_name", "allowed"), FIVE_ACTORS)
def test_stock_adjust_authorization(request, actor_name, allowed, variant, warehouse):
    actor = actor_for(request, actor_name)

    if allowed:
        stock = stock_adjust(
            actor=actor, variant=variant, location=warehouse, delta=4, reason=Reason.RESTOCK
        )
        assert stock.quantity == 4
        assert StockMovement.objects.count() == 1
        return
    with pytest.raises(Forbidden):
        stock_adjust(
            actor=actor, variant=variant, location=warehouse, delta=4, reason=Reason.RESTOCK
        )
    assert Stock.objects.count() == 0
    assert StockMovement.objects.count() == 0


@pytest.mark.parametrize("note", ["", "   "])
def test_stock_adjust_adjustment_reason_needs_note(owner, variant, warehouse, note):
    with pytest.raises(ValidationError) as exc_info:
        stock_adjust(
            actor=owner,
            variant=variant,
            location=warehouse,
            delta=2,
            reason=Reason.ADJUSTMENT,
            note=note,
        )

    assert _error_code(exc_info.value, "note") == "required"
    assert Stock.objects.count() == 0
    assert StockMovement.objects.count() == 0


@pytest.mark.parametrize("reason", ["", "sale", "consignment_in", "gift"])
def test_stock_adjust_rejects_reason_not_for_manual_adjustment(owner, variant, warehouse, reason):
    with pytest.raises(ValidationError) as exc_info:
        stock_adjust(
            actor=owner, variant=variant, location=warehouse, delta=2, reason=reason, note="x"
        )

    assert _error_code(exc_info.value, "reason") == "required"
    assert StockMovement.objects.count() == 0


def test_stock_adjust_zero_delta_rejected(owner, variant, warehouse):
    with pytest.raises(ValidationError) as exc_info:
        stock_adjust(
            actor=owner, variant=variant, location=warehouse, delta=0, reason=Reason.RESTOCK
        )

    assert _error_code(exc_info.value, "delta") == "invalid"
    assert Stock.objects.count() == 0


def test_stock_adjust_in_another_shops_warehouse_rejected(owner, variant, other_shop):
    foreign_warehouse = other_shop.warehouses.get()

    with pytest.raises(ValidationError) as exc_info:
        stock_adjust(
            actor=owner, variant=variant, location=foreign_warehouse, delta=3, reason=Reason.RESTOCK
        )

    assert _error_code(exc_info.value, "location") == "invalid"
    assert Stock.objects.count() == 0


# --- stock_set (stock take) -----------------------------------------------------------------


def test_stock_set_records_difference(owner, variant, warehouse, stock_of):
    stock = stock_of(7, actor=owner)

    stock_set(actor=owner, variant=variant, location=warehouse, quantity=4)
    stock_set(actor=owner, variant=variant, location=warehouse, quantity=9, note="Kiểm kê quý 1")

    stock.refresh_from_db()
    assert stock.quantity == 9
    assert _movements(stock) == [
        (7, 7, "initial", "", "", owner.pk),
        (-3, 4, "count", "", "", owner.pk),
        (5, 9, "count", "Kiểm kê quý 1", "", owner.pk),
    ]


def test_stock_set_same_quantity_records_nothing(owner, variant, warehouse, stock_of):
    stock = stock_of(7, actor=owner)

    result = stock_set(actor=owner, variant=variant, location=warehouse, quantity=7)

    assert (result.pk, result.quantity) == (stock.pk, 7)
    assert StockMovement.objects.filter(stock=stock).count() == 1


def test_stock_set_creates_row_from_nothing(owner, shop, variant, warehouse):
    stock = stock_set(
        actor=owner, variant=variant, location=warehouse, quantity=6, reason=Reason.IMPORT
    )

    assert (stock.quantity, stock.shop_id) == (6, shop.pk)
    assert _movements(stock) == [(6, 6, "import", "", "", owner.pk)]


def test_stock_set_negative_rejected(owner, variant, warehouse, stock_of):
    stock = stock_of(7, actor=owner)

    with pytest.raises(ValidationError) as exc_info:
        stock_set(actor=owner, variant=variant, location=warehouse, quantity=-1)

    assert _error_code(exc_info.value, "quantity") == "negative"
    stock.refresh_from_db()
    assert stock.quantity == 7
    assert StockMovement.objects.filter(stock=stock).count() == 1


def test_stock_set_non_member_forbidden(other_owner, owner, variant, warehouse, stock_of):
    stock = stock_of(7, actor=owner)

    with pytest.raises(Forbidden):
        stock_set(actor=other_owner, variant=variant, location=warehouse, quantity=0)

    stock.refresh_from_db()
    assert stock.quantity == 7
    assert StockMovement.objects.filter(stock=stock).count() == 1


# --- reservations ---------------------------------------------------------------------------


def _active_reserved(stock: Stock) -> int:
    return (
        StockReservation.objects.filter(stock=stock, status=Status.ACTIVE).aggregate(
            t=Sum("quantity")
        )["t"]
        or 0
    )


def test_stock_reserve_limited_to_available(owner, stock_of):
    stock = stock_of(10, actor=owner)
    stock_reserve(stock=stock, quantity=6, source=Source.CHECKOUT, reference="cart-1")

    with pytest.raises(InsufficientStock) as exc_info:
        stock_reserve(stock=stock, quantity=5, source=Source.CHECKOUT, reference="cart-2")
    assert _error_code(exc_info.value, "quantity") == "insufficient_stock"

    last = stock_reserve(stock=stock, quantity=4, source=Source.LIVESTREAM, reference="deal-9")
    assert (last.quantity, last.status, last.source, last.reference) == (
        4,
        "active",
        "livestream",
        "deal-9",
    )
    assert StockReservation.objects.filter(stock=stock).count() == 2
    stock.refresh_from_db()
    assert stock.quantity == 10


def test_stock_reserve_ignores_expired_released_and_consumed(owner, stock_of):
    stock = stock_of(10, actor=owner)
    now = timezone.now()
    StockReservation.objects.create(
        stock=stock,
        quantity=4,
        source=Source.CHECKOUT,
        reference="old",
        expires_at=now - datetime.timedelta(seconds=1),
    )
    StockReservation.objects.create(
        stock=stock, quantity=3, source=Source.CHECKOUT, reference="gone", status=Status.RELEASED
    )
    StockReservation.objects.create(
        stock=stock, quantity=2, source=Source.POS, reference="sold", status=Status.CONSUMED
    )
    StockReservation.objects.create(
        stock=stock,
        quantity=1,
        source=Source.CHECKOUT,
        reference="live",
        expires_at=now + datetime.timedelta(minutes=15),
    )

    stock_reserve(stock=stock, quantity=9, source=Source.ORDER, reference="order-1")

    with pytest.raises(InsufficientStock):
        stock_reserve(stock=stock, quantity=1, source=Source.ORDER, reference="order-2")
    assert StockReservation.objects.filter(reference="order-2").count() == 0


@pytest.mark.parametrize("quantity", [0, -2])
def test_stock_reserve_non_positive_quantity_rejected(owner, stock_of, quantity):
    stock = stock_of(10, actor=owner)

    with pytest.raises(ValidationError) as exc_info:
        stock_reserve(stock=stock, quantity=quantity, source=Source.CHECKOUT, reference="c")

    assert _error_code(exc_info.value, "quantity") == "invalid"
    assert StockReservation.objects.count() == 0


def test_stock_reservations_release_is_idempotent(owner, stock_of):
    stock = stock_of(10, actor=owner)
    stock_reserve(stock=stock, quantity=3, source=Source.CHECKOUT, reference="cart-1")
    stock_reserve(stock=stock, quantity=2, source=Source.CHECKOUT, reference="cart-1")
    stock_reserve(stock=stock, quantity=5, source=Source.CHECKOUT, reference="cart-2")

    assert stock_reservations_release(source=Source.CHECKOUT, reference="cart-1") == 2
    assert stock_reservations_release(source=Source.CHECKOUT, reference="cart-1") == 0

    assert sorted(StockReservation.objects.values_list("reference", "status")) == [
        ("cart-1", "released"),
        ("cart-1", "released"),
        ("cart-2", "active"),
    ]
    assert _active_reserved(stock) == 5
    stock_reserve(stock=stock, quantity=5, source=Source.CHECKOUT, reference="cart-3")
    stock.refresh_from_db()
    assert stock.quantity == 10
    assert StockMovement.objects.filter(stock=stock).count() == 1


def test_stock_reservations_consume_decrements_once(owner, product, variant, warehouse, stock_of):
    from tests.factories.shops import VariantFactory

    stock = stock_of(10, actor=owner)
    second_variant = VariantFactory(product=product)
    second = stock_adjust(
        actor=owner, variant=second_variant, location=warehouse, delta=5, reason=Reason.INITIAL
    )
    stock_reserve(stock=stock, quantity=3, source=Source.ORDER, reference="DH-1")
    stock_reserve(stock=second, quantity=5, source=Source.ORDER, reference="DH-1")
    stock_reserve(stock=stock, quantity=2, source=Source.ORDER, reference="DH-2")

    assert stock_reservations_consume(source=Source.ORDER, reference="DH-1", actor=owner) == 2
    assert stock_reservations_consume(source=Source.ORDER, reference="DH-1", actor=owner) == 0

    stock.refresh_from_db()
    second.refresh_from_db()
    assert (stock.quantity, second.quantity) == (7, 0)
    assert _movements(stock) == [
        (10, 10, "initial", "", "", owner.pk),
        (-3, 7, "sale", "", "order:DH-1", owner.pk),
    ]
    assert _movements(second) == [
        (5, 5, "initial", "", "", owner.pk),
        (-5, 0, "sale", "", "order:DH-1", owner.pk),
    ]
    assert sorted(StockReservation.objects.values_list("reference", "quantity", "status")) == [
        ("DH-1", 3, "consumed"),
        ("DH-1", 5, "consumed"),
        ("DH-2", 2, "active"),
    ]
    # Consumed units left the shelf: what is still reserved (2) is all that is held.
    assert _active_reserved(stock) == 2


def test_stock_reservations_consume_released_does_nothing(owner, stock_of):
    stock = stock_of(10, actor=owner)
    stock_reserve(stock=stock, quantity=4, source=Source.POS, reference="HD-7")
    stock_reservations_release(source=Source.POS, reference="HD-7")

    assert stock_reservations_consume(source=Source.POS, reference="HD-7") == 0

    stock.refresh_from_db()
    assert stock.quantity == 10
    assert StockMovement.objects.filter(stock=stock).count() == 1


# --- races on PostgreSQL ------------------------------------------------------------------


@pytest.mark.service("postgresql")
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_stock_changes_under_concurrent_adjustments_no_lost_update(
    owner, variant, warehouse, stock_of
):
    stock = stock_of(10, actor=owner)
    deltas = [1 if i % 5 < 3 else -1 for i in range(20)]  # 12 × +1, 8 × −1
    assert sum(deltas) == 4

    def work(i: int) -> int:
        return stock_adjust(
            actor=owner,
            variant=_fresh_variant(variant.pk),
            location=warehouse,
            delta=deltas[i],
            reason=Reason.RESTOCK if deltas[i] > 0 else Reason.DAMAGE,
        ).quantity

    results = run_concurrently(20, work)

    assert [status for status, _ in results] == ["ok"] * 20
    stock.refresh_from_db()
    assert stock.quantity == 14
    ledger = list(
        StockMovement.objects.filter(stock=stock)
        .order_by("id")
        .values_list("delta", "quantity_after")
    )
    assert len(ledger) == 21
    assert sum(delta for delta, _ in ledger) == 14
    assert sorted(delta for delta, _ in ledger[1:]) == sorted(deltas)
    # Serialized by the row lock: each row's quantity_after continues the previous one.
    running = 0
    for delta, quantity_after in ledger:
        running += delta
        assert quantity_after == running
    assert sorted(value for _, value in results) == sorted(q for _, q in ledger[1:])


@pytest.mark.service("postgresql")
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_stock_row_created_concurrently_once(owner, shop, variant, warehouse):
    def work(i: int) -> int:
        return stock_adjust(
            actor=owner,
            variant=_fresh_variant(variant.pk),
            location=warehouse,
            delta=1,
            reason=Reason.RESTOCK,
        ).pk

    results = run_concurrently(20, work)

    assert [status for status, _ in results] == ["ok"] * 20
    stock = Stock.objects.get()
    assert {pk for _, pk in results} == {stock.pk}
    assert (stock.quantity, stock.shop_id) == (20, shop.pk)
    assert StockMovement.objects.filter(stock=stock).aggregate(t=Sum("delta"))["t"] == 20


@pytest.mark.service("postgresql")
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_stock_concurrent_takes_never_go_negative(owner, variant, warehouse, stock_of):
    stock = stock_of(20, actor=owner)

    def work(i: int) -> int:
        return stock_adjust(
            actor=owner,
            variant=_fresh_variant(variant.pk),
            location=warehouse,
            delta=-3,
            reason=Reason.DAMAGE,
        ).quantity

    results = run_concurrently(10, work)

    succeeded = [value for status, value in results if status == "ok"]
    failed = [value for status, value in results if status == "error"]
    assert sorted(succeeded) == [2, 5, 8, 11, 14, 17]
    assert len(failed) == 4
    assert [type(exc) for exc in failed] == [InsufficientStock] * 4
    assert [_error_code(exc, "quantity") for exc in failed] == ["insufficient_stock"] * 4
    stock.refresh_from_db()
    assert stock.quantity == 2
    ledger = list(
        StockMovement.objects.filter(stock=stock)
        .order_by("id")
        .values_list("delta", "quantity_after")
    )
    assert ledger == [(20, 20), (-3, 17), (-3, 14), (-3, 11), (-3, 8), (-3, 5), (-3, 2)]


@pytest.mark.service("postgresql")
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_stock_concurrent_reservations_never_exceed_available(owner, stock_of):
    stock = stock_of(10, actor=owner)
    now = timezone.now()
    StockReservation.objects.create(
        stock=stock,
        quantity=4,
        source=Source.CHECKOUT,
        reference="expired",
        expires_at=now - datetime.timedelta(minutes=1),
    )
    StockReservation.objects.create(stock=stock, quantity=1, source=Source.POS, reference="held")

    def work(i: int) -> int:
        return stock_reserve(
            stock=Stock.objects.get(pk=stock.pk),
            quantity=2,
            source=Source.CHECKOUT,
            reference=f"cart-{i}",
        ).pk

    results = run_concurrently(12, work)

    succeeded = [value for status, value in results if status == "ok"]
    failed = [value for status, value in results if status == "error"]
    assert len(succeeded) == 4
    assert [_error_code(exc, "quantity") for exc in failed] == ["insufficient_stock"] * 8
    live = StockReservation.objects.filter(stock=stock, status=Status.ACTIVE).exclude(
        reference="expired"
    )
    assert live.aggregate(t=Sum("quantity"))["t"] == 9
    assert sorted(
        StockReservation.objects.filter(pk__in=succeeded).values_list("quantity", flat=True)
    ) == [2, 2, 2, 2]
    stock.refresh_from_db()
    assert stock.quantity == 10


@pytest.mark.service("postgresql")
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_stock_concurrent_consume_happens_once(owner, stock_of):
    stock = stock_of(10, actor=owner)
    stock_reserve(stock=stock, quantity=3, source=Source.ORDER, reference="DH-42")
    stock_reserve(stock=stock, quantity=2, source=Source.ORDER, reference="DH-42")

    results = run_concurrently(
        8, lambda i: stock_reservations_consume(source=Source.ORDER, reference="DH-42")
    )

    assert sorted(results) == [("ok", 0)] * 7 + [("ok", 2)]
    stock.refresh_from_db()
    assert stock.quantity == 5
    ledger = list(
        StockMovement.objects.filter(stock=stock)
        .order_by("id")
        .values_list("delta", "quantity_after", "reason", "reference")
    )
    assert ledger[0] == (10, 10, "initial", "")
    assert sorted((delta, reason, ref) for delta, _, reason, ref in ledger[1:]) == [
        (-3, "sale", "order:DH-42"),
        (-2, "sale", "order:DH-42"),
    ]
    assert ledger[-1][1] == 5
    assert sorted(StockReservation.objects.values_list("status", flat=True)) == [
        "consumed",
        "consumed",
    ]


@pytest.mark.django_db
def test_adjust_cannot_take_stock_below_what_reservations_hold(owner, shop, warehouse, product):
    """Regression: manual reductions leave at least what active reservations hold; an
    expired reservation does not count, and a physical count (stock_set) is recorded."""
    from shops.models import StockReservation

    variant = product.variants.get()
    stock = stock_adjust(
        actor=owner, variant=variant, location=warehouse, delta=10, reason="initial"
    )
    stock_reserve(stock=stock, quantity=7, source="checkout", reference="c1")
    with pytest.raises(ValidationError) as exc:
        stock_adjust(actor=owner, variant=variant, location=warehouse, delta=-4, reason="damage")
    assert exc.value.error_dict["delta"][0].code == "insufficient_stock"
    stock.refresh_from_db()
    assert stock.quantity == 10
    stock_adjust(actor=owner, variant=variant, location=warehouse, delta=-3, reason="damage")
    StockReservation.objects.filter(reference="c1").update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    stock_adjust(actor=owner, variant=variant, location=warehouse, delta=-7, reason="damage")
    stock.refresh_from_db()
    assert stock.quantity == 0


def test_no_stock_row_counts_more_than_a_million_units(owner, variant, warehouse):
    """``QUANTITY_MAX`` bounds a count, an adjustment and what an adjustment leads to."""
    stock_set(actor=owner, variant=variant, location=warehouse, quantity=QUANTITY_MAX)
    with pytest.raises(ValidationError) as too_many:
        stock_set(actor=owner, variant=variant, location=warehouse, quantity=QUANTITY_MAX + 1)
    with pytest.raises(ValidationError) as over:
        stock_adjust(actor=owner, variant=variant, location=warehouse, delta=1, reason="initial")
    assert too_many.value.error_dict["quantity"][0].code == "max_value"
    assert over.value.error_dict["delta"][0].code == "max_value"
    assert Stock.objects.get(variant=variant, location=warehouse).quantity == QUANTITY_MAX
