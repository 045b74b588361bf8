"""Where a product image's thumbnails are: the widths ``store_media`` makes and the URL of
the one a page needs. Pure reads of ``ProductMedia.thumbnails``: templates, selectors and
GraphQL use them; the writing is in ``shops.services.media``."""

from __future__ import annotations

from django.core.files.storage import default_storage

from .models import ProductMedia

THUMBNAIL_SIZES = (128, 256, 512, 1024)


def thumbnail_url(media: ProductMedia, size: int = 256, fmt: str = "webp") -> str:
    """URL of the closest thumbnail at least ``size`` px (falls back to the original)."""
    for candidate in THUMBNAIL_SIZES:
        if candidate >= size and str(candidate) in media.thumbnails:
            return default_storage.url(media.thumbnails[str(candidate)][fmt])
    return media.image.url if media.image else ""
