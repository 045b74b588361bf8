"""Text helpers every app shares (no models, no other app)."""

from __future__ import annotations

from django.utils.text import slugify


def vi_slugify(text: str) -> str:
    """``slugify`` for Vietnamese: "đ" has no ASCII decomposition, so it would be dropped
    ("Đồng Hới" -> "ong-hoi"); fold it to "d" first ("dong-hoi")."""
    return slugify(text.replace("đ", "d").replace("Đ", "D"))
