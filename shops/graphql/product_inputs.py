"""Saleor's catalogue inputs for the producer-side mutations, and how they become our
fields. Saleor → ours: ``name`` → ``name_vi``; ``description`` (EditorJS JSON) → HTML
``description_vi`` (sanitized by the service); ``productType`` → the OCOP product group
(``ProductType:<group pk>``); ``attributes`` (by ``Attribute:<slug>`` or
``externalReference`` = slug) → product group, origin district/commune, net quantity,
ingredients, shelf life, storage, and for variants ``variant`` → the variant's name;
``weight`` → grams; warehouses are stock locations (``Warehouse:<location pk>``);
channels are ``Channel:<slug>``, prices only in ``default-channel``, in whole đồng.
Extension input fields: ``shop`` on ``ProductCreateInput`` and ``barcode`` on variant
inputs."""

from __future__ import annotations

import decimal
from typing import Any

import graphene
import nh3
from django.core.exceptions import ValidationError
from graphql_relay import from_global_id, to_global_id

from marketplace.graphql.inputs import MetadataInput, SeoInput
from marketplace.graphql.scalars import PositiveDecimal, Upload, WeightScalar
from marketplace.models import AdministrativeUnit, ProductGroup, User

from ..models import Category, Product, ProductVariant, Shop, StockLocation
from ..selectors_staff import (
    access_staff_product,
    access_staff_shop,
    access_staff_variant,
    staff_locations_by_pk,
)
from .editorjs_input import editorjs_to_html
from .staff_base import decode_id, decode_pk, field_error, scoped

DEFAULT_CHANNEL = "default-channel"
PRODUCT_GROUP_VERSION = ProductGroup.CriteriaVersion.D148_2023
PREORDER_DEPRECATED = (
    "Preorder is deprecated and will be removed. Model pre-sales with regular stock instead: "
    "create the planned quantity in a warehouse, or set `trackInventory` to false to sell "
    "without a stock limit."
)


# --- Lookups in the viewer's shops -------------------------------------------------------------


def product_of(user: User, value: Any, field: str = "id") -> Product:
    pk = decode_pk(value, ("Product",), field)
    return scoped(field, value, lambda: access_staff_product(user=user, product_id=pk))


def variant_of(
    user: User, value: Any = None, sku: str | None = None, *, field: str = "id"
) -> ProductVariant:
    if value is None and not sku:
        raise field_error(
            field,
            "Cần `id` hoặc `sku`. / At least one of arguments is required: 'id', 'sku'.",
            "graphql_error",
        )
    if value is not None:
        pk = decode_pk(value, ("ProductVariant",), field)
        return scoped(field, value, lambda: access_staff_variant(user=user, variant_id=pk))
    return scoped("sku", sku, lambda: access_staff_variant(user=user, sku=sku))


def shop_for(user: User, value: Any) -> Shop:
    reference = None
    if value:
        try:
            type_name, pk = from_global_id(str(value))
        except Exception:  # noqa: BLE001 - a plain slug
            type_name, pk = "", ""
        reference = pk if type_name == "Shop" and pk else str(value)
    try:
        return scoped("shop", value, lambda: access_staff_shop(user=user, reference=reference))
    except LookupError:
        raise field_error(
            "shop",
            "Bạn thuộc nhiều gian hàng: chọn `shop`. / You belong to several shops: choose `shop`.",
            "required",
        ) from None


# --- Attributes -------------------------------------------------------------------------------


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
    return to_global_id("Attribute", slug)


def _attribute_slug(
    item: dict[str, Any], allowed: Any = PRODUCT_ATTRIBUTES, of: str = "sản phẩm / products"
) -> str:
    if item.get("id"):
        slug = decode_id(item["id"], ("Attribute",), "attributes")
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
        try:
            _type, key = from_global_id(str(choice["id"]))
        except Exception:  # noqa: BLE001
            key = ""
        return key.partition(".")[2] or key or str(choice["id"])
    return None


def _raw_value(item: dict[str, Any]) -> str:
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
        slug = _attribute_slug(item)
        if slug in seen:
            raise field_error(
                "attributes",
                f"Thuộc tính lặp lại: {slug}. / Duplicated attribute: {slug}.",
                "duplicated_input_item",
                attributes=[attribute_id(slug)],
            )
        seen.add(slug)
        field, kind = PRODUCT_ATTRIBUTES[slug]
        raw = _raw_value(item)
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


# --- Products ---------------------------------------------------------------------------------


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


class ProductCreateInput(ProductInputFields, graphene.InputObjectType):
    product_type = graphene.ID(
        required=True,
        description="ID of the type that product belongs to (our OCOP "
        "product group: `ProductType:<group id>`).",
    )
    shop = graphene.ID(
        description="Extension: the producer shop (global ID or slug) — needed only by staff of "
        "several shops."
    )


class ProductInput(ProductInputFields, graphene.InputObjectType):
    pass


def _unsupported(data: dict[str, Any], names: tuple[str, ...]) -> None:
    for name in names:
        if data.get(name):
            label = {"private_metadata": "privateMetadata"}.get(name, name)
            raise field_error(
                label, f"Chưa hỗ trợ `{label}`. / `{label}` is not supported.", "invalid"
            )


def _product_group(value: Any) -> ProductGroup:
    pk = decode_pk(value, ("ProductType", "ProductGroup"), "productType")
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
    pk = decode_pk(value, ("Category",), "category")
    category = Category.objects.filter(pk=pk).first()
    if category is None:
        raise field_error(
            "category", f"Không tìm thấy: {value}. / Couldn't resolve id: {value}.", "not_found"
        )
    return category


def clean_product_input(data: dict[str, Any]) -> dict[str, Any]:
    """Our product fields from a Saleor product input; only the keys the client sent."""
    _unsupported(data, ("collections", "metadata", "private_metadata", "tax_class", "weight"))
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


# --- Variants ---------------------------------------------------------------------------------


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


class ProductVariantCreateInput(VariantInputFields, graphene.InputObjectType):
    attributes = graphene.List(
        graphene.NonNull(AttributeValueInput),
        required=True,
        description="List of attributes specific to this variant.",
    )
    product = graphene.ID(required=True, description="Product ID of which type is the variant.")
    stocks = graphene.List(
        graphene.NonNull(StockInput), description="Stocks of a product available for sale."
    )


class ProductVariantInput(VariantInputFields, graphene.InputObjectType):
    attributes = graphene.List(
        graphene.NonNull(AttributeValueInput),
        description="List of attributes specific to this variant.",
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
    _unsupported(data, ("metadata", "private_metadata"))
    cleaned: dict[str, Any] = {}
    for item in data.get("attributes") or []:
        # the variant's one selection attribute is its name
        _attribute_slug(item, allowed=(VARIANT_ATTRIBUTE,), of="phân loại / variants")
        cleaned["name"] = _raw_value(item).strip()
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
            pks.append(decode_pk(item["warehouse"], ("Warehouse",), "warehouse"))
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


# --- Channel listings -------------------------------------------------------------------------


def channel_slug(value: Any, field: str = "channelId") -> str:
    """The slug of a ``Channel`` global ID (``Channel:<slug>``, as the catalogue serves
    channels)."""
    return decode_id(value, ("Channel",), field)


def default_channel_only(value: Any, index: int | None = None) -> None:
    if channel_slug(value) != DEFAULT_CHANNEL:
        raise field_error(
            "channelId",
            "Chỉ đặt giá cho kênh bán online (default-channel); điểm bán dùng cùng giá. / "
            "Prices are set for the online store (default-channel) only; sale points sell at the "
            "same price.",
            "product_not_assigned_to_channel",
            channels=[value],
            **({"index": index} if index is not None else {}),
        )


class ProductVariantChannelListingAddInput(graphene.InputObjectType):
    channel_id = graphene.ID(required=True, description="ID of a channel.")
    price = PositiveDecimal(
        required=True, description="Price of the particular variant in channel (VND)."
    )
    cost_price = PositiveDecimal(description="Cost price of the variant in channel.")
    prior_price = PositiveDecimal(
        description="The value of the previous price before discount (our compare-at price)."
    )
    preorder_threshold = graphene.Int(
        deprecation_reason=PREORDER_DEPRECATED,
        description="The threshold for preorder variant in channel.",
    )


def whole_dong(value: decimal.Decimal, field: str) -> int:
    if value != value.to_integral_value():
        raise field_error(
            field,
            "Giá VND phải là số nguyên đồng. / Value cannot have more than 0 decimal places.",
            "invalid",
        )
    return int(value)


class ProductChannelListingAddInput(graphene.InputObjectType):
    channel_id = graphene.ID(required=True, description="ID of a channel.")
    is_published = graphene.Boolean(description="Determines if object is visible to customers.")
    publication_date = graphene.Date(
        deprecation_reason="Use `publishedAt` field instead.",
        description="Publication date. ISO 8601 standard.",
    )
    published_at = graphene.DateTime(description="Publication date time. ISO 8601 standard.")
    visible_in_listings = graphene.Boolean(
        description="Determines if product is visible in product listings."
    )
    is_available_for_purchase = graphene.Boolean(
        description="Determines if product should be available for purchase in this channel."
    )
    available_for_purchase_date = graphene.Date(
        deprecation_reason="Use `availableForPurchaseAt` field instead.",
        description="A start date from which a product will be available for purchase.",
    )
    available_for_purchase_at = graphene.DateTime(
        description="A start date time from which a product will be available for purchase."
    )
    add_variants = graphene.List(
        graphene.NonNull(graphene.ID),
        description="List of variants to which the channel should be assigned.",
    )
    remove_variants = graphene.List(
        graphene.NonNull(graphene.ID),
        description="List of variants from which the channel should be unassigned.",
    )


class ProductChannelListingUpdateInput(graphene.InputObjectType):
    update_channels = graphene.List(
        graphene.NonNull(ProductChannelListingAddInput),
        description="List of channels to which the product should be assigned or updated.",
    )
    remove_channels = graphene.List(
        graphene.NonNull(graphene.ID),
        description="List of channels from which the product should be unassigned.",
    )


# --- Media ------------------------------------------------------------------------------------


class ProductMediaCreateInput(graphene.InputObjectType):
    alt = graphene.String(description="Alt text for a product media.")
    image = Upload(description="Represents an image file in a multipart request.")
    product = graphene.ID(required=True, description="ID of an product.")
    media_url = graphene.String(description="Represents an URL to an external media.")
