"""Deleting a variant or a product that open orders, holds, consignments or sales history
reference is refused clearly (security review: it gave a 500 on consignments and silently
dropped holds and stock history); a variant with only stock counts is deleted."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from orders.models import ShopOrder
from shops.models import ConsignmentLine, Product, ProductVariant, Stock, StockMovement
from shops.services import catalogue
from shops.services import stock as stock_services
from tests.factories.orders import OrderLineFactory, ShopOrderFactory
from tests.factories.shops import SalePointFactory, VariantFactory


@pytest.fixture
def two_variants(product, owner, warehouse):
    first = product.variants.get()
    second = VariantFactory(product=product)
    for variant in (first, second):
        stock_services.stock_set(actor=owner, variant=variant, location=warehouse, quantity=10)
    return first, second


def _codes(exc: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return [e.code for e in exc.value.error_dict[field]]


def test_a_variant_with_only_stock_counts_is_deleted(owner, two_variants):
    _, second = two_variants
    catalogue.variant_delete(actor=owner, variant=second)
    assert not ProductVariant.objects.filter(pk=second.pk).exists()


def test_a_held_variant_is_refused(owner, two_variants, warehouse):
    _, second = two_variants
    stock_services.stock_reserve(
        stock=Stock.objects.get(variant=second, location=warehouse),
        quantity=2,
        source="checkout",
        reference="cart-1",
    )
    with pytest.raises(ValidationError) as exc:
        catalogue.variant_delete(actor=owner, variant=second)
    assert _codes(exc, "variant") == ["in_open_orders"]
    assert ProductVariant.objects.filter(pk=second.pk).exists()


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (ShopOrder.Status.CONFIRMED, "in_open_orders"),
        (ShopOrder.Status.SHIPPED, "in_open_orders"),
        (ShopOrder.Status.COMPLETED, "has_history"),
        (ShopOrder.Status.CANCELLED, "has_history"),
    ],
)
def test_a_variant_in_an_order_is_refused(shop, owner, two_variants, status, code):
    _, second = two_variants
    OrderLineFactory(shop_order=ShopOrderFactory(shop=shop, status=status), variant=second)
    with pytest.raises(ValidationError) as exc:
        catalogue.variant_delete(actor=owner, variant=second)
    assert _codes(exc, "variant") == [code]
    assert ProductVariant.objects.filter(pk=second.pk).exists()


def test_a_consigned_variant_is_refused_not_a_500(shop, owner, two_variants):
    _, second = two_variants
    stock_services.consignment_send(
        actor=owner,
        shop=shop,
        destination=SalePointFactory().location,
        lines=[{"variant": second, "quantity": 3}],
    )
    assert ConsignmentLine.objects.filter(variant=second).exists()
    with pytest.raises(ValidationError) as exc:
        catalogue.variant_delete(actor=owner, variant=second)
    assert _codes(exc, "variant") == ["has_history"]
    with pytest.raises(ValidationError) as exc:
        catalogue.product_delete(actor=owner, product=second.product)
    assert _codes(exc, "product") == ["has_history"]
    assert Product.objects.filter(pk=second.product_id).exists()
    assert StockMovement.objects.filter(stock__variant=second).count() >= 2  # history kept


def test_the_product_form_cannot_delete_a_sold_variant(shop, owner, two_variants):
    first, second = two_variants
    OrderLineFactory(
        shop_order=ShopOrderFactory(shop=shop, status=ShopOrder.Status.COMPLETED), variant=second
    )
    with pytest.raises(ValidationError) as exc:
        catalogue.product_save(
            actor=owner,
            shop=shop,
            product=first.product,
            data={},
            variants=[],
            delete_variant_ids=[second.pk],
        )
    assert _codes(exc, "variants") == ["has_history"]
    assert ProductVariant.objects.filter(pk=second.pk).exists()
