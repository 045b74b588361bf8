"""Stock reads: a shop's locations and stock rows, movements, and what active
reservations hold."""

from __future__ import annotations

import datetime

from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from marketplace.errors import NotFound

from ..models import SalePoint, Shop, Stock, StockLocation, StockMovement, StockReservation


def shop_locations(*, shop: Shop) -> QuerySet[StockLocation]:
    """Where the shop's goods can be: its warehouses and every active sale point."""
    return (
        StockLocation.objects.filter(
            Q(shop=shop) | Q(kind=StockLocation.Kind.SALE_POINT, sale_point__is_active=True)
        )
        .select_related("sale_point")
        .order_by("kind", "name")
    )


def access_location(*, shop: Shop, location_id: int) -> StockLocation:
    location = shop_locations(shop=shop).filter(pk=location_id).first()
    if location is None:
        raise NotFound(location_id)
    return location


def shop_stock_list(
    *, shop: Shop, location: StockLocation | None = None, query: str = ""
) -> QuerySet[Stock]:
    qs = Stock.objects.filter(shop=shop).select_related("variant__product", "location")
    if location is not None:
        qs = qs.filter(location=location)
    if query:
        qs = qs.filter(
            Q(variant__product__name_vi__icontains=query) | Q(variant__sku__icontains=query)
        )
    return qs.order_by("variant__product__name_vi", "variant__position", "location__name")


def stock_movements_for_shop(*, shop: Shop, limit: int = 50) -> QuerySet[StockMovement]:
    return StockMovement.objects.filter(stock__shop=shop).select_related(
        "stock__variant__product", "stock__location", "actor"
    )[:limit]


def active_reservations(now: datetime.datetime | None = None) -> QuerySet[StockReservation]:
    """Reservations that hold stock now: active and not expired."""
    now = now or timezone.now()
    return StockReservation.objects.filter(status=StockReservation.Status.ACTIVE).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def reserved_quantity(now: datetime.datetime | None = None) -> Coalesce:
    """Annotation for a Stock queryset: the quantity held by active reservations."""
    held = (
        active_reservations(now)
        .filter(stock=OuterRef("pk"))
        .values("stock")
        .annotate(t=Sum("quantity"))
        .values("t")[:1]
    )
    return Coalesce(Subquery(held, output_field=IntegerField()), Value(0))


def stock_reserved_quantity(*, stock: Stock, now: datetime.datetime | None = None) -> int:
    return active_reservations(now).filter(stock=stock).aggregate(t=Sum("quantity"))["t"] or 0


def variant_available_quantity(*, stock: Stock, now: datetime.datetime | None = None) -> int:
    """Quantity minus active, unexpired reservations."""
    return stock.quantity - stock_reserved_quantity(stock=stock, now=now)


def sale_points() -> QuerySet[SalePoint]:
    return SalePoint.objects.filter(is_active=True).select_related("district")
