"""The errors of the catalogue mutations: Saleor's ``ProductErrorCode`` and the error
types built on it, and how our services' codes map onto it."""

from __future__ import annotations

import graphene

from marketplace.graphql.errors import error_type

PREORDER_DEPRECATED = (
    "Preorder is deprecated and will be removed. Model pre-sales with regular stock instead: "
    "create the planned quantity in a warehouse, or set `trackInventory` to false to sell "
    "without a stock limit."
)


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
