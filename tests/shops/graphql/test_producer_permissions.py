"""Every producer-side catalogue mutation over the five actors: only the own shop's staff
may act; another shop's staff get NOT_FOUND for this shop's ids, everyone else Saleor's
top-level permission error."""

from __future__ import annotations

from typing import Any

import pytest

from shops.models import (
    Product,
    ProductMedia,
    ProductVariant,
    Stock,
    StockLocation,
)
from tests.factories.shops import ProductFactory, VariantFactory
from tests.shops.graphql.producer_helpers import (
    DEFAULT_CHANNEL,
    MEDIA_CREATE,
    PRODUCT_CREATE,
    PRODUCT_DELETE,
    PRODUCT_LISTING,
    PRODUCT_UPDATE,
    STOCKS_UPDATE,
    VARIANT_CREATE,
    VARIANT_PRICE,
    VARIANT_UPDATE,
    call,
    data_of,
    product_input,
    variant_input,
    world_state,
)
from tests.support.actors import FIVE_ACTORS, actor_for
from tests.support.graphql import errors_of, gid, multipart, permission_denied, token_for
from tests.support.images import jpeg_bytes

# --- who may act --------------------------------------------------------------------------------


def _variables(
    name: str, product: Product, variant: ProductVariant, warehouse: StockLocation
) -> dict[str, Any]:
    return {
        "productCreate": {"input": {**product_input(), "shop": product.shop.slug}},
        "productUpdate": {"id": gid("Product", product.pk), "input": {"name": "Đổi tên"}},
        "productDelete": {"id": gid("Product", product.pk)},
        "productVariantCreate": {"input": variant_input(product)},
        "productVariantUpdate": {"id": gid("ProductVariant", variant.pk), "input": {"name": "Mới"}},
        "productVariantStocksUpdate": {
            "variantId": gid("ProductVariant", variant.pk),
            "stocks": [{"warehouse": gid("Warehouse", warehouse.pk), "quantity": 3}],
        },
        "productVariantChannelListingUpdate": {
            "id": gid("ProductVariant", variant.pk),
            "input": [{"channelId": DEFAULT_CHANNEL, "price": 99000}],
        },
        "productChannelListingUpdate": {
            "id": gid("Product", product.pk),
            "input": {"removeChannels": [DEFAULT_CHANNEL]},
        },
    }[name]


QUERIES = {
    "productCreate": PRODUCT_CREATE,
    "productUpdate": PRODUCT_UPDATE,
    "productDelete": PRODUCT_DELETE,
    "productVariantCreate": VARIANT_CREATE,
    "productVariantUpdate": VARIANT_UPDATE,
    "productVariantStocksUpdate": STOCKS_UPDATE,
    "productVariantChannelListingUpdate": VARIANT_PRICE,
    "productChannelListingUpdate": PRODUCT_LISTING,
}
NOT_FOUND_FIELD = {
    "productCreate": "shop",
    "productUpdate": "id",
    "productDelete": "id",
    "productVariantCreate": "product",
    "productVariantUpdate": "id",
    "productVariantStocksUpdate": "variantId",
    "productVariantChannelListingUpdate": "id",
    "productChannelListingUpdate": "id",
}


@pytest.mark.parametrize("mutation", list(QUERIES))
@pytest.mark.parametrize(("actor", "allowed"), FIVE_ACTORS)
def test_who_may_call(request, client, product, warehouse, other_shop, mutation, actor, allowed):
    user = actor_for(request, actor)
    variant = product.variants.get()
    before = world_state()
    answer = call(
        client, user, QUERIES[mutation], _variables(mutation, product, variant, warehouse)
    )
    if allowed:
        assert data_of(answer, mutation)["errors"] == []
        assert world_state() != before
    elif actor == "other_owner":
        # staff of another shop: this shop's ids do not resolve (nothing leaks)
        payload = data_of(answer, mutation)
        assert errors_of(payload) == [(NOT_FOUND_FIELD[mutation], "NOT_FOUND")]
        assert world_state() == before
    else:
        assert permission_denied(answer, mutation), answer
        assert "MANAGE_PRODUCTS" in answer["errors"][0]["message"]
        assert world_state() == before


@pytest.mark.parametrize(("actor", "allowed"), FIVE_ACTORS)
def test_who_may_upload_media(request, client, product, actor, allowed):
    user = actor_for(request, actor)
    response = multipart(
        client,
        MEDIA_CREATE,
        {"product": gid("Product", product.pk), "image": None},
        {"variables.image": ("a.jpg", jpeg_bytes(), "image/jpeg")},
        token=token_for(user),
    )
    answer = response.json()
    if allowed:
        assert data_of(answer, "productMediaCreate")["errors"] == []
        assert ProductMedia.objects.count() == 1
    elif actor == "other_owner":
        assert errors_of(data_of(answer, "productMediaCreate")) == [("product", "NOT_FOUND")]
        assert ProductMedia.objects.count() == 0
    else:
        assert permission_denied(answer, "productMediaCreate"), answer
        assert ProductMedia.objects.count() == 0


def test_other_shops_staff_cannot_touch_by_sku(client, product, other_owner):
    variant = product.variants.get()
    before = world_state()
    payload = data_of(
        call(client, other_owner, STOCKS_UPDATE, {"sku": variant.sku, "stocks": []}),
        "productVariantStocksUpdate",
    )
    assert errors_of(payload) == [("sku", "NOT_FOUND")]
    payload = data_of(
        call(client, other_owner, VARIANT_UPDATE, {"sku": variant.sku, "input": {"name": "x"}}),
        "productVariantUpdate",
    )
    assert errors_of(payload) == [("sku", "NOT_FOUND")]
    assert world_state() == before


def test_other_shops_staff_cannot_use_this_shops_warehouse(
    client, other_shop, other_owner, warehouse
):
    theirs = VariantFactory(product=ProductFactory(shop=other_shop))
    payload = data_of(
        call(
            client,
            other_owner,
            STOCKS_UPDATE,
            {
                "variantId": gid("ProductVariant", theirs.pk),
                "stocks": [{"warehouse": gid("Warehouse", warehouse.pk), "quantity": 4}],
            },
        ),
        "productVariantStocksUpdate",
    )
    assert [(e["field"], e["code"], e["index"]) for e in payload["errors"]] == [
        ("warehouse", "NOT_FOUND", 0)
    ]
    assert not Stock.objects.exists()
