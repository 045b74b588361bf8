"""Who may use the shop-staff parts of the API, the Saleor way: a missing permission is a
top-level ``PermissionDenied`` error, never a payload error.

- :func:`shop_staff` — the declarative permission of a producer-side mutation
  (``permission = shop_staff(PRODUCTS_DENIED)``): the signed-in member of at least one
  shop passes; the mutation's lookups then keep it inside its own shops (orders'
  ``orderFulfill`` declares ``shop_staff(ORDERS_DENIED)``).
- :func:`check_shop_access` — the object-level check of a staff-only field (Saleor's
  ``check_channel_permissions``): the viewer must be staff of the object's shop."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from graphql import GraphQLError

from marketplace.errors import Forbidden

from ..selectors_staff import is_shop_staff
from . import context

PRODUCTS_DENIED = (
    "Chỉ nhân viên của gian hàng được quản lý sản phẩm. / To access this path, you need one of "
    "the following permissions: MANAGE_PRODUCTS"
)
FIELD_DENIED = (
    "Bạn không có quyền xem trường này. / You need one of the following permissions: "
    "MANAGE_PRODUCTS"
)


def shop_staff(message: str = PRODUCTS_DENIED) -> Callable[[Any], None]:
    """A mutation's ``permission``: refuses (``Forbidden(message)``, a top-level
    ``PermissionDenied``) anyone but a signed-in member of some shop."""

    def permission(info: Any) -> None:
        user = info.context.user
        if not user.is_authenticated or not is_shop_staff(user=user):
            raise Forbidden(message)

    return permission


def check_shop_access(info: Any, shop_ids: Iterable[int]) -> None:
    """A staff-only field of objects of ``shop_ids``: the viewer must be staff of each
    of those shops, else Saleor's top-level permission error."""
    own = context.member_shop_ids(info)
    if any(shop_id not in own for shop_id in shop_ids):
        raise GraphQLError(FIELD_DENIED, extensions={"exception": {"code": "PermissionDenied"}})
