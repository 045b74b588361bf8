"""The catalogue in Saleor's shape: ``Product``, ``ProductVariant``, ``ProductMedia``,
``Category``, ``Collection``, ``Channel``, ``Shop`` … plus our extensions (``Product.shop``,
``Product.ocop``, ``Product.origin``, the producer ``Shop`` fields, ``OcopInfo``,
``AdministrativeUnit``, ``ProductGroup``).

Objects are model instances loaded by ``shops.selectors`` (prefetched for
lists); a product or variant remembers the channel it was loaded in (``channel_slug``),
which drives its pricing and stock. Resolvers read prefetched data and fall back to a
query only for objects loaded one by one (e.g. a checkout line's variant)."""

from __future__ import annotations

import datetime
from typing import Any

import graphene
from django.conf import settings
from django.core.files.storage import default_storage
from graphql_relay import from_global_id

from marketplace.graphql.common import (
    DEFAULT_COUNTRY,
    LANGUAGES,
    CountryCode,
    CountryDisplay,
    Image,
    LanguageDisplay,
    ThumbnailFormatEnum,
    Weight,
    WeightUnitsEnum,
    absolute_url,
)
from marketplace.graphql.connection import CountableConnection, connection_args, paginate
from marketplace.graphql.editorjs import html_to_editorjs, html_to_text
from marketplace.graphql.enums import LanguageCodeEnum
from marketplace.graphql.inputs import AddressInput
from marketplace.graphql.metadata import ObjectWithMetadata
from marketplace.graphql.money import TaxedMoney, TaxedMoneyRange
from marketplace.graphql.scalars import PositiveInt
from marketplace.models import AdministrativeUnit as AdministrativeUnitModel
from marketplace.models import OcopCertificate
from marketplace.models import ProductGroup as ProductGroupModel
from shops import models
from shops import selectors as catalogue
from shops.attributes import product_attributes, variant_attributes
from shops.thumbnails import THUMBNAIL_SIZES

from . import context, resolvers
from .attributes import (
    AssignedAttribute,
    Attribute,
    ObjectWithAttributes,
    SelectedAttribute,
    VariantAttributeScope,
)
from .translations import LanguageDisplayMixin, english

# --- inputs shared with other parts of the schema --------------------------------------


def address_argument() -> graphene.Argument:
    return graphene.Argument(
        AddressInput,
        description="Destination address (ignored: stock and prices do not depend on it).",
    )


def _warehouse_type() -> Any:
    import importlib

    try:
        module = importlib.import_module("orders.graphql.types")
    except ImportError:
        module = None
    return getattr(module, "Warehouse", None) or _WarehouseFallback


class _WarehouseFallback(graphene.ObjectType):
    """Saleor's ``Warehouse`` (stand-in until the checkout part defines it): a stock location."""

    class Meta:
        name = "Warehouse"
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    email = graphene.String(required=True)
    is_private = graphene.Boolean(required=True)

    @classmethod
    def get_node(cls, info: Any, id: str) -> None:
        return None

    @staticmethod
    def resolve_slug(root: models.StockLocation, info: Any) -> str:
        return f"location-{root.pk}"

    @staticmethod
    def resolve_email(root: models.StockLocation, info: Any) -> str:
        return ""

    @staticmethod
    def resolve_is_private(root: models.StockLocation, info: Any) -> bool:
        return root.kind == models.StockLocation.Kind.WAREHOUSE


def thumbnail_args() -> dict[str, Any]:
    return {
        "size": graphene.Int(
            description="Desired longest side the image in pixels. Defaults to 4096. Images are "
            "never cropped. Pass 0 to retrieve the original size (not recommended)."
        ),
        "format": graphene.Argument(
            ThumbnailFormatEnum,
            default_value="ORIGINAL",
            description="The format of the image. When not provided, format of the "
            "original image will be used.",
        ),
    }


def _translation(type_name: Any) -> Any:
    return graphene.Field(
        type_name,
        language_code=graphene.Argument(
            LanguageCodeEnum,
            required=True,
            description="A language code to return the translation for.",
        ),
        description="Returns translated fields for the given language code.",
    )


def _text(value: str | None) -> str | None:
    return value or None


# --- media ---------------------------------------------------------------------------------


def media_url(info: Any, media: models.ProductMedia, size: int | None, fmt: str | None) -> str:
    """The thumbnail of ``media`` closest to ``size`` (the smallest at least that big) in
    ``fmt``: WEBP (and AVIF, which we do not make) → WebP, ORIGINAL → the original's
    format (WebP for WebP originals, JPEG otherwise). ``size`` 0, or larger than our
    thumbnails and smaller than the original, gives the original file."""
    fmt = str(getattr(fmt, "value", fmt) or "ORIGINAL")
    original_name = media.image.name or ""
    if fmt == "ORIGINAL":
        kind = "webp" if original_name.lower().endswith(".webp") else "jpeg"
    else:
        kind = "webp"
    longest = max(media.width or 0, media.height or 0)
    wanted = 4096 if size is None else size
    thumbnails = media.thumbnails or {}
    name = None
    if wanted > 0:
        for candidate in THUMBNAIL_SIZES:
            entry = thumbnails.get(str(candidate))
            if candidate >= wanted and entry and entry.get(kind):
                name = entry[kind]
                break
        if name is None and longest and longest <= THUMBNAIL_SIZES[-1]:
            entry = thumbnails.get(str(THUMBNAIL_SIZES[-1])) or {}
            name = entry.get(kind)  # the largest thumbnail is the whole original
    url = default_storage.url(name) if name else (media.image.url if original_name else "")
    return absolute_url(info, url)


class ProductMediaType(graphene.Enum):
    IMAGE = "IMAGE"
    VIDEO = "VIDEO"


class ProductMedia(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata)
        description = "Represents a product media."

    sort_order = graphene.Int()
    alt = graphene.String(required=True)
    type = graphene.Field(ProductMediaType, required=True)
    oembed_data = graphene.JSONString(required=True)
    url = graphene.String(required=True, **thumbnail_args())
    product_id = graphene.ID()

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, models.ProductMedia)

    @classmethod
    def get_node(cls, info: Any, id: str) -> models.ProductMedia | None:
        products = catalogue.viewer_products(user=context.user(info))
        return models.ProductMedia.objects.filter(pk=id, product__in=products).first()

    @staticmethod
    def resolve_sort_order(root: models.ProductMedia, info: Any) -> int:
        return root.position

    @staticmethod
    def resolve_alt(root: models.ProductMedia, info: Any) -> str:
        return root.alt or ""

    @staticmethod
    def resolve_type(root: models.ProductMedia, info: Any) -> str:
        return "IMAGE"

    @staticmethod
    def resolve_oembed_data(root: models.ProductMedia, info: Any) -> dict[str, Any]:
        return {}

    @staticmethod
    def resolve_url(
        root: models.ProductMedia, info: Any, size: int | None = None, format: Any = None
    ) -> str:
        return media_url(info, root, size, format)

    @staticmethod
    def resolve_product_id(root: models.ProductMedia, info: Any) -> str:
        return graphene.relay.Node.to_global_id("Product", root.product_id)


def _image(
    info: Any, media: models.ProductMedia | None, size: int | None, fmt: Any
) -> dict[str, Any] | None:
    if media is None:
        return None
    return {"url": media_url(info, media, size, fmt), "alt": media.alt or ""}


def _file_image(info: Any, field_file: Any, alt: str) -> dict[str, Any] | None:
    if not field_file:
        return None
    return {"url": absolute_url(info, field_file.url), "alt": alt}


# --- pricing -------------------------------------------------------------------------------


class ProductPricingInfo(graphene.ObjectType):
    """Resolved from ``selectors_catalogue.ProductPricing``. Prices include VAT; we run no
    promotions, so ``discount`` is the compare-at saving."""

    on_sale = graphene.Boolean(description="Whether it is in sale or not.")
    discount = graphene.Field(
        TaxedMoney, description="The discount amount if in sale (null otherwise)."
    )
    discount_prior = graphene.Field(TaxedMoney)
    discount_local_currency = graphene.Field(
        TaxedMoney, deprecation_reason="Field no longer supported"
    )
    display_gross_prices = graphene.Boolean(
        required=True, description="Determines whether displayed prices should include taxes."
    )
    price_range = graphene.Field(
        TaxedMoneyRange, description="The discounted price range of the product variants."
    )
    price_range_undiscounted = graphene.Field(
        TaxedMoneyRange, description="The undiscounted price range of the product variants."
    )
    price_range_prior = graphene.Field(TaxedMoneyRange)
    price_range_local_currency = graphene.Field(
        TaxedMoneyRange, deprecation_reason="Field no longer supported"
    )

    @staticmethod
    def resolve_on_sale(root: catalogue.ProductPricing, info: Any) -> bool:
        return root.on_sale

    @staticmethod
    def resolve_discount(root: catalogue.ProductPricing, info: Any) -> int | None:
        return root.discount if root.on_sale else None

    @staticmethod
    def resolve_display_gross_prices(root: catalogue.ProductPricing, info: Any) -> bool:
        return True

    @staticmethod
    def resolve_price_range(root: catalogue.ProductPricing, info: Any) -> tuple[int, int]:
        return root.price_range

    @staticmethod
    def resolve_price_range_undiscounted(
        root: catalogue.ProductPricing, info: Any
    ) -> tuple[int, int]:
        return root.undiscounted_range

    @staticmethod
    def _none(root: Any, info: Any) -> None:
        return None

    resolve_discount_prior = resolve_discount_local_currency = _none
    resolve_price_range_prior = resolve_price_range_local_currency = _none


class VariantPricingInfo(graphene.ObjectType):
    """Resolved from ``selectors_catalogue.VariantPrice``."""

    on_sale = graphene.Boolean(description="Whether it is in sale or not.")
    discount = graphene.Field(
        TaxedMoney, description="The discount amount if in sale (null otherwise)."
    )
    discount_prior = graphene.Field(TaxedMoney)
    discount_local_currency = graphene.Field(
        TaxedMoney, deprecation_reason="Field no longer supported"
    )
    price = graphene.Field(TaxedMoney, description="The price, with any discount subtracted.")
    price_undiscounted = graphene.Field(TaxedMoney, description="The price without any discount.")
    price_prior = graphene.Field(TaxedMoney)
    price_local_currency = graphene.Field(
        TaxedMoney, deprecation_reason="Field no longer supported"
    )

    @staticmethod
    def resolve_on_sale(root: catalogue.VariantPrice, info: Any) -> bool:
        return root.on_sale

    @staticmethod
    def resolve_discount(root: catalogue.VariantPrice, info: Any) -> int | None:
        return root.undiscounted - root.price if root.on_sale else None

    @staticmethod
    def resolve_price(root: catalogue.VariantPrice, info: Any) -> int:
        return root.price

    @staticmethod
    def resolve_price_undiscounted(root: catalogue.VariantPrice, info: Any) -> int:
        return root.undiscounted

    @staticmethod
    def _none(root: Any, info: Any) -> None:
        return None

    resolve_discount_prior = resolve_discount_local_currency = resolve_price_prior = _none
    resolve_price_local_currency = _none


# --- OCOP and origin extensions ------------------------------------------------------------


class OcopIssuingLevel(graphene.Enum):
    """Who recognised an OCOP rating (marketplace extension)."""

    DISTRICT = "district"
    PROVINCE = "province"
    NATIONAL = "national"


class ProductGroup(graphene.ObjectType):
    """An OCOP product group of Decision 148/QĐ-TTg (2023) (marketplace extension)."""

    id = graphene.ID(required=True)
    code = graphene.String(required=True)
    name = graphene.String(required=True, description="Vietnamese name.")
    name_en = graphene.String(required=True, description="English name.")
    criteria_version = graphene.String(required=True)
    product_count = graphene.Int(description="Published products in the group (lists only).")

    @staticmethod
    def resolve_id(root: ProductGroupModel, info: Any) -> str:
        return graphene.relay.Node.to_global_id("ProductGroup", root.pk)

    @staticmethod
    def resolve_name(root: ProductGroupModel, info: Any) -> str:
        return root.name_vi

    @staticmethod
    def resolve_product_count(root: ProductGroupModel, info: Any) -> int | None:
        return getattr(root, "product_count", None)


class AdministrativeUnit(graphene.ObjectType):
    """A former district or a commune (marketplace extension)."""

    id = graphene.ID(required=True)
    code = graphene.String(required=True, description="Official code.")
    name = graphene.String(required=True)
    full_name = graphene.String(required=True)
    slug = graphene.String(required=True)
    level = graphene.String(required=True, description="district | commune | province")
    product_count = graphene.Int(
        description="Published products from the unit (``districts`` only)."
    )
    shop_count = graphene.Int(description="Active shops in the unit (``districts`` only).")

    @staticmethod
    def resolve_id(root: AdministrativeUnitModel, info: Any) -> str:
        return graphene.relay.Node.to_global_id("AdministrativeUnit", root.pk)

    @staticmethod
    def resolve_product_count(root: AdministrativeUnitModel, info: Any) -> int | None:
        return getattr(root, "product_count", None)

    @staticmethod
    def resolve_shop_count(root: AdministrativeUnitModel, info: Any) -> int | None:
        return getattr(root, "shop_count", None)


class OcopInfo(graphene.ObjectType):
    """An OCOP star certificate in force (marketplace extension)."""

    stars = graphene.Int(required=True)
    score = graphene.Int(required=True)
    certificate_number = graphene.String(required=True, description="Decision number.")
    decision_date = graphene.Date(required=True)
    valid_until = graphene.Date(required=True)
    issuing_level = graphene.Field(OcopIssuingLevel, required=True)
    issuing_body = graphene.String(required=True)
    product_group = graphene.Field(ProductGroup, required=True)
    product_name = graphene.String(required=True, description="The product name on the decision.")
    criteria_version = graphene.String(required=True)

    @staticmethod
    def resolve_certificate_number(root: OcopCertificate, info: Any) -> str:
        return root.decision_number


class ProductOrigin(graphene.ObjectType):
    """Where a product is made: its commune and the former district (marketplace extension)."""

    district = graphene.Field(AdministrativeUnit, required=True)
    commune = graphene.Field(AdministrativeUnit, required=True)

    @staticmethod
    def resolve_district(root: models.Product, info: Any) -> AdministrativeUnitModel:
        return root.origin_district

    @staticmethod
    def resolve_commune(root: models.Product, info: Any) -> AdministrativeUnitModel:
        return root.origin_commune


# --- product types ---------------------------------------------------------------------------


class ProductTypeKindEnum(graphene.Enum):
    NORMAL = "NORMAL"
    GIFT_CARD = "GIFT_CARD"


class ProductType(graphene.ObjectType):
    """Our product types are the OCOP product groups."""

    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    has_variants = graphene.Boolean(required=True, deprecation_reason="Field no longer supported")
    is_shipping_required = graphene.Boolean(required=True)
    weight = graphene.Field(Weight)
    kind = graphene.Field(ProductTypeKindEnum, required=True)
    product_attributes = graphene.List(graphene.NonNull(Attribute))

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, ProductGroupModel)

    @classmethod
    def get_node(cls, info: Any, id: str) -> ProductGroupModel | None:
        return ProductGroupModel.objects.filter(pk=id).first()

    @staticmethod
    def resolve_name(root: ProductGroupModel, info: Any) -> str:
        return root.name_vi

    @staticmethod
    def resolve_slug(root: ProductGroupModel, info: Any) -> str:
        return root.code

    @staticmethod
    def resolve_has_variants(root: ProductGroupModel, info: Any) -> bool:
        return True

    @staticmethod
    def resolve_is_shipping_required(root: ProductGroupModel, info: Any) -> bool:
        return root.code != "du-lich"  # community tourism services are not shipped

    @staticmethod
    def resolve_weight(root: ProductGroupModel, info: Any) -> None:
        return None

    @staticmethod
    def resolve_kind(root: ProductGroupModel, info: Any) -> str:
        return "NORMAL"

    @staticmethod
    def resolve_product_attributes(root: ProductGroupModel, info: Any) -> list[Any]:
        from shops.attributes import ATTRIBUTES

        return [a for a in ATTRIBUTES.values() if not a.variant_selection]


# --- products --------------------------------------------------------------------------------


class ContentTranslation(LanguageDisplayMixin, graphene.ObjectType):
    """The English content of a product, category or collection (Saleor's
    ``ProductTranslation``, ``CategoryTranslation``, ``CollectionTranslation``: same fields)."""

    seo_title = graphene.String()
    seo_description = graphene.String()
    slug = graphene.String()
    name = graphene.String()
    description = graphene.JSONString()
    description_json = graphene.JSONString(
        deprecation_reason="Use the `description` field instead."
    )

    @staticmethod
    def resolve_seo_title(root: tuple[Any, str], info: Any) -> str | None:
        return _text(root[0].name_en)

    @staticmethod
    def resolve_seo_description(root: tuple[Any, str], info: Any) -> str | None:
        return _text(html_to_text(root[0].description_en)[:300])

    @staticmethod
    def resolve_slug(root: tuple[Any, str], info: Any) -> str:
        return root[0].slug

    @staticmethod
    def resolve_name(root: tuple[Any, str], info: Any) -> str | None:
        return _text(root[0].name_en)

    @staticmethod
    def resolve_description(root: tuple[Any, str], info: Any) -> Any:
        return html_to_editorjs(root[0].description_en)

    resolve_description_json = resolve_description


class ProductTranslation(ContentTranslation):
    class Meta:
        interfaces = (graphene.relay.Node,)


class ProductVariantTranslation(LanguageDisplayMixin, graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    name = graphene.String(required=True)

    @staticmethod
    def resolve_name(root: tuple[models.ProductVariant, str], info: Any) -> str:
        return root[0].name


def _assigned(items: list[Any], slug: str | None = None, limit: int | None = None) -> Any:
    if slug is not None:
        return next((a for a in items if a.attribute.slug == slug), None)
    return items[:limit] if limit else items


class VietnameseContent:
    """Resolvers of the content fields Product, Category and Collection share: ``name``
    and the SEO fields serve the Vietnamese, the description as EditorJS JSON."""

    @staticmethod
    def resolve_seo_title(root: Any, info: Any) -> str:
        return root.name_vi

    @staticmethod
    def resolve_seo_description(root: Any, info: Any) -> str | None:
        return _text(html_to_text(root.description_vi)[:300])

    @staticmethod
    def resolve_name(root: Any, info: Any) -> str:
        return root.name_vi

    @staticmethod
    def resolve_description(root: Any, info: Any) -> Any:
        return html_to_editorjs(root.description_vi)

    resolve_description_json = resolve_description


class Product(VietnameseContent, graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata, ObjectWithAttributes)
        description = "Represents an individual item for sale in the storefront."

    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = graphene.JSONString(description="Description of the product (EditorJS JSON).")
    product_type = graphene.Field(ProductType, required=True)
    slug = graphene.String(required=True)
    category = graphene.Field(lambda: Category)
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    charge_taxes = graphene.Boolean(
        required=True,
        deprecation_reason="Use `Channel.taxConfiguration` field "
        "to determine whether tax collection is "
        "enabled.",
    )
    weight = graphene.Field(Weight)
    default_variant = graphene.Field(lambda: ProductVariant)
    rating = graphene.Float(
        description="Rating of the product: its current OCOP stars (null without a valid "
        "certificate)."
    )
    channel = graphene.String()
    description_json = graphene.JSONString(
        deprecation_reason="Use the `description` field instead."
    )
    thumbnail = graphene.Field(Image, **thumbnail_args())
    pricing = graphene.Field(ProductPricingInfo, address=address_argument())
    is_available = graphene.Boolean(address=address_argument())
    attribute = graphene.Field(
        SelectedAttribute,
        slug=graphene.String(required=True),
        deprecation_reason="Use the `assignedAttribute` field instead.",
    )
    attributes = graphene.NonNull(
        graphene.List(graphene.NonNull(SelectedAttribute)),
        deprecation_reason="Use the `assignedAttributes` field instead.",
    )
    media_by_id = graphene.Field(ProductMedia, id=graphene.ID(required=True))
    variants = graphene.List(
        graphene.NonNull(lambda: ProductVariant),
        deprecation_reason="Use `productVariants` field instead.",
    )
    product_variants = graphene.Field(
        lambda: ProductVariantCountableConnection,
        filter=graphene.Argument(
            "shops.graphql.filters.ProductVariantFilterInput",
            deprecation_reason="Use `where` filter instead.",
        ),
        where=graphene.Argument("shops.graphql.filters.ProductVariantWhereInput"),
        sort_by=graphene.Argument("shops.graphql.filters.ProductVariantSortingInput"),
        **connection_args(),
    )
    media = graphene.List(
        graphene.NonNull(ProductMedia),
        sort_by=graphene.Argument("shops.graphql.filters.MediaSortingInput"),
    )
    collections = graphene.List(graphene.NonNull(lambda: Collection))
    translation = _translation(ProductTranslation)
    available_for_purchase = graphene.Date(
        deprecation_reason="Use the `availableForPurchaseAt` field to "
        "fetch the available for purchase date."
    )
    available_for_purchase_at = graphene.DateTime()
    is_available_for_purchase = graphene.Boolean()
    external_reference = graphene.String()
    # marketplace extensions
    shop = graphene.Field(
        lambda: Shop, description="The producer's shop selling the product. Marketplace extension."
    )
    ocop = graphene.Field(
        OcopInfo,
        description="The product's OCOP star certificate in force (null without "
        "one). Marketplace extension.",
    )
    origin = graphene.Field(
        ProductOrigin,
        required=True,
        description="Where the product is made. Marketplace extension.",
    )

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, models.Product)

    @classmethod
    def get_node(cls, info: Any, id: str) -> models.Product | None:
        products = catalogue.viewer_products(user=context.user(info))
        return catalogue.with_storefront_data(products.filter(pk=id)).first()

    @staticmethod
    def resolve_product_type(root: models.Product, info: Any) -> ProductGroupModel:
        return root.product_group

    @staticmethod
    def resolve_created(root: models.Product, info: Any) -> datetime.datetime:
        return root.created_at

    @staticmethod
    def resolve_charge_taxes(root: models.Product, info: Any) -> bool:
        return False

    @staticmethod
    def resolve_weight(root: models.Product, info: Any) -> None:
        return None

    @staticmethod
    def resolve_default_variant(root: models.Product, info: Any) -> models.ProductVariant | None:
        variants = catalogue.product_variants(root)
        return (
            context.in_channel(variants[0], getattr(root, "channel_slug", None))
            if variants
            else None
        )

    @staticmethod
    def resolve_rating(root: models.Product, info: Any) -> float | None:
        certificate = catalogue.product_certificate(root)
        return float(certificate.stars) if certificate else None

    @staticmethod
    def resolve_channel(root: models.Product, info: Any) -> str:
        return context.channel_of(info, root).slug

    @staticmethod
    def resolve_thumbnail(
        root: models.Product, info: Any, size: int | None = None, format: Any = None
    ) -> Any:
        media = catalogue.product_media(root)
        return _image(info, media[0] if media else None, size, format)

    @staticmethod
    def resolve_pricing(root: models.Product, info: Any, address: Any = None) -> Any:
        return catalogue.product_pricing(root, channel=context.channel_of(info, root))

    @staticmethod
    def resolve_is_available(root: models.Product, info: Any, address: Any = None) -> bool:
        return catalogue.product_is_sellable(root) and catalogue.product_in_stock(
            root, channel=context.channel_of(info, root)
        )

    @staticmethod
    def resolve_attribute(root: models.Product, info: Any, slug: str) -> Any:
        return _assigned(product_attributes(root), slug=slug)

    @staticmethod
    def resolve_attributes(root: models.Product, info: Any) -> Any:
        return product_attributes(root)

    @staticmethod
    def resolve_assigned_attribute(root: models.Product, info: Any, slug: str) -> Any:
        return _assigned(product_attributes(root), slug=slug)

    @staticmethod
    def resolve_assigned_attributes(root: models.Product, info: Any, limit: int = 100) -> Any:
        return _assigned(product_attributes(root), limit=limit)

    @staticmethod
    def resolve_media_by_id(root: models.Product, info: Any, id: str) -> models.ProductMedia | None:
        try:
            kind, pk = from_global_id(id)
        except Exception:  # noqa: BLE001 - malformed id
            return None
        if kind != "ProductMedia":
            return None
        return next((m for m in catalogue.product_media(root) if str(m.pk) == pk), None)

    @staticmethod
    def _variants(root: models.Product, info: Any) -> list[models.ProductVariant]:
        channel = context.channel_of(info, root)
        return [
            context.in_channel(v, channel.slug)
            for v in catalogue.product_variants(root)
            if catalogue.variant_in_channel(v, channel=channel, shop_id=root.shop_id)
        ]

    @classmethod
    def resolve_variants(cls, root: models.Product, info: Any) -> list[models.ProductVariant]:
        return cls._variants(root, info)

    @classmethod
    def resolve_product_variants(
        cls,
        root: models.Product,
        info: Any,
        filter: Any = None,
        where: Any = None,
        sort_by: Any = None,
        **kwargs: Any,
    ) -> Any:
        from .filters import variant_matches

        variants = [v for v in cls._variants(root, info) if variant_matches(v, filter, where)]
        if sort_by:  # LAST_MODIFIED_AT: variants change with their product, then by age
            descending = (
                getattr(sort_by.get("direction"), "value", sort_by.get("direction")) == "DESC"
            )
            variants.sort(key=lambda v: (v.created_at, v.pk), reverse=descending)
        return paginate(variants, ProductVariantCountableConnection, "productVariants", **kwargs)

    @staticmethod
    def resolve_media(
        root: models.Product, info: Any, sort_by: Any = None
    ) -> list[models.ProductMedia]:
        media = catalogue.product_media(root)
        if sort_by:
            descending = (
                getattr(sort_by.get("direction"), "value", sort_by.get("direction")) == "DESC"
            )
            media = sorted(media, key=lambda m: m.pk, reverse=descending)
        return media

    @staticmethod
    def resolve_collections(root: models.Product, info: Any) -> list[models.Collection]:
        slug = getattr(root, "channel_slug", None)
        return [context.in_channel(c, slug) for c in context.product_collections(info, root)]

    @staticmethod
    def resolve_translation(root: models.Product, info: Any, language_code: str) -> Any:
        return english(root, language_code)

    @staticmethod
    def resolve_available_for_purchase(root: models.Product, info: Any) -> datetime.date | None:
        moment = Product.resolve_available_for_purchase_at(root, info)
        return moment.date() if moment else None

    @staticmethod
    def resolve_available_for_purchase_at(
        root: models.Product, info: Any
    ) -> datetime.datetime | None:
        if root.status != models.Product.Status.PUBLISHED:
            return None
        return root.published_at or root.created_at

    @staticmethod
    def resolve_is_available_for_purchase(root: models.Product, info: Any) -> bool:
        return catalogue.product_is_sellable(root)

    @staticmethod
    def resolve_external_reference(root: models.Product, info: Any) -> None:
        return None

    @staticmethod
    def resolve_shop(root: models.Product, info: Any) -> models.Shop:
        return root.shop

    @staticmethod
    def resolve_ocop(root: models.Product, info: Any) -> OcopCertificate | None:
        return catalogue.product_certificate(root)

    @staticmethod
    def resolve_origin(root: models.Product, info: Any) -> models.Product:
        return root


class Stock(graphene.ObjectType):
    """Stock of a variant at one location. Staff of the variant's shop only."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    warehouse = graphene.Field(_warehouse_type, required=True)
    product_variant = graphene.Field(lambda: ProductVariant, required=True)
    quantity = graphene.Int(required=True)
    quantity_allocated = graphene.Int(required=True)
    quantity_reserved = graphene.Int(required=True)

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, models.Stock)

    @classmethod
    def get_node(cls, info: Any, id: str) -> models.Stock | None:
        own = context.member_shop_ids(info)
        return (
            models.Stock.objects.filter(pk=id, shop_id__in=own)
            .select_related("location", "variant")
            .first()
        )

    @staticmethod
    def resolve_warehouse(root: models.Stock, info: Any) -> models.StockLocation:
        return root.location

    @staticmethod
    def resolve_product_variant(root: models.Stock, info: Any) -> models.ProductVariant:
        return root.variant

    @staticmethod
    def resolve_quantity_allocated(root: models.Stock, info: Any) -> int:
        return int(getattr(root, "reserved", 0) or 0)

    @staticmethod
    def resolve_quantity_reserved(root: models.Stock, info: Any) -> int:
        return int(getattr(root, "reserved", 0) or 0)


class ProductVariant(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata, ObjectWithAttributes)
        description = "Represents a version of a product such as different size or color."

    name = graphene.String(required=True)
    sku = graphene.String()
    product = graphene.Field(Product, required=True)
    track_inventory = graphene.Boolean(required=True)
    quantity_limit_per_customer = graphene.Int()
    weight = graphene.Field(Weight)
    channel = graphene.String()
    pricing = graphene.Field(VariantPricingInfo, address=address_argument())
    attributes = graphene.NonNull(
        graphene.List(graphene.NonNull(SelectedAttribute)),
        variant_selection=graphene.Argument(
            VariantAttributeScope, description="Define scope of returned attributes."
        ),
        deprecation_reason="Use the `assignedAttributes` field instead.",
    )
    media = graphene.List(graphene.NonNull(ProductMedia))
    translation = _translation(ProductVariantTranslation)
    stocks = graphene.List(
        graphene.NonNull(Stock),
        address=address_argument(),
        country_code=graphene.Argument(CountryCode),
        description="Stocks for the product variant. Staff of its shop only.",
    )
    quantity_available = graphene.Int(
        address=address_argument(),
        country_code=graphene.Argument(CountryCode),
        description="Quantity of a product available for sale in the channel.",
    )
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    external_reference = graphene.String()

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, models.ProductVariant)

    @classmethod
    def get_node(cls, info: Any, id: str) -> models.ProductVariant | None:
        variants = catalogue.viewer_variants(user=context.user(info))
        return variants.filter(pk=id).select_related("product").first()

    @staticmethod
    def resolve_name(root: models.ProductVariant, info: Any) -> str:
        return root.name

    @staticmethod
    def resolve_product(root: models.ProductVariant, info: Any) -> models.Product:
        return context.in_channel(root.product, getattr(root, "channel_slug", None))

    @staticmethod
    def resolve_track_inventory(root: models.ProductVariant, info: Any) -> bool:
        return True

    @staticmethod
    def resolve_quantity_limit_per_customer(root: models.ProductVariant, info: Any) -> None:
        return None

    @staticmethod
    def resolve_weight(root: models.ProductVariant, info: Any) -> int | None:
        return root.weight_grams or None

    @staticmethod
    def resolve_channel(root: models.ProductVariant, info: Any) -> str:
        return context.channel_of(info, root).slug

    @staticmethod
    def resolve_pricing(root: models.ProductVariant, info: Any, address: Any = None) -> Any:
        channel = context.channel_of(info, root)
        if not catalogue.variant_in_channel(root, channel=channel, shop_id=root.product.shop_id):
            return None
        return catalogue.variant_price(root)

    @staticmethod
    def resolve_attributes(
        root: models.ProductVariant, info: Any, variant_selection: Any = None
    ) -> Any:
        return variant_attributes(root, getattr(variant_selection, "value", variant_selection))

    @staticmethod
    def resolve_assigned_attribute(root: models.ProductVariant, info: Any, slug: str) -> Any:
        return _assigned(variant_attributes(root), slug=slug)

    @staticmethod
    def resolve_assigned_attributes(
        root: models.ProductVariant, info: Any, limit: int = 100
    ) -> Any:
        return _assigned(variant_attributes(root), limit=limit)

    @staticmethod
    def resolve_media(root: models.ProductVariant, info: Any) -> list[models.ProductMedia]:
        # Our images belong to the product; a variant shows the product's images.
        return catalogue.product_media(root.product)

    @staticmethod
    def resolve_translation(root: models.ProductVariant, info: Any, language_code: str) -> Any:
        return english(root, language_code) if root.name else None

    @staticmethod
    def resolve_stocks(root: models.ProductVariant, info: Any, **_: Any) -> list[models.Stock]:
        context.require_shop_staff(info, root.product.shop_id)
        return catalogue.variant_stocks(root)

    @staticmethod
    def resolve_quantity_available(root: models.ProductVariant, info: Any, **_: Any) -> int:
        available = catalogue.variant_quantity_available(
            root, channel=context.channel_of(info, root), shop_id=root.product.shop_id
        )
        return min(available, settings.CHECKOUT_MAX_LINE_QUANTITY)

    @staticmethod
    def resolve_created(root: models.ProductVariant, info: Any) -> datetime.datetime:
        return root.created_at

    @staticmethod
    def resolve_updated_at(root: models.ProductVariant, info: Any) -> datetime.datetime:
        return max(root.created_at, root.product.updated_at)

    @staticmethod
    def resolve_external_reference(root: models.ProductVariant, info: Any) -> None:
        return None


class ProductCountableConnection(CountableConnection):
    class Meta:
        node = Product


class ProductVariantCountableConnection(CountableConnection):
    class Meta:
        node = ProductVariant


def product_list_args() -> dict[str, Any]:
    from .filters import ProductFilterInput, ProductOrder, ProductWhereInput

    return {
        "filter": graphene.Argument(
            ProductFilterInput,
            description="Filtering options for products.",
            deprecation_reason="Use `where` filter instead.",
        ),
        "where": graphene.Argument(
            ProductWhereInput, description="Where filtering options for products."
        ),
        "sort_by": graphene.Argument(ProductOrder, description="Sort products."),
        "search": graphene.String(description="Search products."),
        **connection_args(),
    }


# --- categories and collections --------------------------------------------------------


class CategoryTranslation(ContentTranslation):
    class Meta:
        interfaces = (graphene.relay.Node,)


class CollectionTranslation(ContentTranslation):
    class Meta:
        interfaces = (graphene.relay.Node,)


class Category(VietnameseContent, graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata)
        description = "Represents a single category of products."

    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = graphene.JSONString()
    slug = graphene.String(required=True)
    parent = graphene.Field(lambda: Category)
    level = graphene.Int(required=True)
    description_json = graphene.JSONString(
        deprecation_reason="Use the `description` field instead."
    )
    updated_at = graphene.DateTime(required=True)
    ancestors = graphene.Field(lambda: CategoryCountableConnection, **connection_args())
    products = graphene.Field(
        ProductCountableConnection, channel=graphene.String(), **product_list_args()
    )
    children = graphene.Field(lambda: CategoryCountableConnection, **connection_args())
    background_image = graphene.Field(Image, **thumbnail_args())
    translation = _translation(CategoryTranslation)

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, models.Category)

    @classmethod
    def get_node(cls, info: Any, id: str) -> models.Category | None:
        return context.category_tree(info).by_id.get(int(id)) if str(id).isdigit() else None

    @staticmethod
    def resolve_parent(root: models.Category, info: Any) -> models.Category | None:
        return context.category_tree(info).by_id.get(root.parent_id) if root.parent_id else None

    @staticmethod
    def resolve_level(root: models.Category, info: Any) -> int:
        return context.category_tree(info).level(root)

    @staticmethod
    def resolve_ancestors(root: models.Category, info: Any, **kwargs: Any) -> Any:
        connection = paginate(
            context.category_tree(info).ancestors(root),
            CategoryCountableConnection,
            "ancestors",
            **kwargs,
        )
        context.expect(info, "category", [edge.node for edge in connection.edges])
        return connection

    @staticmethod
    def resolve_children(root: models.Category, info: Any, **kwargs: Any) -> Any:
        tree = context.category_tree(info)
        # the children of every category of the response so far (in memory): the next level's
        # nested lists are loaded for all of them at once, not per parent (depth-first execution)
        context.expect(
            info,
            "category",
            [
                child
                for pk in (*context.expected(info, "category"), root.pk)
                for child in tree.children.get(pk, [])
            ],
        )
        return paginate(
            tree.children.get(root.pk, []), CategoryCountableConnection, "children", **kwargs
        )

    @staticmethod
    def resolve_products(
        root: models.Category, info: Any, channel: str | None = None, **kwargs: Any
    ) -> Any:
        return resolvers.resolve_nested_products(
            info, "category", root, connection=ProductCountableConnection, channel=channel, **kwargs
        )

    @staticmethod
    def resolve_background_image(root: models.Category, info: Any, **_: Any) -> None:
        return None

    @staticmethod
    def resolve_translation(root: models.Category, info: Any, language_code: str) -> Any:
        return english(root, language_code)


class CategoryCountableConnection(CountableConnection):
    class Meta:
        node = Category


class Collection(VietnameseContent, graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata)
        description = "Represents a collection of products."

    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = graphene.JSONString()
    slug = graphene.String(required=True)
    channel = graphene.String()
    description_json = graphene.JSONString(
        deprecation_reason="Use the `description` field instead."
    )
    products = graphene.Field(ProductCountableConnection, **product_list_args())
    background_image = graphene.Field(Image, **thumbnail_args())
    translation = _translation(CollectionTranslation)

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, models.Collection)

    @classmethod
    def get_node(cls, info: Any, id: str) -> models.Collection | None:
        return catalogue.collection_list().filter(pk=id).first() if str(id).isdigit() else None

    @staticmethod
    def resolve_channel(root: models.Collection, info: Any) -> str:
        return context.channel_of(info, root).slug

    @staticmethod
    def resolve_products(root: models.Collection, info: Any, **kwargs: Any) -> Any:
        return resolvers.resolve_nested_products(
            info,
            "collection",
            root,
            connection=ProductCountableConnection,
            channel=getattr(root, "channel_slug", None),
            **kwargs,
        )

    @staticmethod
    def resolve_background_image(
        root: models.Collection, info: Any, size: int | None = None, format: Any = None
    ) -> Any:
        """The first product image of a manual collection (rule collections have none)."""
        return None

    @staticmethod
    def resolve_translation(root: models.Collection, info: Any, language_code: str) -> Any:
        return english(root, language_code)


class CollectionCountableConnection(CountableConnection):
    class Meta:
        node = Collection


# --- channels --------------------------------------------------------------------------------


class AllocationStrategyEnum(graphene.Enum):
    PRIORITIZE_SORTING_ORDER = "PRIORITIZE_SORTING_ORDER"
    PRIORITIZE_HIGH_STOCK = "PRIORITIZE_HIGH_STOCK"


class StockSettings(graphene.ObjectType):
    allocation_strategy = graphene.Field(AllocationStrategyEnum, required=True)

    @staticmethod
    def resolve_allocation_strategy(root: Any, info: Any) -> str:
        return "PRIORITIZE_SORTING_ORDER"


def _channel_root(info: Any, root: Any) -> catalogue.ChannelInfo:
    """A channel from a ``ChannelInfo`` or a slug string (orders store the slug)."""
    return root if isinstance(root, catalogue.ChannelInfo) else context.channel(info, str(root))


class Channel(graphene.ObjectType):
    """The online store (``default-channel``) or one sale point (``sale-point-<code>``).
    Resolved from a ``ChannelInfo`` or a channel slug."""

    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    is_active = graphene.Boolean(required=True)
    currency_code = graphene.String(required=True)
    default_country = graphene.Field(CountryDisplay, required=True)
    warehouses = graphene.NonNull(
        graphene.List(graphene.NonNull(_warehouse_type)),
        description="Where the channel's goods are: for a sale point its showroom; "
        "for the online store, none listed (each shop ships from its own "
        "warehouse).",
    )
    countries = graphene.List(graphene.NonNull(CountryDisplay))
    stock_settings = graphene.Field(StockSettings, required=True)

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, catalogue.ChannelInfo)

    @classmethod
    def get_node(cls, info: Any, id: str) -> catalogue.ChannelInfo | None:
        return catalogue.channel_info(id)

    @staticmethod
    def resolve_id(root: Any, info: Any) -> str:
        return _channel_root(info, root).slug

    @staticmethod
    def resolve_slug(root: Any, info: Any) -> str:
        return _channel_root(info, root).slug

    @staticmethod
    def resolve_name(root: Any, info: Any) -> str:
        return _channel_root(info, root).name

    @staticmethod
    def resolve_is_active(root: Any, info: Any) -> bool:
        return _channel_root(info, root).is_active

    @staticmethod
    def resolve_currency_code(root: Any, info: Any) -> str:
        return "VND"

    @staticmethod
    def resolve_default_country(root: Any, info: Any) -> str:
        return DEFAULT_COUNTRY

    @staticmethod
    def resolve_warehouses(root: Any, info: Any) -> list[models.StockLocation]:
        channel = _channel_root(info, root)
        if channel.location_id is None:
            return []
        return list(models.StockLocation.objects.filter(pk=channel.location_id))

    @staticmethod
    def resolve_countries(root: Any, info: Any) -> list[str]:
        return [DEFAULT_COUNTRY]

    @staticmethod
    def resolve_stock_settings(root: Any, info: Any) -> Any:
        return root


# --- shops -------------------------------------------------------------------------------


class Domain(graphene.ObjectType):
    host = graphene.String(required=True)
    ssl_enabled = graphene.Boolean(required=True)
    url = graphene.String(required=True)

    @staticmethod
    def _site(info: Any) -> str:
        request = info.context
        if hasattr(request, "build_absolute_uri"):
            return request.build_absolute_uri("/")
        return settings.SITE_URL.rstrip("/") + "/"

    @classmethod
    def resolve_host(cls, root: Any, info: Any) -> str:
        return cls._site(info).split("://", 1)[-1].split("/", 1)[0]

    @classmethod
    def resolve_ssl_enabled(cls, root: Any, info: Any) -> bool:
        return cls._site(info).startswith("https://")

    @classmethod
    def resolve_url(cls, root: Any, info: Any) -> str:
        return cls._site(info)


class ExternalAuthentication(graphene.ObjectType):
    id = graphene.String(required=True)
    name = graphene.String()


class CountryFilterInput(graphene.InputObjectType):
    attached_to_shipping_zones = graphene.Boolean()


class PasswordLoginModeEnum(graphene.Enum):
    ENABLED = "ENABLED"
    CUSTOMERS_ONLY = "CUSTOMERS_ONLY"
    DISABLED = "DISABLED"


class AccountConfirmModeEnum(graphene.Enum):
    MERGE_DISABLED = "MERGE_DISABLED"
    REQUIRE_PASSWORD = "REQUIRE_PASSWORD"


MARKETPLACE = context.MARKETPLACE
MARKETPLACE_NAME = "Chợ OCOP Quảng Bình / Quảng Bình OCOP Marketplace"
MARKETPLACE_DESCRIPTION = (
    "Sản phẩm OCOP của Quảng Bình, mua trực tiếp từ nhà sản xuất. / "
    "Quảng Bình's OCOP products, bought directly from their producers."
)
API_VERSION = "3.24.0"


def _is_site(root: Any) -> bool:
    return not isinstance(root, models.Shop)


def _site_value(site_value: Any, shop_value: Any) -> Any:
    def resolve(root: Any, info: Any, **_: Any) -> Any:
        if _is_site(root):
            return site_value(root, info) if callable(site_value) else site_value
        return shop_value(root, info) if callable(shop_value) else shop_value

    return staticmethod(resolve)


def _producer_only(getter: Any) -> Any:
    def resolve(root: Any, info: Any, **kwargs: Any) -> Any:
        return None if _is_site(root) else getter(root, info, **kwargs)

    return staticmethod(resolve)


class Shop(graphene.ObjectType):
    """Saleor's ``Shop``: the marketplace's settings (``shop``) — and, as a marketplace
    extension, a producer's shop (``shop(slug:)``, ``shops``, ``Product.shop``), which
    adds the producer fields below (null on the marketplace itself)."""

    class Meta:
        interfaces = (ObjectWithMetadata,)
        description = "Represents a shop resource containing general shop data and configuration."

    id = graphene.ID(required=True)
    available_external_authentications = graphene.NonNull(
        graphene.List(graphene.NonNull(ExternalAuthentication))
    )
    channel_currencies = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    countries = graphene.NonNull(
        graphene.List(graphene.NonNull(CountryDisplay)),
        language_code=graphene.Argument(
            LanguageCodeEnum, deprecation_reason="This field has no effect."
        ),
        filter=graphene.Argument(CountryFilterInput),
    )
    default_country = graphene.Field(CountryDisplay)
    description = graphene.String()
    domain = graphene.Field(Domain, required=True)
    languages = graphene.NonNull(graphene.List(graphene.NonNull(LanguageDisplay)))
    name = graphene.String(required=True)
    phone_prefixes = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    header_text = graphene.String()
    fulfillment_auto_approve = graphene.Boolean(required=True)
    fulfillment_allow_unpaid = graphene.Boolean(required=True)
    track_inventory_by_default = graphene.Boolean()
    default_weight_unit = graphene.Field(WeightUnitsEnum)
    limit_quantity_per_checkout = graphene.Int()
    customer_set_password_url = graphene.String()
    enable_account_confirmation_by_email = graphene.Boolean()
    allow_login_without_confirmation = graphene.Boolean()
    version = graphene.String(required=True)
    schema_version = graphene.String(required=True)
    preserve_all_address_fields = graphene.Boolean(required=True)
    password_login_mode = graphene.Field(PasswordLoginModeEnum, required=True)
    include_taxes_in_prices = graphene.Boolean(
        required=True,
        deprecation_reason="Use "
        "`Channel.taxConfiguration.pricesEnteredWithTax` to determine "
        "whether prices are entered with tax.",
    )
    display_gross_prices = graphene.Boolean(
        required=True,
        deprecation_reason="Use "
        "`Channel.taxConfiguration` to determine whether to display gross "
        "or net prices.",
    )
    charge_taxes_on_shipping = graphene.Boolean(
        required=True,
        deprecation_reason="Use "
        "`ShippingMethodType.taxClass` to determine whether taxes are "
        "calculated for shipping methods.",
    )
    use_legacy_shipping_zone_stock_availability = graphene.Boolean(required=True)
    account_confirm_merge_mode = graphene.Field(AccountConfirmModeEnum, required=True)
    # marketplace extensions (a producer's shop)
    slug = graphene.String(
        description="The producer shop's slug (null for the marketplace). Marketplace extension."
    )
    producer_type = graphene.Field(
        "shops.graphql.filters.ProducerTypeEnum",
        description="Legal type of the producer. Marketplace extension.",
    )
    producer_name = graphene.String(
        description="Registered name of the producer. Marketplace extension."
    )
    district = graphene.Field(
        AdministrativeUnit, description="The producer's former district. Marketplace extension."
    )
    commune = graphene.Field(
        AdministrativeUnit, description="The producer's commune. Marketplace extension."
    )
    story = graphene.JSONString(
        description="The producer's story (EditorJS JSON). Marketplace extension."
    )
    address = graphene.String(description="Marketplace extension.")
    phone = graphene.String(description="Marketplace extension.")
    email = graphene.String(description="Marketplace extension.")
    shipping_policy = graphene.String(description="Marketplace extension.")
    returns_policy = graphene.String(description="Marketplace extension.")
    logo = graphene.Field(Image, description="Marketplace extension.")
    banner = graphene.Field(Image, description="Marketplace extension.")
    certificates = graphene.List(
        graphene.NonNull(OcopInfo),
        description="The producer's OCOP certificates in force. Marketplace extension.",
    )
    products = graphene.Field(
        ProductCountableConnection,
        channel=graphene.String(),
        **product_list_args(),
        description="The shop's published products. Marketplace extension.",
    )

    @staticmethod
    def resolve_id(root: Any, info: Any) -> str:
        return graphene.relay.Node.to_global_id("Shop", MARKETPLACE if _is_site(root) else root.pk)

    @staticmethod
    def resolve_available_external_authentications(root: Any, info: Any) -> list[Any]:
        return []

    resolve_channel_currencies = staticmethod(lambda root, info: ["VND"])
    resolve_countries = staticmethod(lambda root, info, **_: [DEFAULT_COUNTRY])
    resolve_default_country = staticmethod(lambda root, info: DEFAULT_COUNTRY)
    resolve_description = _site_value(
        MARKETPLACE_DESCRIPTION, lambda root, info: html_to_text(root.story) or None
    )
    resolve_domain = staticmethod(lambda root, info: root)
    resolve_languages = staticmethod(lambda root, info: [code for code, _ in LANGUAGES])
    resolve_name = _site_value(MARKETPLACE_NAME, lambda root, info: root.name)
    resolve_phone_prefixes = staticmethod(lambda root, info: ["+84"])
    resolve_header_text = _site_value(
        "Đặc sản OCOP Quảng Bình / Quảng Bình OCOP specialities", None
    )
    resolve_fulfillment_auto_approve = staticmethod(lambda root, info: True)
    resolve_fulfillment_allow_unpaid = staticmethod(lambda root, info: True)
    resolve_track_inventory_by_default = staticmethod(lambda root, info: True)
    resolve_default_weight_unit = staticmethod(lambda root, info: "G")
    resolve_limit_quantity_per_checkout = staticmethod(
        lambda root, info: settings.CHECKOUT_MAX_LINE_QUANTITY
    )
    resolve_customer_set_password_url = staticmethod(lambda root, info: None)
    resolve_enable_account_confirmation_by_email = staticmethod(lambda root, info: False)
    resolve_allow_login_without_confirmation = staticmethod(lambda root, info: True)
    resolve_version = staticmethod(lambda root, info: API_VERSION)
    resolve_schema_version = staticmethod(lambda root, info: API_VERSION.rsplit(".", 1)[0])
    resolve_preserve_all_address_fields = staticmethod(lambda root, info: False)
    resolve_password_login_mode = staticmethod(lambda root, info: "ENABLED")
    resolve_include_taxes_in_prices = staticmethod(lambda root, info: True)
    resolve_display_gross_prices = staticmethod(lambda root, info: True)
    resolve_charge_taxes_on_shipping = staticmethod(lambda root, info: True)
    resolve_use_legacy_shipping_zone_stock_availability = staticmethod(lambda root, info: False)
    resolve_account_confirm_merge_mode = staticmethod(lambda root, info: "MERGE_DISABLED")

    resolve_slug = _producer_only(lambda root, info: root.slug)
    resolve_producer_type = _producer_only(lambda root, info: root.producer.legal_type)
    resolve_producer_name = _producer_only(lambda root, info: root.producer.name)
    resolve_district = _producer_only(lambda root, info: root.producer.district)
    resolve_commune = _producer_only(lambda root, info: root.producer.commune)
    resolve_story = _producer_only(lambda root, info: html_to_editorjs(root.story))
    resolve_address = _producer_only(lambda root, info: root.address or root.producer.address)
    resolve_phone = _producer_only(lambda root, info: root.phone or None)
    resolve_email = _producer_only(lambda root, info: root.email or None)
    resolve_shipping_policy = _producer_only(
        lambda root, info: html_to_text(root.shipping_policy) or None
    )
    resolve_returns_policy = _producer_only(
        lambda root, info: html_to_text(root.returns_policy) or None
    )
    resolve_logo = _producer_only(lambda root, info: _file_image(info, root.logo, root.name))
    resolve_banner = _producer_only(lambda root, info: _file_image(info, root.banner, root.name))
    resolve_certificates = _producer_only(lambda root, info: context.shop_certificates(info, root))

    @staticmethod
    def resolve_products(root: Any, info: Any, channel: str | None = None, **kwargs: Any) -> Any:
        if _is_site(root):
            return None
        return resolvers.resolve_nested_products(
            info, "shop", root, connection=ProductCountableConnection, channel=channel, **kwargs
        )


class ShopCountableConnection(CountableConnection):
    class Meta:
        node = Shop


__all__ = [
    "Category",
    "Channel",
    "Collection",
    "PositiveInt",
    "Product",
    "ProductMedia",
    "ProductVariant",
    "Shop",
    "AssignedAttribute",
]
