"""What orders hold of a person, for their data download (``hooks.personal_data_export``)
and for deciding whether they may delete their account now
(``hooks.account_deletion_blockers``). Only ``user``'s own rows."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from marketplace.models import User

from ..models import Address, Order, Refund, ShopOrder

#: Orders still moving: awaiting payment, to be shipped or delivered, or in the return
#: window (``fulfilled`` until the shop orders complete).
IN_PROGRESS = (
    Order.Status.UNCONFIRMED,
    Order.Status.UNFULFILLED,
    Order.Status.PARTIALLY_FULFILLED,
    Order.Status.FULFILLED,
)
_ADDRESS = ("province", "district", "commune")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _address(address: Address | None) -> dict[str, Any] | None:
    if address is None:
        return None
    return {
        "full_name": address.full_name,
        "phone": address.phone,
        "street": address.street,
        "commune": address.commune.full_name,
        "district": address.district.full_name if address.district_id else "",  # type: ignore[union-attr]
        "province": address.province.full_name,
    }


def _order(order: Order) -> dict[str, Any]:
    return {
        "number": order.number,
        "created_at": _iso(order.created_at),
        "status": order.status,
        "payment_status": order.payment_status,
        "payment_method": order.payment_method,
        "email": order.email,
        "phone": order.phone,
        "note": order.note,
        "shipping_address": _address(order.shipping_address),
        "billing_address": _address(order.billing_address),
        "subtotal": order.subtotal,
        "shipping_total": order.shipping_total,
        "total": order.total,
        "amount_paid": order.amount_paid,
        "amount_refunded": order.amount_refunded,
        "currency": "VND",
        "shop_orders": [
            {
                "number": so.number,
                "shop": so.shop.name,
                "status": so.status,
                "delivery_kind": so.delivery_kind,
                "shipping_fee": so.shipping_fee,
                "total": so.total,
                "carrier": so.carrier,
                "tracking_number": so.tracking_number,
                "lines": [
                    {
                        "product": line.product_name,
                        "variant": line.variant_name,
                        "sku": line.sku,
                        "unit_price": line.unit_price,
                        "quantity": line.quantity,
                        "total": line.total,
                    }
                    for line in so.lines.all()
                ],
                "refunds": [
                    {
                        "amount": refund.amount,
                        "method": refund.method,
                        "status": refund.status,
                        "at": _iso(refund.created_at),
                    }
                    for refund in so.refunds.all()
                ],
            }
            for so in order.shop_orders.all()
        ],
        # what we hold of a payment: method, amounts, state; card numbers never reach us
        "payments": [
            {
                "method": p.method,
                "status": p.status,
                "amount": p.amount,
                "captured_amount": p.captured_amount,
                "refunded_amount": p.refunded_amount,
                "currency": p.currency,
                "at": _iso(p.created_at),
            }
            for p in order.payments.all()
        ],
    }


def order_personal_data(user: User) -> dict[str, Any]:
    """The address book and every order of ``user`` with its shop orders, lines,
    refunds and payments (a fixed number of queries)."""
    book = Address.objects.filter(user=user).select_related(*_ADDRESS).order_by("pk")
    orders = (
        Order.objects.filter(user=user)
        .select_related(
            *(f"shipping_address__{f}" for f in _ADDRESS),
            *(f"billing_address__{f}" for f in _ADDRESS),
        )
        .prefetch_related(
            Prefetch(
                "shop_orders",
                queryset=ShopOrder.objects.select_related("shop").prefetch_related(
                    "lines", Prefetch("refunds", queryset=Refund.objects.order_by("pk"))
                ),
            ),
            "payments",
        )
        .order_by("created_at", "pk")
    )
    return {
        "address_book": [{**(_address(a) or {}), "is_default": a.is_default} for a in book],
        "orders": [_order(order) for order in orders],
    }


def orders_in_progress_blockers(user: User) -> list[str]:
    """A message naming ``user``'s orders still in progress (unpaid, not yet delivered,
    in the return window, or with a refund pending); empty when there are none."""
    numbers = list(
        Order.objects.filter(user=user)
        .filter(Q(status__in=IN_PROGRESS) | Q(shop_orders__refunds__status=Refund.Status.PENDING))
        .order_by("number")
        .values_list("number", flat=True)
        .distinct()
    )
    if not numbers:
        return []
    return [
        _(
            "Bạn còn đơn hàng đang xử lý (chờ thanh toán, chưa giao xong, trong thời hạn "
            "đổi trả hoặc đang hoàn tiền): %(numbers)s. Vui lòng xoá tài khoản sau khi các "
            "đơn này hoàn tất hoặc được huỷ."
        )
        % {"numbers": ", ".join(numbers)}
    ]
