"""Helpers for the producer-side (shop staff) API tests: tokens, the five actors, a real
JPEG made by Pillow, GraphQL multipart requests (the spec's ``operations`` + ``map`` +
files), and the catalogue mutations' documents and inputs."""

from __future__ import annotations

import io
import json
from typing import Any

import graphene
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from graphql_relay import to_global_id
from PIL import Image

from marketplace.graphql import auth
from marketplace.models import ProductGroup
from shops.models import Product, ProductMedia, ProductVariant, Stock, StockMovement
from tests.actors import FIVE_ACTORS, actor_for
from tests.support.graphql import gql

__all__ = ["FIVE_ACTORS", "actor_for", "gid", "gql", "jpeg_bytes", "multipart", "token_for"]


def token_for(user: Any) -> str | None:
    """An access token for ``user``; ``None`` for an anonymous visitor."""
    if user is None or not user.is_authenticated:
        return None
    return auth.create_token(user, auth.ACCESS, RequestFactory().get("/"))


def gid(type_name: str, pk: Any) -> str:
    return to_global_id(type_name, pk)


def jpeg_bytes(
    size: tuple[int, int] = (64, 48), color: tuple[int, int, int] = (200, 80, 40), exif: bool = True
) -> bytes:
    """A small real JPEG; with ``exif`` it carries a camera model and GPS data."""
    image = Image.new("RGB", size, color)
    buffer = io.BytesIO()
    if exif:
        info = Image.Exif()
        info[0x0110] = "OCOP Test Camera"  # Model
        info[0x8825] = {1: "N", 2: (17.0, 28.0, 0.0)}  # GPSInfo
        image.save(buffer, "JPEG", exif=info)
    else:
        image.save(buffer, "JPEG")
    return buffer.getvalue()


def multipart(
    client: Any,
    query: str,
    variables: dict[str, Any],
    files: dict[str, tuple[str, bytes, str]],
    token: str | None = None,
) -> Any:
    """Posts a GraphQL multipart request: ``files`` maps a variable path
    (``variables.input.image``) to (file name, content, content type)."""
    data: dict[str, Any] = {"operations": json.dumps({"query": query, "variables": variables})}
    file_map = {}
    for index, (path, (name, content, content_type)) in enumerate(files.items()):
        file_map[str(index)] = [path]
        data[str(index)] = SimpleUploadedFile(name, content, content_type=content_type)
    data["map"] = json.dumps(file_map)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post("/graphql/", data, **headers)


@pytest.fixture
def staff_api(monkeypatch: pytest.MonkeyPatch) -> None:
    """Serves the staff operations even before ``marketplace/graphql/schema.py`` stitches
    them in (then it is the root schema as is)."""
    from graphene_django.settings import graphene_settings

    from marketplace.graphql import schema as root
    from orders.graphql import staff_schema as orders_staff
    from shops.graphql import staff_schema as shops_staff

    graphql_schema = root.schema.graphql_schema
    mutations = graphql_schema.mutation_type.fields if graphql_schema.mutation_type else {}
    if {"productCreate", "orderFulfill"} <= set(
        mutations
    ) and "shopOrders" in graphql_schema.query_type.fields:
        return

    class Query(root.Query, orders_staff.StaffQuery, graphene.ObjectType):
        pass

    class Mutation(
        root.Mutation, shops_staff.StaffMutation, orders_staff.StaffMutation, graphene.ObjectType
    ):
        pass

    schema = graphene.Schema(
        query=Query, mutation=Mutation, types=getattr(root, "SHOPS_TYPES", None)
    )
    monkeypatch.setattr(graphene_settings, "SCHEMA", schema)


def errors_of(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(error["field"], error["code"]) for error in payload["errors"]]


def permission_denied(answer: dict[str, Any], field: str) -> bool:
    """A Saleor-style top-level permission error, and no payload."""
    errors = answer.get("errors") or []
    return (answer.get("data") or {}).get(field) is None and any(
        (error.get("extensions") or {}).get("exception", {}).get("code") == "PermissionDenied"
        for error in errors
    )


# --- producer-side catalogue mutations (tests/shops/graphql/test_producer*.py) ------------------

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


def product_input(**overrides: Any) -> dict[str, Any]:
    return {"name": "Mè xửng", "productType": gid("ProductType", food_group().pk), **overrides}


def variant_input(of: Product, **overrides: Any) -> dict[str, Any]:
    return {"product": gid("Product", of.pk), "sku": "NEW-1", "attributes": [], **overrides}
