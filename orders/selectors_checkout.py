"""Reads for the buyer's web cart and checkout pages: the signed-in buyer's open cart,
the address pickers (current provinces → communes, and the former district a commune
of former Quảng Bình came from), and a placed order only for the buyer who placed it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from marketplace.models import AdministrativeUnit
from marketplace.validators import normalize_phone

from .models import DEFAULT_CHANNEL, Checkout, Order, OrderLine, PaymentMethod, ShopOrder

CURRENT = AdministrativeUnit.Generation.CURRENT
FORMER = AdministrativeUnit.Generation.FORMER
Level = AdministrativeUnit.Level


def open_checkout_for_user(*, user: Any, channel: str = DEFAULT_CHANNEL) -> Checkout | None:
    """The signed-in buyer's most recently updated cart that is not an order yet."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Checkout.objects.filter(user=user, completed_order__isnull=True, channel=channel)
        .order_by("-updated_at", "-pk")
        .first()
    )


def provinces() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(generation=CURRENT, level=Level.PROVINCE).order_by(
        "name"
    )


@dataclass
class CommuneChoice:
    id: int
    name: str
    districts: list[int] = field(default_factory=list)  # former districts it came from


@dataclass
class ProvinceCommunes:
    province: AdministrativeUnit
    communes: list[CommuneChoice]
    districts: list[AdministrativeUnit]  # former districts that merged into the province


def province_communes(province_id: int | None) -> ProvinceCommunes | None:
    """The current communes of a current province and, where the province absorbed
    former districts (Quảng Bình into Quảng Trị), which former district each commune
    came from. Three queries; ``None`` for an unknown province."""
    if province_id is None:
        return None
    province = provinces().filter(pk=province_id).first()
    if province is None:
        return None
    communes = [
        CommuneChoice(id=pk, name=full_name)
        for pk, full_name in AdministrativeUnit.objects.filter(
            generation=CURRENT,
            level=Level.COMMUNE,
            parent=province,
        )
        .order_by("name", "pk")
        .values_list("pk", "full_name")
    ]
    origins: dict[int, set[int]] = {}
    for successor_id, district_id in AdministrativeUnit.objects.filter(
        generation=FORMER,
        level=Level.COMMUNE,
        successor__parent=province,
        parent__isnull=False,
    ).values_list("successor_id", "parent_id"):
        origins.setdefault(successor_id, set()).add(district_id)
    for commune in communes:
        commune.districts = sorted(origins.get(commune.id, ()))
    district_ids = {pk for ids in origins.values() for pk in ids}
    districts = (
        list(
            AdministrativeUnit.objects.filter(
                pk__in=district_ids, generation=FORMER, level=Level.DISTRICT
            ).order_by("name")
        )
        if district_ids
        else []
    )
    return ProvinceCommunes(province=province, communes=communes, districts=districts)


def order_for_buyer_page(*, token: Any, user: Any, session_tokens: Iterable[str]) -> Order | None:
    """A placed order with its shop orders and lines, only for whoever placed it: the
    session that placed it (guest checkout) or the signed-in owner. Anyone else gets
    ``None`` (the page answers 404, never "exists but not yours")."""
    token = str(token)
    order = (
        Order.objects.filter(token=token)
        .select_related(
            "shipping_address__province", "shipping_address__commune", "shipping_address__district"
        )
        .prefetch_related(
            Prefetch(
                "shop_orders",
                queryset=ShopOrder.objects.select_related("shop", "sale_point")
                .order_by("id")
                .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("id"))),
            )
        )
        .first()
    )
    if order is None:
        return None
    if token in set(session_tokens):
        return order
    if user is not None and user.is_authenticated and order.user_id == user.pk:
        return order
    return None


def checkout_expired(checkout: Checkout, now: Any = None) -> bool:
    now = now or timezone.now()
    return checkout.updated_at < now - timedelta(days=settings.CHECKOUT_TTL_DAYS)


def cod_allowed(*, phone: str, total: int) -> tuple[bool, str]:
    """COD is refused above ``COD_MAX_ORDER_TOTAL`` and for a phone number with
    ``COD_MAX_FAILED_DELIVERIES`` failed COD deliveries in the last
    ``COD_FAILURE_WINDOW_DAYS`` days."""
    if total > settings.COD_MAX_ORDER_TOTAL:
        return False, (
            "Đơn hàng vượt hạn mức thanh toán khi nhận hàng. / "
            "The order is above the cash-on-delivery limit."
        )
    since = timezone.now() - timedelta(days=settings.COD_FAILURE_WINDOW_DAYS)
    failures = ShopOrder.objects.filter(
        order__phone=normalize_phone(phone),
        order__payment_method=PaymentMethod.COD,
        delivery_failed=True,
        created_at__gte=since,
    ).count()
    if failures >= settings.COD_MAX_FAILED_DELIVERIES:
        return False, (
            "Số điện thoại này có nhiều đơn giao không thành công; vui lòng thanh toán trước. / "
            "Too many failed cash-on-delivery orders for this phone; please pay in advance."
        )
    return True, ""
