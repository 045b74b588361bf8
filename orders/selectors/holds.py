"""Reads behind the stock-hold policy (``orders.services.holds``): who a buyer is (account,
e-mail, phone, normalised shipping address, client address), how many units their
unpaid orders hold now, and the office's list of unpaid orders holding stock.

An *unpaid hold* is an active, unexpired ``StockReservation`` of source ``order`` whose
shop order is neither paid nor cancelled: a bank transfer or card payment still awaited,
or cash on delivery not yet collected."""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, Sum

from marketplace.errors import NotFound
from marketplace.permissions import require_ocop_office
from marketplace.validators import normalize_phone
from shops.models import ProductVariant, StockReservation
from shops.selectors.stock import active_reservations

from ..models import Address, Order, ShopOrder

#: Street words that do not tell two addresses apart ("số 12 đường Quang Trung" is
#: "12 Quang Trung").
_FILLER_WORDS = {"so", "duong", "d"}
#: How the office list may group the holds.
GROUPINGS = ("email", "phone", "address", "ip", "variant")
#: At most this many holding orders are read for the office list (largest first).
OFFICE_MAX_ORDERS = 500


@dataclass(frozen=True)
class BuyerIdentity:
    """What identifies a buyer for the hold limits. Any one value in common with an
    earlier unpaid order makes it the same buyer (blank values match nothing)."""

    user_id: int | None = None
    email: str = ""
    phone: str = ""
    address_key: str = ""
    ip: str = ""

    def rate_keys(self) -> list[str]:
        """The buyer's keys for the placement rate limit (the client address has its
        own, higher limit)."""
        return [
            key
            for key in (
                f"user:{self.user_id}" if self.user_id else "",
                f"email:{self.email}" if self.email else "",
                f"phone:{self.phone}" if self.phone else "",
                f"address:{self.address_key}" if self.address_key else "",
            )
            if key
        ]

    def order_filter(self) -> Q | None:
        """Orders sharing any of these values; ``None`` when nothing is known."""
        parts = []
        if self.user_id:
            parts.append(Q(user_id=self.user_id))
        if self.email:
            parts.append(Q(email__iexact=self.email))
        if self.phone:
            parts.append(Q(phone=self.phone))
        if self.address_key:
            parts.append(Q(address_key=self.address_key))
        if self.ip:
            parts.append(Q(client_ip=self.ip))
        if not parts:
            return None
        result = parts[0]
        for part in parts[1:]:
            result |= part
        return result


def _fold(text: str) -> str:
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return text.lower()


def address_key(address: Address | None) -> str:
    """A digest of the shipping address as a place (commune, province, street) — not the
    recipient's name or phone: accents, case, punctuation, spacing and filler words
    ("số", "đường") do not change it. Blank without an address."""
    if address is None or not address.commune_id:
        return ""
    words = [w for w in re.split(r"[^a-z0-9]+", _fold(address.street)) if w]
    street = " ".join(w for w in words if w not in _FILLER_WORDS)
    raw = f"{address.province_id}|{address.commune_id}|{street}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def clean_ip(ip: str | None) -> str:
    """``ip`` when it is an IPv4 or IPv6 address, else blank."""
    try:
        return str(ipaddress.ip_address((ip or "").strip()))
    except ValueError:
        return ""


def buyer_identity(
    *,
    user: Any = None,
    email: str = "",
    phone: str = "",
    address: Address | None = None,
    ip: str = "",
) -> BuyerIdentity:
    """The identity of whoever places an order with these details."""
    user_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
    return BuyerIdentity(
        user_id=user_id,
        email=(email or "").strip().lower(),
        phone=normalize_phone(phone) if phone else "",
        address_key=address_key(address),
        ip=clean_ip(ip),
    )


def order_identity(order: Order) -> BuyerIdentity:
    """The identity stored on a placed order."""
    return BuyerIdentity(
        user_id=order.user_id,
        email=(order.email or "").strip().lower(),
        phone=order.phone or "",
        address_key=order.address_key,
        ip=order.client_ip or "",
    )


def unpaid_holds(now: datetime.datetime) -> QuerySet[StockReservation]:
    """Active unexpired order reservations of shop orders not paid and not cancelled."""
    open_unpaid = ShopOrder.objects.filter(is_paid=False).exclude(status=ShopOrder.Status.CANCELLED)
    return active_reservations(now).filter(
        source=StockReservation.Source.ORDER,
        reference__in=open_unpaid.values("number"),
    )


@dataclass(frozen=True)
class HeldUnits:
    """Units a buyer's unpaid orders hold: per variant id, and in all."""

    by_variant: dict[int, int]
    total: int


def held_units(
    *, identity: BuyerIdentity, now: datetime.datetime, exclude_order_id: int | None = None
) -> HeldUnits:
    """Units held now by the unpaid orders of ``identity`` (any value in common), in two
    queries. ``exclude_order_id`` leaves one order out (the one being placed)."""
    match = identity.order_filter()
    if match is None:
        return HeldUnits({}, 0)
    orders = Order.objects.filter(match)
    if exclude_order_id is not None:
        orders = orders.exclude(pk=exclude_order_id)
    numbers = ShopOrder.objects.filter(order__in=orders.values("pk")).values("number")
    rows = (
        unpaid_holds(now)
        .filter(reference__in=numbers)
        .values("stock__variant_id")
        .annotate(units=Sum("quantity"))
        .values_list("stock__variant_id", "units")
    )
    by_variant = {variant_id: int(units) for variant_id, units in rows}
    return HeldUnits(by_variant, sum(by_variant.values()))


@dataclass(frozen=True)
class HoldState:
    """What the buyer's payment page says about the order's stock hold: held ``until``
    (``None``: no short hold), and whether that is still ahead."""

    until: datetime.datetime | None
    holding: bool


def order_hold_state(order: Order, now: datetime.datetime) -> HoldState:
    until = order.stock_held_until
    return HoldState(until=until, holding=until is not None and until > now)


# --- The office's list ------------------------------------------------------------------------


@dataclass
class HoldingOrder:
    """An unpaid order holding stock: units per variant, since when."""

    order: Order
    units: int = 0
    variants: dict[int, int] = field(default_factory=dict)
    since: datetime.datetime | None = None

    def age(self, now: datetime.datetime) -> datetime.timedelta:
        return now - (self.since or now)


@dataclass
class HoldGroup:
    """Holding orders sharing one value of the grouping (an e-mail, a phone, an address
    digest, a client address, or a variant)."""

    key: str
    label: str
    orders: list[HoldingOrder] = field(default_factory=list)
    units: int = 0
    oldest: datetime.datetime | None = None


def _group_keys(entry: HoldingOrder, by: str, names: dict[int, str]) -> Iterable[tuple[str, str]]:
    order = entry.order
    if by == "variant":
        return [(str(v), names.get(v, str(v))) for v in entry.variants]
    value = {
        "email": (order.email or "").lower(),
        "phone": order.phone,
        "address": order.address_key,
        "ip": order.client_ip or "",
    }[by]
    return [(value, value)] if value else []


def suspicious_holds(*, actor: Any, now: datetime.datetime, by: str = "email") -> list[HoldGroup]:
    """Unpaid orders holding stock, grouped ``by`` one of ``GROUPINGS`` (grouped by
    variant, an order appears under each variant it holds and ``units`` counts that
    variant only), largest groups first, then oldest. Office only; four queries
    whatever the number of holds (at most ``OFFICE_MAX_ORDERS`` orders read)."""
    require_ocop_office(actor)
    if by not in GROUPINGS:
        by = "email"
    holds: list[tuple[str, int, int, datetime.datetime]] = list(
        unpaid_holds(now).values_list("reference", "stock__variant_id", "quantity", "created_at")
    )
    numbers = {reference for reference, *_ in holds}
    order_of = dict(ShopOrder.objects.filter(number__in=numbers).values_list("number", "order_id"))
    entries: dict[int, HoldingOrder] = {}
    totals: dict[int, int] = defaultdict(int)
    for reference, _variant, quantity, _created in holds:
        totals[order_of[reference]] += quantity
    wanted = sorted(totals, key=lambda pk: -totals[pk])[:OFFICE_MAX_ORDERS]
    orders = {o.pk: o for o in Order.objects.filter(pk__in=wanted)}
    names: dict[int, str] = {}
    for reference, variant_id, quantity, created_at in holds:
        order = orders.get(order_of[reference])
        if order is None:
            continue
        entry = entries.setdefault(order.pk, HoldingOrder(order=order))
        entry.units += quantity
        entry.variants[variant_id] = entry.variants.get(variant_id, 0) + quantity
        entry.since = min(entry.since or created_at, created_at)
    if by == "variant":
        names = _variant_names({v for e in entries.values() for v in e.variants})
    groups: dict[str, HoldGroup] = {}
    for entry in entries.values():
        for key, label in _group_keys(entry, by, names):
            group = groups.setdefault(key, HoldGroup(key=key, label=label))
            group.orders.append(entry)
            group.units += entry.variants[int(key)] if by == "variant" else entry.units
            if entry.since and (group.oldest is None or entry.since < group.oldest):
                group.oldest = entry.since
    for group in groups.values():
        group.orders.sort(key=lambda e: (-e.units, e.since or now))
    return sorted(groups.values(), key=lambda g: (-g.units, g.oldest or now, g.key))


def _variant_names(variant_ids: set[int]) -> dict[int, str]:
    return {
        v.pk: f"{v.product.name_vi} {v.name} ({v.sku})".replace("  ", " ")
        for v in ProductVariant.objects.filter(pk__in=variant_ids).select_related("product")
    }


def access_order_for_office(*, actor: Any, order_id: int) -> Order:
    """One order for the office's stock-hold page; ``Forbidden`` for anyone but the
    office, ``NotFound`` when missing."""
    require_ocop_office(actor)
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        raise NotFound("Không tìm thấy đơn hàng.")
    return order
