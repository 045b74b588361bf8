"""The life of a shop order after checkout: an explicit state machine (``TRANSITIONS``)
with one service per use case, who may take each step, the stock and ledger effects of
each step, and the customer order's status derived from its shop orders.

Every transition locks the order row, then the shop order row (the order used by
``payments``: order first), checks the current state, writes the change, one
``OrderEvent`` and re-derives ``Order.status``; e-mails go out after commit. Refunds
(Stripe for cards) run only after the cancellation or return has committed, never while
its locks are held."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import Greatest
from django.utils import timezone

from marketplace import services_audit as audit
from marketplace.errors import Forbidden, NotFound
from marketplace.models import AuditAction
from marketplace.permissions import is_ocop_office
from search.dirty import mark_products_dirty
from shops.models import Product, ShopMembership, ShopPower, StockMovement, StockReservation
from shops.permissions import require_shop_power
from shops.services import stock as stock_services

from .. import stripe_gateway
from ..models import DeliveryKind, Order, OrderEvent, OrderLine, Payment, PaymentMethod, ShopOrder
from . import ledger, notifications, payments

log = logging.getLogger(__name__)

S = ShopOrder.Status

# Who acts. "system" is a task or another service (``actor=None``).
SHOP = "shop"  # owner or staff of the shop order's shop
BUYER = "buyer"  # the signed-in owner of the order, or whoever holds its tracking link
OFFICE = "office"  # the provincial OCOP office
SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    name: str
    source: str
    target: str
    roles: frozenset[str]
    delivery_kind: str | None = None  # None: any delivery kind

    @property
    def event(self) -> str:
        return self.target


def _t(
    name: str, source: str, target: str, roles: Iterable[str], kind: str | None = None
) -> Transition:
    return Transition(name, source, target, frozenset(roles), kind)


#: Every allowed step: (use case, from, to, who, only for this delivery kind).
TRANSITIONS: tuple[Transition, ...] = (
    _t("confirm", S.UNFULFILLED, S.CONFIRMED, {SHOP}),
    _t("pack", S.CONFIRMED, S.PACKED, {SHOP}),
    _t("ship", S.PACKED, S.SHIPPED, {SHOP}, DeliveryKind.SHIPPING),
    _t("deliver", S.SHIPPED, S.DELIVERED, {SHOP}, DeliveryKind.SHIPPING),
    _t(
        "deliver", S.PACKED, S.DELIVERED, {SHOP}, DeliveryKind.PICKUP
    ),  # handed over at the sale point
    _t("complete", S.DELIVERED, S.COMPLETED, {SYSTEM}),  # after the return window
    _t("cancel", S.UNFULFILLED, S.CANCELLED, {SHOP, OFFICE, BUYER, SYSTEM}),
    _t("cancel", S.CONFIRMED, S.CANCELLED, {SHOP, OFFICE, SYSTEM}),
    _t("cancel", S.PACKED, S.CANCELLED, {SHOP, OFFICE, SYSTEM}),
    _t("return", S.SHIPPED, S.RETURNED, {SHOP}, DeliveryKind.SHIPPING),  # delivery failed
    _t("return", S.DELIVERED, S.RETURNED, {SHOP}),  # within ORDER_RETURN_WINDOW_DAYS
)

#: Cash on delivery is collected by the courier at delivery, or at the pickup counter.
COD_PAYABLE = {
    DeliveryKind.SHIPPING: frozenset({S.SHIPPED, S.DELIVERED, S.COMPLETED}),
    DeliveryKind.PICKUP: frozenset({S.PACKED, S.DELIVERED, S.COMPLETED}),
}

ACTION_LABELS = {
    "confirm": "xác nhận / confirm",
    "pack": "đóng gói / pack",
    "ship": "gửi vận chuyển / ship",
    "deliver": "ghi nhận đã giao / deliver",
    "complete": "hoàn tất / complete",
    "mark_paid": "ghi nhận đã thu tiền / mark as paid",
    "cancel": "huỷ / cancel",
    "return": "nhận trả hàng / return",
}


#: Status names for error messages (fixed: the model labels may be translated).
STATUS_NAMES = {
    S.UNFULFILLED: ("chờ xác nhận", "unfulfilled"),
    S.CONFIRMED: ("đã xác nhận", "confirmed"),
    S.PACKED: ("đã đóng gói", "packed"),
    S.SHIPPED: ("đang giao", "shipped"),
    S.DELIVERED: ("đã giao", "delivered"),
    S.COMPLETED: ("hoàn tất", "completed"),
    S.CANCELLED: ("đã huỷ", "cancelled"),
    S.RETURNED: ("đã trả hàng", "returned"),
}


def _error(field: str, message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


# --- Who may act -------------------------------------------------------------------------


def actor_roles(actor: Any, shop_order: ShopOrder, *, order_token: Any = None) -> frozenset[str]:
    """The roles ``actor`` holds on ``shop_order``. ``actor=None`` (and no token) is the
    system; an anonymous visitor is the buyer only with the order's token (from the
    signed tracking link, checked by the caller)."""
    if actor is None and order_token is None:
        return frozenset({SYSTEM})
    roles = set()
    if order_token is not None and str(order_token) == str(shop_order.order.token):
        roles.add(BUYER)
    user = _user(actor)
    if user is not None:
        if shop_order.order.user_id is not None and shop_order.order.user_id == user.pk:
            roles.add(BUYER)
        if is_ocop_office(user):
            roles.add(OFFICE)
        if ShopMembership.objects.filter(user_id=user.pk, shop_id=shop_order.shop_id).exists():
            roles.add(SHOP)
    return frozenset(roles)


def _authorize(name: str, roles: frozenset[str]) -> None:
    """Someone with no role on the order learns nothing (``NotFound``); someone who has
    one but may never take this step is refused (``Forbidden``)."""
    if not roles:
        raise NotFound("Không tìm thấy đơn hàng. / Order not found.")
    if not any(t.roles & roles for t in TRANSITIONS if t.name == name):
        raise Forbidden("Bạn không được thực hiện thao tác này. / You may not do this.")


def _require_order_power(
    name: str, actor: Any, shop_order: ShopOrder, roles: frozenset[str]
) -> None:
    """A step only the shop may take needs the ``manage_orders`` power (the default of
    every staff member; an owner holds it)."""
    if {r for t in TRANSITIONS if t.name == name for r in t.roles} & roles == {SHOP}:
        require_shop_power(actor=actor, shop=shop_order.shop, power=ShopPower.MANAGE_ORDERS)


def _find(name: str, shop_order: ShopOrder, roles: frozenset[str]) -> Transition:
    for transition in TRANSITIONS:
        if (
            transition.name == name
            and transition.source == shop_order.status
            and transition.roles & roles
            and transition.delivery_kind in (None, shop_order.delivery_kind)
        ):
            return transition
    raise _invalid(name, shop_order)


def _bilingual(label: Any) -> tuple[str, str]:
    vi, _, en = str(label).partition(" / ")
    return vi, en or vi


def _invalid(name: str, shop_order: ShopOrder) -> ValidationError:
    action_vi, action_en = _bilingual(ACTION_LABELS[name])
    status_vi, status_en = STATUS_NAMES[S(shop_order.status)]
    return _error(
        "status",
        f"Không thể {action_vi} đơn {shop_order.number} khi đơn đang ở trạng thái “{status_vi}”. / "
        f"Cannot {action_en} order {shop_order.number} while it is “{status_en}”.",
        "invalid_transition",
        transition=name,
        **{"from": shop_order.status},
    )


def available_actions(shop_order: ShopOrder, roles: Iterable[str]) -> list[str]:
    """The transitions ``roles`` may take from the current state (for action buttons),
    plus ``mark_paid`` and ``refund`` when they apply to a shop member."""
    roles = frozenset(roles)
    names = [
        t.name
        for t in TRANSITIONS
        if t.source == shop_order.status
        and t.roles & roles
        and t.delivery_kind in (None, shop_order.delivery_kind)
        and t.name != "complete"
    ]
    if (
        "return" in names
        and shop_order.status == S.DELIVERED
        and not within_return_window(shop_order)
    ):
        names.remove("return")
    if SHOP in roles and cod_payable(shop_order):
        names.append("mark_paid")
    if (SHOP in roles or OFFICE in roles) and refundable_amount(shop_order) > 0:
        names.append("refund")
    return list(dict.fromkeys(names))


def within_return_window(shop_order: ShopOrder, now: datetime.datetime | None = None) -> bool:
    if shop_order.delivered_at is None:
        return False
    window = datetime.timedelta(days=int(settings.ORDER_RETURN_WINDOW_DAYS))
    return (now or timezone.now()) <= shop_order.delivered_at + window


def cod_payable(shop_order: ShopOrder) -> bool:
    return (
        shop_order.order.payment_method == PaymentMethod.COD
        and not shop_order.is_paid
        and shop_order.status in COD_PAYABLE[DeliveryKind(shop_order.delivery_kind)]
    )


def refundable_amount(shop_order: ShopOrder) -> int:
    """What is left to refund of a paid shop order, in đồng (0 when unpaid)."""
    return max(shop_order.total - shop_order.amount_refunded, 0) if shop_order.is_paid else 0


def refund_due(shop_order: ShopOrder) -> int:
    """A cancelled or returned shop order that was paid and not fully refunded: the
    amount still owed to the buyer (a refund that failed or awaits a shop member)."""
    if shop_order.status in (S.CANCELLED, S.RETURNED):
        return refundable_amount(shop_order)
    return 0


# --- Order status ---------------------------------------------------------------------------


def derive_order_status(order: Order, statuses: list[str]) -> str:
    """The customer order's status from its shop orders' statuses. An unpaid order keeps
    ``unconfirmed`` (awaiting payment) or ``expired`` unless every part was cancelled."""
    unpaid = order.amount_paid < order.total
    if order.status == Order.Status.EXPIRED:
        return order.status
    if statuses and all(s == S.CANCELLED for s in statuses):
        return Order.Status.CANCELLED
    if order.status == Order.Status.UNCONFIRMED and unpaid:
        return order.status
    active = [s for s in statuses if s != S.CANCELLED]
    if not active:
        return Order.Status.UNFULFILLED
    if all(s == S.RETURNED for s in active):
        return Order.Status.RETURNED
    if all(s in (S.COMPLETED, S.RETURNED) for s in active):
        return Order.Status.COMPLETED
    if all(s in (S.SHIPPED, S.DELIVERED, S.COMPLETED, S.RETURNED) for s in active):
        return Order.Status.FULFILLED  # as in Saleor: every part has left the shop
    if any(s in (S.SHIPPED, S.DELIVERED, S.COMPLETED, S.RETURNED) for s in active):
        return Order.Status.PARTIALLY_FULFILLED
    return Order.Status.UNFULFILLED


def order_status_refresh(order: Order) -> Order:
    """Re-derives ``order.status`` from its shop orders under a lock on the order row.
    Idempotent."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        statuses = list(ShopOrder.objects.filter(order=order).values_list("status", flat=True))
        status = derive_order_status(order, statuses)
        if status != order.status:
            order.status = status
            order.save(update_fields=["status", "updated_at"])
        return order


# --- Shared steps ----------------------------------------------------------------------------


def _lock(shop_order: ShopOrder) -> ShopOrder:
    """Locks the order, then the shop order (the order ``payments`` takes them in), and
    returns the fresh shop order with its order and shop."""
    Order.objects.select_for_update().filter(pk=shop_order.order_id).values_list(
        "pk", flat=True
    ).first()
    return (
        ShopOrder.objects.select_for_update(of=("self",))
        .select_related("order", "shop__producer")
        .get(pk=shop_order.pk)
    )


def _begin(
    name: str, *, actor: Any, shop_order: ShopOrder, order_token: Any = None
) -> tuple[ShopOrder, Transition, frozenset[str]]:
    roles = actor_roles(actor, shop_order, order_token=order_token)
    _authorize(name, roles)
    _require_order_power(name, actor, shop_order, roles)
    locked = _lock(shop_order)
    return locked, _find(name, locked, roles), roles


def _finish(
    shop_order: ShopOrder,
    transition: Transition,
    *,
    actor: Any,
    fields: list[str],
    data: dict[str, Any] | None = None,
) -> ShopOrder:
    shop_order.status = transition.target
    shop_order.save(update_fields=[*fields, "status", "updated_at"])
    OrderEvent.objects.create(
        order_id=shop_order.order_id,
        shop_order=shop_order,
        kind=transition.event,
        actor=_user(actor),
        data={"from": transition.source, "to": transition.target, **(data or {})},
    )
    shop_order.order = order_status_refresh(shop_order.order)
    return shop_order


def _clean_text(field: str, value: str | None, *, label: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise _error(
            field,
            f"Vui lòng nhập {label.split(' / ')[0]}. / {label.split(' / ')[1]} is required.",
            "required",
        )
    if len(value) > max_length:
        raise _error(
            field, f"Tối đa {max_length} ký tự. / At most {max_length} characters.", "max_length"
        )
    return value


def _line_quantities(shop_order: ShopOrder) -> dict[int, int]:
    """Quantity per product of the shop order's lines (lines whose variant still exists)."""
    rows = (
        OrderLine.objects.filter(shop_order=shop_order, variant__isnull=False)
        .values("variant__product_id")
        .annotate(q=Sum("quantity"))
    )
    return {row["variant__product_id"]: row["q"] for row in rows}


def _units_sold(shop_order: ShopOrder, sign: int) -> None:
    quantities = _line_quantities(shop_order)
    for product_id, quantity in quantities.items():  # one UPDATE per product, never below zero
        Product.objects.filter(pk=product_id).update(
            units_sold=Greatest(F("units_sold") + sign * quantity, 0)
        )
    if quantities:
        mark_products_dirty(list(quantities))


def _consume_stock(shop_order: ShopOrder, actor: Any) -> None:
    """The goods leave: the order's reservations become a sale (Stock.quantity drops)."""
    stock_services.stock_reservations_consume(
        source=StockReservation.Source.ORDER, reference=shop_order.number, actor=_user(actor)
    )
    OrderLine.objects.filter(shop_order=shop_order).update(quantity_fulfilled=F("quantity"))


def _restock(shop_order: ShopOrder, actor: Any) -> int:
    """The goods came back: what the order's consumed reservations took is put back at
    the same stock rows (a ``return`` movement each). Returns the units restocked."""
    consumed = list(
        StockReservation.objects.filter(
            source=StockReservation.Source.ORDER,
            reference=shop_order.number,
            status=StockReservation.Status.CONSUMED,
        )
        .select_related("stock__variant__product__shop", "stock__location")
        .order_by("stock_id")
    )
    for reservation in consumed:
        stock_services.stock_adjust(
            actor=actor,
            variant=reservation.stock.variant,
            location=reservation.stock.location,
            delta=reservation.quantity,
            reason=StockMovement.Reason.RETURN,
            note=f"Trả hàng đơn {shop_order.number} / Return of {shop_order.number}",
            reference=f"return:{shop_order.number}",
        )
    OrderLine.objects.filter(shop_order=shop_order).update(quantity_fulfilled=0)
    return sum(r.quantity for r in consumed)


def _refund_remaining(*, actor: Any, shop_order: ShopOrder, reason: str) -> None:
    """After a cancellation or return has committed: refunds what the buyer paid for the
    shop order through ``payments.refund_create`` (Stripe for cards; a recorded manual
    refund for bank transfer and COD). A failure leaves the cancellation in place and an
    event on the order; the dashboard shows the amount still due (``refund_due``) with a
    refund form to retry. A cancellation by the buyer or the system is refunded with the
    system as actor."""
    shop_order = ShopOrder.objects.select_related("order").get(pk=shop_order.pk)
    amount = refund_due(shop_order)
    if amount <= 0:
        return
    roles = actor_roles(actor, shop_order)
    # the buyer's or the system's cancellation is refunded by the system itself
    refund_actor = actor if roles & {SHOP, OFFICE} else None
    try:
        payments.refund_create(
            actor=refund_actor, shop_order=shop_order, amount=amount, reason=reason
        )
    except (stripe_gateway.StripeUnavailable, ValidationError, Forbidden) as exc:
        # Forbidden: a staff member without the refund power (or above the shop's
        # threshold) cancelled; the amount stays due for the owner to refund
        if isinstance(exc, Forbidden):
            log.warning("refund of %s đ for %s left to the owner", amount, shop_order.number)
        else:
            log.exception("refund of %s đ for %s failed", amount, shop_order.number)
        OrderEvent.objects.create(
            order_id=shop_order.order_id,
            shop_order=shop_order,
            kind="refund_failed",
            actor=_user(actor),
            data={"amount": amount, "error": str(exc)[:255]},
        )


# --- Use cases -------------------------------------------------------------------------------


@transaction.atomic
def shop_order_confirm(*, actor: Any, shop_order: ShopOrder) -> ShopOrder:
    """The shop accepts the order. Card and bank-transfer orders must be paid first
    (``not_paid``); cash-on-delivery orders are confirmed unpaid."""
    shop_order, transition, _ = _begin("confirm", actor=actor, shop_order=shop_order)
    if shop_order.order.payment_method != PaymentMethod.COD and not shop_order.is_paid:
        raise _error(
            "status",
            "Đơn chưa được thanh toán, chưa thể xác nhận. / The order is not paid yet.",
            "not_paid",
        )
    shop_order.confirmed_at = timezone.now()
    return _finish(shop_order, transition, actor=actor, fields=["confirmed_at"])


@transaction.atomic
def shop_order_pack(*, actor: Any, shop_order: ShopOrder) -> ShopOrder:
    shop_order, transition, _ = _begin("pack", actor=actor, shop_order=shop_order)
    return _finish(shop_order, transition, actor=actor, fields=[])


@transaction.atomic
def shop_order_ship(
    *, actor: Any, shop_order: ShopOrder, carrier: str, tracking_number: str
) -> ShopOrder:
    """Handed to the carrier (shipping delivery only; both fields required). The stock
    reservations are consumed now, so ``Stock.quantity`` drops at shipping."""
    carrier = _clean_text("carrier", carrier, label="đơn vị vận chuyển / Carrier", max_length=60)
    tracking_number = _clean_text(
        "tracking_number", tracking_number, label="mã vận đơn / Tracking number", max_length=60
    )
    shop_order, transition, _ = _begin("ship", actor=actor, shop_order=shop_order)
    shop_order.carrier, shop_order.tracking_number = carrier, tracking_number
    shop_order.shipped_at = timezone.now()
    _consume_stock(shop_order, actor)
    _finish(
        shop_order,
        transition,
        actor=actor,
        fields=["carrier", "tracking_number", "shipped_at"],
        data={"carrier": carrier, "tracking_number": tracking_number},
    )
    notifications.shop_order_shipped(shop_order)
    return shop_order


@transaction.atomic
def shop_order_fulfil(
    *, actor: Any, shop_order: ShopOrder, carrier: str = "", tracking_number: str = ""
) -> ShopOrder:
    """Fulfils the shop order in one step (Saleor's ``orderFulfill``): confirms and packs
    it if that has not happened yet, then ships it (shipping: carrier and tracking number
    required; the stock is consumed) or hands it over at the sale point (pickup). Every
    step commits together or none does; each one checks its own rules (``not_paid``,
    ``invalid_transition``…)."""
    if shop_order.delivery_kind == DeliveryKind.SHIPPING:
        carrier = _clean_text(
            "carrier", carrier, label="đơn vị vận chuyển / Carrier", max_length=60
        )
        tracking_number = _clean_text(
            "tracking_number", tracking_number, label="mã vận đơn / Tracking number", max_length=60
        )
    if shop_order.status == S.UNFULFILLED:
        shop_order = shop_order_confirm(actor=actor, shop_order=shop_order)
    if shop_order.status == S.CONFIRMED:
        shop_order = shop_order_pack(actor=actor, shop_order=shop_order)
    if shop_order.delivery_kind == DeliveryKind.PICKUP:
        return shop_order_deliver(actor=actor, shop_order=shop_order)
    return shop_order_ship(
        actor=actor, shop_order=shop_order, carrier=carrier, tracking_number=tracking_number
    )


@transaction.atomic
def shop_order_deliver(*, actor: Any, shop_order: ShopOrder) -> ShopOrder:
    """Delivered by the carrier, or handed over at the sale point (pickup: the stock is
    consumed now). Sold units are counted and the ledger entries start their return
    window."""
    shop_order, transition, _ = _begin("deliver", actor=actor, shop_order=shop_order)
    if shop_order.delivery_kind == DeliveryKind.PICKUP:
        _consume_stock(shop_order, actor)
    shop_order.delivered_at = timezone.now()
    _finish(shop_order, transition, actor=actor, fields=["delivered_at"])
    _units_sold(shop_order, +1)
    ledger.ledger_on_delivered(shop_order)
    notifications.shop_order_delivered(shop_order)
    return shop_order


@transaction.atomic
def shop_order_complete(
    *, actor: Any = None, shop_order: ShopOrder, now: datetime.datetime | None = None
) -> ShopOrder:
    """Closes a delivered shop order once the return window has passed (system only)."""
    shop_order, transition, _ = _begin("complete", actor=actor, shop_order=shop_order)
    now = now or timezone.now()
    if within_return_window(shop_order, now):
        raise _error(
            "status",
            "Chưa hết thời hạn trả hàng. / The return window is still open.",
            "return_window_open",
        )
    shop_order.completed_at = now
    return _finish(shop_order, transition, actor=actor, fields=["completed_at"])


def shop_order_cancel(
    *, actor: Any, shop_order: ShopOrder, reason: str, order_token: Any = None
) -> ShopOrder:
    """Cancels before shipping: the shop (until packed), the OCOP office, the buyer while
    unfulfilled (signed in as the order's owner, or ``order_token`` from the signed
    tracking link), or the system. The stock held for it is released.

    If it was paid, the paid amount is refunded *after* the cancellation commits (a
    Stripe call never runs under the order's locks, and a Stripe outage cannot undo a
    cancellation): see ``_refund_remaining``. Call it outside ``transaction.atomic``
    so that ordering holds."""
    reason = _clean_text("reason", reason, label="lý do huỷ / Reason", max_length=255)
    shop_order = _cancel(actor=actor, shop_order=shop_order, reason=reason, order_token=order_token)
    _refund_remaining(
        actor=actor, shop_order=shop_order, reason=f"Huỷ đơn / Cancelled: {reason}"[:255]
    )
    shop_order.refresh_from_db()
    return shop_order


@transaction.atomic
def _cancel(*, actor: Any, shop_order: ShopOrder, reason: str, order_token: Any) -> ShopOrder:
    shop_order, transition, roles = _begin(
        "cancel", actor=actor, shop_order=shop_order, order_token=order_token
    )
    status_before = shop_order.status
    # the index shows on-hand stock, which a released hold does not change
    released = stock_services.stock_reservations_release(
        source=StockReservation.Source.ORDER, reference=shop_order.number
    )
    shop_order.cancel_reason, shop_order.cancelled_at = reason, timezone.now()
    by = next(r for r in (SHOP, OFFICE, BUYER, SYSTEM) if r in roles & transition.roles)
    _finish(
        shop_order,
        transition,
        actor=actor,
        fields=["cancel_reason", "cancelled_at"],
        data={"reason": reason, "by": by},
    )
    notifications.shop_order_cancelled(shop_order)
    if by != SHOP:
        notifications.shop_order_cancelled_to_shop(shop_order)
    if by in (SHOP, OFFICE):  # staff released the stock held for the order
        audit.record(
            AuditAction.ORDER_CANCEL,
            actor=actor,
            target=shop_order,
            before={"status": status_before},
            after={"status": shop_order.status, "reason": reason, "released": released},
        )
    return shop_order


def shop_order_return(
    *, actor: Any, shop_order: ShopOrder, reason: str, delivery_failed: bool, restock: bool = True
) -> ShopOrder:
    """The goods came back to the shop: a failed delivery (from ``shipped``,
    ``delivery_failed=True``, which counts against the phone's cash-on-delivery
    allowance) or a buyer's return within ``ORDER_RETURN_WINDOW_DAYS`` of delivery
    (from ``delivered``, ``delivery_failed=False``). With ``restock`` the consumed stock
    is put back where it was taken from. A paid amount is refunded after commit, as for
    ``shop_order_cancel``."""
    reason = _clean_text("reason", reason, label="lý do trả hàng / Reason", max_length=255)
    shop_order = _return(
        actor=actor,
        shop_order=shop_order,
        reason=reason,
        delivery_failed=delivery_failed,
        restock=restock,
    )
    _refund_remaining(
        actor=actor, shop_order=shop_order, reason=f"Trả hàng / Returned: {reason}"[:255]
    )
    shop_order.refresh_from_db()
    return shop_order


@transaction.atomic
def _return(
    *, actor: Any, shop_order: ShopOrder, reason: str, delivery_failed: bool, restock: bool
) -> ShopOrder:
    shop_order, transition, _ = _begin("return", actor=actor, shop_order=shop_order)
    if transition.source == S.SHIPPED and not delivery_failed:
        raise _error(
            "delivery_failed",
            "Đơn đang giao chỉ có thể trả về do giao không thành công. / A shipped "
            "order comes back only as a failed delivery.",
            "invalid_transition",
        )
    if transition.source == S.DELIVERED:
        if delivery_failed:
            raise _error(
                "delivery_failed",
                "Đơn đã giao thành công, không phải giao thất bại. / The order was "
                "delivered; it is not a failed delivery.",
                "invalid_transition",
            )
        if not within_return_window(shop_order):
            raise _error(
                "status",
                f"Đã quá hạn trả hàng {settings.ORDER_RETURN_WINDOW_DAYS} ngày. / The "
                f"{settings.ORDER_RETURN_WINDOW_DAYS}-day return window has passed.",
                "return_window_passed",
            )
    restocked = _restock(shop_order, actor) if restock else 0
    if transition.source == S.DELIVERED:
        _units_sold(shop_order, -1)
    shop_order.delivery_failed = delivery_failed
    shop_order.cancel_reason = reason
    _finish(
        shop_order,
        transition,
        actor=actor,
        fields=["delivery_failed", "cancel_reason"],
        data={"reason": reason, "delivery_failed": delivery_failed, "restocked": restocked},
    )
    notifications.shop_order_returned(shop_order)
    return shop_order


@transaction.atomic
def shop_order_mark_paid(*, actor: Any, shop_order: ShopOrder) -> ShopOrder:
    """Cash on delivery collected (by the courier at delivery, or at the pickup
    counter): records a succeeded COD payment of the shop order's total (idempotency key
    ``cod:<number>``), marks it paid, posts its ledger entries and recomputes the
    order's amount paid."""
    roles = actor_roles(actor, shop_order)
    if not roles:
        raise NotFound("Không tìm thấy đơn hàng. / Order not found.")
    if SHOP not in roles:
        raise Forbidden(
            "Chỉ gian hàng xác nhận đã thu tiền. / Only the shop records cash collected."
        )
    require_shop_power(actor=actor, shop=shop_order.shop, power=ShopPower.MARK_CASH_PAID)
    shop_order = _lock(shop_order)
    order = shop_order.order
    if order.payment_method != PaymentMethod.COD:
        raise _error(
            "payment",
            "Chỉ đơn thanh toán khi nhận hàng. / Only cash-on-delivery orders.",
            "not_cod",
        )
    if shop_order.is_paid:
        raise _error(
            "payment", "Đơn đã được thanh toán. / The order is already paid.", "already_paid"
        )
    if shop_order.status not in COD_PAYABLE[DeliveryKind(shop_order.delivery_kind)]:
        raise _invalid("mark_paid", shop_order)
    now = timezone.now()
    Payment.objects.create(
        order=order,
        method=PaymentMethod.COD,
        status=Payment.Status.SUCCEEDED,
        amount=shop_order.total,
        captured_amount=shop_order.total,
        idempotency_key=f"cod:{shop_order.number}",
    )
    shop_order.is_paid, shop_order.paid_at = True, now
    shop_order.save(update_fields=["is_paid", "paid_at", "updated_at"])
    ledger.ledger_post_paid(shop_order)
    OrderEvent.objects.create(
        order=order,
        shop_order=shop_order,
        kind="cod_paid",
        actor=_user(actor),
        data={"amount": shop_order.total},
    )
    shop_order.order = payments.order_refresh_payment(order=order)
    audit.record(
        AuditAction.ORDER_CASH_PAID,
        actor=actor,
        target=shop_order,
        before={"is_paid": False},
        after={"is_paid": True, "amount": shop_order.total},
    )
    return shop_order


def complete_delivered_orders(now: datetime.datetime | None = None) -> int:
    """The beat task: delivered shop orders whose return window has passed become
    completed, each in its own transaction. Returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=int(settings.ORDER_RETURN_WINDOW_DAYS))
    due = list(ShopOrder.objects.filter(status=S.DELIVERED, delivered_at__lt=cutoff).order_by("pk"))
    completed = 0
    for shop_order in due:
        try:
            shop_order_complete(actor=None, shop_order=shop_order, now=now)
        except ValidationError:  # changed meanwhile (returned)
            continue
        completed += 1
    return completed
