"""Text helpers every app shares (no models, no other app)."""

from __future__ import annotations

import nh3
from django.utils.text import slugify

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "a",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def vi_slugify(text: str) -> str:
    """``slugify`` for Vietnamese: "đ" has no ASCII decomposition, so it would be dropped
    ("Đồng Hới" -> "ong-hoi"); fold it to "d" first ("dong-hoi")."""
    return slugify(text.replace("đ", "d").replace("Đ", "D"))


def sanitize_html(value: str) -> str:
    """Rich text keeps basic formatting; scripts, event handlers and styles are removed."""
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
    ).strip()
