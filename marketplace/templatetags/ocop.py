from django import template

from marketplace.links import absolute_url
from marketplace.money import format_vnd

register = template.Library()


@register.filter
def absolute(path: str) -> str:
    """``{% url 'x' as p %}{{ p|absolute }}``: the link with ``SITE_URL`` (e-mails)."""
    return absolute_url(path)


@register.filter
def vnd(amount: int | None) -> str:
    return format_vnd(amount)


@register.filter
def stars(count: int | None) -> str:
    return "★" * int(count or 0)


@register.filter(is_safe=True)
def json_ld(data: dict | list | None) -> str:
    """``<script type="application/ld+json">`` holding ``data`` (schema.org), safe inside
    HTML: ``<``, ``>`` and ``&`` are escaped as JSON unicode escapes, so no value can close
    the script element (``</script>``) or open a comment. Empty data renders nothing."""
    import json

    from django.utils.safestring import mark_safe

    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 — escaped above
