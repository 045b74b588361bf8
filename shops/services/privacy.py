"""What an erased account leaves in shops: its follows go (``hooks.account_erased``)."""

from __future__ import annotations

from marketplace.models import User

from ..models import ShopFollow


def account_follows_erase(user: User) -> None:
    ShopFollow.objects.filter(user=user).delete()
