"""Producer-side (shop staff) catalogue mutations in Saleor's shape
(shops/graphql/mutations.py): a product built end to end (product, variant, price, stock,
publication, image), Saleor's inputs mapped onto ours, coded errors for bad input with
nothing half-saved, and every mutation over the five actors — only the own shop's staff
may act; another shop's staff get NOT_FOUND for this shop's ids, everyone else Saleor's
top-level permission error."""

from __future__ import annotations

import json
from typing import Any

import pytest

from marketplace.models import ProductGroup
from shops.models import (
    Category,
    Product,
    ProductMedia,
    ProductVariant,
    Stock,
    StockLocation,
    StockMovement,
)
from tests.factories.shops import ProductFactory, SalePointFactory, VariantFactory, valid_ean13
from tests.shops.graphql.staff_helpers import (
    FIVE_ACTORS,
    actor_for,
    errors_of,
    gid,
    gql,
    jpeg_bytes,
    multipart,
    permission_denied,
    staff_api,  # noqa: F401 - fixture
    token_for,
)

pytestmark = pytest.mark.usefixtures("staff_api")

PRODUCT_CREATE = """
mutation ProductCreate($input: ProductCreateInput!) {
  productCreate(input: $input) {
    errors { field code message attributes }
    productErrors { field code }
    product { id name slug }
  }
}"""
PRODUCT_UPDATE = """
mutation ProductUpdate($id: ID, $input: ProductInput!) {
  productUpdate(id: $id, input: $input) {
    errors { field code message attributes }
    product { id name }
  }
}"""
PRODUCT_DELETE = """
mutation ProductDelete($id: ID) {
  productDelete(id: $id) { errors { field code message } product { id } }
}"""
VARIANT_CREATE = """
mutation VariantCreate($input: ProductVariantCreateInput!) {
  productVariantCreate(input: $input) {
    errors { field code message }
    productVariant { id sku name }
  }
}"""
VARIANT_UPDATE = """
mutation VariantUpdate($id: ID, $sku: String, $input: ProductVariantInput!) {
  productVariantUpdate(id: $id, sku: $sku, input: $input) {
    errors { field code message }
    productVariant { id sku name }
  }
}"""
STOCKS_UPDATE = """
mutation StocksUpdate($variantId: ID, $sku: String, $stocks: [StockInput!]!) {
  productVariantStocksUpdate(variantId: $variantId, sku: $sku, stocks: $stocks) {
    errors { field code message index }
    bulkStockErrors { field code index }
    productVariant { id }
  }
}"""
VARIANT_PRICE = """
mutation VariantPrice($id: ID, $input: [ProductVariantChannelListingAddInput!]!) {
  productVariantChannelListingUpdate(id: $id, input: $input) {
    errors { field code message channels }
    variant { id }
  }
}"""
PRODUCT_LISTING = """
mutation ProductListing($id: ID!, $input: ProductChannelListingUpdateInput!) {
  productChannelListingUpdate(id: $id, input: $input) {
    errors { field code message variants }
    product { id }
  }
}"""
MEDIA_CREATE = """
mutation MediaCreate($product: ID!, $image: Upload, $alt: String, $url: String) {
  productMediaCreate(input: {product: $product, image: $image, alt: $alt, mediaUrl: $url}) {
    errors { field code message }
    media { id alt }
    product { id }
  }
}"""

DEFAULT_CHANNEL = gid("Channel", "default-channel")
EDITORJS = {
    "time": 1,
    "blocks": [
        {"type": "header", "data": {"text": "Nước mắm <b>nhĩ</b>", "level": 2}},
        {"type": "paragraph", "data": {"text": "Ủ chượp 12 tháng.<script>alert(1)</script>"}},
        {"type": "list", "data": {"style": "unordered", "items": ["Cá cơm", "Muối"]}},
    ],
    "version": "2.28",
}


def food_group() -> ProductGroup:
    return ProductGroup.objects.get(criteria_version="148/2023", code="thuc-pham")


def call(client: Any, user: Any, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    return gql(client, query, variables, token=token_for(user))


def data_of(answer: dict[str, Any], field: str) -> dict[str, Any]:
    assert "errors" not in answer, answer
    return answer["data"][field]


def world_state() -> tuple[Any, ...]:
    """Everything a producer mutation could change."""
    return (
        list(
            Product.objects.order_by("pk").values_list("pk", "name_vi", "status", "description_vi")
        ),
        list(
            ProductVariant.objects.order_by("pk").values_list(
                "pk", "sku", "name", "price", "is_active", "barcode"
            )
        ),
        list(Stock.objects.order_by("pk").values_list("pk", "quantity")),
        ProductMedia.objects.count(),
        StockMovement.objects.count(),
    )


# --- the whole journey --------------------------------------------------------------------------


def test_product_variant_price_stock_media_then_read_back(client, shop, shop_staff, warehouse):
    category = Category.objects.create(name_vi="Nước chấm", name_en="Sauces", slug="nuoc-cham")
    district, commune = shop.producer.district, shop.producer.commune
    product = data_of(
        call(
            client,
            shop_staff,
            PRODUCT_CREATE,
            {
                "input": {
                    "name": "Nước mắm Cảnh Dương",
                    "productType": gid("ProductType", food_group().pk),
                    "category": gid("Category", category.pk),
                    "description": json.dumps(EDITORJS),
                    "attributes": [
                        {"id": gid("Attribute", "net-quantity"), "plainText": "500 ml"},
                        {"externalReference": "ingredients", "plainText": "Cá cơm, muối"},
                        {"id": gid("Attribute", "shelf-life"), "values": ["24 tháng"]},
                        {
                            "id": gid("Attribute", "origin-district"),
                            "dropdown": {"value": district.code},
                        },
                        {
                            "id": gid("Attribute", "origin-commune"),
                            "dropdown": {
                                "id": gid("AttributeValue", f"origin-commune.{commune.slug}")
                            },
                        },
                    ],
                }
            },
        ),
        "productCreate",
    )
    assert product["errors"] == []
    assert product["productErrors"] == []
    saved = Product.objects.get()
    assert product["product"] == {
        "id": gid("Product", saved.pk),
        "name": "Nước mắm Cảnh Dương",
        "slug": saved.slug,
    }
    assert (saved.shop, saved.status, saved.category, saved.product_group) == (
        shop,
        Product.Status.DRAFT,
        category,
        food_group(),
    )
    assert (saved.net_quantity, saved.ingredients, saved.shelf_life) == (
        "500 ml",
        "Cá cơm, muối",
        "24 tháng",
    )
    assert (saved.origin_district, saved.origin_commune) == (district, commune)
    assert saved.description_vi == (
        "<h2>Nước mắm <b>nhĩ</b></h2><p>Ủ chượp 12 tháng.</p><ul><li>Cá cơm</li><li>Muối</li></ul>"
    )

    barcode = valid_ean13(4242)
    variant = data_of(
        call(
            client,
            shop_staff,
            VARIANT_CREATE,
            {
                "input": {
                    "product": gid("Product", saved.pk),
                    "sku": "CD-500",
                    "barcode": barcode,
                    "trackInventory": True,
                    "attributes": [
                        {"id": gid("Attribute", "variant"), "dropdown": {"value": "Chai 500 ml"}}
                    ],
                    "weight": {"unit": "G", "value": 650},
                    "stocks": [{"warehouse": gid("Warehouse", warehouse.pk), "quantity": 12}],
                }
            },
        ),
        "productVariantCreate",
    )
    assert variant["errors"] == []
    saved_variant = ProductVariant.objects.get()
    assert variant["productVariant"] == {
        "id": gid("ProductVariant", saved_variant.pk),
        "sku": "CD-500",
        "name": "Chai 500 ml",
    }
    # off sale until it has a price
    assert (
        saved_variant.barcode,
        saved_variant.weight_grams,
        saved_variant.price,
        saved_variant.is_active,
    ) == (barcode, 650, 0, False)
    stock = Stock.objects.get(variant=saved_variant, location=warehouse)
    assert stock.quantity == 12
    assert list(stock.movements.values_list("delta", "reason")) == [
        (12, StockMovement.Reason.INITIAL)
    ]

    priced = data_of(
        call(
            client,
            shop_staff,
            VARIANT_PRICE,
            {
                "id": gid("ProductVariant", saved_variant.pk),
                "input": [
                    {"channelId": DEFAULT_CHANNEL, "price": 125000, "priorPrice": "150000.00"}
                ],
            },
        ),
        "productVariantChannelListingUpdate",
    )
    assert priced == {"errors": [], "variant": {"id": gid("ProductVariant", saved_variant.pk)}}
    saved_variant.refresh_from_db()
    assert (saved_variant.price, saved_variant.compare_at_price, saved_variant.is_active) == (
        125000,
        150000,
        True,
    )

    listed = data_of(
        call(
            client,
            shop_staff,
            PRODUCT_LISTING,
            {
                "id": gid("Product", saved.pk),
                "input": {
                    "updateChannels": [
                        {
                            "channelId": DEFAULT_CHANNEL,
                            "isPublished": True,
                            "isAvailableForPurchase": True,
                        }
                    ]
                },
            },
        ),
        "productChannelListingUpdate",
    )
    assert listed["errors"] == []
    saved.refresh_from_db()
    assert saved.status == Product.Status.PUBLISHED
    assert saved.published_at is not None

    counted = data_of(
        call(
            client,
            shop_staff,
            STOCKS_UPDATE,
            {
                "sku": "CD-500",
                "stocks": [{"warehouse": gid("Warehouse", warehouse.pk), "quantity": 20}],
            },
        ),
        "productVariantStocksUpdate",
    )
    assert counted == {
        "errors": [],
        "bulkStockErrors": [],
        "productVariant": {"id": gid("ProductVariant", saved_variant.pk)},
    }
    stock.refresh_from_db()
    assert stock.quantity == 20
    assert stock.movements.order_by("pk").last().reason == StockMovement.Reason.COUNT

    response = multipart(
        client,
        MEDIA_CREATE,
        {"product": gid("Product", saved.pk), "image": None, "alt": "Chai nước mắm"},
        {"variables.image": ("chai.jpg", jpeg_bytes(), "image/jpeg")},
        token=token_for(shop_staff),
    )
    media = data_of(response.json(), "productMediaCreate")
    saved_media = ProductMedia.objects.get()
    assert media == {
        "errors": [],
        "media": {"id": gid("ProductMedia", saved_media.pk), "alt": "Chai nước mắm"},
        "product": {"id": gid("Product", saved.pk)},
    }

    renamed = data_of(
        call(
            client,
            shop_staff,
            PRODUCT_UPDATE,
            {
                "id": gid("Product", saved.pk),
                "input": {
                    "name": "Nước mắm nhĩ Cảnh Dương",
                    "attributes": [{"id": gid("Attribute", "storage"), "plainText": "Nơi khô ráo"}],
                },
            },
        ),
        "productUpdate",
    )
    assert renamed["errors"] == []
    assert renamed["product"]["name"] == "Nước mắm nhĩ Cảnh Dương"
    saved.refresh_from_db()
    assert (saved.name_vi, saved.storage, saved.net_quantity) == (
        "Nước mắm nhĩ Cảnh Dương",
        "Nơi khô ráo",
        "500 ml",
    )

    read_back(client, saved, saved_variant)


def read_back(client: Any, product: Product, variant: ProductVariant) -> None:
    """The new product through the catalogue's storefront query (published now)."""
    answer = gql(
        client,
        """
        query Product($slug: String!) {
          product(slug: $slug, channel: "default-channel") {
            id name variants { id sku quantityAvailable pricing { price { gross { amount currency } } } }
            media { alt }
          }
        }""",
        {"slug": product.slug},
    )
    if any("Cannot query field 'product'" in e["message"] for e in answer.get("errors", [])):
        pytest.skip("the catalogue's `product` query is not in the schema yet")
    assert "errors" not in answer, answer
    assert answer["data"]["product"]["id"] == gid("Product", product.pk)
    assert answer["data"]["product"]["name"] == product.name_vi
    [served] = answer["data"]["product"]["variants"]
    assert served["sku"] == variant.sku
    assert served["quantityAvailable"] == 20
    assert served["pricing"]["price"]["gross"] == {"amount": 125000.0, "currency": "VND"}
    assert [m["alt"] for m in answer["data"]["product"]["media"]] == ["Chai nước mắm"]


# --- product input ------------------------------------------------------------------------------


def product_input(**overrides: Any) -> dict[str, Any]:
    return {"name": "Mè xửng", "productType": gid("ProductType", food_group().pk), **overrides}


def test_product_create_defaults_origin_to_the_producer(client, shop, shop_staff):
    payload = data_of(
        call(client, shop_staff, PRODUCT_CREATE, {"input": product_input(slug="me-xung")}),
        "productCreate",
    )
    assert payload["errors"] == []
    product = Product.objects.get()
    assert (product.origin_district, product.origin_commune, product.slug) == (
        shop.producer.district,
        shop.producer.commune,
        "me-xung",
    )


def test_product_group_attribute_by_name(client, shop, shop_staff):
    drinks = ProductGroup.objects.get(criteria_version="148/2023", code="do-uong")
    payload = data_of(
        call(
            client,
            shop_staff,
            PRODUCT_CREATE,
            {
                "input": {
                    "name": "Rượu",
                    "productType": gid("ProductType", drinks.pk),
                    "attributes": [
                        {"id": gid("Attribute", "product-group"), "dropdown": {"value": "Đồ uống"}}
                    ],
                }
            },
        ),
        "productCreate",
    )
    assert payload["errors"] == []
    assert Product.objects.get().product_group == drinks


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"name": ""}, [("name", "REQUIRED")]),
        ({"productType": gid("Category", 1)}, [("productType", "GRAPHQL_ERROR")]),
        ({"productType": "not-an-id"}, [("productType", "GRAPHQL_ERROR")]),
        ({"productType": gid("ProductType", 999999)}, [("productType", "NOT_FOUND")]),
        ({"productType": "old-group"}, [("productType", "INVALID")]),
        ({"category": gid("Category", 999999)}, [("category", "NOT_FOUND")]),
        ({"description": json.dumps({"blocks": "x"})}, [("description", "INVALID")]),
        ({"collections": [gid("Collection", 1)]}, [("collections", "INVALID")]),
        ({"metadata": [{"key": "a", "value": "b"}]}, [("metadata", "INVALID")]),
        (
            {"attributes": [{"id": gid("Attribute", "color"), "plainText": "red"}]},
            [("attributes", "ATTRIBUTE_CANNOT_BE_ASSIGNED")],
        ),
        (
            {
                "attributes": [
                    {"id": gid("Attribute", "origin-district"), "dropdown": {"value": "Hà Nội"}}
                ]
            },
            [("attributes", "INVALID")],
        ),
        (
            {
                "attributes": [
                    {"id": gid("Attribute", "storage"), "plainText": "a"},
                    {"externalReference": "storage", "plainText": "b"},
                ]
            },
            [("attributes", "DUPLICATED_INPUT_ITEM")],
        ),
        (
            {"attributes": [{"id": gid("Attribute", "net-quantity"), "plainText": "x" * 61}]},
            [("attributes", "INVALID")],
        ),
    ],
)
def test_product_create_bad_input(client, shop, shop_staff, overrides, expected):
    if overrides.get("productType") == "old-group":  # a group of the 2019 criteria
        old = ProductGroup.objects.get(criteria_version="1048/2019", code="thuc-pham")
        overrides = {"productType": gid("ProductType", old.pk)}
    before = world_state()
    payload = data_of(
        call(client, shop_staff, PRODUCT_CREATE, {"input": product_input(**overrides)}),
        "productCreate",
    )
    assert errors_of(payload) == expected
    assert payload["product"] is None
    assert all(error["message"] for error in payload["errors"]), payload
    assert world_state() == before


def test_attribute_errors_name_the_attribute(client, shop, shop_staff):
    payload = data_of(
        call(
            client,
            shop_staff,
            PRODUCT_CREATE,
            {
                "input": product_input(
                    attributes=[
                        {
                            "id": gid("Attribute", "origin-commune"),
                            "dropdown": {"value": "Phường Ba Đình"},
                        }
                    ]
                )
            },
        ),
        "productCreate",
    )
    # a commune outside the producer's former district
    assert [(e["field"], e["code"], e["attributes"]) for e in payload["errors"]] == [
        ("attributes", "INVALID", [gid("Attribute", "origin-commune")])
    ]
    assert Product.objects.count() == 0


def test_staff_of_several_shops_chooses_the_shop(client, shop, other_shop, shop_staff):
    from tests.factories.shops import ShopMembershipFactory

    ShopMembershipFactory(user=shop_staff, shop=other_shop, role="staff")
    payload = data_of(
        call(client, shop_staff, PRODUCT_CREATE, {"input": product_input()}), "productCreate"
    )
    assert errors_of(payload) == [("shop", "REQUIRED")]
    payload = data_of(
        call(client, shop_staff, PRODUCT_CREATE, {"input": product_input(shop=other_shop.slug)}),
        "productCreate",
    )
    assert payload["errors"] == []
    assert Product.objects.get().shop == other_shop


def test_product_update_keeps_what_is_not_sent(client, product, shop_staff):
    before = Product.objects.values(
        "name_vi", "description_vi", "product_group", "origin_commune"
    ).get()
    payload = data_of(
        call(
            client,
            shop_staff,
            PRODUCT_UPDATE,
            {
                "id": gid("Product", product.pk),
                "input": {
                    "attributes": [
                        {
                            "id": gid("Attribute", "ingredients"),
                            "richText": json.dumps(
                                {
                                    "blocks": [
                                        {"type": "paragraph", "data": {"text": "Cá <b>cơm</b>"}}
                                    ]
                                }
                            ),
                        }
                    ]
                },
            },
        ),
        "productUpdate",
    )
    assert payload["errors"] == []
    product.refresh_from_db()
    assert product.ingredients == "Cá cơm"
    assert (
        Product.objects.values("name_vi", "description_vi", "product_group", "origin_commune").get()
        == before
    )


def test_product_delete(client, product, shop_staff):
    variant_pk = product.variants.get().pk
    payload = data_of(
        call(client, shop_staff, PRODUCT_DELETE, {"id": gid("Product", product.pk)}),
        "productDelete",
    )
    assert payload == {"errors": [], "product": {"id": gid("Product", product.pk)}}
    assert not Product.objects.exists()
    assert not ProductVariant.objects.filter(pk=variant_pk).exists()


# --- variant input ------------------------------------------------------------------------------


def variant_input(of: Product, **overrides: Any) -> dict[str, Any]:
    return {"product": gid("Product", of.pk), "sku": "NEW-1", "attributes": [], **overrides}


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
