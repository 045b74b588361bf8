"""``ProductMedia`` and the images of the catalogue: the thumbnail closest to the
size asked for, in the format asked for."""

from __future__ import annotations

from typing import Any

import graphene
from django.core.files.storage import default_storage

from marketplace.graphql.common import absolute_url
from marketplace.graphql.metadata import ObjectWithMetadata
from shops import models
from shops import selectors as catalogue
from shops.thumbnails import THUMBNAIL_SIZES

from .. import context
from .common import thumbnail_args


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


def media_image(
    info: Any, media: models.ProductMedia | None, size: int | None, fmt: Any
) -> dict[str, Any] | None:
    if media is None:
        return None
    return {"url": media_url(info, media, size, fmt), "alt": media.alt or ""}


def file_image(info: Any, field_file: Any, alt: str) -> dict[str, Any] | None:
    if not field_file:
        return None
    return {"url": absolute_url(info, field_file.url), "alt": alt}
