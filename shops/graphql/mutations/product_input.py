"""The fields Saleor's ``ProductCreateInput`` and ``ProductInput`` share, and how they
become ours: ``name`` → ``name_vi``; ``description`` (EditorJS JSON) → HTML
``description_vi`` (sanitized by the service); ``productType`` → the OCOP product group
(``ProductType:<group pk>``); ``attributes`` → our product fields (``attribute_input``)."""

from __future__ import annotations

from typing import Any

import graphene
from django.core.exceptions import ValidationError

from marketplace.graphql.ids import require_pk
from marketplace.graphql.inputs import MetadataInput, SeoInput
from marketplace.graphql.scalars import WeightScalar
from marketplace.models import ProductGroup

from ...models import Category
from ..editorjs_input import editorjs_to_html
from ..staff_base import field_error
from .attribute_input import (
    ATTRIBUTE_OF_FIELD,
    PRODUCT_GROUP_VERSION,
    AttributeValueInput,
    attribute_id,
    clean_attributes,
)


class ProductInputFields:
    """The fields ``ProductCreateInput`` and ``ProductInput`` share (Saleor 3.24)."""

    attributes = graphene.List(
        graphene.NonNull(AttributeValueInput), description="List of attributes."
    )
    category = graphene.ID(description="ID of the product's category.")
    charge_taxes = graphene.Boolean(
        description="Determine if taxes are being charged for the product.",
        deprecation_reason="Use `Channel.taxConfiguration` to configure whether tax "
        "collection is enabled.",
    )
    collections = graphene.List(
        graphene.NonNull(graphene.ID),
        description="List of IDs of collections that the product belongs to.",
    )
    description = graphene.JSONString(description="Product description (EditorJS JSON).")
    name = graphene.String(description="Product name (Vietnamese).")
    slug = graphene.String(description="Product slug.")
    tax_class = graphene.ID(description="ID of a tax class to assign to this product.")
    tax_code = graphene.String(
        description="Tax rate for enabled tax gateway.",
        deprecation_reason="Use tax classes to control the tax calculation for a product.",
    )
    seo = graphene.Field(SeoInput, description="Search engine optimization fields.")
    weight = WeightScalar(description="Weight of the Product.")
    rating = graphene.Float(description="Defines the product rating value.")
    metadata = graphene.List(
        graphene.NonNull(MetadataInput),
        description="Fields required to update the product metadata.",
    )
    private_metadata = graphene.List(
        graphene.NonNull(MetadataInput),
        description="Fields required to update the product private metadata.",
    )
    external_reference = graphene.String(description="External ID of this product.")


def reject_unsupported(data: dict[str, Any], names: tuple[str, ...]) -> None:
    for name in names:
        if data.get(name):
            label = {"private_metadata": "privateMetadata"}.get(name, name)
            raise field_error(
                label, f"Chưa hỗ trợ `{label}`. / `{label}` is not supported.", "invalid"
            )


def _product_group(value: Any) -> ProductGroup:
    pk = require_pk(value, ("ProductType", "ProductGroup"), "productType")
    group = ProductGroup.objects.filter(pk=pk).first()
    if group is None:
        raise field_error(
            "productType", f"Không tìm thấy: {value}. / Couldn't resolve id: {value}.", "not_found"
        )
    if group.criteria_version != PRODUCT_GROUP_VERSION:
        raise field_error(
            "productType",
            "Chọn nhóm sản phẩm theo Quyết định 148/QĐ-TTg (2023). / Choose a product "
            "group of Decision 148/QĐ-TTg (2023).",
            "invalid",
        )
    return group


def _category(value: Any) -> Category | None:
    if not value:
        return None
    pk = require_pk(value, "Category", "category")
    category = Category.objects.filter(pk=pk).first()
    if category is None:
        raise field_error(
            "category", f"Không tìm thấy: {value}. / Couldn't resolve id: {value}.", "not_found"
        )
    return category


def clean_product_input(data: dict[str, Any]) -> dict[str, Any]:
    """Our product fields from a Saleor product input; only the keys the client sent."""
    reject_unsupported(data, ("collections", "metadata", "private_metadata", "tax_class", "weight"))
    cleaned: dict[str, Any] = {}
    if "name" in data:
        cleaned["name_vi"] = (data["name"] or "").strip()
    if data.get("slug"):
        cleaned["slug"] = data["slug"]
    if "description" in data:
        try:
            cleaned["description_vi"] = editorjs_to_html(data["description"])
        except ValidationError as exc:
            raise ValidationError({"description": exc.error_list}) from exc
    if "category" in data:
        cleaned["category"] = _category(data["category"])
    if data.get("product_type"):
        cleaned["product_group"] = _product_group(data["product_type"])
    attributes = clean_attributes(data.get("attributes") or [])
    if (
        "product_group" in attributes
        and "product_group" in cleaned
        and (attributes["product_group"] != cleaned["product_group"])
    ):
        raise field_error(
            "attributes",
            "Nhóm sản phẩm khác với `productType`. / The product-group attribute "
            "differs from `productType`.",
            "invalid",
            attributes=[attribute_id("product-group")],
        )
    cleaned.update(attributes)
    return cleaned


PRODUCT_FIELD_MAP = {
    "name_vi": "name",
    "description_vi": "description",
    "product_group": "productType",
    **dict.fromkeys(ATTRIBUTE_OF_FIELD, "attributes"),
}
