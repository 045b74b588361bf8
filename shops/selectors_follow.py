"""Reads of shop follows: who follows a shop (the livestream notices go to them) and
whether a buyer follows it."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from marketplace.models import User
from shops.models import Shop, ShopFollow


def shop_followers(*, shop: Shop) -> QuerySet[User]:
    """Active users following ``shop``, oldest follow first."""
    return User.objects.filter(is_active=True, shop_follows__shop=shop).order_by(
        "shop_follows__created_at", "pk"
    )


def shop_follower_count(*, shop: Shop) -> int:
    return ShopFollow.objects.filter(shop=shop).count()


def shop_is_followed(*, user: User | AnonymousUser, shop: Shop) -> bool:
    if not user.is_authenticated:
        return False
    return ShopFollow.objects.filter(user_id=user.pk, shop=shop).exists()
