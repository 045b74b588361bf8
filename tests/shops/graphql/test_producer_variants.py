"""Producer-side variant, stock, price and publication mutations in Saleor's shape: coded
errors for bad input with nothing half-saved."""

from __future__ import annotations

import pytest

from shops.models import (
    Product,
    ProductVariant,
    Stock,
    StockLocation,
)
from tests.factories.shops import SalePointFactory, VariantFactory
from tests.shops.graphql.producer_helpers import (
    DEFAULT_CHANNEL,
    PRODUCT_LISTING,
    STOCKS_UPDATE,
    VARIANT_CREATE,
    VARIANT_PRICE,
    VARIANT_UPDATE,
    call,
    data_of,
    variant_input,
    world_state,
)
from tests.support.graphql import errors_of, gid

# --- variant input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"barcode": "8931234567890"}, [("barcode", "INVALID")]),  # wrong check digit
        ({"barcode": "12345"}, [("barcode", "INVALID")]),
        ({"sku": "SKU-TAKEN"}, [("sku", "UNIQUE")]),
        ({"sku": ""}, [("sku", "REQUIRED")]),
        ({"trackInventory": False}, [("trackInventory", "INVALID")]),
        (
            {"attributes": [{"id": gid("Attribute", "origin-district"), "plainText": "x"}]},
            [("attributes", "ATTRIBUTE_CANNOT_BE_ASSIGNED")],
        ),
        ({"product": gid("ProductVariant", 1)}, [("product", "GRAPHQL_ERROR")]),
        ({"stocks": [{"warehouse": "bad", "quantity": 1}]}, [("stocks", "GRAPHQL_ERROR")]),
    ],
)
def test_variant_create_bad_input(client, product, shop_staff, warehouse, overrides, expected):
    VariantFactory(product=product, sku="SKU-TAKEN")
    before = world_state()
    payload = data_of(
        call(client, shop_staff, VARIANT_CREATE, {"input": variant_input(product, **overrides)}),
        "productVariantCreate",
    )
    assert errors_of(payload) == expected
    assert payload["productVariant"] is None
    assert world_state() == before


def test_variant_create_with_a_negative_stock_saves_nothing(client, product, shop_staff, warehouse):
    before = world_state()
    payload = data_of(
        call(
            client,
            shop_staff,
            VARIANT_CREATE,
            {
                "input": variant_input(
                    product, stocks=[{"warehouse": gid("Warehouse", warehouse.pk), "quantity": -1}]
                )
            },
        ),
        "productVariantCreate",
    )
    assert errors_of(payload) == [("stocks", "INVALID")]
    assert world_state() == before  # the variant is not left behind


def test_variant_create_without_barcode_gets_an_internal_code(client, product, shop_staff):
    payload = data_of(
        call(client, shop_staff, VARIANT_CREATE, {"input": variant_input(product)}),
        "productVariantCreate",
    )
    assert payload["errors"] == []
    variant = ProductVariant.objects.get(sku="NEW-1")
    assert variant.barcode_is_internal
    assert variant.barcode.startswith("20")
    assert len(variant.barcode) == 13


def test_variant_update_by_sku(client, product, shop_staff):
    variant = product.variants.get()
    payload = data_of(
        call(
            client,
            shop_staff,
            VARIANT_UPDATE,
            {"sku": variant.sku, "input": {"name": "Hũ 250 g", "sku": "HU-250", "weight": 0.3}},
        ),
        "productVariantUpdate",
    )
    assert payload == {
        "errors": [],
        "productVariant": {
            "id": gid("ProductVariant", variant.pk),
            "sku": "HU-250",
            "name": "Hũ 250 g",
        },
    }
    variant.refresh_from_db()
    assert (variant.sku, variant.name, variant.weight_grams, variant.price) == (
        "HU-250",
        "Hũ 250 g",
        300,
        100_000,
    )


def test_variant_update_duplicate_sku(client, product, shop_staff):
    variant = product.variants.get()
    VariantFactory(product=product, sku="TAKEN")
    payload = data_of(
        call(
            client,
            shop_staff,
            VARIANT_UPDATE,
            {"id": gid("ProductVariant", variant.pk), "input": {"sku": "TAKEN"}},
        ),
        "productVariantUpdate",
    )
    assert errors_of(payload) == [("sku", "UNIQUE")]
    variant.refresh_from_db()
    assert variant.sku != "TAKEN"


# --- stock --------------------------------------------------------------------------------------


def stock_of(variant: ProductVariant, location: StockLocation) -> int | None:
    row = Stock.objects.filter(variant=variant, location=location).first()
    return row.quantity if row else None


def test_stocks_update_is_all_or_nothing(client, product, shop_staff, warehouse):
    variant = product.variants.get()
    second = StockLocation.objects.create(kind="warehouse", shop=product.shop, name="Kho 2")
    before = world_state()
    payload = data_of(
        call(
            client,
            shop_staff,
            STOCKS_UPDATE,
            {
                "variantId": gid("ProductVariant", variant.pk),
                "stocks": [
                    {"warehouse": gid("Warehouse", warehouse.pk), "quantity": 5},
                    {"warehouse": gid("Warehouse", second.pk), "quantity": -3},
                ],
            },
        ),
        "productVariantStocksUpdate",
    )
    assert [(e["field"], e["code"], e["index"]) for e in payload["errors"]] == [
        ("stocks", "INVALID", 1)
    ]
    assert payload["bulkStockErrors"] == [{"field": "stocks", "code": "INVALID", "index": 1}]
    assert world_state() == before


@pytest.mark.parametrize("where", ["other_shop", "sale_point", "duplicate"])
def test_stocks_update_bad_warehouse(client, product, shop_staff, warehouse, other_shop, where):
    variant = product.variants.get()
    if where == "other_shop":
        target, expected = other_shop.warehouses.get(), ("warehouse", "NOT_FOUND", 1)
    elif where == "sale_point":
        target, expected = SalePointFactory().location, ("stocks", "INVALID", 1)
    else:
        target, expected = warehouse, ("stocks", "DUPLICATED_INPUT_ITEM", 1)
    before = world_state()
    payload = data_of(
        call(
            client,
            shop_staff,
            STOCKS_UPDATE,
            {
                "variantId": gid("ProductVariant", variant.pk),
                "stocks": [
                    {"warehouse": gid("Warehouse", warehouse.pk), "quantity": 5},
                    {"warehouse": gid("Warehouse", target.pk), "quantity": 1},
                ],
            },
        ),
        "productVariantStocksUpdate",
    )
    assert [(e["field"], e["code"], e["index"]) for e in payload["errors"]] == [expected]
    assert world_state() == before


# --- prices and publication ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("listing", "expected"),
    [
        ({"channelId": DEFAULT_CHANNEL, "price": "125000.5"}, [("price", "INVALID")]),
        ({"channelId": DEFAULT_CHANNEL, "price": 0}, [("price", "INVALID_PRICE")]),
        (
            {"channelId": DEFAULT_CHANNEL, "price": 1000, "priorPrice": 999.5},
            [("priorPrice", "INVALID")],
        ),
        (
            {"channelId": DEFAULT_CHANNEL, "price": 1000, "priorPrice": 500},
            [("compareAtPrice", "INVALID")],
        ),
        (
            {"channelId": gid("Channel", "sale-point-dong-hoi"), "price": 1000},
            [("channelId", "PRODUCT_NOT_ASSIGNED_TO_CHANNEL")],
        ),
        ({"channelId": gid("Product", 1), "price": 1000}, [("channelId", "GRAPHQL_ERROR")]),
        # beyond MONEY_MAX_VND (10 000 000 000 ₫ by default), and past bigint
        ({"channelId": DEFAULT_CHANNEL, "price": "10000000001"}, [("price", "INVALID")]),
        ({"channelId": DEFAULT_CHANNEL, "price": "1e30"}, [("price", "INVALID")]),
        (
            {"channelId": DEFAULT_CHANNEL, "price": 1000, "priorPrice": "99999999999999999999"},
            [("priorPrice", "INVALID")],
        ),
    ],
)
def test_variant_price_bad_input(client, product, shop_staff, listing, expected):
    variant = product.variants.get()
    before = world_state()
    payload = data_of(
        call(
            client,
            shop_staff,
            VARIANT_PRICE,
            {"id": gid("ProductVariant", variant.pk), "input": [listing]},
        ),
        "productVariantChannelListingUpdate",
    )
    assert errors_of(payload) == expected
    assert world_state() == before


def test_variant_price_rejects_a_negative_amount_at_the_scalar(client, product, shop_staff):
    answer = call(
        client,
        shop_staff,
        VARIANT_PRICE,
        {
            "id": gid("ProductVariant", product.variants.get().pk),
            "input": [{"channelId": DEFAULT_CHANNEL, "price": -5}],
        },
    )
    assert answer["errors"]
    assert "PositiveDecimal" in answer["errors"][0]["message"]


def test_product_listing_variants_need_a_price(client, product, shop_staff):
    fresh = VariantFactory(product=product, price=0, is_active=False)
    payload = data_of(
        call(
            client,
            shop_staff,
            PRODUCT_LISTING,
            {
                "id": gid("Product", product.pk),
                "input": {
                    "updateChannels": [
                        {
                            "channelId": DEFAULT_CHANNEL,
                            "addVariants": [gid("ProductVariant", fresh.pk)],
                        }
                    ]
                },
            },
        ),
        "productChannelListingUpdate",
    )
    assert [(e["code"], e["variants"]) for e in payload["errors"]] == [
        ("PRODUCT_NOT_ASSIGNED_TO_CHANNEL", [gid("ProductVariant", fresh.pk)])
    ]
    payload = data_of(
        call(
            client,
            shop_staff,
            PRODUCT_LISTING,
            {"id": gid("Product", product.pk), "input": {"removeChannels": [DEFAULT_CHANNEL]}},
        ),
        "productChannelListingUpdate",
    )
    assert payload["errors"] == []
    product.refresh_from_db()
    assert product.status == Product.Status.DRAFT


def test_stocks_update_refuses_more_than_a_million_units(client, product, shop_staff, warehouse):
    """GraphQL's Int reaches 2 147 483 647; one stock row never counts more than
    ``QUANTITY_MAX`` units (a typing slip, refused like the dashboard's form refuses it)."""
    variant = product.variants.get()
    before = world_state()
    payload = data_of(
        call(
            client,
            shop_staff,
            STOCKS_UPDATE,
            {
                "variantId": gid("ProductVariant", variant.pk),
                "stocks": [{"warehouse": gid("Warehouse", warehouse.pk), "quantity": 2_000_000}],
            },
        ),
        "productVariantStocksUpdate",
    )
    assert [(e["field"], e["index"]) for e in payload["errors"]] == [("stocks", 0)]
    assert "tối đa là 1.000.000" in payload["errors"][0]["message"]
    assert world_state() == before
