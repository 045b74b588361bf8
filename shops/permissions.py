"""Who may act on a shop: its members (owner or staff). Services call these before any
write; a refusal is ``Forbidden`` (never a hint of whether the shop exists to others)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from marketplace.errors import Forbidden
from marketplace.models import User

from .models import Shop, ShopMembership


def require_shop_member(
    *, actor: User | AnonymousUser | None, shop: Shop, owner: bool = False
) -> str:
    """The actor's role in ``shop``; ``Forbidden`` for anyone else, including an
    anonymous or missing actor."""
    actor_id = actor.pk if actor is not None else None
    role = None
    if actor_id is not None:
        role = (
            ShopMembership.objects.filter(user_id=actor_id, shop=shop)
            .values_list("role", flat=True)
            .first()
        )
    if role is None or (owner and role != ShopMembership.Role.OWNER):
        raise Forbidden("Không có quyền với gian hàng này. / Not allowed for this shop.")
    return role
