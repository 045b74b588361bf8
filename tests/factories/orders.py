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
from shops.models import ProductVariant, Shop, StockLocation

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
                ShippingWeightBand(method=obj, max_grams=max_grams, price=price)
                for max_grams, price in extracted
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
        lambda: timezone.now() + timedelta(hours=settings.ORDER_BANK_TRANSFER_TIMEOUT_HOURS)
    )


def vietqr_order(*, shop=None, total: int = 150_000, shipping_fee: int = 0, **kwargs) -> Order:
    """A VietQR order for ``total`` đồng with one shop order (of ``shop``) and one line."""
    order = VietQROrderFactory(total=total, shipping_total=shipping_fee, **kwargs)
    shop_order = ShopOrderFactory(
        order=order,
        shop=shop or ShopFactory(),
        number=f"{order.number}-1",
        subtotal=total - shipping_fee,
        shipping_fee=shipping_fee,
    )
    OrderLineFactory(shop_order=shop_order, unit_price=total - shipping_fee)
    return order


def placed_order(
    lines_by_shop: list[tuple[Shop, list[tuple[ProductVariant, int]]]],
    *,
    payment_method: str = PaymentMethod.COD,
    paid: bool | None = None,
    user=None,
    email: str = "buyer@example.vn",
    phone: str = "+84912345678",
    delivery_kind: str = "shipping",
    sale_point=None,
    shipping_fee: int = 20_000,
) -> Order:
    """An order as checkout leaves it, built directly (no cart, no shipping rules): a
    shipping address, one shop order per shop numbered ``<order>-<n>`` with its lines at
    the variants' prices and 8 % commission, and the stock allocated as
    ``StockReservation(source="order", reference=<shop order number>)`` (stock rows must
    exist). Card/VietQR orders await payment unless ``paid`` (default: paid for card,
    unpaid for VietQR); a paid order gets a succeeded payment through
    ``payments.order_refresh_payment`` (shop orders paid, ledger posted). Pickup orders
    are allocated at the sale point's location."""
    from marketplace.models import AdministrativeUnit
    from orders.models import Address, OrderEvent, Payment
    from orders.services import payments
    from orders.services.checkout import new_order_number
    from shops.models import StockReservation
    from shops.services.stock import stock_allocate

    if paid is None:
        paid = payment_method in (PaymentMethod.CARD, PaymentMethod.DUMMY)
    province = AdministrativeUnit.objects.get(
        generation="current", level="province", name__contains="Quảng Trị"
    )
    address = Address.objects.create(
        full_name="Nguyễn Văn An",
        phone=phone,
        province=province,
        commune=province.children.order_by("code").first(),
        street="12 Quang Trung",
    )
    pickup = delivery_kind == "pickup"
    prepaid = payment_method != PaymentMethod.COD
    order = Order.objects.create(
        number=new_order_number(),
        user=user,
        email=email,
        phone=phone,
        shipping_address=address,
        payment_method=payment_method,
        status=Order.Status.UNCONFIRMED if prepaid else Order.Status.UNFULFILLED,
        payment_due_at=timezone.now() + timedelta(hours=24) if prepaid and not paid else None,
    )
    items, subtotal, shipping_total = [], 0, 0
    for index, (shop, lines) in enumerate(lines_by_shop, start=1):
        fee = 0 if pickup else shipping_fee
        location = (
            StockLocation.objects.get(sale_point=sale_point)
            if pickup
            else StockLocation.objects.get(kind=StockLocation.Kind.WAREHOUSE, shop=shop)
        )
        so_subtotal = sum(v.price * q for v, q in lines)
        commission = sum((v.price * q * 800 + 5000) // 10000 for v, q in lines)
        shop_order = ShopOrder.objects.create(
            order=order,
            shop=shop,
            number=f"{order.number}-{index}",
            delivery_kind=delivery_kind,
            shipping_method_name="" if pickup else "Giao tiêu chuẩn",
            sale_point=sale_point if pickup else None,
            stock_location=location,
            subtotal=so_subtotal,
            shipping_fee=fee,
            total=so_subtotal + fee,
            commission=commission,
        )
        for variant, quantity in lines:
            OrderLine.objects.create(
                shop_order=shop_order,
                variant=variant,
                product_name=variant.product.name_vi,
                variant_name=variant.name,
                sku=variant.sku,
                barcode=variant.barcode,
                product_group_id=variant.product.product_group_id,
                unit_price=variant.price,
                quantity=quantity,
                total=variant.price * quantity,
                commission_rate_bp=800,
                commission=(variant.price * quantity * 800 + 5000) // 10000,
            )
            items.append((variant.pk, location.pk, quantity, shop_order.number))
        OrderEvent.objects.create(order=order, shop_order=shop_order, kind="placed", actor=user)
        subtotal += so_subtotal
        shipping_total += fee
    Order.objects.filter(pk=order.pk).update(
        subtotal=subtotal, shipping_total=shipping_total, total=subtotal + shipping_total
    )
    order.refresh_from_db()
    stock_allocate(
        items=items, source=StockReservation.Source.ORDER, expires_at=order.payment_due_at
    )
    OrderEvent.objects.create(order=order, kind="placed", actor=user)
    if prepaid and paid:
        Payment.objects.create(
            order=order,
            method=payment_method,
            status=Payment.Status.SUCCEEDED,
            amount=order.total,
            captured_amount=order.total,
            idempotency_key=f"test:{order.number}",
            stripe_payment_intent="pi_test",
        )
        order = payments.order_refresh_payment(order=order)
    return order
