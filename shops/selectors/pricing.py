"""What a buyer sees of a product in a channel: prices (integer VND) and availability,
from the prefetched variants and stock."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Product, ProductVariant, Stock, StockLocation
from .channels import DEFAULT, ChannelInfo
from .prefetch import product_variants, variant_stocks


def _in_channel(stock: Stock, channel: ChannelInfo, shop_id: int) -> bool:
    location: StockLocation = stock.location
    if channel.is_default:
        return location.kind == StockLocation.Kind.WAREHOUSE and location.shop_id == shop_id
    return location.pk == channel.location_id


def variant_quantity_available(
    variant: ProductVariant, *, channel: ChannelInfo, shop_id: int
) -> int:
    """Units on hand minus active reservations at the channel's location(s): the shop's
    warehouse for the online store, the sale point for its channel. Never negative."""
    total = sum(
        s.quantity - getattr(s, "reserved", 0)
        for s in variant_stocks(variant)
        if _in_channel(s, channel, shop_id)
    )
    return max(total, 0)


def variant_in_channel(variant: ProductVariant, *, channel: ChannelInfo, shop_id: int) -> bool:
    """Sold in the channel: always online; at a sale point, when it holds the variant."""
    return channel.is_default or any(
        _in_channel(s, channel, shop_id) for s in variant_stocks(variant)
    )


@dataclass(frozen=True)
class VariantPrice:
    """Integer VND. ``undiscounted`` is the compare-at price when it is above the price."""

    price: int
    undiscounted: int

    @property
    def on_sale(self) -> bool:
        return self.undiscounted > self.price


def variant_price(variant: ProductVariant) -> VariantPrice:
    compare = variant.compare_at_price or 0
    return VariantPrice(price=variant.price, undiscounted=max(compare, variant.price))


@dataclass(frozen=True)
class ProductPricing:
    price_range: tuple[int, int]
    undiscounted_range: tuple[int, int]

    @property
    def on_sale(self) -> bool:
        return self.price_range[0] < self.undiscounted_range[0]

    @property
    def discount(self) -> int:
        return max(self.undiscounted_range[0] - self.price_range[0], 0)


def product_pricing(product: Product, *, channel: ChannelInfo = DEFAULT) -> ProductPricing | None:
    """Price ranges over the variants sold in ``channel``; ``None`` without any."""
    shop_id = product.shop_id
    prices = [
        variant_price(v)
        for v in product_variants(product)
        if variant_in_channel(v, channel=channel, shop_id=shop_id)
    ]
    if not prices:
        return None
    return ProductPricing(
        price_range=(min(p.price for p in prices), max(p.price for p in prices)),
        undiscounted_range=(
            min(p.undiscounted for p in prices),
            max(p.undiscounted for p in prices),
        ),
    )


def product_is_sellable(product: Product) -> bool:
    return product.status == Product.Status.PUBLISHED and product.shop.is_active


def product_in_stock(product: Product, *, channel: ChannelInfo = DEFAULT) -> bool:
    shop_id = product.shop_id
    return any(
        variant_quantity_available(v, channel=channel, shop_id=shop_id) > 0
        for v in product_variants(product)
    )
