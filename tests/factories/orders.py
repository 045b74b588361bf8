"""Factories for orders (shared: add yours with small edits). They build rows directly,
without the checkout, so each area can be tested on its own."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.conf import settings
from django.utils import timezone

from orders.models import (
    Order,
    OrderLine,
    PaymentMethod,
    Refund,
    ShippingMethod,
    ShippingWeightBand,
    ShippingZone,
    ShopOrder,
)
from shops.models import StockLocation

from .shops import ShopFactory


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    number = factory.Sequence(lambda n: f"{100000 + n}")
    email = factory.Sequence(lambda n: f"buyer{n}@example.vn")
    phone = "+84912345678"
    payment_method = PaymentMethod.COD


class ShopOrderFactory(factory.django.DjangoModelFactory):
    """A shop order; ``subtotal``/``total`` are not derived from lines (set them, or add
    lines with ``OrderLineFactory``)."""

    class Meta:
        model = ShopOrder

    order = factory.SubFactory(OrderFactory)
    shop = factory.SubFactory(ShopFactory)
    number = factory.Sequence(lambda n: f"{100000 + n}-1")
    stock_location = factory.LazyAttribute(
        lambda o: StockLocation.objects.get(kind=StockLocation.Kind.WAREHOUSE, shop=o.shop)
    )
    subtotal = 0
    shipping_fee = 0
    total = factory.LazyAttribute(lambda o: o.subtotal + o.shipping_fee)
    commission = 0


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    shop_order = factory.SubFactory(ShopOrderFactory)
    product_name = "Nước mắm Cảnh Dương"
    sku = factory.Sequence(lambda n: f"LINE-{n:05d}")
    unit_price = 100_000
    quantity = 1
    total = factory.LazyAttribute(lambda o: o.unit_price * o.quantity)


class RefundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Refund

    shop_order = factory.SubFactory(ShopOrderFactory)
    amount = 10_000
    method = PaymentMethod.COD
    status = Refund.Status.SUCCEEDED


class ShippingZoneFactory(factory.django.DjangoModelFactory):
    """A zone; pass ``provinces=[...]`` / ``districts=[...]`` (units), none = rest of Vietnam."""

    class Meta:
        model = ShippingZone
        skip_postgeneration_save = True

    shop = factory.SubFactory(ShopFactory)
    name = factory.Sequence(lambda n: f"Vùng {n}")

    @factory.post_generation
    def provinces(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.provinces.set(extracted)

    @factory.post_generation
    def districts(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.districts.set(extracted)


class ShippingMethodFactory(factory.django.DjangoModelFactory):
    """A flat method; for a weight method pass ``kind="weight", bands=[(max_grams, price), ...]``."""

    class Meta:
        model = ShippingMethod
        skip_postgeneration_save = True

    zone = factory.SubFactory(ShippingZoneFactory)
    name_vi = factory.Sequence(lambda n: f"Giao hàng {n}")
    name_en = factory.Sequence(lambda n: f"Delivery {n}")
    kind = ShippingMethod.Kind.FLAT
    price = 20_000
    min_days = 1
    max_days = 3

    @factory.post_generation
    def bands(obj, create, extracted, **kwargs):
        if create and extracted:
            ShippingWeightBand.objects.bulk_create(
                ShippingWeightBand(method=obj, max_grams=max_grams, price=price) for max_grams, price in extracted
            )


def _dh_number(n: int) -> str:
    """``DH`` + 8 characters of the order-number alphabet, distinct per ``n``."""
    alphabet, value, chars = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 7_654_321 + n * 7919, []
    for _ in range(8):
        value, digit = divmod(value, 32)
        chars.append(alphabet[digit])
    return "DH" + "".join(reversed(chars))


class VietQROrderFactory(OrderFactory):
    """An order placed for bank transfer and awaiting it (status unconfirmed, due in
    ``ORDER_BANK_TRANSFER_TIMEOUT_HOURS``), numbered like the checkout's ("DH" + 8).
    ``vietqr_order()`` adds a shop order with a line."""

    number = factory.Sequence(_dh_number)
    payment_method = PaymentMethod.VIETQR
    status = Order.Status.UNCONFIRMED
    total = 150_000
    subtotal = factory.LazyAttribute(lambda o: o.total - o.shipping_total)
    shipping_total = 0
    payment_due_at = factory.LazyFunction(
        lambda: timezone.now() + timedelta(hours=settings.ORDER_BANK_TRANSFER_TIMEOUT_HOURS))


def vietqr_order(*, shop=None, total: int = 150_000, shipping_fee: int = 0, **kwargs) -> Order:
    """A VietQR order for ``total`` đồng with one shop order (of ``shop``) and one line."""
    order = VietQROrderFactory(total=total, shipping_total=shipping_fee, **kwargs)
    shop_order = ShopOrderFactory(order=order, shop=shop or ShopFactory(), number=f"{order.number}-1",
                                  subtotal=total - shipping_fee, shipping_fee=shipping_fee)
    OrderLineFactory(shop_order=shop_order, unit_price=total - shipping_fee)
    return order
