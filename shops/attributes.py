"""Our product attributes, as Saleor's clients see them: we have no attribute tables. Net
quantity, ingredients, shelf life and storage are plain-text attributes over the
product's own fields; the OCOP product group and the origin (former district, commune)
are dropdown attributes whose values are those groups and units; a variant's name is its
one selection attribute (``variant``). Slugs and keys are stable (``<attribute>`` and
``<attribute>.<value>``), so storefront filters and caches keep working. The storefront's
product page and the GraphQL ``Attribute`` types both read these definitions."""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.models import AdministrativeUnit, ProductGroup
from marketplace.text import vi_slugify
from shops.models import Product, ProductVariant


@dataclass(frozen=True)
class AttributeDef:
    slug: str
    name_vi: str
    name_en: str
    input_type: str  # DROPDOWN | PLAIN_TEXT
    variant_selection: bool = False


NET_QUANTITY = AttributeDef(
    "net-quantity", "Khối lượng/thể tích tịnh", "Net quantity", "PLAIN_TEXT"
)
INGREDIENTS = AttributeDef("ingredients", "Thành phần", "Ingredients", "PLAIN_TEXT")
SHELF_LIFE = AttributeDef("shelf-life", "Hạn sử dụng", "Shelf life", "PLAIN_TEXT")
STORAGE = AttributeDef("storage", "Bảo quản", "Storage", "PLAIN_TEXT")
PRODUCT_GROUP = AttributeDef(
    "product-group", "Nhóm sản phẩm OCOP", "OCOP product group", "DROPDOWN"
)
ORIGIN_DISTRICT = AttributeDef(
    "origin-district", "Huyện xuất xứ (cũ)", "Origin district (former)", "DROPDOWN"
)
ORIGIN_COMMUNE = AttributeDef("origin-commune", "Xã xuất xứ", "Origin commune", "DROPDOWN")
VARIANT = AttributeDef("variant", "Phân loại", "Option", "DROPDOWN", variant_selection=True)
ATTRIBUTES = {
    a.slug: a
    for a in (
        NET_QUANTITY,
        INGREDIENTS,
        SHELF_LIFE,
        STORAGE,
        PRODUCT_GROUP,
        ORIGIN_DISTRICT,
        ORIGIN_COMMUNE,
        VARIANT,
    )
}
TEXT_FIELDS = (
    (NET_QUANTITY, "net_quantity"),
    (INGREDIENTS, "ingredients"),
    (SHELF_LIFE, "shelf_life"),
    (STORAGE, "storage"),
)


@dataclass(frozen=True)
class ValueDef:
    attribute: AttributeDef
    slug: str
    name_vi: str
    name_en: str = ""
    plain_text: str | None = None

    @property
    def global_key(self) -> str:
        return f"{self.attribute.slug}.{self.slug}"


@dataclass(frozen=True)
class Assigned:
    attribute: AttributeDef
    values: tuple[ValueDef, ...]


def product_attributes(product: Product) -> list[Assigned]:
    """The product's attributes with a value (origin units and group are select_related
    by the catalogue selectors, so no query here)."""
    result = []
    for attribute, column in TEXT_FIELDS:
        text = (getattr(product, column) or "").strip()
        if text:
            result.append(
                Assigned(
                    attribute,
                    (ValueDef(attribute, f"{product.pk}-{attribute.slug}", text, plain_text=text),),
                )
            )
    group = product.product_group
    result.append(
        Assigned(
            PRODUCT_GROUP, (ValueDef(PRODUCT_GROUP, group.code, group.name_vi, group.name_en),)
        )
    )
    district, commune = product.origin_district, product.origin_commune
    result.append(
        Assigned(
            ORIGIN_DISTRICT,
            (
                ValueDef(
                    ORIGIN_DISTRICT,
                    district.slug or district.code,
                    district.full_name or district.name,
                ),
            ),
        )
    )
    result.append(
        Assigned(
            ORIGIN_COMMUNE,
            (
                ValueDef(
                    ORIGIN_COMMUNE, commune.slug or commune.code, commune.full_name or commune.name
                ),
            ),
        )
    )
    return result


def variant_attributes(variant: ProductVariant, scope: str | None = None) -> list[Assigned]:
    if scope == "NOT_VARIANT_SELECTION" or not variant.name:
        return []
    return [
        Assigned(
            VARIANT, (ValueDef(VARIANT, vi_slugify(variant.name) or str(variant.pk), variant.name),)
        )
    ]


def value_from_key(key: str) -> ValueDef | None:
    """An ``AttributeValue`` global id's value (dropdown values only; text values have no
    standalone node)."""
    attribute_slug, _, value_slug = key.partition(".")
    attribute = ATTRIBUTES.get(attribute_slug)
    if attribute is None or not value_slug:
        return None
    if attribute is PRODUCT_GROUP:
        group = ProductGroup.objects.filter(code=value_slug).order_by("-criteria_version").first()
        return ValueDef(attribute, group.code, group.name_vi, group.name_en) if group else None
    if attribute in (ORIGIN_DISTRICT, ORIGIN_COMMUNE):
        level = "district" if attribute is ORIGIN_DISTRICT else "commune"
        unit = AdministrativeUnit.objects.filter(level=level, slug=value_slug).first()
        return ValueDef(attribute, unit.slug, unit.full_name or unit.name) if unit else None
    return None
