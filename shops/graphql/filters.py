"""Saleor's product list inputs (``ProductFilterInput``, ``ProductWhereInput``,
``ProductOrder`` …) and their translation into the one ``ProductFilter`` and
``ProductSort`` of ``search.product_filter``. Our extensions are extra optional input fields:
``ocopStars``, ``ocopStarsMin``, ``districts``, ``communes``, ``productGroups``, ``shops``,
``producerTypes``. Ids of the wrong type match nothing, as in Saleor."""

from __future__ import annotations

import decimal
from dataclasses import replace
from typing import Any

import graphene

from marketplace.graphql.common import OrderDirection
from marketplace.graphql.ids import pk_of, pks_of
from search.product_filter import ProductFilter, ProductSort, ProductSortField
from shops.attributes import ORIGIN_COMMUNE, ORIGIN_DISTRICT, PRODUCT_GROUP


class ProductOrderField(graphene.Enum):
    NAME = "NAME"
    RANK = "RANK"
    PRICE = "PRICE"
    MINIMAL_PRICE = "MINIMAL_PRICE"
    LAST_MODIFIED = "LAST_MODIFIED"
    DATE = "DATE"
    TYPE = "TYPE"
    PUBLISHED = "PUBLISHED"
    PUBLICATION_DATE = "PUBLICATION_DATE"
    PUBLISHED_AT = "PUBLISHED_AT"
    LAST_MODIFIED_AT = "LAST_MODIFIED_AT"
    COLLECTION = "COLLECTION"
    RATING = "RATING"
    CREATED_AT = "CREATED_AT"


class StockAvailability(graphene.Enum):
    IN_STOCK = "IN_STOCK"
    OUT_OF_STOCK = "OUT_OF_STOCK"


class ProducerTypeEnum(graphene.Enum):
    """Legal type of an OCOP producer (marketplace extension)."""

    COOPERATIVE = "cooperative"
    ENTERPRISE = "enterprise"
    COOPERATIVE_GROUP = "cooperative_group"
    HOUSEHOLD = "household"


class ProductOrder(graphene.InputObjectType):
    direction = graphene.Field(
        OrderDirection,
        required=True,
        description="Specifies the direction in which to sort products.",
    )
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")
    attribute_id = graphene.ID(description="Sort product by the selected attribute's values.")
    field = graphene.Field(ProductOrderField, description="Sort products by the selected field.")


class PriceRangeInput(graphene.InputObjectType):
    gte = graphene.Float(description="Price greater than or equal to.")
    lte = graphene.Float(description="Price less than or equal to.")


class IntRangeInput(graphene.InputObjectType):
    gte = graphene.Int()
    lte = graphene.Int()


class DateRangeInput(graphene.InputObjectType):
    gte = graphene.Date()
    lte = graphene.Date()


class DateTimeRangeInput(graphene.InputObjectType):
    gte = graphene.DateTime()
    lte = graphene.DateTime()


class DecimalRangeInput(graphene.InputObjectType):
    gte = graphene.Decimal()
    lte = graphene.Decimal()


class DecimalFilterInput(graphene.InputObjectType):
    eq = graphene.Decimal()
    one_of = graphene.List(graphene.NonNull(graphene.Decimal))
    range = graphene.Field(DecimalRangeInput)


class StringFilterInput(graphene.InputObjectType):
    eq = graphene.String()
    one_of = graphene.List(graphene.NonNull(graphene.String))


class GlobalIDFilterInput(graphene.InputObjectType):
    eq = graphene.ID()
    one_of = graphene.List(graphene.NonNull(graphene.ID))


class DateTimeFilterInput(graphene.InputObjectType):
    eq = graphene.DateTime()
    one_of = graphene.List(graphene.NonNull(graphene.DateTime))
    range = graphene.Field(DateTimeRangeInput)


class MetadataFilter(graphene.InputObjectType):
    key = graphene.String(required=True)
    value = graphene.String()


class ContainsFilterInput(graphene.InputObjectType):
    contains_any = graphene.List(graphene.NonNull(graphene.String))
    contains_all = graphene.List(graphene.NonNull(graphene.String))


class AssignedAttributeReferenceInput(graphene.InputObjectType):
    """Reference attribute conditions (we have no reference attributes: they match nothing)."""

    referenced_ids = graphene.Field(ContainsFilterInput)
    page_slugs = graphene.Field(ContainsFilterInput)
    product_slugs = graphene.Field(ContainsFilterInput)
    product_variant_skus = graphene.Field(ContainsFilterInput)
    category_slugs = graphene.Field(ContainsFilterInput)
    collection_slugs = graphene.Field(ContainsFilterInput)


class AssignedAttributeValueInput(graphene.InputObjectType):
    slug = graphene.Field(StringFilterInput)
    name = graphene.Field(StringFilterInput)
    numeric = graphene.Field(DecimalFilterInput)
    date = graphene.Field(DateRangeInput)
    date_time = graphene.Field(DateTimeRangeInput)
    boolean = graphene.Boolean()
    reference = graphene.Field(AssignedAttributeReferenceInput)


class AttributeInput(graphene.InputObjectType):
    slug = graphene.String(description="Internal representation of an attribute name.")
    value = graphene.Field(AssignedAttributeValueInput)
    values = graphene.List(
        graphene.NonNull(graphene.String), deprecation_reason="Use `value` instead."
    )
    values_range = graphene.Field(IntRangeInput, deprecation_reason="Use `value` instead.")
    date_time = graphene.Field(DateTimeRangeInput, deprecation_reason="Use `value` instead.")
    date = graphene.Field(DateRangeInput, deprecation_reason="Use `value` instead.")
    boolean = graphene.Boolean(deprecation_reason="Use `value` instead.")


class ProductStockFilterInput(graphene.InputObjectType):
    warehouse_ids = graphene.List(graphene.NonNull(graphene.ID))
    quantity = graphene.Field(IntRangeInput)


def _extensions() -> dict[str, Any]:
    """Our extra filter fields (same in the filter and the where input)."""
    return {
        "ocop_stars": graphene.List(
            graphene.NonNull(graphene.Int),
            description="Current OCOP stars (any of; 3, 4, 5). Marketplace extension.",
        ),
        "ocop_stars_min": graphene.Int(
            description="At least this many current OCOP stars. Marketplace extension."
        ),
        "districts": graphene.List(
            graphene.NonNull(graphene.String),
            description="Origin former districts by code or slug (any of). Marketplace extension.",
        ),
        "communes": graphene.List(
            graphene.NonNull(graphene.String),
            description="Origin communes by code or slug (any of). Marketplace extension.",
        ),
        "product_groups": graphene.List(
            graphene.NonNull(graphene.String),
            description="OCOP product group codes (any of). Marketplace extension.",
        ),
        "shops": graphene.List(
            graphene.NonNull(graphene.String),
            description="Shop slugs (any of). Marketplace extension.",
        ),
        "producer_types": graphene.List(
            graphene.NonNull(ProducerTypeEnum),
            description="Producer legal types (any of). Marketplace extension.",
        ),
    }


ProductFilterInput: Any = type(
    "ProductFilterInput",
    (graphene.InputObjectType,),
    {
        "is_published": graphene.Boolean(),
        "collections": graphene.List(graphene.NonNull(graphene.ID)),
        "categories": graphene.List(graphene.NonNull(graphene.ID)),
        "has_category": graphene.Boolean(),
        "attributes": graphene.List(graphene.NonNull(AttributeInput)),
        "stock_availability": graphene.Field(StockAvailability),
        "stocks": graphene.Field(ProductStockFilterInput),
        "search": graphene.String(),
        "metadata": graphene.List(graphene.NonNull(MetadataFilter)),
        "published_from": graphene.DateTime(),
        "is_available": graphene.Boolean(),
        "available_from": graphene.DateTime(),
        "is_visible_in_listing": graphene.Boolean(),
        "price": graphene.Field(PriceRangeInput),
        "minimal_price": graphene.Field(PriceRangeInput),
        "updated_at": graphene.Field(DateTimeRangeInput),
        "product_types": graphene.List(graphene.NonNull(graphene.ID)),
        "gift_card": graphene.Boolean(),
        "ids": graphene.List(graphene.NonNull(graphene.ID)),
        "has_preordered_variants": graphene.Boolean(deprecation_reason="Field no longer supported"),
        "slugs": graphene.List(graphene.NonNull(graphene.String)),
        "channel": graphene.String(deprecation_reason="Use root-level channel argument instead."),
        **_extensions(),
    },
)

ProductWhereInput: Any = type(
    "ProductWhereInput",
    (graphene.InputObjectType,),
    {
        "metadata": graphene.List(graphene.NonNull(MetadataFilter)),
        "ids": graphene.List(graphene.NonNull(graphene.ID)),
        "name": graphene.Field(StringFilterInput),
        "slug": graphene.Field(StringFilterInput),
        "product_type": graphene.Field(GlobalIDFilterInput),
        "category": graphene.Field(GlobalIDFilterInput),
        "collection": graphene.Field(GlobalIDFilterInput),
        "is_available": graphene.Boolean(),
        "is_published": graphene.Boolean(),
        "is_visible_in_listing": graphene.Boolean(),
        "published_from": graphene.DateTime(),
        "available_from": graphene.DateTime(),
        "has_category": graphene.Boolean(),
        "price": graphene.Field(DecimalFilterInput),
        "minimal_price": graphene.Field(DecimalFilterInput),
        "attributes": graphene.List(graphene.NonNull(AttributeInput)),
        "stock_availability": graphene.Field(StockAvailability),
        "stocks": graphene.Field(ProductStockFilterInput),
        "gift_card": graphene.Boolean(),
        "has_preordered_variants": graphene.Boolean(deprecation_reason="Field no longer supported"),
        "updated_at": graphene.Field(DateTimeFilterInput),
        "AND": graphene.List(graphene.NonNull(lambda: ProductWhereInput)),
        "OR": graphene.List(graphene.NonNull(lambda: ProductWhereInput)),
        **_extensions(),
    },
)


# --- translation to selector filters ----------------------------------------------------


def decode_ids(ids: list[str] | None, kind: str) -> tuple[int, ...] | None:
    """Primary keys of the global ``ids`` of type ``kind`` (others dropped: they match
    nothing); ``None`` when no ids were given."""
    return pks_of(ids, kind)


def decode_id(global_id: Any, kind: str) -> int | None:
    """The primary key of a global id of type ``kind``; ``None`` for anything else."""
    return pk_of(global_id, kind)


def _vnd(value: Any) -> int | None:
    if value is None:
        return None
    return int(decimal.Decimal(str(value)).to_integral_value(rounding=decimal.ROUND_HALF_UP))


def _attributes(items: list[Any] | None) -> dict[str, Any]:
    """Our dropdown attributes as filters; other (plain-text) attributes cannot be
    filtered and unknown ones match nothing."""
    result: dict[str, Any] = {}
    keys = {
        PRODUCT_GROUP.slug: "groups",
        ORIGIN_DISTRICT.slug: "districts",
        ORIGIN_COMMUNE.slug: "communes",
    }
    for item in items or []:
        slug = item.get("slug")
        wanted: list[str] = list(item.get("values") or [])
        value = item.get("value") or {}
        for name in ("slug", "name"):
            condition = value.get(name) or {}
            if condition.get("eq"):
                wanted.append(condition["eq"])
            wanted.extend(condition.get("one_of") or [])
        if slug not in keys or value.get("reference"):
            result["nothing"] = True
        elif wanted:
            result[keys[slug]] = tuple(wanted)
    return result


def _extension_filters(data: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if data.get("ocop_stars"):
        result["stars"] = tuple(int(s) for s in data["ocop_stars"])
    if data.get("ocop_stars_min") is not None:
        result["stars_min"] = int(data["ocop_stars_min"])
    for source, target in (
        ("districts", "districts"),
        ("communes", "communes"),
        ("product_groups", "groups"),
        ("shops", "shops"),
    ):
        if data.get(source):
            result[target] = tuple(str(v) for v in data[source])
    if data.get("producer_types"):
        result["producer_types"] = tuple(getattr(v, "value", v) for v in data["producer_types"])
    return result


def _merge(target: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if key in ("groups", "districts", "communes") and key in target:
            target[key] = tuple(v for v in target[key] if v in value) or ("-",)
        else:
            target[key] = value


def _common(data: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if data.get("ids") is not None:
        result["ids"] = decode_ids(data["ids"], "Product")
    if data.get("has_category") is not None:
        result["has_category"] = data["has_category"]
    for key in ("is_published", "is_available", "is_visible_in_listing"):
        if data.get(key) is not None:
            result["published"] = bool(data[key])
    if data.get("published_from") is not None:
        result["published_from"] = data["published_from"]
    if data.get("stock_availability") is not None:
        result["in_stock"] = (
            getattr(data["stock_availability"], "value", data["stock_availability"]) == "IN_STOCK"
        )
    if data.get("gift_card"):
        result["nothing"] = True  # we sell no gift cards
    if data.get("metadata"):
        result["nothing"] = True  # we keep no metadata: nothing matches a metadata condition
    _merge(result, _attributes(data.get("attributes")))
    _merge(result, _extension_filters(data))
    return result


def product_filter(data: dict[str, Any] | None, search: str | None = None) -> ProductFilter:
    """``ProductFilterInput`` (+ the ``search`` argument) as selector filters."""
    data = dict(data or {})
    values = _common(data)
    text = " ".join(t for t in ((search or "").strip(), (data.get("search") or "").strip()) if t)
    if text:
        values["search"] = text
    if data.get("collections") is not None:
        values["collections"] = decode_ids(data["collections"], "Collection")
    if data.get("categories") is not None:
        values["categories"] = decode_ids(data["categories"], "Category")
    if data.get("slugs") is not None:
        values["slugs"] = tuple(data["slugs"])
    for key, low, high in (
        ("price", "price_min", "price_max"),
        ("minimal_price", "minimal_price_min", "minimal_price_max"),
    ):
        price = data.get(key) or {}
        if price.get("gte") is not None:
            values[low] = _vnd(price["gte"])
        if price.get("lte") is not None:
            values[high] = _vnd(price["lte"])
    updated = data.get("updated_at") or {}
    if updated.get("gte") is not None:
        values["updated_from"] = updated["gte"]
    if updated.get("lte") is not None:
        values["updated_to"] = updated["lte"]
    return ProductFilter(**values)


def _string_filter(condition: dict[str, Any] | None) -> tuple[str, ...] | None:
    if not condition:
        return None
    if condition.get("eq") is not None:
        return (condition["eq"],)
    return tuple(condition.get("one_of") or ())


def _global_filter(condition: dict[str, Any] | None, kind: str) -> tuple[int, ...] | None:
    if not condition:
        return None
    ids = (
        [condition["eq"]]
        if condition.get("eq") is not None
        else list(condition.get("one_of") or [])
    )
    return decode_ids(ids, kind)


def _decimal_filter(condition: dict[str, Any] | None) -> tuple[int | None, int | None, bool]:
    """(minimum, maximum, exact-list-impossible) of a ``DecimalFilterInput``."""
    if not condition:
        return None, None, False
    if condition.get("eq") is not None:
        value = _vnd(condition["eq"])
        return value, value, False
    if condition.get("one_of"):
        values = sorted(_vnd(v) or 0 for v in condition["one_of"])
        return values[0], values[-1], len(values) > 1
    bounds = condition.get("range") or {}
    return _vnd(bounds.get("gte")), _vnd(bounds.get("lte")), False


def product_where(data: dict[str, Any] | None) -> ProductFilter:
    """``ProductWhereInput`` (with nested ``AND`` / ``OR``) as selector filters."""
    data = dict(data or {})
    values = _common(data)
    if (names := _string_filter(data.get("name"))) is not None:
        values["names"] = names
    if (slugs := _string_filter(data.get("slug"))) is not None:
        values["slugs"] = slugs
    if (categories := _global_filter(data.get("category"), "Category")) is not None:
        values["categories"] = categories
    if (collections := _global_filter(data.get("collection"), "Collection")) is not None:
        values["collections"] = collections
    for key, low, high in (
        ("price", "price_min", "price_max"),
        ("minimal_price", "minimal_price_min", "minimal_price_max"),
    ):
        minimum, maximum, _ = _decimal_filter(data.get(key))
        if minimum is not None:
            values[low] = minimum
        if maximum is not None:
            values[high] = maximum
    updated = data.get("updated_at") or {}
    if updated.get("eq") is not None:
        values["updated_from"] = values["updated_to"] = updated["eq"]
    bounds = updated.get("range") or {}
    if bounds.get("gte") is not None:
        values["updated_from"] = bounds["gte"]
    if bounds.get("lte") is not None:
        values["updated_to"] = bounds["lte"]
    if data.get("AND"):
        values["all_of"] = tuple(product_where(d) for d in data["AND"])
    if data.get("OR"):
        values["any_of"] = tuple(product_where(d) for d in data["OR"])
    return ProductFilter(**values)


def combine(*filters: ProductFilter) -> ProductFilter:
    """All of ``filters`` (a ``filter`` and a ``where`` given together, a parent's scope)."""
    present = [f for f in filters if not f.is_empty()]
    if not present:
        return ProductFilter()
    if len(present) == 1:
        return present[0]
    text = " ".join(f.search for f in present if f.search)
    return ProductFilter(
        search=text,
        all_of=tuple(replace(f, search="") for f in present),
    )


_SORT_FIELDS = {
    "NAME": ProductSortField.NAME,
    "RANK": ProductSortField.RANK,
    "PRICE": ProductSortField.PRICE,
    "MINIMAL_PRICE": ProductSortField.PRICE,
    "LAST_MODIFIED": ProductSortField.UPDATED,
    "LAST_MODIFIED_AT": ProductSortField.UPDATED,
    "DATE": ProductSortField.UPDATED,
    "TYPE": ProductSortField.GROUP,
    "PUBLISHED": ProductSortField.PUBLISHED,
    "PUBLICATION_DATE": ProductSortField.PUBLISHED,
    "PUBLISHED_AT": ProductSortField.PUBLISHED,
    "CREATED_AT": ProductSortField.CREATED,
    "RATING": ProductSortField.RATING,
    "COLLECTION": None,
}


def product_sort(sort_by: dict[str, Any] | None) -> ProductSort:
    """The order of a ``ProductOrder``; ``ProductSort()``: the default order (relevance
    with a text search, newest first otherwise)."""
    if not sort_by:
        return ProductSort()
    field = getattr(sort_by.get("field"), "value", sort_by.get("field"))
    direction = getattr(sort_by.get("direction"), "value", sort_by.get("direction"))
    return ProductSort(_SORT_FIELDS.get(field or "", None), descending=direction == "DESC")


# --- other lists' inputs ----------------------------------------------------------------------


class AssignedAttributeWhereInput(graphene.InputObjectType):
    slug = graphene.String()
    value = graphene.Field(AssignedAttributeValueInput)


class ProductVariantFilterInput(graphene.InputObjectType):
    search = graphene.String()
    sku = graphene.List(graphene.NonNull(graphene.String))
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    is_preorder = graphene.Boolean(deprecation_reason="Field no longer supported")
    updated_at = graphene.Field(DateTimeRangeInput)


class ProductVariantWhereInput(graphene.InputObjectType):
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    sku = graphene.Field(StringFilterInput)
    updated_at = graphene.Field(DateTimeRangeInput)
    attributes = graphene.List(graphene.NonNull(AssignedAttributeWhereInput))
    stock_availability = graphene.Field(StockAvailability)
    stocks = graphene.Field(ProductStockFilterInput)
    AND = graphene.List(graphene.NonNull(lambda: ProductVariantWhereInput))
    OR = graphene.List(graphene.NonNull(lambda: ProductVariantWhereInput))


class ProductVariantSortField(graphene.Enum):
    LAST_MODIFIED_AT = "LAST_MODIFIED_AT"


class ProductVariantSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    field = graphene.Field(ProductVariantSortField, required=True)


class CategoryFilterInput(graphene.InputObjectType):
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))
    updated_at = graphene.Field(DateTimeRangeInput)


class CategoryWhereInput(graphene.InputObjectType):
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    AND = graphene.List(graphene.NonNull(lambda: CategoryWhereInput))
    OR = graphene.List(graphene.NonNull(lambda: CategoryWhereInput))


class CategorySortField(graphene.Enum):
    NAME = "NAME"
    PRODUCT_COUNT = "PRODUCT_COUNT"
    SUBCATEGORY_COUNT = "SUBCATEGORY_COUNT"


class CategorySortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")
    field = graphene.Field(CategorySortField, required=True)


class CollectionPublished(graphene.Enum):
    PUBLISHED = "PUBLISHED"
    HIDDEN = "HIDDEN"


class CollectionFilterInput(graphene.InputObjectType):
    published = graphene.Field(CollectionPublished)
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")


class CollectionWhereInput(graphene.InputObjectType):
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    AND = graphene.List(graphene.NonNull(lambda: CollectionWhereInput))
    OR = graphene.List(graphene.NonNull(lambda: CollectionWhereInput))


class CollectionSortField(graphene.Enum):
    NAME = "NAME"
    AVAILABILITY = "AVAILABILITY"
    PRODUCT_COUNT = "PRODUCT_COUNT"
    PUBLICATION_DATE = "PUBLICATION_DATE"
    PUBLISHED_AT = "PUBLISHED_AT"


class CollectionSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")
    field = graphene.Field(CollectionSortField, required=True)


class ShopFilterInput(graphene.InputObjectType):
    """Producer shops (marketplace extension)."""

    district = graphene.String(description="A former district by code or slug.")
    districts = graphene.List(
        graphene.NonNull(graphene.String), description="Former districts by code or slug (any of)."
    )
    product_group = graphene.String(description="Shops selling products of this OCOP group (code).")
    product_groups = graphene.List(
        graphene.NonNull(graphene.String),
        description="Shops selling products of these OCOP groups (any of).",
    )
    search = graphene.String(description="Part of the shop's or producer's name.")


def where_ids(data: dict[str, Any] | None, kind: str) -> tuple[int, ...] | None:
    """Ids allowed by a ``*WhereInput`` with ``ids`` and nested ``AND`` / ``OR`` (``None``: any)."""
    if not data:
        return None
    sets: list[set[int]] = []
    if data.get("ids") is not None:
        sets.append(set(decode_ids(data["ids"], kind) or ()))
    if data.get("metadata"):
        sets.append(set())
    for nested in data.get("AND") or []:
        found = where_ids(nested, kind)
        if found is not None:
            sets.append(set(found))
    if data.get("OR"):
        options = [where_ids(nested, kind) for nested in data["OR"]]
        if all(o is not None for o in options):
            sets.append(set().union(*(set(o or ()) for o in options)))
    if not sets:
        return None
    return tuple(sorted(set.intersection(*sets)))


class MetadataValueFilterInput(graphene.InputObjectType):
    eq = graphene.String()
    one_of = graphene.List(graphene.NonNull(graphene.String))


class MetadataFilterInput(graphene.InputObjectType):
    key = graphene.String(required=True)
    value = graphene.Field(MetadataValueFilterInput)


class MediaChoicesSortField(graphene.Enum):
    ID = "ID"


class MediaSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    field = graphene.Field(MediaChoicesSortField, required=True)


def variant_matches(
    variant: Any, filter: dict[str, Any] | None, where: dict[str, Any] | None
) -> bool:
    """Whether a (prefetched) variant passes a ``ProductVariantFilterInput`` and a
    ``ProductVariantWhereInput`` (sku, ids, search, nested AND/OR; metadata matches nothing)."""
    filter, where = filter or {}, where or {}
    if filter.get("metadata") or where.get("metadata"):
        return False
    if filter.get("sku") and variant.sku not in filter["sku"]:
        return False
    text = (filter.get("search") or "").strip().lower()
    if text and text not in f"{variant.name} {variant.sku}".lower():
        return False
    if where.get("ids") is not None and variant.pk not in (
        decode_ids(where["ids"], "ProductVariant") or ()
    ):
        return False
    sku = where.get("sku") or {}
    if sku.get("eq") is not None and variant.sku != sku["eq"]:
        return False
    if sku.get("one_of") is not None and variant.sku not in sku["one_of"]:
        return False
    if any(not variant_matches(variant, None, nested) for nested in where.get("AND") or []):
        return False
    return not where.get("OR") or any(
        variant_matches(variant, None, nested) for nested in where["OR"]
    )
