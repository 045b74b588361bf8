"""shops.services.stock.consignment_send: goods leave the shop's warehouse for a sale point
in one transaction, stay owned by the shop, and every move is in the ledger."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from marketplace.errors import Forbidden
from shops.models import (
    ConsignmentLine,
    ConsignmentTransfer,
    Stock,
    StockLocation,
    StockMovement,
)
from shops.services.stock import InsufficientStock, consignment_send, stock_adjust
from tests.factories.shops import ProductFactory, SalePointFactory, VariantFactory
from tests.support.actors import FIVE_ACTORS, actor_for

Reason = StockMovement.Reason


@pytest.fixture
def sale_point_location(admin_units) -> StockLocation:
    return SalePointFactory(code="dong-hoi", name="Điểm bán OCOP Đồng Hới").location


@pytest.fixture
def variants(owner, shop, warehouse):
    """Two variants of the shop with 10 and 5 units in its warehouse."""
    first = VariantFactory(product=ProductFactory(shop=shop))
    second = VariantFactory(product=ProductFactory(shop=shop))
    for variant, quantity in ((first, 10), (second, 5)):
        stock_adjust(
            actor=owner, variant=variant, location=warehouse, delta=quantity, reason=Reason.INITIAL
        )
    return first, second


def _quantities() -> dict[tuple[int, int], tuple[int, int]]:
    """(variant, location) → (quantity, owning shop) for every stock row."""
    return {(s.variant_id, s.location_id): (s.quantity, s.shop_id) for s in Stock.objects.all()}


def _ledger() -> list[tuple[Any, ...]]:
    return list(
        StockMovement.objects.order_by("id").values_list(
            "stock__variant_id",
            "stock__location_id",
            "delta",
            "quantity_after",
            "reason",
            "reference",
        )
    )


def test_consignment_send_moves_stock_to_sale_point(
    owner, shop, warehouse, sale_point_location, variants
):
    first, second = variants
    before = _ledger()

    transfer = consignment_send(
        actor=owner,
        shop=shop,
        destination=sale_point_location,
        note="Đợt 1",
        lines=[{"variant": second, "quantity": 5}, {"variant": first, "quantity": "4"}],
    )

    transfer.refresh_from_db()
    assert (
        transfer.shop_id,
        transfer.source_id,
        transfer.destination_id,
        transfer.status,
        transfer.note,
        transfer.created_by_id,
    ) == (shop.pk, warehouse.pk, sale_point_location.pk, "received", "Đợt 1", owner.pk)
    assert transfer.sent_at is not None
    assert transfer.received_at is not None
    assert sorted(transfer.lines.values_list("variant_id", "quantity")) == [
        (first.pk, 4),
        (second.pk, 5),
    ]
    assert _quantities() == {
        (first.pk, warehouse.pk): (6, shop.pk),
        (second.pk, warehouse.pk): (0, shop.pk),
        (first.pk, sale_point_location.pk): (4, shop.pk),
        (second.pk, sale_point_location.pk): (5, shop.pk),
    }
    ref = f"consignment:{transfer.pk}"
    assert _ledger()[len(before) :] == [
        (first.pk, warehouse.pk, -4, 6, "consignment_out", ref),
        (first.pk, sale_point_location.pk, 4, 4, "consignment_in", ref),
        (second.pk, warehouse.pk, -5, 0, "consignment_out", ref),
        (second.pk, sale_point_location.pk, 5, 5, "consignment_in", ref),
    ]
    assert set(StockMovement.objects.filter(reference=ref).values_list("actor_id", flat=True)) == {
        owner.pk
    }


def test_consignment_send_adds_to_existing_sale_point_stock(
    owner, shop, warehouse, sale_point_location, variants
):
    first, _ = variants
    consignment_send(
        actor=owner,
        shop=shop,
        destination=sale_point_location,
        lines=[{"variant": first, "quantity": 3}],
    )

    consignment_send(
        actor=owner,
        shop=shop,
        destination=sale_point_location,
        lines=[{"variant": first, "quantity": 2}],
    )

    assert _quantities()[(first.pk, warehouse.pk)] == (5, shop.pk)
    assert _quantities()[(first.pk, sale_point_location.pk)] == (5, shop.pk)
    assert ConsignmentTransfer.objects.count() == 2
    assert Stock.objects.filter(location=sale_point_location).count() == 1


def test_consignment_send_more_than_on_hand_changes_nothing(
    owner, shop, sale_point_location, variants
):
    first, second = variants
    quantities, ledger = _quantities(), _ledger()

    # The first line (lower pk) is fine; the second is short, so the first must roll back too.
    with pytest.raises(InsufficientStock) as exc_info:
        consignment_send(
            actor=owner,
            shop=shop,
            destination=sale_point_location,
            lines=[{"variant": first, "quantity": 4}, {"variant": second, "quantity": 6}],
        )

    assert exc_info.value.error_dict["quantity"][0].code == "insufficient_stock"
    assert ConsignmentTransfer.objects.count() == 0
    assert ConsignmentLine.objects.count() == 0
    assert _quantities() == quantities
    assert _ledger() == ledger


def test_consignment_send_another_shops_variant_rejected(
    owner, shop, sale_point_location, variants, other_shop
):
    first, _ = variants
    foreign = VariantFactory(product=ProductFactory(shop=other_shop))
    quantities, ledger = _quantities(), _ledger()

    with pytest.raises(ValidationError) as exc_info:
        consignment_send(
            actor=owner,
            shop=shop,
            destination=sale_point_location,
            lines=[{"variant": first, "quantity": 2}, {"variant": foreign, "quantity": 1}],
        )

    assert exc_info.value.error_dict["lines"][0].code == "invalid"
    assert ConsignmentTransfer.objects.count() == 0
    assert ConsignmentLine.objects.count() == 0
    assert _quantities() == quantities
    assert _ledger() == ledger


def test_consignment_send_to_warehouse_rejected(owner, shop, other_shop, variants):
    first, _ = variants
    ledger = _ledger()

    with pytest.raises(ValidationError) as exc_info:
        consignment_send(
            actor=owner,
            shop=shop,
            destination=other_shop.warehouses.get(),
            lines=[{"variant": first, "quantity": 1}],
        )

    assert exc_info.value.error_dict["destination"][0].code == "invalid"
    assert ConsignmentTransfer.objects.count() == 0
    assert _ledger() == ledger


def test_consignment_send_without_lines_rejected(owner, shop, sale_point_location):
    with pytest.raises(ValidationError) as exc_info:
        consignment_send(actor=owner, shop=shop, destination=sale_point_location, lines=[])

    assert exc_info.value.error_dict["lines"][0].code == "required"
    assert ConsignmentTransfer.objects.count() == 0


@pytest.mark.parametrize("quantity", [0, -3])
def test_consignment_send_non_positive_quantity_rejected(
    owner, shop, sale_point_location, variants, quantity
):
    first, _ = variants
    quantities, ledger = _quantities(), _ledger()

    with pytest.raises(ValidationError) as exc_info:
        consignment_send(
            actor=owner,
            shop=shop,
            destination=sale_point_location,
            lines=[{"variant": first, "quantity": quantity}],
        )

    assert exc_info.value.error_dict["lines"][0].code == "invalid"
    assert ConsignmentTransfer.objects.count() == 0
    assert _quantities() == quantities
    assert _ledger() == ledger


@pytest.mark.parametrize(("actor_name", "allowed"), FIVE_ACTORS)
def test_consignment_send_authorization(
    request, actor_name, allowed, shop, warehouse, sale_point_location, variants
):
    actor = actor_for(request, actor_name)
    first, _ = variants
    quantities, ledger = _quantities(), _ledger()

    if allowed:
        consignment_send(
            actor=actor,
            shop=shop,
            destination=sale_point_location,
            lines=[{"variant": first, "quantity": 1}],
        )
        assert _quantities()[(first.pk, sale_point_location.pk)] == (1, shop.pk)
        assert ConsignmentTransfer.objects.count() == 1
        return
    with pytest.raises(Forbidden):
        consignment_send(
            actor=actor,
            shop=shop,
            destination=sale_point_location,
            lines=[{"variant": first, "quantity": 1}],
        )
    assert ConsignmentTransfer.objects.count() == 0
    assert _quantities() == quantities
    assert _ledger() == ledger
