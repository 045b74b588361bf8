"""The fields Saleor's variant inputs share, and how they become ours: the ``variant``
attribute → the variant's name; ``weight`` → grams; stocks at warehouses (stock locations,
``Warehouse:<location pk>``) of the product's shop. ``barcode`` is an extension."""

from __future__ import annotations

from typing import Any

import graphene
from django.core.exceptions import ValidationError

from marketplace.graphql.ids import require_pk
from marketplace.graphql.inputs import MetadataInput
from marketplace.graphql.scalars import WeightScalar

from ...models import Shop, StockLocation
from ...selectors_staff import staff_locations_by_pk
from ..staff_base import field_error
from .attribute_input import VARIANT_ATTRIBUTE, attribute_slug, raw_value
from .errors import PREORDER_DEPRECATED
from .product_input import reject_unsupported


class PreorderSettingsInput(graphene.InputObjectType):
    # Saleor marks both fields deprecated, but an input whose every field is deprecated is
    # empty to introspection without ``includeDeprecated`` (codegen then rejects the
    # schema): the deprecation is stated in the descriptions instead.
    global_threshold = graphene.Int(
        description=f"The global threshold for preorder variant. {PREORDER_DEPRECATED}"
    )
    end_date = graphene.DateTime(description=f"The end date for preorder. {PREORDER_DEPRECATED}")


class StockInput(graphene.InputObjectType):
    warehouse = graphene.ID(
        required=True,
        description="Warehouse in which stock is located (`Warehouse:<stock location id>`).",
    )
    quantity = graphene.Int(required=True, description="Quantity of items available for sell.")


class VariantInputFields:
    sku = graphene.String(description="Stock keeping unit.")
    name = graphene.String(description="Variant name.")
    track_inventory = graphene.Boolean(
        description="Determines if the inventory of this variant should be tracked (always, here)."
    )
    weight = WeightScalar(description="Weight of the Product Variant.")
    preorder = graphene.Field(
        PreorderSettingsInput,
        deprecation_reason=PREORDER_DEPRECATED,
        description="Determines if variant is in preorder.",
    )
    quantity_limit_per_customer = graphene.Int(
        description="Determines maximum quantity of `ProductVariant`, "
        "that can be bought in a single checkout."
    )
    metadata = graphene.List(
        graphene.NonNull(MetadataInput),
        description="Fields required to update the product variant metadata.",
    )
    private_metadata = graphene.List(
        graphene.NonNull(MetadataInput),
        description="Fields required to update the product variant private metadata.",
    )
    external_reference = graphene.String(description="External ID of this product variant.")
    barcode = graphene.String(
        description="Extension: EAN-13 barcode (blank: the system issues an internal code)."
    )


def clean_variant_input(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("track_inventory") is False:
        raise field_error(
            "trackInventory",
            "Tồn kho luôn được theo dõi. / Inventory is always tracked here.",
            "invalid",
        )
    if data.get("preorder"):
        raise field_error(
            "preorder", "Chưa hỗ trợ đặt trước. / Preorder is not supported.", "invalid"
        )
    if data.get("quantity_limit_per_customer") is not None:
        raise field_error(
            "quantityLimitPerCustomer",
            "Chưa hỗ trợ giới hạn mỗi khách. / A per-customer limit is not supported.",
            "invalid",
        )
    reject_unsupported(data, ("metadata", "private_metadata"))
    cleaned: dict[str, Any] = {}
    for item in data.get("attributes") or []:
        # the variant's one selection attribute is its name
        attribute_slug(item, allowed=(VARIANT_ATTRIBUTE,), of="phân loại / variants")
        cleaned["name"] = raw_value(item).strip()
    for ours, theirs in (
        ("sku", "sku"),
        ("name", "name"),
        ("barcode", "barcode"),
        ("weight_grams", "weight"),
    ):
        if theirs in data and data[theirs] is not None:
            cleaned[ours] = data[theirs].strip() if isinstance(data[theirs], str) else data[theirs]
    return cleaned


def clean_stocks(shop: Shop, stocks: list[dict[str, Any]]) -> list[tuple[StockLocation, int]]:
    """(location, quantity) pairs for ``StockInput``s; errors carry the item's index."""
    pks = []
    for index, item in enumerate(stocks):
        try:
            pks.append(require_pk(item["warehouse"], "Warehouse", "warehouse"))
        except ValidationError as exc:
            raise field_error("stocks", exc.messages[0], "graphql_error", index=index) from exc
    locations = staff_locations_by_pk(shop=shop, location_ids=pks)
    pairs = []
    for index, (pk, item) in enumerate(zip(pks, stocks, strict=True)):
        if pk not in locations:
            raise field_error(
                "warehouse",
                f"Không tìm thấy kho: {item['warehouse']}. / Couldn't resolve id: "
                f"{item['warehouse']}.",
                "not_found",
                index=index,
            )
        pairs.append((locations[pk], item["quantity"]))
    return pairs


VARIANT_FIELD_MAP = {"weight_grams": "weight", "stocks": "stocks"}
