"""A buyer's address book: saved Vietnamese addresses (``Address.user`` set) with one
default, which the checkout offers first. Checkouts and orders keep their own copies,
so editing or deleting an entry never changes an order."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from marketplace.models import User

from ..models import Address
from .cart import ADDRESS_FIELDS, address_clean

#: As in Saleor (``MAX_USER_ADDRESSES``).
MAX_ADDRESSES = 100


def _set_default(user: User, address: Address) -> None:
    Address.objects.filter(user=user, is_default=True).exclude(pk=address.pk).update(
        is_default=False
    )
    if not address.is_default:
        address.is_default = True
        Address.objects.filter(pk=address.pk).update(is_default=True)


@transaction.atomic
def address_book_add(*, user: User, data: dict[str, Any], make_default: bool = False) -> Address:
    """Validates ``data`` (``orders.services.cart.address_clean``) and saves it in the
    user's book. It becomes the default when asked, or when the user has none yet."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # one writer per book
    if Address.objects.filter(user=user).count() >= MAX_ADDRESSES:
        raise ValidationError(
            {
                "address": ValidationError(
                    f"Sổ địa chỉ đã đủ {MAX_ADDRESSES} địa chỉ. / The address book is full ({MAX_ADDRESSES}).",
                    code="invalid",
                )
            }
        )
    address = address_clean(data)
    address.user = user
    address.save()
    if make_default or not Address.objects.filter(user=user, is_default=True).exists():
        _set_default(user, address)
    return address


@transaction.atomic
def address_book_update(*, user: User, address: Address, data: dict[str, Any]) -> Address:
    """Replaces an entry's fields with the validated ``data`` (fields missing from
    ``data`` keep their value)."""
    if address.user_id != user.pk:
        raise ValidationError(
            {
                "id": ValidationError(
                    "Không tìm thấy địa chỉ. / Address not found.", code="not_found"
                )
            }
        )
    current = {
        "full_name": address.full_name,
        "phone": address.phone,
        "province": address.province_id,
        "commune": address.commune_id,
        "district": address.district_id,
        "street": address.street,
    }
    if any(key in data for key in ("province", "commune")) and "district" not in data:
        current["district"] = None  # a new place: derive the former district again
    cleaned = address_clean({**current, **data})
    for field in ADDRESS_FIELDS:
        setattr(address, field, getattr(cleaned, field))
    address.save(update_fields=[field.removesuffix("_id") for field in ADDRESS_FIELDS])
    return address


@transaction.atomic
def address_book_delete(*, user: User, address: Address) -> None:
    if address.user_id != user.pk:
        raise ValidationError(
            {
                "id": ValidationError(
                    "Không tìm thấy địa chỉ. / Address not found.", code="not_found"
                )
            }
        )
    address.delete()


@transaction.atomic
def address_book_set_default(*, user: User, address: Address) -> Address:
    if address.user_id != user.pk:
        raise ValidationError(
            {
                "id": ValidationError(
                    "Không tìm thấy địa chỉ. / Address not found.", code="not_found"
                )
            }
        )
    User.objects.select_for_update().filter(pk=user.pk).first()
    _set_default(user, address)
    return address
