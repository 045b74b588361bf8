"""Finding a checkout (cart) someone may use: by the token a browser session or an API
client holds, or the signed-in buyer's open cart; whether a checkout has expired; and the
sales channels a checkout may be opened in."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from shops.models import SalePoint

from ..models import DEFAULT_CHANNEL, Checkout

ADDRESS_RELATED = ("province", "district", "commune")
CHECKOUT_RELATED = tuple(
    f"{kind}_address__{unit}" for kind in ("shipping", "billing") for unit in ADDRESS_RELATED
)

#: the session key of a visitor's cart (the checkout's token), read by the pages and at sign-in
SESSION_CHECKOUT_KEY = "checkout_token"


def checkout_by_token(
    *, token: str | uuid.UUID | None, user: Any = None, include_completed: bool = False
) -> Checkout | None:
    """An open checkout by token (or a completed one with ``include_completed``, to
    answer a repeated "place order" with its order); a checkout that belongs to an
    account is only returned to that account (a leaked token gives a stranger nothing)."""
    if not token:
        return None
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    found = Checkout.objects.filter(token=token)
    if not include_completed:
        found = found.filter(completed_order__isnull=True)
    checkout = found.first()
    if checkout is None:
        return None
    if checkout.user_id is not None and (
        user is None or not user.is_authenticated or user.pk != checkout.user_id
    ):
        return None
    return checkout


def checkout_for_viewer(
    *, token: Any, user: Any, include_completed: bool = False
) -> Checkout | None:
    """The checkout with ``token`` if the viewer may use it: anyone holding the token of
    an anonymous checkout (Saleor's semantics), only its owner for a checkout attached
    to an account. Expired checkouts are gone (Saleor deletes them). Addresses are
    loaded with it."""
    try:
        token = uuid.UUID(str(token))
    except (TypeError, ValueError):
        return None
    found = Checkout.objects.select_related("user", *CHECKOUT_RELATED).filter(token=token)
    if not include_completed:
        found = found.filter(completed_order__isnull=True)
    checkout = found.first()
    if checkout is None:
        return None
    if checkout.user_id is not None and (
        user is None or not user.is_authenticated or user.pk != checkout.user_id
    ):
        return None
    if checkout.completed_order_id is None and checkout_expired(checkout):
        return None
    return checkout


def checkout_reload(checkout: Checkout) -> Checkout:
    """A fresh copy after a write (totals and choices are computed again)."""
    return Checkout.objects.select_related("user", *CHECKOUT_RELATED).get(pk=checkout.pk)


def open_checkout_for_user(*, user: Any, channel: str = DEFAULT_CHANNEL) -> Checkout | None:
    """The signed-in buyer's most recently updated cart that is not an order yet."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Checkout.objects.filter(user=user, completed_order__isnull=True, channel=channel)
        .order_by("-updated_at", "-pk")
        .first()
    )


def checkout_expired(checkout: Checkout, now: Any = None) -> bool:
    now = now or timezone.now()
    return checkout.updated_at < now - timedelta(days=settings.CHECKOUT_TTL_DAYS)


def channel_exists(slug: str) -> bool:
    """``default-channel`` or an active sale point's ``sale-point-<code>``."""
    if slug == DEFAULT_CHANNEL:
        return True
    code = slug.removeprefix("sale-point-")
    return code != slug and SalePoint.objects.filter(code=code, is_active=True).exists()
