"""Buyers following shops. Both writes are idempotent: following twice keeps one row,
unfollowing a shop one does not follow does nothing."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from marketplace.models import User
from shops.models import Shop, ShopFollow


def shop_follow(*, user: User, shop: Shop) -> bool:
    """``user`` follows ``shop``; returns True when the follow is new. A concurrent
    duplicate is absorbed by the (shop, user) unique constraint."""
    if ShopFollow.objects.filter(user=user, shop=shop).exists():
        return False
    try:
        with transaction.atomic():
            ShopFollow.objects.create(user=user, shop=shop)
    except IntegrityError:
        return False
    return True


def shop_unfollow(*, user: User, shop: Shop) -> bool:
    """``user`` stops following ``shop``; returns True when a follow was removed."""
    deleted, _ = ShopFollow.objects.filter(user=user, shop=shop).delete()
    return bool(deleted)
