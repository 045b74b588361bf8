"""Who may act on a shop: its members (owner or staff), and which powers each holds.
Services call these before any write; a refusal is ``Forbidden`` (never a hint of
whether the shop exists to others).

An owner holds every ``ShopPower``; a staff member holds the ones granted on their
``ShopMembership.powers``. Money powers (refunds, cash collected, bank details, the shop
profile, staff) are the owner's unless granted; refunds of one shop order adding up to
more than the shop's threshold also need ``refund_any``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from marketplace.errors import Forbidden
from marketplace.models import User
from marketplace.money import format_vnd

from .errors import ShopsErrorCode
from .models import Shop, ShopMembership, ShopPower

ALL_POWERS = frozenset(ShopPower.values)


class ShopPowerRequired(Forbidden):
    """A shop member lacks ``power`` for this action (code ``power_required``)."""

    code = ShopsErrorCode.POWER_REQUIRED.value

    def __init__(self, message: str, *, power: str) -> None:
        super().__init__(message)
        self.power = power


def require_shop_member(
    *, actor: User | AnonymousUser | None, shop: Shop, owner: bool = False
) -> str:
    """The actor's role in ``shop``; ``Forbidden`` for anyone else, including an
    anonymous or missing actor."""
    role = _membership(actor, shop)[0]
    if role is None or (owner and role != ShopMembership.Role.OWNER):
        raise Forbidden("Không có quyền với gian hàng này. / Not allowed for this shop.")
    return role


def _membership(actor: Any, shop: Shop | int) -> tuple[str | None, list[str]]:
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    if actor_id is None:
        return None, []
    shop_id = shop if isinstance(shop, int) else shop.pk
    row = (
        ShopMembership.objects.filter(user_id=actor_id, shop_id=shop_id)
        .values_list("role", "powers")
        .first()
    )
    if row is None:
        return None, []
    return row[0], list(row[1] or [])


def powers_of(role: str | None, powers: Iterable[str]) -> frozenset[str]:
    """The powers a membership of ``role`` with granted ``powers`` holds."""
    if role == ShopMembership.Role.OWNER:
        return ALL_POWERS
    if role is None:
        return frozenset()
    return frozenset(powers) & ALL_POWERS


def member_powers(*, actor: Any, shop: Shop | int) -> frozenset[str]:
    """The powers ``actor`` holds in ``shop`` (empty for a non-member); read from the
    shop's ``viewer_*`` annotations when the dashboard loaded it for this actor."""
    actor_id = getattr(actor, "pk", None)
    if actor_id is not None and getattr(shop, "viewer_user_id", None) == actor_id:
        return powers_of(shop.viewer_role, shop.viewer_powers or [])  # type: ignore[union-attr]
    return powers_of(*_membership(actor, shop))


def refund_threshold(shop: Shop) -> int:
    """Refunds of one shop order may add up to this (đồng) with the ``refund`` power."""
    if shop.refund_threshold is not None:
        return int(shop.refund_threshold)
    return int(settings.SHOP_REFUND_THRESHOLD)


def power_label(power: str) -> str:
    return str(ShopPower(power).label) if power in ALL_POWERS else power


def require_shop_power(
    *, actor: Any, shop: Shop, power: str, amount: int | None = None
) -> frozenset[str]:
    """``actor`` must be a member of ``shop`` holding ``power`` (an owner holds all):
    ``Forbidden`` for a non-member, ``ShopPowerRequired`` for a member without it. For
    ``refund``, ``amount`` is what the shop order's refunds add up to with this one:
    above the shop's threshold it takes ``refund_any`` (which includes ``refund``).
    Returns the actor's powers."""
    role, granted = _membership(actor, shop)
    if role is None:
        raise Forbidden("Không có quyền với gian hàng này. / Not allowed for this shop.")
    powers = powers_of(role, granted)
    if power == ShopPower.REFUND:
        if ShopPower.REFUND_ANY in powers:
            return powers
        threshold = refund_threshold(shop)
        if ShopPower.REFUND in powers and amount is not None and amount > threshold:
            raise ShopPowerRequired(
                _(
                    "Tổng hoàn tiền của đơn vượt ngưỡng %(threshold)s: chỉ chủ gian hàng "
                    "hoặc nhân viên có quyền hoàn tiền vượt ngưỡng được hoàn."
                )
                % {"threshold": format_vnd(threshold)},
                power=ShopPower.REFUND_ANY.value,
            )
    if power in powers:
        return powers
    raise ShopPowerRequired(
        _(
            "Bạn chưa được cấp quyền “%(power)s” ở gian hàng này; hãy nhờ chủ gian hàng "
            "thực hiện hoặc cấp quyền."
        )
        % {"power": power_label(power)},
        power=power,
    )
