"""Completing a checkout: one customer order with one shop order per shop, stock
allocated under row locks in the same transaction, in a constant number of queries
whatever the number of lines and shops — placed from the storefront's one-page checkout
(``checkout_details_update`` saves the page, ``checkout_place`` places it) or from the
API once Saleor's preconditions hold (``checkout_complete_saleor``)."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.validators import normalize_phone
from shops.models import StockLocation, StockReservation
from shops.services.stock import AllocationShortage, stock_allocate

from ..models import (
    Address,
    Checkout,
    DeliveryKind,
    Order,
    OrderEvent,
    OrderLine,
    Payment,
    PaymentMethod,
    ShopOrder,
)
from ..selectors.cart import checkout_summary, summary_of
from ..selectors.checkout import checkout_expired
from ..selectors.holds import address_key, buyer_identity, clean_ip
from ..selectors.payments import checkout_coverage
from . import cart, delivery, holds, notifications, payments
from .checkout_rules import checkout_problems, merge_errors
from .ledger import commission_amount, commission_rates

NUMBER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


def new_order_number() -> str:
    """``DH`` + 8 characters: short enough for a bank transfer's purpose field and
    unambiguous when read aloud."""
    return "DH" + "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))


def _save_with_unique_number(order: Order) -> None:
    """Inserts the order; on the (one in 10^12) clash of a random number, draws again."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                order.save(force_insert=True)
            return
        except IntegrityError:
            if attempt == 4 or Order.objects.filter(checkout_token=order.checkout_token).exists():
                raise
            order.pk = None
            order.number = new_order_number()


def _error(field: str, message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


def _payment_due(method: str, now: Any) -> Any:
    if method == PaymentMethod.CARD:
        return now + timedelta(minutes=settings.ORDER_CARD_PAYMENT_TIMEOUT_MINUTES)
    if method == PaymentMethod.VIETQR:
        return now + timedelta(hours=settings.ORDER_BANK_TRANSFER_TIMEOUT_HOURS)
    return None


def _copy(address: Address | None) -> Address | None:
    if address is None:
        return None
    copy = Address(
        full_name=address.full_name,
        phone=address.phone,
        province_id=address.province_id,
        district_id=address.district_id,
        commune_id=address.commune_id,
        street=address.street,
    )
    copy.save()
    return copy


def checkout_complete(*, checkout: Checkout, user: Any = None, client_ip: str = "") -> Order:
    """Places the order. Idempotent: completing a completed checkout returns its order.

    Runs in one transaction: the checkout row is locked (two clicks, two tabs or two
    API calls complete it once), prices come from the catalogue, the stock rows of every
    line are locked in pk order and checked against active reservations, then the order,
    its shop orders, lines, allocations and events are written in bulk. Unpaid card and
    bank-transfer orders hold their allocation until ``stock_held_until`` (a card until
    ``payment_due_at``, a bank transfer ``STOCK_HOLD_VIETQR_MINUTES``).

    An order placed unpaid (cash on delivery, bank transfer, card not yet paid) goes
    through the stock-hold policy (``holds``): the placement rate limit per client
    address ``client_ip`` and per buyer (``too_many_unpaid_orders``) and the limits on
    what one order and one buyer may hold (``hold_limit_exceeded``); nothing is saved
    when refused.

    Saleor's pay-first flow: a card payment started on the checkout must cover the
    total; if the checkout cannot complete (stock gone, expired), that payment is voided
    or refunded (``payments.checkout_payments_release``) so nobody is charged without
    an order."""
    try:
        order = _complete(checkout_id=checkout.pk, user=user, client_ip=clean_ip(client_ip))
    except ValidationError as exc:
        if _is_permanent(exc):
            payments.checkout_payments_release(checkout=checkout, reason="checkout_failed")
        raise
    transaction.on_commit(lambda: payments.order_capture_authorized(order_id=order.pk))
    return order


def _is_permanent(exc: ValidationError) -> bool:
    codes = (
        {e.code for errors in exc.error_dict.values() for e in errors}
        if hasattr(exc, "error_dict")
        else set()
    )
    return bool(codes & {"insufficient_stock", "checkout_expired", "product_not_available"})


@transaction.atomic
def _complete(*, checkout_id: int, user: Any, client_ip: str) -> Order:
    checkout = (
        Checkout.objects.select_for_update(of=("self",))
        .select_related("shipping_address", "billing_address")
        .get(pk=checkout_id)
    )
    if checkout.completed_order_id:
        return Order.objects.get(pk=checkout.completed_order_id)
    now = timezone.now()
    if checkout_expired(checkout, now):
        raise _error(
            "checkout",
            "Giỏ hàng đã hết hạn, vui lòng tạo lại. / The checkout has expired.",
            "checkout_expired",
        )
    summary = checkout_summary(checkout, with_media=False)
    problems = checkout_problems(summary)
    if problems:
        raise merge_errors(problems)
    unavailable = [lv.variant.pk for g in summary.groups for lv in g.lines if not lv.sellable]
    if unavailable:
        raise _error(
            "lines",
            "Một số sản phẩm đã ngừng bán. / Some products are no longer sold.",
            "product_not_available",
            variants=unavailable,
        )

    paid_first = list(
        Payment.objects.filter(
            checkout=checkout,
            order__isnull=True,
            status__in=[Payment.Status.AUTHORIZED, Payment.Status.SUCCEEDED],
        )
    )
    covered = sum(p.amount for p in paid_first)
    if paid_first and covered < summary.total:
        raise _error(
            "payment",
            "Khoản thanh toán không đủ tổng đơn. / The payment does not cover the total.",
            "checkout_not_fully_paid",
        )
    if checkout.payment_method == PaymentMethod.DUMMY and covered < summary.total:
        raise _error(
            "payment", "Chưa thanh toán. / The checkout is not paid.", "checkout_not_fully_paid"
        )
    method = (
        PaymentMethod.CARD
        if paid_first and checkout.payment_method != PaymentMethod.DUMMY
        else (checkout.payment_method)
    )
    due = None if paid_first else _payment_due(method, now)
    held_until = (
        None if paid_first else holds.stock_hold_until(method=method, now=now, payment_due_at=due)
    )
    buyer = (
        checkout.user
        if checkout.user_id
        else (user if user is not None and user.is_authenticated else None)
    )
    identity = buyer_identity(
        user=buyer,
        email=checkout.email,
        phone=checkout.phone,
        address=checkout.shipping_address,
        ip=client_ip,
    )
    if not paid_first:
        holds.unpaid_order_rate_check(identity=identity)

    shop_ids = [g.shop.pk for g in summary.groups]
    warehouses = dict(
        StockLocation.objects.filter(
            kind=StockLocation.Kind.WAREHOUSE, shop_id__in=shop_ids
        ).values_list("shop_id", "pk")
    )
    pickup_ids = [
        g.delivery.sale_point_id
        for g in summary.groups
        if g.delivery and g.delivery.kind == DeliveryKind.PICKUP
    ]
    pickup_locations = (
        dict(
            StockLocation.objects.filter(sale_point_id__in=pickup_ids).values_list(
                "sale_point_id", "pk"
            )
        )
        if pickup_ids
        else {}
    )
    rate_bp = commission_rates(shop_ids)

    order = Order(
        number=new_order_number(),
        user=buyer,
        channel=checkout.channel,
        email=checkout.email,
        phone=checkout.phone,
        shipping_address=_copy(checkout.shipping_address),
        billing_address=_copy(checkout.billing_address),
        payment_method=method,
        status=Order.Status.UNFULFILLED
        if method in (PaymentMethod.COD,) or paid_first
        else Order.Status.UNCONFIRMED,
        subtotal=summary.subtotal,
        shipping_total=summary.shipping_total,
        total=summary.total,
        payment_due_at=due,
        stock_held_until=held_until,
        client_ip=client_ip or None,
        address_key=address_key(checkout.shipping_address),
        note=checkout.note,
        language_code=checkout.language_code,
        checkout_token=checkout.token,
    )
    _save_with_unique_number(order)
    shop_orders: list[ShopOrder] = []
    order_lines: list[list[OrderLine]] = []
    for index, group in enumerate(summary.groups, start=1):
        delivery = group.delivery
        assert delivery is not None  # checked by checkout_problems
        lines = []
        for lv in group.lines:
            rate = rate_bp(group.shop.pk, lv.product.product_group_id)
            lines.append(
                OrderLine(
                    variant=lv.variant,
                    product_name=lv.product.name_vi,
                    product_name_en=lv.product.name_en,
                    variant_name=lv.variant.name,
                    sku=lv.variant.sku,
                    barcode=lv.variant.barcode,
                    product_group_id=lv.product.product_group_id,
                    unit_price=lv.unit_price,
                    quantity=lv.quantity,
                    total=lv.total,
                    weight_grams=lv.weight_grams,
                    commission_rate_bp=rate,
                    commission=commission_amount(lv.total, rate),
                )
            )
        option = next(
            (o for o in group.shipping_options if o.method_id == delivery.shipping_method_id), None
        )
        pickup = delivery.kind == DeliveryKind.PICKUP
        shop_orders.append(
            ShopOrder(
                order=order,
                shop=group.shop,
                number=f"{order.number}-{index}",
                delivery_kind=delivery.kind,
                shipping_method_id=None if pickup else delivery.shipping_method_id,
                shipping_method_name="" if pickup or option is None else option.name_vi,
                delivery_min_days=None if pickup or option is None else option.min_days,
                delivery_max_days=None if pickup or option is None else option.max_days,
                sale_point_id=delivery.sale_point_id if pickup else None,
                stock_location_id=(
                    pickup_locations[delivery.sale_point_id or 0]
                    if pickup
                    else warehouses[group.shop.pk]
                ),
                subtotal=group.subtotal,
                shipping_fee=group.shipping_fee or 0,
                total=group.total,
                commission=sum(line.commission for line in lines),
            )
        )
        order_lines.append(lines)
    ShopOrder.objects.bulk_create(shop_orders)
    for shop_order, lines in zip(shop_orders, order_lines, strict=True):
        for line in lines:
            line.shop_order = shop_order
    OrderLine.objects.bulk_create([line for lines in order_lines for line in lines])
    try:
        stock_allocate(
            items=[
                (line.variant_id, so.stock_location_id, line.quantity, so.number)
                for so, lines in zip(shop_orders, order_lines, strict=True)
                for line in lines
                if line.variant_id is not None
            ],
            source=StockReservation.Source.ORDER,
            expires_at=held_until,
            release=(StockReservation.Source.CHECKOUT, str(checkout.token)),
        )
    except AllocationShortage as exc:
        names = {lv.variant.pk: str(lv.variant) for g in summary.groups for lv in g.lines}
        detail = ", ".join(
            f"{names.get(v, v)} (còn {n} / {n} left)" for v, n in sorted(exc.shortages.items())
        )
        raise _error(
            "lines",
            f"Không đủ hàng: {detail}. / Insufficient stock: {detail}.",
            "insufficient_stock",
            variants=sorted(exc.shortages),
        ) from None
    if not paid_first:
        # after allocating: the stock rows are locked, so two unpaid orders of one buyer
        # for one variant are checked one after the other
        holds.hold_limits_check(
            identity=identity,
            lines=[(lv.variant.pk, lv.quantity) for g in summary.groups for lv in g.lines],
            now=now,
            exclude_order_id=order.pk,
            names={lv.variant.pk: str(lv.variant) for g in summary.groups for lv in g.lines},
        )
        holds.unpaid_order_rate_record(identity=identity)
    OrderEvent.objects.bulk_create(
        [
            OrderEvent(
                order=order,
                kind="placed",
                actor=order.user,
                data={"payment_method": method, "total": order.total},
            )
        ]
        + [
            OrderEvent(order=order, shop_order=so, kind="placed", actor=order.user)
            for so in shop_orders
        ]
    )
    checkout.completed_order = order
    checkout.save(update_fields=["completed_order", "updated_at"])
    if paid_first:
        Payment.objects.filter(pk__in=[p.pk for p in paid_first]).update(order=order)
        payments.order_refresh_payment(order=order)
    for shop_order in shop_orders:  # already in memory: the e-mails need no query
        shop_order.shop = next(g.shop for g in summary.groups if g.shop.pk == shop_order.shop_id)
    notifications.order_placed(order, shop_orders=shop_orders)
    return order


UNPAID_METHODS = (PaymentMethod.COD, PaymentMethod.VIETQR)


def checkout_saleor_problems(checkout: Checkout) -> list[ValidationError]:
    """Saleor's preconditions on top of ours: a billing address, and payment in full
    unless the buyer pays cash on delivery or by bank transfer after ordering (card and
    test payments must be authorized or charged for the whole total first)."""
    summary = summary_of(checkout)
    problems = [
        p
        for p in checkout_problems(summary)
        if not any(
            e.code == "payment_method_not_set" for errs in p.error_dict.values() for e in errs
        )
    ]
    if any(e.code == "no_lines" for p in problems for errs in p.error_dict.values() for e in errs):
        return problems
    if checkout.billing_address_id is None:
        problems.append(
            _error(
                "billing_address",
                "Vui lòng nhập địa chỉ thanh toán. / Billing address is required.",
                "billing_address_not_set",
            )
        )
    if checkout.payment_method not in UNPAID_METHODS:
        coverage = checkout_coverage(checkout)
        if coverage.covered < summary.total:
            problems.append(
                _error(
                    "id",
                    "Giỏ hàng chưa được thanh toán đủ. / The checkout is not fully paid.",
                    "checkout_not_fully_paid",
                )
            )
    return problems


def checkout_complete_saleor(*, checkout: Checkout, user: Any, client_ip: str = "") -> Order:
    """Places the order once Saleor's preconditions hold (``checkout_saleor_problems``);
    completing a completed checkout returns its order."""
    if checkout.completed_order_id:
        return Order.objects.get(pk=checkout.completed_order_id)
    problems = checkout_saleor_problems(checkout)
    if problems:
        raise merge_errors(problems)
    return checkout_complete(checkout=checkout, user=user, client_ip=client_ip)


# --- The storefront's one-page checkout -------------------------------------------------------


@dataclass(frozen=True)
class CheckoutDetails:
    """What the storefront's checkout page posts: contact (blank: unchanged), the
    shipping address (``None``: left blank, as a pickup-only order may), the delivery
    choice per shop id (``(kind, shipping method or sale point id)``), payment method
    (blank: unchanged) and note."""

    email: str = ""
    phone: str = ""
    shipping_address: dict[str, Any] | None = None
    deliveries: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    payment_method: str = ""
    note: str = ""


@dataclass(frozen=True)
class SectionError:
    """A refused section of the page: ``contact``, ``address``, ``delivery`` (of
    ``shop_id``), ``payment`` or ``note``, with the service's error."""

    section: str
    error: ValidationError
    shop_id: int | None = None


class CheckoutDetailsError(ValidationError):
    """Every refused section of a checkout page save (nothing of it was saved)."""

    def __init__(self, sections: list[SectionError]):
        super().__init__([s.error for s in sections])
        self.sections = sections


def _same_address(address: Address | None, data: dict[str, Any]) -> bool:
    if address is None:
        return False
    return (
        address.full_name == str(data.get("full_name") or "").strip()
        and address.phone == normalize_phone(str(data.get("phone") or ""))
        and address.province_id == data.get("province")
        and address.commune_id == data.get("commune")
        and (data.get("district") is None or address.district_id == data.get("district"))
        and address.street == str(data.get("street") or "").strip()
    )


def checkout_details_update(*, checkout: Checkout, details: CheckoutDetails) -> Checkout:
    """Saves the storefront's checkout page: contact, shipping address, each shop's
    delivery, payment method and note, each through its own service (``cart``,
    ``delivery``), all in one transaction that locks the checkout row
    (``cart.checkout_lock``). A section that did not change is not written. If any
    section is refused, nothing is saved: ``CheckoutDetailsError`` lists every refused
    section and ``checkout`` is read again from the database. A new address may change
    the shipping options: a shop's shipping choice it no longer offers is then dropped
    silently (the buyer chooses again), and a shipping choice is not tried while the
    address itself is refused."""
    try:
        _details_save(checkout, details)
    except CheckoutDetailsError:
        checkout.refresh_from_db()
        raise
    return checkout


@transaction.atomic
def _details_save(checkout: Checkout, details: CheckoutDetails) -> None:
    cart.checkout_lock(checkout)
    refused: list[SectionError] = []

    def run(
        section: str,
        action: Callable[[], Any],
        *,
        shop_id: int | None = None,
        ignore: tuple[str, ...] = (),
    ) -> bool:
        try:
            with transaction.atomic():
                action()
        except ValidationError as exc:
            codes = {e.code for errors in getattr(exc, "error_dict", {}).values() for e in errors}
            if ignore and codes and codes <= set(ignore):
                return False
            refused.append(SectionError(section, exc, shop_id))
            return False
        return True

    email, phone = details.email.strip(), details.phone.strip()
    if (email and email != checkout.email) or (phone and normalize_phone(phone) != checkout.phone):
        run(
            "contact",
            lambda: cart.checkout_contact_update(
                checkout=checkout, email=email or None, phone=phone or None
            ),
        )
    address_changed = address_failed = False
    address = details.shipping_address
    if address is not None and not _same_address(checkout.shipping_address, address):
        address_changed = run(
            "address", lambda: cart.checkout_address_update(checkout=checkout, data=address)
        )
        address_failed = not address_changed
    current = {d.shop_id: d for d in checkout.deliveries.all()}
    for shop_id, (kind, ident) in details.deliveries.items():
        saved = current.get(shop_id)
        if (
            not address_changed
            and saved is not None
            and saved.kind == kind
            and ident
            == (saved.shipping_method_id if kind == DeliveryKind.SHIPPING else saved.sale_point_id)
        ):
            continue
        if kind == DeliveryKind.SHIPPING and address_failed:
            continue  # the address error is what the buyer has to fix first
        run(
            "delivery",
            functools.partial(
                delivery.checkout_delivery_update,
                checkout=checkout,
                shop=shop_id,
                kind=kind,
                shipping_method_id=ident if kind == DeliveryKind.SHIPPING else None,
                sale_point_id=ident if kind == DeliveryKind.PICKUP else None,
            ),
            shop_id=shop_id,
            # a new address may change the options: then the buyer simply chooses again
            ignore=("shipping_method_not_applicable",) if address_changed else (),
        )
    method = details.payment_method
    if method and method != checkout.payment_method:
        run(
            "payment", lambda: cart.checkout_payment_method_update(checkout=checkout, method=method)
        )
    note = details.note.strip()
    if note != checkout.note:
        run("note", lambda: cart.checkout_note_update(checkout=checkout, note=note))
    if refused:
        raise CheckoutDetailsError(refused)


def checkout_place(
    *,
    checkout: Checkout,
    user: Any,
    details: CheckoutDetails,
    expected_total: int | None,
    client_ip: str = "",
) -> Order:
    """The storefront's "Place order": saves the page (``checkout_details_update``,
    committed on its own so that a refused placement keeps what the buyer entered),
    checks that the total the buyer was shown is still the total (``total_changed`` on
    ``expected_total`` otherwise: prices, fees or the cart changed meanwhile; nothing
    is placed), then ``checkout_complete`` (its own transaction; the checkout row and
    the stock rows locked). Idempotent: a checkout completed meanwhile (a second click
    waits for the first one's lock) answers with its order. Raises
    ``CheckoutDetailsError`` for a refused section, ``ValidationError`` for what stops
    the order."""
    try:
        checkout_details_update(checkout=checkout, details=details)
    except CheckoutDetailsError:
        raise
    except ValidationError:
        checkout.refresh_from_db(fields=["completed_order"])
        if checkout.completed_order_id is None:
            raise
        return checkout_complete(checkout=checkout, user=user, client_ip=client_ip)  # its order
    if expected_total != checkout_summary(checkout).total:
        raise _error(
            "expected_total",
            "Tổng tiền đã được cập nhật. / The total has changed.",
            "total_changed",
        )
    return checkout_complete(checkout=checkout, user=user, client_ip=client_ip)
