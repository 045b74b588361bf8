"""The stock-hold policy: what unpaid orders may hold, and for how long.

Stock reserved for an order that is not paid yet (bank transfer or card awaited, cash on
delivery not collected) is withheld from every other buyer. So that one buyer cannot
empty a shop without paying (issue 13, "stock hoarding"), every unpaid hold goes through
this policy:

- ``hold_limits_check``: at most ``STOCK_HOLD_MAX_UNITS_PER_ORDER`` units in one order;
  at most ``STOCK_HOLD_MAX_UNITS_PER_VARIANT`` units of one variant and
  ``STOCK_HOLD_MAX_UNITS_PER_BUYER`` units in all held by one buyer over all their
  unpaid orders, a buyer being anyone sharing an account, e-mail, phone, normalised
  shipping address or client IP with an earlier unpaid order
  (``orders.selectors.holds``). Code ``hold_limit_exceeded``.
- ``unpaid_order_rate_check`` / ``unpaid_order_rate_record``: unpaid orders per client
  address and per buyer in a window (``marketplace.ratelimit``). Code
  ``too_many_unpaid_orders``.
- ``stock_hold_until``: a bank-transfer order holds its stock ``STOCK_HOLD_VIETQR_MINUTES``
  (a card order until its payment deadline); the money may still come until
  ``payment_due_at``, and stock is then taken again under locks or the order expires and
  the money goes back (``payments.order_refresh_payment``).

POS and livestream holds call ``hold_limits_check`` (and the rate limit) with their
buyer's identity when they hold stock for someone who has not paid yet.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace import ratelimit
from shops.models import StockReservation

from ..models import Order, OrderEvent, PaymentMethod
from ..selectors.holds import BuyerIdentity, held_units


def _lines_error(message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError({"lines": ValidationError(message, code=code, params=params or None)})


def stock_hold_until(
    *, method: str, now: datetime.datetime, payment_due_at: datetime.datetime | None
) -> datetime.datetime | None:
    """Until when an unpaid order of ``method`` holds its stock: a bank transfer
    ``STOCK_HOLD_VIETQR_MINUTES`` (never past its payment deadline), a card until its
    payment deadline; cash on delivery until the shop ships or cancels (``None``)."""
    if method == PaymentMethod.VIETQR:
        held = now + timedelta(minutes=settings.STOCK_HOLD_VIETQR_MINUTES)
        return min(held, payment_due_at) if payment_due_at else held
    return payment_due_at


def hold_limits_check(
    *,
    identity: BuyerIdentity,
    lines: Iterable[tuple[int, int]],
    now: datetime.datetime,
    exclude_order_id: int | None = None,
    names: dict[int, str] | None = None,
) -> None:
    """Refuses (``hold_limit_exceeded`` on ``lines``) an unpaid hold of ``lines``
    ((variant id, units)) that would take the buyer past a limit: units in this one
    order, units of one variant or units in all over the buyer's unpaid orders.
    ``exclude_order_id``: the order being placed, when its own reservations already
    exist. Call it while holding the stock rows' locks (after allocating in the same
    transaction) so two orders of one buyer for one variant cannot both pass."""
    wanted: dict[int, int] = {}
    for variant_id, quantity in lines:
        wanted[variant_id] = wanted.get(variant_id, 0) + quantity
    names = names or {}
    order_units = sum(wanted.values())
    per_order = settings.STOCK_HOLD_MAX_UNITS_PER_ORDER
    if order_units > per_order:
        raise _lines_error(
            _(
                "Một đơn hàng chưa thanh toán chỉ được giữ tối đa %(limit)s sản phẩm (đơn này "
                "có %(requested)s). Vui lòng giảm số lượng; muốn mua nhiều hơn, hãy liên hệ gian hàng."
            )
            % {"limit": per_order, "requested": order_units},
            "hold_limit_exceeded",
            limit=per_order,
            requested=order_units,
            scope="order",
        )
    held = held_units(identity=identity, now=now, exclude_order_id=exclude_order_id)
    per_variant = settings.STOCK_HOLD_MAX_UNITS_PER_VARIANT
    over = sorted(v for v, q in wanted.items() if held.by_variant.get(v, 0) + q > per_variant)
    if over:
        variant = over[0]
        already = held.by_variant.get(variant, 0)
        raise _lines_error(
            _(
                "Mỗi người mua chỉ được giữ tối đa %(limit)s đơn vị của “%(name)s” trong các "
                "đơn chưa thanh toán (đang giữ %(held)s, đơn này thêm %(requested)s). Vui "
                "lòng thanh toán các đơn đang chờ hoặc giảm số lượng."
            )
            % {
                "limit": per_variant,
                "name": names.get(variant, variant),
                "held": already,
                "requested": wanted[variant],
            },
            "hold_limit_exceeded",
            limit=per_variant,
            held=already,
            requested=wanted[variant],
            variants=over,
            scope="variant",
        )
    per_buyer = settings.STOCK_HOLD_MAX_UNITS_PER_BUYER
    if held.total + order_units > per_buyer:
        raise _lines_error(
            _(
                "Mỗi người mua chỉ được giữ tối đa %(limit)s sản phẩm trong các đơn chưa "
                "thanh toán (đang giữ %(held)s, đơn này thêm %(requested)s). Vui lòng "
                "thanh toán các đơn đang chờ trước."
            )
            % {"limit": per_buyer, "held": held.total, "requested": order_units},
            "hold_limit_exceeded",
            limit=per_buyer,
            held=held.total,
            requested=order_units,
            scope="buyer",
        )


def unpaid_order_rate_check(*, identity: BuyerIdentity) -> None:
    """Refuses (``too_many_unpaid_orders``) another unpaid order from a client address
    or buyer that placed too many inside the window."""
    minutes = ratelimit.unpaid_order_delay_minutes(ip=identity.ip, buyer_keys=identity.rate_keys())
    if minutes:
        raise _lines_error(
            _(
                "Bạn đã đặt quá nhiều đơn hàng chưa thanh toán. Vui lòng thanh toán các đơn "
                "đang chờ hoặc thử lại sau %(minutes)s phút."
            )
            % {"minutes": minutes},
            "too_many_unpaid_orders",
            minutes=minutes,
        )


def unpaid_order_rate_record(*, identity: BuyerIdentity) -> None:
    """Counts one more unpaid order for the client address and the buyer, once the
    transaction placing it commits."""
    transaction.on_commit(
        lambda: ratelimit.unpaid_order_record(ip=identity.ip, buyer_keys=identity.rate_keys())
    )


def stock_holds_release_lapsed(*, now: datetime.datetime | None = None) -> int:
    """Bank-transfer orders whose short stock hold (``stock_held_until``) has ended but
    which still await the money: their reservations are released (the goods are for
    sale again; the order keeps waiting until ``payment_due_at``, and a payment that
    comes takes the stock again or is refunded, ``payments.order_refresh_payment``).
    Idempotent; returns how many orders let their stock go."""
    now = now or timezone.now()
    candidates = list(
        Order.objects.filter(
            status=Order.Status.UNCONFIRMED, stock_held_until__lte=now
        ).values_list("pk", flat=True)
    )
    released = 0
    for order_id in candidates:
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=order_id)
            if order.status != Order.Status.UNCONFIRMED or (
                order.stock_held_until is None or order.stock_held_until > now
            ):
                continue
            numbers = list(order.shop_orders.filter(is_paid=False).values_list("number", flat=True))
            count = StockReservation.objects.filter(
                source=StockReservation.Source.ORDER,
                reference__in=numbers,
                status=StockReservation.Status.ACTIVE,
            ).update(status=StockReservation.Status.RELEASED)
            if count:
                OrderEvent.objects.create(
                    order=order,
                    kind="stock_hold_released",
                    data={"held_until": order.stock_held_until.isoformat()},
                )
                released += 1
    return released
