from django import template

from marketplace.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    return format_vnd(amount)


@register.filter
def stars(count: int | None) -> str:
    return "★" * int(count or 0)


@register.filter
def thumb(media, size: int = 256) -> str:
    from shops.services.media import thumbnail_url

    return thumbnail_url(media, int(size)) if media else ""


@register.filter
def srcset(media, fmt: str = "webp") -> str:
    """``srcset`` of a product image: every stored thumbnail width, for responsive ``<img>``."""
    from django.core.files.storage import default_storage

    if not media:
        return ""
    parts = [
        f"{default_storage.url(names[fmt])} {size}w"
        for size, names in sorted(media.thumbnails.items(), key=lambda item: int(item[0]))
        if fmt in names
    ]
    return ", ".join(parts)
