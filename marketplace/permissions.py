"""Role checks. Object scope (which shop, which sale point) lives in each app's selectors."""

from __future__ import annotations

from typing import Any

from .errors import Forbidden


def is_platform_admin(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_superuser)


def is_ocop_office(user: Any) -> bool:
    return bool(user and user.is_authenticated and (user.is_ocop_office or user.is_superuser))


def require_ocop_office(user: Any) -> None:
    if not is_ocop_office(user):
        raise Forbidden("Chỉ văn phòng OCOP được thực hiện thao tác này. / OCOP office only.")
