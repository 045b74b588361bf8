"""Producer-side (shop staff) catalogue operations in Saleor's shape: ``productCreate``,
``productUpdate``, ``productDelete``, ``productVariantCreate``, ``productVariantUpdate``,
``productVariantStocksUpdate``, ``productVariantChannelListingUpdate``,
``productChannelListingUpdate`` and ``productMediaCreate`` (multipart upload).

Only a member of a shop (``ShopMembership``) may call them — anyone else gets Saleor's
top-level permission error — and every id is looked up inside the viewer's own shops,
so another shop's product is ``NOT_FOUND`` exactly like a missing one. Each mutation
cleans its input into our fields (``product_inputs``: how Saleor's inputs map onto ours)
and calls one service of ``shops.services``. A new variant stays off sale at 0 đ until
``productVariantChannelListingUpdate`` gives it a price in ``default-channel``."""

from __future__ import annotations

from typing import Any

import graphene
from django.core.files.uploadedfile import UploadedFile
from django.db.models import ProtectedError

from marketplace.graphql.errors import error_type

from ..models import Product, ProductVariant
from ..services import catalogue, listing, media, stock
from .product_inputs import (
    ATTRIBUTE_OF_FIELD,
    PREORDER_DEPRECATED,
    PRODUCT_FIELD_MAP,
    VARIANT_FIELD_MAP,
    ProductChannelListingUpdateInput,
    ProductCreateInput,
    ProductInput,
    ProductMediaCreateInput,
    ProductVariantChannelListingAddInput,
    ProductVariantCreateInput,
    ProductVariantInput,
    StockInput,
    attribute_id,
    clean_product_input,
    clean_stocks,
    clean_variant_input,
    default_channel_only,
    product_of,
    shop_for,
    variant_of,
    whole_dong,
)
from .staff_base import (
    ShopStaffMutation,
    decode_pk,
    field_error,
    no_external_reference,
    require_shop_staff,
)

# --- Errors -------------------------------------------------------------------------------------


class ProductErrorCode(graphene.Enum):
    ALREADY_EXISTS = "already_exists"
    ATTRIBUTE_ALREADY_ASSIGNED = "attribute_already_assigned"
    ATTRIBUTE_CANNOT_BE_ASSIGNED = "attribute_cannot_be_assigned"
    ATTRIBUTE_VARIANTS_DISABLED = "attribute_variants_disabled"
    MEDIA_ALREADY_ASSIGNED = "media_already_assigned"
    DUPLICATED_INPUT_ITEM = "duplicated_input_item"
    GRAPHQL_ERROR = "graphql_error"
    INVALID = "invalid"
    INVALID_PRICE = "invalid_price"
    PRODUCT_WITHOUT_CATEGORY = "product_without_category"
    NOT_PRODUCTS_IMAGE = "not_products_image"
    NOT_PRODUCTS_VARIANT = "not_products_variant"
    NOT_FOUND = "not_found"
    REQUIRED = "required"
    UNIQUE = "unique"
    CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT = "cannot_manage_product_without_variant"
    PRODUCT_NOT_ASSIGNED_TO_CHANNEL = "product_not_assigned_to_channel"
    UNSUPPORTED_MEDIA_PROVIDER = "unsupported_media_provider"
    PREORDER_VARIANT_CANNOT_BE_DEACTIVATED = "preorder_variant_cannot_be_deactivated"
    INVALID_FILE_TYPE = "invalid_file_type"
    UNSUPPORTED_MIME_TYPE = "unsupported_mime_type"
    FILE_SIZE_LIMIT_EXCEEDED = "file_size_limit_exceeded"

    @property
    def deprecation_reason(self) -> str | None:
        return (
            PREORDER_DEPRECATED if self.name == "PREORDER_VARIANT_CANNOT_BE_DEACTIVATED" else None
        )


def _ids(description: str) -> graphene.List:
    return graphene.List(graphene.NonNull(graphene.ID), description=description)


ProductError = error_type(
    "ProductError",
    ProductErrorCode,
    attributes=_ids("List of attributes IDs which causes the error."),
    values=_ids("List of attribute values IDs which causes the error."),
)
BulkStockError = error_type(
    "BulkStockError",
    ProductErrorCode,
    attributes=_ids("List of attributes IDs which causes the error."),
    values=_ids("List of attribute values IDs which causes the error."),
    index=graphene.Int(description="Index of an input list item that caused the error."),
)
ProductChannelListingError = error_type(
    "ProductChannelListingError",
    ProductErrorCode,
    attributes=_ids("List of attributes IDs which causes the error."),
    values=_ids("List of attribute values IDs which causes the error."),
    channels=_ids("List of channels IDs which causes the error."),
    variants=_ids("List of variants IDs which causes the error."),
)

#: Codes of our services that Saleor names differently.
PRODUCT_CODE_MAP = {
    "blank": "REQUIRED",
    "null": "REQUIRED",
    "negative": "INVALID",
    "invalid_barcode": "INVALID",
    "last_variant": "CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT",
    "max_length": "INVALID",
    "invalid_choice": "INVALID",
    "max_value": "INVALID",
    "min_value": "INVALID",
    # uploads: Saleor answers INVALID for a file that is not an acceptable image
    "file_too_large": "INVALID",
    "invalid_image": "INVALID",
    "invalid_image_type": "INVALID",
    "too_many_pixels": "INVALID",
    "too_many": "INVALID",
    "not_priced": "PRODUCT_NOT_ASSIGNED_TO_CHANNEL",
}


# --- Products ---------------------------------------------------------------------------------


class ProductMutation(ShopStaffMutation):
    code_map = PRODUCT_CODE_MAP
    field_map = PRODUCT_FIELD_MAP

    class Meta:
        abstract = True

    @classmethod
    def error_extras(cls, field: str, params: dict[str, Any]) -> dict[str, Any]:
        extras = super().error_extras(field, params)
        if field in ATTRIBUTE_OF_FIELD and "attributes" not in extras:
            extras["attributes"] = [attribute_id(ATTRIBUTE_OF_FIELD[field])]
        return extras


class ProductCreate(ProductMutation):
    product = graphene.Field("shops.graphql.types.Product")

    class Arguments:
        input = ProductCreateInput(
            required=True, description="Fields required to create a product."
        )

    class Meta:
        description = "Creates a new product (in the viewer's shop, as a draft until published)."
        error_type = ProductError
        legacy_errors_field = "product_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = require_shop_staff(info)
        values = dict(data["input"])
        shop = shop_for(user, values.get("shop"))
        cleaned = clean_product_input(values)
        # origin defaults to the producer's own commune, as on the dashboard
        cleaned.setdefault("origin_district", shop.producer.district)
        cleaned.setdefault("origin_commune", shop.producer.commune)
        return {"product": catalogue.product_create(actor=user, shop=shop, data=cleaned)}


class ProductUpdate(ProductMutation):
    product = graphene.Field("shops.graphql.types.Product")

    class Arguments:
        external_reference = graphene.String(description="External ID of a product to update.")
        id = graphene.ID(description="ID of a product to update.")
        input = ProductInput(required=True, description="Fields required to update a product.")

    class Meta:
        description = "Updates an existing product of the viewer's shop."
        error_type = ProductError
        legacy_errors_field = "product_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = require_shop_staff(info)
        no_external_reference(data.get("external_reference"))
        product = product_of(user, data.get("id"))
        cleaned = clean_product_input(dict(data["input"]))
        cleaned.pop("slug", None)  # the slug is kept: links and the search index use it
        return {"product": catalogue.product_update(actor=user, product=product, data=cleaned)}


class ProductDelete(ProductMutation):
    product = graphene.Field("shops.graphql.types.Product")

    class Arguments:
        external_reference = graphene.String(description="External ID of a product to delete.")
        id = graphene.ID(description="ID of a product to delete.")

    class Meta:
        description = "Deletes a product of the viewer's shop."
        error_type = ProductError
        legacy_errors_field = "product_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = require_shop_staff(info)
        no_external_reference(data.get("external_reference"))
        product = product_of(user, data.get("id"))
        pk = product.pk
        try:
            catalogue.product_delete(actor=user, product=product)
        except ProtectedError:
            raise field_error(
                "id",
                "Sản phẩm đã có hàng ký gửi, không thể xoá; hãy ẩn sản phẩm. / The product has "
                "consigned stock and cannot be deleted; unpublish it instead.",
                "invalid",
            ) from None
        product.pk = pk  # the payload still names the deleted product, as Saleor's does
        return {"product": product}


# --- Variants ---------------------------------------------------------------------------------


class VariantMutation(ShopStaffMutation):
    code_map = PRODUCT_CODE_MAP
    field_map = VARIANT_FIELD_MAP

    class Meta:
        abstract = True


class ProductVariantCreate(VariantMutation):
    product_variant = graphene.Field("shops.graphql.types.ProductVariant")

    class Arguments:
        input = ProductVariantCreateInput(
            required=True, description="Fields required to create a product variant."
        )

    class Meta:
        description = (
            "Creates a product variant, off sale at 0 đ until "
            "`productVariantChannelListingUpdate` gives it a price."
        )
        error_type = ProductError
        legacy_errors_field = "product_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = require_shop_staff(info)
        values = dict(data["input"])
        product = product_of(user, values["product"], field="product")
        cleaned = clean_variant_input(values)
        if not cleaned.get("sku"):
            raise field_error("sku", "Vui lòng nhập SKU. / SKU is required.", "required")
        quantities = clean_stocks(product.shop, values.get("stocks") or [])
        position = product.variants.count()
        variant = stock.variant_create_with_stock(
            actor=user,
            product=product,
            quantities=quantities,
            data={"position": position, "price": 0, "is_active": False, **cleaned},
        )
        return {"product_variant": variant}


class ProductVariantUpdate(VariantMutation):
    product_variant = graphene.Field("shops.graphql.types.ProductVariant")

    class Arguments:
        external_reference = graphene.String(
            description="External ID of a product variant to update."
        )
        id = graphene.ID(description="ID of a product variant to update.")
        input = ProductVariantInput(
            required=True, description="Fields required to update a product variant."
        )
        sku = graphene.String(description="SKU of a product variant to update.")

    class Meta:
        description = "Updates an existing variant of a product of the viewer's shop."
        error_type = ProductError
        legacy_errors_field = "product_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = require_shop_staff(info)
        no_external_reference(data.get("external_reference"))
        variant = variant_of(user, data.get("id"), data.get("sku"))
        cleaned = clean_variant_input(dict(data["input"]))
        if "sku" in cleaned and not cleaned["sku"]:
            raise field_error("sku", "Vui lòng nhập SKU. / SKU is required.", "required")
        return {
            "product_variant": catalogue.variant_update(actor=user, variant=variant, data=cleaned)
        }


class ProductVariantStocksUpdate(VariantMutation):
    product_variant = graphene.Field("shops.graphql.types.ProductVariant")

    class Arguments:
        sku = graphene.String(
            description="SKU of product variant for which stocks will be updated."
        )
        stocks = graphene.List(
            graphene.NonNull(StockInput),
            required=True,
            description="Input list of stocks to create or update.",
        )
        variant_id = graphene.ID(
            description="ID of a product variant for which stocks will be updated."
        )

    class Meta:
        description = (
            "Sets the counted quantity of a variant at warehouses of the viewer's shop (all or "
            "nothing; each change is in the stock ledger)."
        )
        error_type = BulkStockError
        legacy_errors_field = "bulk_stock_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = require_shop_staff(info)
        variant = variant_of(user, data.get("variant_id"), data.get("sku"), field="variantId")
        quantities = clean_stocks(variant.product.shop, data["stocks"])
        stock.variant_stocks_set(
            actor=user,
            variant=variant,
            quantities=quantities,
            note="API: productVariantStocksUpdate",
        )
        return {"product_variant": variant}


# --- Channel listings -------------------------------------------------------------------------


class ProductVariantChannelListingUpdate(ShopStaffMutation):
    code_map = PRODUCT_CODE_MAP
    variant = graphene.Field(
        "shops.graphql.types.ProductVariant", description="An updated product variant instance."
    )

    class Arguments:
        id = graphene.ID(description="ID of a product variant to update.")
        input = graphene.List(
            graphene.NonNull(ProductVariantChannelListingAddInput),
            required=True,
            description="List of fields required to create or upgrade product variant channel "
            "listings.",
        )
        sku = graphene.String(description="SKU of a product variant to update.")

    class Meta:
        description = (
            "Sets the variant's price in default-channel (integer VND) and puts it on sale. Sale points "
            "sell at the same price."
        )
        error_type = ProductChannelListingError
        legacy_errors_field = "product_channel_listing_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = require_shop_staff(info)
        variant = variant_of(user, data.get("id"), data.get("sku"))
        listings = data["input"]
        if len(listings) != 1:
            raise field_error(
                "input",
                "Cần đúng một dòng cho default-channel. / Exactly one listing, for "
                "default-channel, is expected.",
                "invalid" if listings else "required",
            )
        listing_input = listings[0]
        default_channel_only(listing_input["channel_id"])
        if listing_input.get("preorder_threshold") is not None:
            raise field_error(
                "preorderThreshold",
                "Chưa hỗ trợ đặt trước. / Preorder is not supported.",
                "invalid",
            )
        price = whole_dong(listing_input["price"], "price")
        prior: Any = listing.KEEP
        if "prior_price" in listing_input:
            prior = (
                None
                if listing_input["prior_price"] is None
                else whole_dong(listing_input["prior_price"], "priorPrice")
            )
        variant = listing.variant_price_set(
            actor=user, variant=variant, price=price, compare_at_price=prior
        )
        return {"variant": variant}


class ProductChannelListingUpdate(ShopStaffMutation):
    code_map = PRODUCT_CODE_MAP
    product = graphene.Field(
        "shops.graphql.types.Product", description="An updated product instance."
    )

    class Arguments:
        id = graphene.ID(required=True, description="ID of a product to update.")
        input = ProductChannelListingUpdateInput(
            required=True,
            description="Fields required to create or update product channel listings.",
        )

    class Meta:
        description = (
            "Publishes (`isPublished`) or unpublishes the product in default-channel and puts variants "
            "on or off sale (`addVariants`/`removeVariants`)."
        )
        error_type = ProductChannelListingError
        legacy_errors_field = "product_channel_listing_errors"

    @classmethod
    def _variants(cls, product: Product, ids: list[Any], field: str) -> list[ProductVariant]:
        pks = [decode_pk(value, ("ProductVariant",), field) for value in ids or []]
        variants = {v.pk: v for v in product.variants.filter(pk__in=pks)}
        missing = [value for value, pk in zip(ids or [], pks, strict=True) if pk not in variants]
        if missing:
            raise field_error(
                field,
                "Phân loại không thuộc sản phẩm này. / The variant is not of this product.",
                "not_products_variant",
                variants_ids=missing,
            )
        return [variants[pk] for pk in pks]

    @classmethod
    def error_extras(cls, field: str, params: dict[str, Any]) -> dict[str, Any]:
        extras = super().error_extras(field, params)
        if params.get("variants_ids"):
            extras["variants"] = params["variants_ids"]
        return extras

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = require_shop_staff(info)
        product = product_of(user, data["id"])
        values = data["input"]
        published: bool | None = None
        activate: list[ProductVariant] = []
        deactivate: list[ProductVariant] = []
        for channel in values.get("remove_channels") or []:
            default_channel_only(channel)
            published = False
        for item in values.get("update_channels") or []:
            default_channel_only(item["channel_id"])
            if item.get("is_published") is not None:
                published = item["is_published"]
            activate += cls._variants(product, item.get("add_variants"), "addVariants")
            deactivate += cls._variants(product, item.get("remove_variants"), "removeVariants")
        product = listing.product_listing_update(
            actor=user,
            product=product,
            published=published,
            activate=activate,
            deactivate=deactivate,
        )
        return {"product": product}


# --- Media ------------------------------------------------------------------------------------


class ProductMediaCreate(ShopStaffMutation):
    code_map = PRODUCT_CODE_MAP
    product = graphene.Field("shops.graphql.types.Product")
    media = graphene.Field("shops.graphql.types.ProductMedia")

    class Arguments:
        input = ProductMediaCreateInput(
            required=True, description="Fields required to create a product media."
        )

    class Meta:
        description = (
            "Adds an image to a product of the viewer's shop; send it as a multipart request "
            "(https://github.com/jaydenseric/graphql-multipart-request-spec). JPEG, PNG or WebP; "
            "metadata (EXIF, GPS) is removed and thumbnails are made."
        )
        error_type = ProductError
        legacy_errors_field = "product_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = require_shop_staff(info)
        values = data["input"]
        product = product_of(user, values["product"], field="product")
        image, url = values.get("image"), values.get("media_url")
        if image and url:
            raise field_error(
                "input",
                "Either image or external URL is required, not both. / Chỉ gửi ảnh hoặc đường dẫn.",
                "duplicated_input_item",
            )
        if url:
            raise field_error(
                "mediaUrl",
                "Chưa hỗ trợ ảnh/video từ đường dẫn ngoài; hãy tải ảnh lên. / External "
                "media URLs are not supported; upload the image.",
                "unsupported_media_provider",
            )
        if not image:
            raise field_error(
                "image", "Cần tải lên một ảnh. / Image or external URL is required.", "required"
            )
        if not isinstance(image, UploadedFile):
            raise field_error(
                "image",
                "Gửi ảnh bằng yêu cầu multipart. / Send the image as a multipart upload.",
                "invalid",
            )
        created = media.product_media_add(
            actor=user, product=product, upload=image, alt=values.get("alt") or ""
        )
        return {"product": product, "media": created}
