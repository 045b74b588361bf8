"""What the producer-side (shop staff) catalogue API tests share
(tests/shops/graphql/test_producer*.py): the mutations' documents, their inputs, calling
them as a user, and a snapshot of everything they could change."""

from __future__ import annotations

from typing import Any

from shops.models import Product, ProductMedia, ProductVariant, Stock, StockMovement
from tests.support.graphql import gid, gql, token_for
from tests.support.units import product_group

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


def product_input(**overrides: Any) -> dict[str, Any]:
    return {"name": "Mè xửng", "productType": gid("ProductType", product_group().pk), **overrides}


def variant_input(of: Product, **overrides: Any) -> dict[str, Any]:
    return {"product": gid("Product", of.pk), "sku": "NEW-1", "attributes": [], **overrides}
