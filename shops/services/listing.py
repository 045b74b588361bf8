"""Where and at what price a product is offered: its online price per variant and whether
it is published — Saleor's channel listings, for our online store (``default-channel``).
Sale points sell at the same prices from consigned stock."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from marketplace.models import User

from ..models import Product, ProductVariant, ShopPower
from ..permissions import require_shop_power
from .catalogue import product_update, variant_update

KEEP = object()  # "leave the compare-at price as it is"


@transaction.atomic
def variant_price_set(
    *,
    actor: User,
    variant: ProductVariant,
    price: int,
    compare_at_price: int | None | object = KEEP,
) -> ProductVariant:
    """Sets the variant's price in integer đồng (> 0) and makes it sellable; a variant is
    created inactive at price 0 until it has one. ``compare_at_price`` (the crossed-out
    earlier price) is kept unless given; ``None`` clears it."""
    require_shop_power(actor=actor, shop=variant.product.shop, power=ShopPower.MANAGE_PRODUCTS)
    if price <= 0:
        raise ValidationError(
            {
                "price": ValidationError(
                    "Giá phải lớn hơn 0 đ. / The price must be more than 0 VND.",
                    code="invalid_price",
                )
            }
        )
    data: dict[str, object] = {"price": price, "is_active": True}
    if compare_at_price is not KEEP:
        data["compare_at_price"] = compare_at_price
    return variant_update(actor=actor, variant=variant, data=data)


@transaction.atomic
def product_listing_update(
    *,
    actor: User,
    product: Product,
    published: bool | None = None,
    activate: Iterable[ProductVariant] = (),
    deactivate: Iterable[ProductVariant] = (),
) -> Product:
    """Publishes or unpublishes the product and switches variants on or off for sale, in
    one transaction. A variant goes on sale only once it has a price (``not_priced``,
    with ``params["variants"]`` = the variant pks)."""
    require_shop_power(actor=actor, shop=product.shop, power=ShopPower.MANAGE_PRODUCTS)
    activate, deactivate = list(activate), list(deactivate)
    for variant in (*activate, *deactivate):
        if variant.product_id != product.pk:
            raise ValidationError(
                {
                    "variants": ValidationError(
                        "Phân loại không thuộc sản phẩm này. / The variant is not of this product.",
                        code="not_products_variant",
                        params={"variants": [variant.pk]},
                    )
                }
            )
    unpriced = [variant.pk for variant in activate if variant.price <= 0]
    if unpriced:
        raise ValidationError(
            {
                "variants": ValidationError(
                    "Đặt giá cho phân loại trước khi mở bán. / Set the variant's price before offering it.",
                    code="not_priced",
                    params={"variants": unpriced},
                )
            }
        )
    for variant in activate:
        if not variant.is_active:
            variant_update(actor=actor, variant=variant, data={"is_active": True})
    for variant in deactivate:
        if variant.is_active:
            variant_update(actor=actor, variant=variant, data={"is_active": False})
    if published is not None:
        status = Product.Status.PUBLISHED if published else Product.Status.DRAFT
        if product.status != status:
            product = product_update(actor=actor, product=product, data={"status": status})
    return product
