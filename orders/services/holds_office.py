"""The OCOP office's answer to a suspicious stock hold (``orders.selectors.holds
.suspicious_holds``): cancelling an unpaid order so that its stock is for sale again."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.errors import NotFound
from marketplace.permissions import require_ocop_office

from ..models import Order, OrderEvent, ShopOrder
from ..selectors.holds import BuyerIdentity, order_identity
from . import fulfilment


def order_hold_cancel(*, actor: Any, order: Order, reason: str) -> Order:
    """The OCOP office cancels an unpaid order that holds stock (a suspicious hold): every
    open shop order is cancelled through ``fulfilment.shop_order_cancel`` (its stock
    released, buyer and shop told), all in one transaction. Refused
    (``not_awaiting_payment``) once anything was paid: that goes through refunds."""
    require_ocop_office(actor)
    with transaction.atomic():
        locked = Order.objects.select_for_update().filter(pk=order.pk).first()
        if locked is None:
            raise NotFound(_("Không tìm thấy đơn hàng."))
        if locked.amount_paid > 0 or locked.status not in (
            Order.Status.UNCONFIRMED,
            Order.Status.UNFULFILLED,
        ):
            raise ValidationError(
                {
                    "order": ValidationError(
                        _("Chỉ huỷ được đơn chưa thanh toán và chưa gửi hàng."),
                        code="not_awaiting_payment",
                    )
                }
            )
        shop_orders = list(
            ShopOrder.objects.filter(order=locked, is_paid=False).exclude(
                status=ShopOrder.Status.CANCELLED
            )
        )
        for shop_order in shop_orders:
            fulfilment.shop_order_cancel(actor=actor, shop_order=shop_order, reason=reason)
        OrderEvent.objects.create(
            order=locked,
            kind="hold_cancelled",
            actor=actor,
            data={"reason": reason, "identity": _identity_data(order_identity(locked))},
        )
    locked.refresh_from_db()
    return locked


def _identity_data(identity: BuyerIdentity) -> dict[str, Any]:
    return {"ip": identity.ip, "address_key": identity.address_key}
