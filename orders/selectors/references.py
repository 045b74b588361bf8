"""What other apps ask of orders through ``marketplace.hooks`` (reads only)."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import OrderLine, ShopOrder

#: shop-order states in which the goods are still to be delivered (the variant is needed)
OPEN_STATES = (
    ShopOrder.Status.UNFULFILLED,
    ShopOrder.Status.CONFIRMED,
    ShopOrder.Status.PACKED,
    ShopOrder.Status.SHIPPED,
)


def order_variant_references(variant_ids: Iterable[int]) -> dict[int, str]:
    """``{variant id: "open" | "closed"}`` for the variants order lines name: ``open``
    when one of those shop orders is still to be delivered."""
    references: dict[int, str] = {}
    rows = OrderLine.objects.filter(variant_id__in=list(variant_ids)).values_list(
        "variant_id", "shop_order__status"
    )
    for variant_id, status in rows:
        if status in OPEN_STATES:
            references[variant_id] = "open"
        else:
            references.setdefault(variant_id, "closed")
    return references
