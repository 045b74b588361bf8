"""Reads of a buyer's address book (``orders.services.address_book`` writes it)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from marketplace.errors import NotFound

from ..models import Address

_RELATED = ("province", "district", "commune")


def address_book(*, user: Any) -> QuerySet[Address]:
    """The user's saved addresses, default first; none for anonymous users."""
    if user is None or not user.is_authenticated:
        return Address.objects.none()
    return Address.objects.filter(user=user).select_related(*_RELATED).order_by("-is_default", "pk")


def access_address_book_entry(*, user: Any, address_id: Any) -> Address:
    """An entry of the user's own book; ``NotFound`` for a missing id and for another
    user's address alike."""
    try:
        pk = int(address_id)
    except (TypeError, ValueError):
        raise NotFound("Không tìm thấy địa chỉ. / Address not found.") from None
    address = address_book(user=user).filter(pk=pk).first()
    if address is None:
        raise NotFound("Không tìm thấy địa chỉ. / Address not found.")
    return address
