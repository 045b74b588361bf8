"""Template filters for product images (``{% load shop_media %}``): the thumbnail of a
``ProductMedia`` and its ``srcset``. They live with the media they read, not in the shared
``ocop`` library, which never imports an app."""

from __future__ import annotations

from django import template
from django.core.files.storage import default_storage

from shops.models import ProductMedia
from shops.thumbnails import thumbnail_url

register = template.Library()


@register.filter
def thumb(media: ProductMedia | None, size: int = 256) -> str:
    return thumbnail_url(media, int(size)) if media else ""


@register.filter
def srcset(media: ProductMedia | None, fmt: str = "webp") -> str:
    """``srcset`` of a product image: every stored thumbnail width, for responsive ``<img>``."""
    if not media:
        return ""
    parts = [
        f"{default_storage.url(names[fmt])} {size}w"
        for size, names in sorted(media.thumbnails.items(), key=lambda item: int(item[0]))
        if fmt in names
    ]
    return ", ".join(parts)
