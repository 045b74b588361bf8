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
