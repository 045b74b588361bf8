"""Reads of a shop's people: its members with their roles and powers."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from marketplace.errors import NotFound

from ..models import Shop, ShopMembership


def shop_member_list(*, shop: Shop) -> QuerySet[ShopMembership]:
    """The shop's members, owners first, then in the order they joined."""
    return (
        ShopMembership.objects.filter(shop=shop)
        .select_related("user")
        .annotate(
            owner_first=Case(
                When(role=ShopMembership.Role.OWNER, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("owner_first", "created_at", "pk")
    )


def access_shop_member(*, shop: Shop, membership_id: int) -> ShopMembership:
    """A membership of ``shop``; ``NotFound`` for a missing id or another shop's."""
    membership = (
        ShopMembership.objects.filter(shop=shop, pk=membership_id)
        .select_related("user", "shop")
        .first()
    )
    if membership is None:
        raise NotFound(str(membership_id))
    return membership
