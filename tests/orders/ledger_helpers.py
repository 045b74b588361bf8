"""Shop orders, bank details and ledger entries for the ledger tests (built directly,
without the checkout)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from orders.models import LedgerEntry, PaymentMethod, ShopOrder
from shops.models import Shop
from tests.factories.orders import OrderLineFactory, ShopOrderFactory


def paid_shop_order(
    shop: Shop,
    *,
    lines: tuple[tuple[int, int], ...] = ((100_000, 2),),
    shipping_fee: int = 0,
    commission: int | None = None,
    delivered_at: datetime.datetime | None = None,
    payment_method: str = PaymentMethod.CARD,
) -> ShopOrder:
    """A paid shop order with ``lines`` of (unit price, quantity); commission defaults to
    8 % of the subtotal. Paid by card unless told (cash on delivery the shop collected
    posts its cash as well)."""
    subtotal = sum(price * qty for price, qty in lines)
    shop_order = ShopOrderFactory(
        shop=shop,
        order__payment_method=payment_method,
        subtotal=subtotal,
        shipping_fee=shipping_fee,
        total=subtotal + shipping_fee,
        commission=subtotal * 8 // 100 if commission is None else commission,
        is_paid=True,
        delivered_at=delivered_at,
        status=ShopOrder.Status.DELIVERED if delivered_at else ShopOrder.Status.CONFIRMED,
    )
    for price, qty in lines:
        OrderLineFactory(shop_order=shop_order, unit_price=price, quantity=qty)
    return shop_order


def give_bank_details(shop: Shop, *, name: str = "Hợp tác xã Nước mắm Cảnh Dương") -> None:
    producer = shop.producer
    producer.bank_bin, producer.bank_name = "970436", "Vietcombank"
    producer.bank_account_number, producer.bank_account_name = "0071 0012 34567", name
    producer.save()


def entries(shop_order: ShopOrder) -> list[tuple[str, int]]:
    return list(
        LedgerEntry.objects.filter(shop_order=shop_order)
        .order_by("id")
        .values_list("kind", "amount")
    )


def available_now(shop: Shop, amount: int, description: str = "Số dư đầu / Opening") -> None:
    """Puts ``amount`` in the shop's available balance (a delivered order past the window)."""
    LedgerEntry.objects.create(
        shop=shop,
        kind=LedgerEntry.Kind.ADJUSTMENT,
        amount=amount,
        description=description,
        available_at=timezone.now() - datetime.timedelta(days=1),
    )
