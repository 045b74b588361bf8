"""Commission rates and the shop ledger (what the platform owes each shop, in signed
whole đồng), payable balances, payout batches and monthly statements."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.db.models import Q

from ..models import CommissionRule


def commission_rates(shop_ids: Iterable[int]) -> Callable[[int, int | None], int]:
    """Loads the commission rules that can apply to ``shop_ids`` in one query and returns
    ``rate_bp(shop_id, product_group_id)``: shop + group, shop, group, then the platform
    default ``settings.OCOP_COMMISSION_BP`` (basis points)."""
    ids = list(shop_ids)
    rules = {
        (rule.shop_id, rule.product_group_id): rule.rate_bp
        for rule in CommissionRule.objects.filter(Q(shop_id__in=ids) | Q(shop__isnull=True))
    }
    default = int(settings.OCOP_COMMISSION_BP)

    def rate_bp(shop_id: int, product_group_id: int | None) -> int:
        for key in ((shop_id, product_group_id), (shop_id, None), (None, product_group_id)):
            if key in rules and (key[1] is not None or key[0] is not None):
                return rules[key]
        return default

    return rate_bp


def commission_amount(total: int, rate_bp: int) -> int:
    """Commission on ``total`` đồng, rounded half up to whole đồng."""
    return (total * rate_bp + 5000) // 10000
