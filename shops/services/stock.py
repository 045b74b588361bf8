"""Stock quantities, reservations and consignment. Quantities change only here, under
row locks (``shops.lock_objects``), and every change writes a ``StockMovement``."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace import services_audit as audit
from marketplace.bounded import QUANTITY_MAX
from marketplace.models import AuditAction, User
from search.dirty import mark_products_dirty

from ..lock_objects import stocks_for_update
from ..models import (
    ConsignmentLine,
    ConsignmentTransfer,
    Product,
    ProductVariant,
    Shop,
    ShopPower,
    Stock,
    StockLocation,
    StockMovement,
    StockReservation,
)
from ..permissions import require_shop_power
from .catalogue import variant_create

ADJUSTMENT_REASONS = {
    StockMovement.Reason.INITIAL,
    StockMovement.Reason.RESTOCK,
    StockMovement.Reason.ADJUSTMENT,
    StockMovement.Reason.DAMAGE,
    StockMovement.Reason.COUNT,
    StockMovement.Reason.IMPORT,
    StockMovement.Reason.RETURN,
}


class InsufficientStock(ValidationError):
    pass


def _stock_row(*, variant: ProductVariant, location: StockLocation) -> Stock:
    """Gets or creates the stock row, then locks it. Safe under concurrency: a losing
    concurrent insert falls back to the row the winner created."""
    if (
        location.kind == StockLocation.Kind.WAREHOUSE
        and location.shop_id != variant.product.shop_id
    ):
        raise ValidationError(
            {
                "location": ValidationError(
                    "Kho không thuộc gian hàng. / Warehouse of another shop.", code="invalid"
                )
            }
        )
    stock = Stock.objects.filter(variant=variant, location=location).first()
    if stock is None:
        try:
            with transaction.atomic():
                stock = Stock.objects.create(
                    variant=variant, location=location, shop_id=variant.product.shop_id
                )
        except IntegrityError:
            stock = Stock.objects.get(variant=variant, location=location)
    return stocks_for_update([stock.pk]).get()


def _apply_delta(
    *,
    stock: Stock,
    delta: int,
    reason: str,
    actor: User | None,
    note: str = "",
    reference: str = "",
    keep_reserved: bool = False,
) -> Stock:
    """Requires the row lock on ``stock``. Rejects a change that would go below zero, and
    with ``keep_reserved`` one that would leave less than active reservations hold."""
    new_quantity = stock.quantity + delta
    if new_quantity < 0:
        raise InsufficientStock(
            {
                "quantity": ValidationError(
                    f"Tồn kho không đủ: còn {stock.quantity}, cần giảm {-delta}. / "
                    f"Insufficient stock: {stock.quantity} on hand.",
                    code="insufficient_stock",
                )
            }
        )
    if keep_reserved and delta < 0:
        held = _reserved(stock, timezone.now())
        if new_quantity < held:
            raise InsufficientStock(
                {
                    "delta": ValidationError(
                        f"Không thể giảm: {held} sản phẩm đang được giữ cho đơn hàng (còn {stock.quantity}). / "
                        f"Cannot reduce: {held} are held for orders ({stock.quantity} on hand).",
                        code="insufficient_stock",
                    )
                }
            )
    stock.quantity = new_quantity
    stock.save(update_fields=["quantity"])
    StockMovement.objects.create(
        stock=stock,
        delta=delta,
        quantity_after=new_quantity,
        reason=reason,
        note=note,
        reference=reference,
        actor=actor if actor and actor.is_authenticated else None,
    )
    mark_products_dirty([stock.variant.product_id])
    return stock


def _check_reason(reason: str, note: str) -> None:
    if reason not in ADJUSTMENT_REASONS:
        raise ValidationError(
            {
                "reason": ValidationError(
                    "Vui lòng chọn lý do điều chỉnh. / A reason is required.", code="required"
                )
            }
        )
    if reason == StockMovement.Reason.ADJUSTMENT and not note.strip():
        raise ValidationError(
            {
                "note": ValidationError(
                    "Điều chỉnh cần ghi chú lý do. / An adjustment needs a note.", code="required"
                )
            }
        )


def _too_many(field: str) -> ValidationError:
    """More units than any one stock row may count (``QUANTITY_MAX``): a typing slip, never
    real goods; the forms bound the same, this guards GraphQL and every other caller."""
    return ValidationError(
        {
            field: ValidationError(
                _("Số lượng tối đa là %(limit)s.")
                % {"limit": f"{QUANTITY_MAX:,}".replace(",", ".")},
                code="max_value",
            )
        }
    )


@transaction.atomic
def stock_adjust(
    *,
    actor: User,
    variant: ProductVariant,
    location: StockLocation,
    delta: int,
    reason: str,
    note: str = "",
    reference: str = "",
) -> Stock:
    """Adds ``delta`` (may be negative) to the stock of ``variant`` at ``location`` under a
    row lock. A producer adjusts only its own goods; the result never goes negative nor
    below what active reservations hold (use ``stock_set`` to record a physical count)."""
    require_shop_power(actor=actor, shop=variant.product.shop, power=ShopPower.MANAGE_STOCK)
    _check_reason(reason, note)
    if delta == 0:
        raise ValidationError(
            {
                "delta": ValidationError(
                    "Số lượng điều chỉnh phải khác 0. / Delta must not be zero.", code="invalid"
                )
            }
        )
    if abs(delta) > QUANTITY_MAX:
        raise _too_many("delta")
    stock = _stock_row(variant=variant, location=location)
    if stock.quantity + delta > QUANTITY_MAX:
        raise _too_many("delta")
    quantity_before = stock.quantity
    stock = _apply_delta(
        stock=stock,
        delta=delta,
        reason=reason,
        actor=actor,
        note=note,
        reference=reference,
        keep_reserved=True,
    )
    _record_stock(AuditAction.STOCK_ADJUST, actor, stock, location, quantity_before, reason, note)
    return stock


def _record_stock(
    action: str,
    actor: User,
    stock: Stock,
    location: StockLocation,
    quantity_before: int,
    reason: str,
    note: str,
) -> None:
    audit.record(
        action,
        actor=actor,
        target=stock,
        target_label=f"{stock.variant.sku or stock.variant_id} @ {location.name}",
        before={"quantity": quantity_before},
        after={"quantity": stock.quantity, "reason": reason, "note": note},
    )


@transaction.atomic
def stock_set(
    *,
    actor: User,
    variant: ProductVariant,
    location: StockLocation,
    quantity: int,
    reason: str = StockMovement.Reason.COUNT,
    note: str = "",
) -> Stock:
    """Sets the counted quantity (stock take); records the difference in the ledger."""
    require_shop_power(actor=actor, shop=variant.product.shop, power=ShopPower.MANAGE_STOCK)
    if quantity is None or quantity < 0:
        raise ValidationError(
            {
                "quantity": ValidationError(
                    "Số lượng không được âm. / Quantity must not be negative.", code="negative"
                )
            }
        )
    if quantity > QUANTITY_MAX:
        raise _too_many("quantity")
    _check_reason(reason, note or "count")
    stock = _stock_row(variant=variant, location=location)
    quantity_before = stock.quantity
    delta = quantity - stock.quantity
    if delta == 0:
        return stock
    stock = _apply_delta(stock=stock, delta=delta, reason=reason, actor=actor, note=note)
    _record_stock(AuditAction.STOCK_SET, actor, stock, location, quantity_before, reason, note)
    return stock


def _reserved(stock: Stock, now: datetime.datetime) -> int:
    return (
        StockReservation.objects.filter(stock=stock, status=StockReservation.Status.ACTIVE)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .aggregate(t=Sum("quantity"))["t"]
        or 0
    )


@transaction.atomic
def stock_reserve(
    *,
    stock: Stock,
    quantity: int,
    source: str,
    reference: str,
    expires_at: datetime.datetime | None = None,
) -> StockReservation:
    """Holds ``quantity`` of ``stock`` for a checkout, order, livestream deal or POS sale.
    Locks the stock row; fails with ``insufficient_stock`` when what is available
    (quantity − active unexpired reservations) is short. Used by orders/livestream."""
    if quantity <= 0:
        raise ValidationError({"quantity": ValidationError("Số lượng phải > 0.", code="invalid")})
    locked = stocks_for_update([stock.pk]).get()
    now = timezone.now()
    available = locked.quantity - _reserved(locked, now)
    if quantity > available:
        raise InsufficientStock(
            {
                "quantity": ValidationError(
                    f"Chỉ còn {max(available, 0)} sản phẩm. / Only {max(available, 0)} left.",
                    code="insufficient_stock",
                )
            }
        )
    return StockReservation.objects.create(
        stock=locked, quantity=quantity, source=source, reference=reference, expires_at=expires_at
    )


@transaction.atomic
def stock_reservations_release(*, source: str, reference: str) -> int:
    """Releases every active reservation of (source, reference). Idempotent."""
    return StockReservation.objects.filter(
        source=source, reference=reference, status=StockReservation.Status.ACTIVE
    ).update(status=StockReservation.Status.RELEASED)


@transaction.atomic
def stock_reservations_consume(
    *,
    source: str,
    reference: str,
    actor: User | None = None,
    reason: str = StockMovement.Reason.SALE,
) -> int:
    """Turns active reservations into a sale: decrements the stock rows (locked in pk
    order) and records movements. Idempotent: consumed reservations are skipped."""
    reservations = list(
        StockReservation.objects.select_for_update()
        .filter(source=source, reference=reference, status=StockReservation.Status.ACTIVE)
        .order_by("stock_id")
    )
    stocks = {
        s.pk: s
        for s in stocks_for_update({r.stock_id for r in reservations}).select_related("variant")
    }
    for reservation in reservations:
        _apply_delta(
            stock=stocks[reservation.stock_id],
            delta=-reservation.quantity,
            reason=reason,
            actor=actor,
            reference=f"{source}:{reference}",
        )
        reservation.status = StockReservation.Status.CONSUMED
        reservation.save(update_fields=["status"])
    return len(reservations)


@transaction.atomic
def consignment_send(
    *,
    actor: User,
    shop: Shop,
    destination: StockLocation,
    lines: list[dict[str, Any]],
    note: str = "",
) -> ConsignmentTransfer:
    """Moves goods from the shop's warehouse to a sale point in one transaction: the
    warehouse goes down, the sale point's consigned stock (still owned by the shop) goes
    up, both in the ledger."""
    require_shop_power(actor=actor, shop=shop, power=ShopPower.MANAGE_STOCK)
    sale_point = destination.sale_point  # set exactly when kind is SALE_POINT (constraint)
    if (
        destination.kind != StockLocation.Kind.SALE_POINT
        or sale_point is None
        or not sale_point.is_active
    ):
        raise ValidationError(
            {
                "destination": ValidationError(
                    "Chọn một điểm bán đang hoạt động. / Choose an active sale point.",
                    code="invalid",
                )
            }
        )
    source = StockLocation.objects.get(shop=shop, kind=StockLocation.Kind.WAREHOUSE)
    if not lines:
        raise ValidationError(
            {"lines": ValidationError("Chưa có hàng. / No lines.", code="required")}
        )
    transfer = ConsignmentTransfer.objects.create(
        shop=shop,
        source=source,
        destination=destination,
        note=note,
        created_by=actor,
        status=ConsignmentTransfer.Status.RECEIVED,
        sent_at=timezone.now(),
        received_at=timezone.now(),
    )
    for line in sorted(lines, key=lambda item: item["variant"].pk):
        variant: ProductVariant = line["variant"]
        if variant.product.shop_id != shop.pk:
            raise ValidationError(
                {
                    "lines": ValidationError(
                        "Sản phẩm của gian hàng khác. / Another shop's product.", code="invalid"
                    )
                }
            )
        quantity = int(line["quantity"])
        if quantity <= 0:
            raise ValidationError(
                {
                    "lines": ValidationError(
                        "Số lượng gửi phải > 0. / Quantity must be positive.", code="invalid"
                    )
                }
            )
        ConsignmentLine.objects.create(transfer=transfer, variant=variant, quantity=quantity)
        ref = f"consignment:{transfer.pk}"
        out = _stock_row(variant=variant, location=source)
        _apply_delta(
            stock=out,
            delta=-quantity,
            reason=StockMovement.Reason.CONSIGNMENT_OUT,
            actor=actor,
            reference=ref,
            keep_reserved=True,
        )
        into = _stock_row(variant=variant, location=destination)
        _apply_delta(
            stock=into,
            delta=quantity,
            reason=StockMovement.Reason.CONSIGNMENT_IN,
            actor=actor,
            reference=ref,
        )
    audit.record(
        AuditAction.CONSIGNMENT_SEND,
        actor=actor,
        target=transfer,
        shop=shop,
        after={
            "destination": str(destination),
            "lines": [
                {"variant": line["variant"].pk, "quantity": line["quantity"]} for line in lines
            ],
            "note": note,
        },
    )
    return transfer


class AllocationShortage(InsufficientStock):
    """``shortages`` maps variant id → units still available at the location asked."""

    def __init__(self, shortages: dict[int, int]):
        self.shortages = shortages
        super().__init__(
            {
                "lines": ValidationError(
                    "Không đủ hàng cho một số sản phẩm. / Insufficient stock for some items.",
                    code="insufficient_stock",
                    params={"variants": sorted(shortages)},
                )
            }
        )


@transaction.atomic(savepoint=False)
def stock_allocate(
    *,
    items: list[tuple[int, int, int, str]],
    source: str,
    expires_at: datetime.datetime | None = None,
    release: tuple[str, str] | None = None,
) -> list[StockReservation]:
    """All-or-nothing reservation of many lines: ``items`` are (variant_id, location_id,
    quantity, reference). Locks every stock row involved in one ``SELECT … FOR UPDATE``
    (pk order), reads what active unexpired reservations hold in one aggregate, and
    creates the reservations in one insert — a constant number of queries whatever the
    number of lines. ``release`` = (source, reference) of reservations that are being
    converted (e.g. the checkout's own hold while it becomes an order): they are
    released in the same transaction and do not count against availability.
    Raises ``AllocationShortage`` when any line is short; it runs without a savepoint of
    its own, so a caller that wants to go on after a shortage wraps it in ``atomic()``
    (outside a transaction it is one)."""
    if not items:
        return []
    wanted: dict[tuple[int, int], int] = {}
    for variant_id, location_id, quantity, _ref in items:
        if quantity <= 0:
            raise ValidationError(
                {
                    "quantity": ValidationError(
                        "Số lượng phải > 0. / Quantity must be positive.", code="invalid"
                    )
                }
            )
        wanted[(variant_id, location_id)] = wanted.get((variant_id, location_id), 0) + quantity
    pair_filter = Q()
    for variant_id, location_id in wanted:
        pair_filter |= Q(variant_id=variant_id, location_id=location_id)
    stocks = {
        (s.variant_id, s.location_id): s
        for s in Stock.objects.select_for_update().filter(pair_filter).order_by("pk")
    }
    ids = [s.pk for s in stocks.values()]
    now = timezone.now()
    if release is not None:
        StockReservation.objects.filter(
            source=release[0], reference=release[1], status=StockReservation.Status.ACTIVE
        ).update(status=StockReservation.Status.RELEASED)
    held = dict(
        StockReservation.objects.filter(stock_id__in=ids, status=StockReservation.Status.ACTIVE)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .values("stock_id")
        .annotate(total=Sum("quantity"))
        .values_list("stock_id", "total")
    )
    shortages: dict[int, int] = {}
    for (variant_id, location_id), quantity in wanted.items():
        stock = stocks.get((variant_id, location_id))
        available = 0 if stock is None else stock.quantity - held.get(stock.pk, 0)
        if quantity > available:
            shortages[variant_id] = max(available, 0)
    if shortages:
        raise AllocationShortage(shortages)
    return StockReservation.objects.bulk_create(
        [
            StockReservation(
                stock=stocks[(variant_id, location_id)],
                quantity=quantity,
                source=source,
                reference=reference,
                expires_at=expires_at,
            )
            for variant_id, location_id, quantity, reference in items
        ]
    )


def stock_available(*, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """Units available (on hand − active unexpired reservations) per (variant_id,
    location_id), in two queries, without locks: for display and early checks only."""
    if not pairs:
        return {}
    pair_filter = Q()
    for variant_id, location_id in pairs:
        pair_filter |= Q(variant_id=variant_id, location_id=location_id)
    rows = list(
        Stock.objects.filter(pair_filter).values_list("pk", "variant_id", "location_id", "quantity")
    )
    now = timezone.now()
    held = dict(
        StockReservation.objects.filter(
            stock_id__in=[r[0] for r in rows], status=StockReservation.Status.ACTIVE
        )
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .values("stock_id")
        .annotate(total=Sum("quantity"))
        .values_list("stock_id", "total")
    )
    result = dict.fromkeys(pairs, 0)
    for pk, variant_id, location_id, quantity in rows:
        result[(variant_id, location_id)] = quantity - held.get(pk, 0)
    return result


def _indexed(exc: ValidationError, index: int) -> ValidationError:
    """``exc``'s messages under ``stocks``, each carrying the item's ``index``."""
    messages = (
        exc.error_list
        if not hasattr(exc, "error_dict")
        else [error for errors in exc.error_dict.values() for error in errors]
    )
    return ValidationError(
        {
            "stocks": [
                ValidationError(
                    error.message, code=error.code, params={**(error.params or {}), "index": index}
                )
                for error in messages
            ]
        }
    )


@transaction.atomic
def variant_stocks_set(
    *,
    actor: User,
    variant: ProductVariant,
    quantities: list[tuple[StockLocation, int]],
    reason: str = StockMovement.Reason.COUNT,
    note: str = "",
) -> list[Stock]:
    """Sets the quantities of ``variant`` at several of its shop's warehouses at once (a
    stock count, or the initial stock of a new variant): all or nothing. Stock at a sale
    point arrives only by consignment. Errors are keyed ``stocks`` with
    ``params["index"]`` naming the item. Rows are locked in location order."""
    require_shop_power(actor=actor, shop=variant.product.shop, power=ShopPower.MANAGE_STOCK)
    seen: set[int] = set()
    for index, (location, quantity) in enumerate(quantities):
        if location.pk in seen:
            raise _indexed(
                ValidationError(
                    "Kho bị lặp lại. / The same warehouse is listed twice.",
                    code="duplicated_input_item",
                ),
                index,
            )
        seen.add(location.pk)
        if (
            location.kind != StockLocation.Kind.WAREHOUSE
            or location.shop_id != variant.product.shop_id
        ):
            raise _indexed(
                ValidationError(
                    "Chỉ đặt số lượng tại kho của gian hàng; hàng tại điểm bán được nhập bằng phiếu ký gửi. / "
                    "Quantities are set at the shop's own warehouses; sale points receive stock by consignment.",
                    code="invalid",
                ),
                index,
            )
        if quantity is None or quantity < 0:
            raise _indexed(
                ValidationError(
                    "Số lượng không được âm. / Quantity must not be negative.", code="negative"
                ),
                index,
            )
        if quantity > QUANTITY_MAX:
            raise _indexed(_too_many("quantity"), index)
    stocks = []
    order = sorted(range(len(quantities)), key=lambda i: quantities[i][0].pk)
    for index in order:
        location, quantity = quantities[index]
        try:
            stocks.append(
                stock_set(
                    actor=actor,
                    variant=variant,
                    location=location,
                    quantity=quantity,
                    reason=reason,
                    note=note,
                )
            )
        except ValidationError as exc:
            raise _indexed(exc, index) from exc
    return stocks


@transaction.atomic
def variant_create_with_stock(
    *,
    actor: User,
    product: Product,
    data: dict[str, Any],
    quantities: list[tuple[StockLocation, int]] | None = None,
) -> ProductVariant:
    """Creates a variant (``catalogue.variant_create``) with its initial stock at the
    shop's warehouses in one transaction."""
    variant = variant_create(actor=actor, product=product, data=data)
    if quantities:
        variant_stocks_set(
            actor=actor, variant=variant, quantities=quantities, reason=StockMovement.Reason.INITIAL
        )
    return variant
