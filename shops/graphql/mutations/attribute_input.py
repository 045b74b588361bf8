"""Saleor's ``attributes`` input and how it becomes our product fields: by
``Attribute:<slug>`` or ``externalReference`` = slug → product group, origin
district/commune, net quantity, ingredients, shelf life, storage; for variants
``variant`` → the variant's name."""

from __future__ import annotations

from typing import Any

import graphene
import nh3

from marketplace.graphql.ids import global_id, require_key, split_global_id
from marketplace.models import AdministrativeUnit, ProductGroup

from ..editorjs_input import editorjs_to_html
from ..staff_base import field_error

PRODUCT_GROUP_VERSION = ProductGroup.CriteriaVersion.D148_2023


class AttributeValueSelectableTypeInput(graphene.InputObjectType):
    id = graphene.ID(description="ID of an attribute value.")
    external_reference = graphene.String(description="External reference of an attribute value.")
    value = graphene.String(description="The value or slug of an attribute to resolve.")


class AttributeValueInput(graphene.InputObjectType):
    id = graphene.ID(description="ID of the selected attribute.")
    external_reference = graphene.String(
        description="External ID of this attribute (here: its slug)."
    )
    values = graphene.List(
        graphene.NonNull(graphene.String),
        deprecation_reason="Use `dropdown`, `plainText` …",
        description="The value or slug of an attribute to resolve.",
    )
    dropdown = graphene.Field(
        AttributeValueSelectableTypeInput, description="Attribute value ID or external reference."
    )
    swatch = graphene.Field(
        AttributeValueSelectableTypeInput, description="Attribute value ID or external reference."
    )
    multiselect = graphene.List(
        graphene.NonNull(AttributeValueSelectableTypeInput),
        description="List of attribute value IDs or external references.",
    )
    numeric = graphene.String(description="Numeric value of an attribute.")
    file = graphene.String(description="URL of the file attribute.")
    content_type = graphene.String(description="File content type.")
    reference = graphene.ID(
        description="ID of the referenced entity for single reference attribute."
    )
    references = graphene.List(
        graphene.NonNull(graphene.ID), description="IDs of the referenced entities."
    )
    rich_text = graphene.JSONString(description="Text content in JSON format.")
    plain_text = graphene.String(description="Plain text content.")
    boolean = graphene.Boolean(description="Represents the boolean value of the attribute value.")
    date = graphene.Date(description="Represents the date value of the attribute value.")
    date_time = graphene.DateTime(
        description="Represents the date/time value of the attribute value."
    )


#: Our product attributes: slug → (model field, kind of value).
PRODUCT_ATTRIBUTES = {
    "product-group": ("product_group", "group"),
    "origin-district": ("origin_district", "district"),
    "origin-commune": ("origin_commune", "commune"),
    "net-quantity": ("net_quantity", "text"),
    "ingredients": ("ingredients", "text"),
    "shelf-life": ("shelf_life", "text"),
    "storage": ("storage", "text"),
}
VARIANT_ATTRIBUTE = "variant"  # a variant's selection attribute: its name
ATTRIBUTE_OF_FIELD = {field: slug for slug, (field, _kind) in PRODUCT_ATTRIBUTES.items()}


def attribute_id(slug: str) -> str:
    return global_id("Attribute", slug)


def attribute_slug(
    item: dict[str, Any], allowed: Any = PRODUCT_ATTRIBUTES, of: str = "sản phẩm / products"
) -> str:
    if item.get("id"):
        slug = require_key(item["id"], "Attribute", "attributes")
    else:
        slug = item.get("external_reference") or ""
    if slug not in allowed:
        of_vi, of_en = of.split(" / ")
        raise field_error(
            "attributes",
            f"Thuộc tính không dùng được cho {of_vi}: {slug or '?'}. / Attribute "
            f"cannot be assigned to {of_en}: {slug or '?'}.",
            "attribute_cannot_be_assigned",
            attributes=[item.get("id") or attribute_id(slug)],
        )
    return slug


def _selectable(choice: dict[str, Any] | None) -> str | None:
    """The value named by a dropdown/swatch choice: its value, external reference, or
    the last part of its ID."""
    if not choice:
        return None
    if choice.get("value"):
        return str(choice["value"])
    if choice.get("external_reference"):
        return str(choice["external_reference"])
    if choice.get("id"):  # AttributeValue:<attribute slug>.<value slug>
        _type, key = split_global_id(choice["id"])
        return key.partition(".")[2] or key or str(choice["id"])
    return None


def raw_value(item: dict[str, Any]) -> str:
    for candidate in (
        _selectable(item.get("dropdown")),
        _selectable(item.get("swatch")),
        item.get("plain_text"),
        item.get("numeric"),
    ):
        if candidate is not None:
            return str(candidate)
    if item.get("rich_text") is not None:
        return nh3.clean(editorjs_to_html(item["rich_text"]), tags=set()).strip()
    if item.get("values"):
        return str(item["values"][0])
    multiselect = item.get("multiselect") or []
    return ", ".join(v for v in (_selectable(choice) for choice in multiselect) if v)


def _match_one(queryset: Any, raw: str, lookups: tuple[str, ...]) -> Any:
    for lookup in lookups:
        found = list(queryset.filter(**{lookup: raw})[:2])
        if len(found) == 1:
            return found[0]
    return None


def _attribute_value(slug: str, kind: str, raw: str) -> Any:
    raw = raw.strip()
    if kind == "text" or not raw:
        return raw or None
    if kind == "group":
        return _match_one(
            ProductGroup.objects.filter(criteria_version=PRODUCT_GROUP_VERSION),
            raw,
            ("code", "name_vi__iexact", "name_en__iexact"),
        )
    if kind == "district":
        return _match_one(
            AdministrativeUnit.objects.filter(generation="former", level="district"),
            raw,
            ("code", "slug", "name__iexact", "full_name__iexact"),
        )
    communes = AdministrativeUnit.objects.filter(
        generation="current",
        level="commune",
        predecessors__parent__generation="former",
        predecessors__parent__level="district",
    ).distinct()
    return _match_one(communes, raw, ("code", "slug", "name__iexact", "full_name__iexact"))


def clean_attributes(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Our product fields from Saleor's ``attributes`` input."""
    data: dict[str, Any] = {}
    seen: set[str] = set()
    for item in items or []:
        slug = attribute_slug(item)
        if slug in seen:
            raise field_error(
                "attributes",
                f"Thuộc tính lặp lại: {slug}. / Duplicated attribute: {slug}.",
                "duplicated_input_item",
                attributes=[attribute_id(slug)],
            )
        seen.add(slug)
        field, kind = PRODUCT_ATTRIBUTES[slug]
        raw = raw_value(item)
        value = _attribute_value(slug, kind, raw)
        if kind != "text" and value is None:
            message = (
                f"Giá trị không hợp lệ cho {slug}: {raw!r}. / Invalid value for {slug}: {raw!r}."
                if raw
                else f"Thuộc tính {slug} là bắt buộc. / Attribute {slug} is required."
            )
            raise field_error(
                "attributes",
                message,
                "invalid" if raw else "required",
                attributes=[attribute_id(slug)],
            )
        data[field] = value if kind != "text" else (value or "")
    return data
