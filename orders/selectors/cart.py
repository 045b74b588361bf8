"""The priced cart: a checkout's lines grouped by shop with catalogue prices (never the
client's), each shop's shipping options for the address and the fee of its chosen
delivery. Shared by the web cart and checkout pages, the API and the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from shops.models import Product, ProductMedia, ProductVariant, Shop

from ..models import Checkout, CheckoutDelivery, CheckoutLine, DeliveryKind
from .shipping import Parcel, shipping_options


@dataclass
class LineView:
    line: CheckoutLine
    variant: ProductVariant
    product: Product
    quantity: int
    unit_price: int
    total: int
    weight_grams: int
    sellable: bool = True  # False once the product is unpublished or the variant/shop inactive


@dataclass
class ShopGroup:
    shop: Shop
    lines: list[LineView]
    subtotal: int
    weight_grams: int
    delivery: CheckoutDelivery | None
    shipping_options: list[Any] = field(default_factory=list)
    shipping_fee: int | None = None  # None: no valid delivery chosen yet

    @property
    def total(self) -> int:
        return self.subtotal + (self.shipping_fee or 0)


@dataclass
class CheckoutSummary:
    checkout: Checkout
    groups: list[ShopGroup]
    subtotal: int
    shipping_total: int
    total: int
    quantity: int

    @property
    def delivery_complete(self) -> bool:
        return bool(self.groups) and all(g.shipping_fee is not None for g in self.groups)


def checkout_lines(checkout: Checkout, *, with_media: bool = True) -> list[CheckoutLine]:
    lines = CheckoutLine.objects.filter(checkout=checkout).select_related(
        "variant__product__shop__producer"
    )
    if with_media:
        lines = lines.prefetch_related(
            Prefetch(
                "variant__product__media", queryset=ProductMedia.objects.order_by("position", "id")
            )
        )
    return list(lines.order_by("created_at", "id"))


def checkout_summary(checkout: Checkout, *, with_media: bool = True) -> CheckoutSummary:
    """Lines grouped by shop with catalogue prices, each shop's shipping options for the
    address and the fee of the chosen delivery — a constant number of queries whatever
    the number of lines and shops."""
    lines = checkout_lines(checkout, with_media=with_media)
    deliveries = {
        d.shop_id: d
        for d in CheckoutDelivery.objects.filter(checkout=checkout).select_related("sale_point")
    }
    groups: dict[int, ShopGroup] = {}
    for line in lines:
        variant = line.variant
        product = variant.product
        group = groups.get(product.shop_id)
        if group is None:
            group = groups[product.shop_id] = ShopGroup(
                shop=product.shop,
                lines=[],
                subtotal=0,
                weight_grams=0,
                delivery=deliveries.get(product.shop_id),
            )
        total = variant.price * line.quantity
        weight = variant.weight_grams * line.quantity
        group.lines.append(
            LineView(
                line=line,
                variant=variant,
                product=product,
                quantity=line.quantity,
                unit_price=variant.price,
                total=total,
                weight_grams=weight,
                sellable=variant.is_active
                and product.status == Product.Status.PUBLISHED
                and product.shop.is_active,
            )
        )
        group.subtotal += total
        group.weight_grams += weight
    address = checkout.shipping_address
    options = (
        shipping_options(
            shops=[g.shop for g in groups.values()],
            address=address,
            parcels={
                shop_id: Parcel(subtotal=g.subtotal, weight_grams=g.weight_grams)
                for shop_id, g in groups.items()
            },
        )
        if groups and address is not None
        else {}
    )
    for shop_id, group in groups.items():
        group.shipping_options = list(options.get(shop_id, []))
        delivery = group.delivery
        if delivery is None:
            continue
        if delivery.kind == DeliveryKind.PICKUP and delivery.sale_point_id:
            group.shipping_fee = 0
        elif delivery.kind == DeliveryKind.SHIPPING:
            chosen = next(
                (o for o in group.shipping_options if o.method_id == delivery.shipping_method_id),
                None,
            )
            group.shipping_fee = chosen.price if chosen is not None else None
    subtotal = sum(g.subtotal for g in groups.values())
    shipping_total = sum(g.shipping_fee or 0 for g in groups.values())
    return CheckoutSummary(
        checkout=checkout,
        groups=list(groups.values()),
        subtotal=subtotal,
        shipping_total=shipping_total,
        total=subtotal + shipping_total,
        quantity=sum(line.quantity for line in lines),
    )


def summary_of(checkout: Checkout) -> CheckoutSummary:
    """The priced checkout without product images, computed once per loaded checkout
    object (the API reads it from many fields)."""
    cached = getattr(checkout, "_summary", None)
    if cached is None:
        cached = checkout_summary(checkout, with_media=False)
        checkout._summary = cached  # type: ignore[attr-defined]
    return cached
