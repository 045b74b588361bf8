"""What shops hold of a person, for their data download (``hooks.personal_data_export``),
and whether their shop roles stop them deleting their account
(``hooks.account_deletion_blockers``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from marketplace.models import User

from ..models import ShopFollow, ShopMembership


def follow_personal_data(user: User) -> dict[str, Any]:
    """The shops ``user`` follows and the shops they work for."""
    follows = ShopFollow.objects.filter(user=user).select_related("shop").order_by("pk")
    memberships = ShopMembership.objects.filter(user=user).select_related("shop").order_by("pk")
    return {
        "shop_follows": [{"shop": f.shop.name, "since": f.created_at.isoformat()} for f in follows],
        "shop_memberships": [{"shop": m.shop.name, "role": m.role} for m in memberships],
    }


def shop_role_blockers(user: User) -> list[str]:
    """A message per kind of shop role ``user`` holds: an owner closes or hands over the
    shop with the OCOP office first; staff are removed by the owner first."""
    roles: dict[str, list[str]] = {}
    for role, name in (
        ShopMembership.objects.filter(user=user)
        .order_by("shop__name")
        .values_list("role", "shop__name")
    ):
        roles.setdefault(role, []).append(name)
    problems = []
    if ShopMembership.Role.OWNER in roles:
        problems.append(
            _(
                "Bạn là chủ gian hàng %(shops)s. Hãy chuyển quyền chủ hoặc đóng gian hàng "
                "cùng Văn phòng OCOP trước khi xoá tài khoản."
            )
            % {"shops": ", ".join(roles[ShopMembership.Role.OWNER])}
        )
    if ShopMembership.Role.STAFF in roles:
        problems.append(
            _(
                "Bạn là nhân viên của gian hàng %(shops)s. Hãy nhờ chủ gian hàng gỡ bạn "
                "khỏi gian hàng trước khi xoá tài khoản."
            )
            % {"shops": ", ".join(roles[ShopMembership.Role.STAFF])}
        )
    return problems
