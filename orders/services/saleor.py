"""Writes behind the Saleor-compatible checkout API, built on the cart, checkout and
payment services: a checkout created with its lines and addresses in one transaction,
lines changed by line id, Saleor's single delivery method applied to every shop of a
multi-vendor checkout, payment gateways started the way Saleor's payment apps answer,
and completion with Saleor's preconditions. Prices are never taken from the client."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from marketplace.errors import NotFound
from marketplace.models import User

from .. import selectors_saleor as ss
from .. import stripe_gateway
from ..models import (
    Checkout,
    CheckoutDelivery,
    CheckoutLine,
    DeliveryKind,
    Order,
    Payment,
    PaymentMethod,
)
from . import cart, payments, stripe_events
from .checkout import checkout_complete
from .checkout_rules import checkout_problems, merge_errors

log = logging.getLogger(__name__)


def _error(field_name: str, message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError({field_name: ValidationError(message, code=code, params=params or None)})


def _require_open(checkout: Checkout) -> None:
    if checkout.completed_order_id:
        raise NotFound("Không tìm thấy giỏ hàng. / Checkout not found.")


def _check_quantities(lines: list[tuple[int, int]], *, allow_zero: bool = False) -> None:
    """Saleor's codes for quantities before the cart's own checks (stock, availability)."""
    maximum = settings.CHECKOUT_MAX_LINE_QUANTITY
    for variant_id, quantity in lines:
        if quantity < 0 or (quantity == 0 and not allow_zero):
            raise _error(
                "quantity",
                "Số lượng phải lớn hơn 0. / The quantity should be higher than zero.",
                "zero_quantity",
                variant=variant_id,
            )
        if quantity > maximum:
            raise _error(
                "quantity",
                f"Tối đa {maximum} sản phẩm mỗi dòng. / Cannot add more than {maximum} "
                "items of one product.",
                "quantity_greater_than_limit",
                variant=variant_id,
            )


# --- Creating and editing -------------------------------------------------------------------


@transaction.atomic
def checkout_create_with(
    *,
    user: User | None,
    channel: str,
    email: str = "",
    lines: list[tuple[int, int]] | None = None,
    shipping_address: dict[str, Any] | None = None,
    billing_address: dict[str, Any] | None = None,
    language_code: str = "vi",
    metadata: list[tuple[str, str]] | None = None,
) -> Checkout:
    """Saleor's ``checkoutCreate``: a new checkout with its lines, e-mail, addresses and
    metadata, all validated in one transaction (nothing is saved when anything is
    invalid)."""
    if not ss.channel_exists(channel):
        raise _error("channel", "Không tìm thấy kênh bán. / Channel not found.", "not_found")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise _error(
                "email", "Email không hợp lệ. / Invalid e-mail address.", "invalid"
            ) from None
    checkout = cart.checkout_create(
        user=user, channel=channel, email=email, language_code=language_code
    )
    if lines:
        _check_quantities(lines)
        cart.checkout_lines_add(checkout=checkout, lines=lines)
    for kind, data in (("shipping", shipping_address), ("billing", billing_address)):
        if data is not None:
            try:
                cart.checkout_address_update(checkout=checkout, data=data, kind=kind)
            except ValidationError as exc:
                raise AddressError(exc, kind) from None
    if metadata:
        checkout = checkout_metadata_update(checkout=checkout, items=metadata)
    return checkout


class AddressError(ValidationError):
    """An address's errors with the address kind (Saleor's ``addressType``)."""

    def __init__(self, error: ValidationError, kind: str):
        super().__init__(error.error_dict if hasattr(error, "error_dict") else error.error_list)
        self.kind = kind


def checkout_lines_add(*, checkout: Checkout, lines: list[tuple[int, int]]) -> Checkout:
    _require_open(checkout)
    _check_quantities(lines)
    return cart.checkout_lines_add(checkout=checkout, lines=lines)


@transaction.atomic
def checkout_lines_update(
    *, checkout: Checkout, lines: list[tuple[int | None, int | None, int | None]]
) -> Checkout:
    """``(line_id, variant_id, quantity)`` triples: a line is named by its id (or, the
    deprecated way, by its variant); quantity 0 removes it, ``None`` leaves it. All or
    nothing."""
    _require_open(checkout)
    current = dict(CheckoutLine.objects.filter(checkout=checkout).values_list("pk", "variant_id"))
    changes: list[tuple[int, int]] = []
    for line_id, variant_id, quantity in lines:
        if line_id is not None:
            if line_id not in current:
                raise _error(
                    "line_id",
                    "Dòng này không thuộc giỏ hàng. / The line is not in the checkout.",
                    "invalid",
                    lines=[line_id],
                )
            variant_id = current[line_id]
        if variant_id is None:
            raise _error("line_id", "Thiếu dòng cần sửa. / A line id is required.", "required")
        if quantity is not None:
            changes.append((variant_id, quantity))
    _check_quantities(changes, allow_zero=True)
    for variant_id, quantity in changes:
        if quantity == 0:
            if variant_id in current.values():
                cart.checkout_line_delete(checkout=checkout, variant_id=variant_id)
        else:
            cart.checkout_line_set(checkout=checkout, variant_id=variant_id, quantity=quantity)
    return checkout


@transaction.atomic
def checkout_lines_delete(*, checkout: Checkout, line_ids: list[int]) -> Checkout:
    _require_open(checkout)
    current = dict(CheckoutLine.objects.filter(checkout=checkout).values_list("pk", "variant_id"))
    unknown = [pk for pk in line_ids if pk not in current]
    if unknown:
        raise _error(
            "line_id",
            "Các dòng này không thuộc giỏ hàng. / Provided line ids aren't part of the checkout.",
            "invalid",
            lines=unknown,
        )
    for pk in dict.fromkeys(line_ids):
        cart.checkout_line_delete(checkout=checkout, variant_id=current[pk])
    return checkout


def checkout_address_set(*, checkout: Checkout, data: dict[str, Any], kind: str) -> Checkout:
    _require_open(checkout)
    try:
        return cart.checkout_address_update(checkout=checkout, data=data, kind=kind)
    except ValidationError as exc:
        raise AddressError(exc, kind) from None


@transaction.atomic
def checkout_customer_attach(*, checkout: Checkout, user: User) -> Checkout:
    """The signed-in buyer takes an anonymous checkout (Saleor: the checkout's customer
    becomes the requestor). A checkout of another account is not reachable at all."""
    _require_open(checkout)
    if checkout.user_id not in (None, user.pk):
        raise NotFound("Không tìm thấy giỏ hàng. / Checkout not found.")
    checkout.user = user
    checkout.email = checkout.email or user.email
    checkout.phone = checkout.phone or user.phone
    checkout.save(update_fields=["user", "email", "phone", "updated_at"])
    return checkout


@transaction.atomic
def checkout_customer_detach(*, checkout: Checkout, user: User) -> Checkout:
    _require_open(checkout)
    if checkout.user_id != user.pk:
        raise NotFound("Không tìm thấy giỏ hàng. / Checkout not found.")
    checkout.user = None
    checkout.save(update_fields=["user", "updated_at"])
    return checkout


@transaction.atomic
def checkout_language_update(*, checkout: Checkout, language: str) -> Checkout:
    _require_open(checkout)
    checkout.language_code = language
    checkout.save(update_fields=["language_code", "updated_at"])
    return checkout


METADATA_MAX_KEYS = 50
METADATA_MAX_KEY = 256
METADATA_MAX_VALUE = 2000


@transaction.atomic
def checkout_metadata_update(*, checkout: Checkout, items: list[tuple[str, str]]) -> Checkout:
    """Sets public metadata keys on the checkout (Saleor's ``updateMetadata``; a storefront
    keeps e.g. the buyer's marketing consent there). Keys are 1–256 characters, values at
    most 2000, at most 50 keys; all or nothing."""
    _require_open(checkout)
    locked = Checkout.objects.select_for_update().get(pk=checkout.pk)
    metadata = dict(locked.metadata or {})
    for key, value in items:
        key = str(key or "").strip()
        if not key:
            raise _error(
                "input", "Khóa không được để trống. / Metadata key cannot be empty.", "required"
            )
        if len(key) > METADATA_MAX_KEY or len(str(value)) > METADATA_MAX_VALUE:
            raise _error(
                "input",
                "Khóa hoặc giá trị quá dài. / Metadata key or value is too long.",
                "invalid",
            )
        metadata[key] = str(value)
    if len(metadata) > METADATA_MAX_KEYS:
        raise _error(
            "input",
            f"Tối đa {METADATA_MAX_KEYS} khóa. / At most {METADATA_MAX_KEYS} metadata keys.",
            "invalid",
        )
    locked.metadata = metadata
    locked.save(update_fields=["metadata", "updated_at"])
    return locked


# --- Delivery -------------------------------------------------------------------------------


@transaction.atomic
def checkout_delivery_clear(*, checkout: Checkout) -> Checkout:
    _require_open(checkout)
    CheckoutDelivery.objects.filter(checkout=checkout).delete()
    return checkout


@transaction.atomic
def checkout_shipping_choose(*, checkout: Checkout, key: str) -> Checkout:
    """Saleor's single delivery method on a multi-vendor checkout: one of the options the
    checkout lists (a shop's method for a one-shop checkout, a per-shop combination for
    several shops) sets every shop it covers; a method of one shop sets that shop."""
    _require_open(checkout)
    if checkout.shipping_address_id is None:
        raise _error(
            "delivery_method_id",
            "Vui lòng nhập địa chỉ giao hàng trước. / Set the shipping address first.",
            "shipping_address_not_set",
        )
    option = ss.delivery_option_find(checkout, key)
    if option is None:
        raise _error(
            "delivery_method_id",
            "Phương thức giao hàng không áp dụng cho giỏ hàng này. / This "
            "delivery method is not available for the checkout.",
            "delivery_method_not_applicable",
        )
    for shop_id, method_id in option.methods.items():
        cart.checkout_delivery_update(
            checkout=checkout,
            shop=shop_id,
            kind=DeliveryKind.SHIPPING,
            shipping_method_id=method_id,
        )
    return checkout


@transaction.atomic
def checkout_pickup_choose(*, checkout: Checkout, location_id: int) -> Checkout:
    """Pickup of every shop's lines at one sale point (a Saleor collection point)."""
    _require_open(checkout)
    point = next((loc for loc in ss.collection_points(checkout) if loc.pk == location_id), None)
    if point is None or point.sale_point_id is None:
        raise _error(
            "delivery_method_id",
            "Điểm bán này không có đủ hàng để nhận. / This collection point "
            "cannot supply the checkout.",
            "delivery_method_not_applicable",
        )
    for group in ss.summary_of(checkout).groups:
        cart.checkout_delivery_update(
            checkout=checkout,
            shop=group.shop.pk,
            kind=DeliveryKind.PICKUP,
            sale_point_id=point.sale_point_id,
        )
    return checkout


def checkout_shop_delivery_set(
    *,
    checkout: Checkout,
    shop_id: int,
    shipping_method_id: int | None = None,
    location_id: int | None = None,
) -> Checkout:
    """Our extension: one shop's delivery — a shipping method or pickup at a sale point
    (given as its stock location, Saleor's warehouse)."""
    _require_open(checkout)
    if (shipping_method_id is None) == (location_id is None):
        raise _error(
            "shipping_method_id",
            "Chọn một phương thức giao hàng hoặc một điểm nhận hàng. / Give a "
            "shipping method or a collection point.",
            "invalid",
        )
    if shipping_method_id is not None:
        cart.checkout_delivery_update(
            checkout=checkout,
            shop=shop_id,
            kind=DeliveryKind.SHIPPING,
            shipping_method_id=shipping_method_id,
        )
        return checkout
    location = ss.warehouse_find(location_id=location_id)
    cart.checkout_delivery_update(
        checkout=checkout,
        shop=shop_id,
        kind=DeliveryKind.PICKUP,
        sale_point_id=location.sale_point_id if location else None,
    )
    return checkout


# --- Payments -------------------------------------------------------------------------------


@dataclass
class TransactionResult:
    """What Saleor's ``transactionInitialize``/``transactionProcess`` answer: the payment
    (Saleor's transaction), the event type, and the gateway's data for the client."""

    payment: Payment | None
    event_type: str
    message: str = ""
    psp_reference: str = ""
    amount: int = 0
    data: dict[str, Any] | None = field(default=None)


DUMMY_FAILURES = {"CHARGE_FAILURE", "AUTHORIZATION_FAILURE"}


def _check_amount(amount: Decimal | None, total: int) -> None:
    if amount is not None and Decimal(amount) != Decimal(total):
        raise _error(
            "amount",
            f"Số tiền phải bằng tổng giỏ hàng ({total} đ). / The amount must be the checkout "
            f"total ({total} VND).",
            "invalid",
        )


def checkout_transaction_initialize(
    *,
    checkout: Checkout,
    gateway_id: str,
    data: Any = None,
    amount: Decimal | None = None,
) -> TransactionResult:
    """Starts paying a checkout with a gateway of ``payment_gateways``:

    - Stripe (``saleor.app.payment.stripe``): the stock is reserved and a manual-capture
      PaymentIntent created for the total (``payments.checkout_payment_start``); the data
      is the Stripe app's ``{"paymentIntent": {"stripeClientSecret": …}}``.
    - the dummy app (demo and test settings): a successful test charge for the total, or
      the failure the client asked for (``{"event": {"type": "CHARGE_FAILURE"}}``).
    - cash on delivery / VietQR: the checkout's payment method; nothing is charged now.

    The amount is always the checkout's total (a different ``amount`` is refused)."""
    _require_open(checkout)
    gateway = ss.gateway_find(gateway_id, checkout)
    if gateway is None:
        raise _error(
            "payment_gateway",
            "Không có cổng thanh toán này. / Payment gateway not available.",
            "not_found",
        )
    summary = ss.summary_of(checkout)
    if not summary.groups:
        raise _error("id", "Giỏ hàng trống. / The cart is empty.", "no_lines")
    _check_amount(amount, summary.total)
    method = ss.GATEWAY_METHODS[gateway.id]
    if method == PaymentMethod.CARD:
        cart.checkout_payment_method_update(checkout=checkout, method=method)
        payment = payments.checkout_payment_start(checkout=checkout)
        return TransactionResult(
            payment=payment,
            event_type="AUTHORIZATION_ACTION_REQUIRED",
            psp_reference=payment.stripe_payment_intent,
            amount=payment.amount,
            message="Chờ xác nhận thẻ. / Waiting for the card confirmation.",
            data={
                "paymentIntent": {
                    "stripeClientSecret": payment.client_secret,
                    "client_secret": payment.client_secret,
                },
                "publishableKey": settings.STRIPE_PUBLISHABLE_KEY,
            },
        )
    if method == PaymentMethod.DUMMY:
        event = (data or {}).get("event") if isinstance(data, dict) else None
        requested = str((event or {}).get("type") or "CHARGE_SUCCESS").upper()
        if requested in DUMMY_FAILURES:
            return TransactionResult(
                payment=None,
                event_type=requested,
                amount=summary.total,
                message="Thanh toán thử nghiệm bị từ chối. / Test payment declined.",
            )
        payment = payments.dummy_payment_charge(checkout=checkout)
        return TransactionResult(
            payment=payment,
            event_type="CHARGE_SUCCESS",
            amount=payment.amount,
            psp_reference=payment.idempotency_key,
            message="Thanh toán thử nghiệm thành công. / Test payment succeeded.",
        )
    if method == PaymentMethod.COD and not ss.cod_available(checkout):
        raise _error(
            "payment_gateway",
            "Không áp dụng thanh toán khi nhận hàng cho đơn này. / Cash on delivery is "
            "not available for this order.",
            "invalid",
        )
    cart.checkout_payment_method_update(checkout=checkout, method=method)
    return TransactionResult(
        payment=None,
        event_type="INFO",
        amount=summary.total,
        data={"paymentMethod": method},
        message="Thanh toán khi đặt hàng xong. / Paid after the order is placed.",
    )


def transaction_process(*, payment: Payment) -> TransactionResult:
    """Saleor's ``transactionProcess``: reads a card payment's PaymentIntent again and
    applies its state the way the matching webhook would (idempotent)."""
    if payment.method == PaymentMethod.CARD and payment.stripe_payment_intent:
        intent = stripe_gateway.payment_intent_retrieve(payment.stripe_payment_intent)
        kind = {
            "requires_capture": "payment_intent.amount_capturable_updated",
            "succeeded": "payment_intent.succeeded",
            "canceled": "payment_intent.canceled",
        }.get(intent.status)
        if kind is not None:
            stripe_events.stripe_event_apply(
                {
                    "id": f"sync:{intent.id}:{intent.status}",
                    "type": kind,
                    "data": {
                        "object": {
                            "id": intent.id,
                            "amount": intent.amount,
                            "amount_received": intent.amount_received,
                            "status": intent.status,
                        }
                    },
                }
            )
        payment.refresh_from_db()
    return TransactionResult(
        payment=payment,
        event_type=transaction_event_type(payment),
        psp_reference=payment.stripe_payment_intent or payment.idempotency_key,
        amount=payment.amount,
        message=payment.failure_message,
    )


def transaction_event_type(payment: Payment) -> str:
    """Saleor's event type for a payment's current state."""
    card = payment.method == PaymentMethod.CARD
    types: dict[str, str] = {
        Payment.Status.PENDING: "AUTHORIZATION_ACTION_REQUIRED" if card else "CHARGE_REQUEST",
        Payment.Status.AUTHORIZED: "AUTHORIZATION_SUCCESS",
        Payment.Status.SUCCEEDED: "CHARGE_SUCCESS",
        Payment.Status.FAILED: "AUTHORIZATION_FAILURE" if card else "CHARGE_FAILURE",
        Payment.Status.CANCELLED: "CANCEL_SUCCESS",
        Payment.Status.REFUNDED: "REFUND_SUCCESS",
    }
    return types.get(payment.status, "INFO")


# --- Completing -----------------------------------------------------------------------------

UNPAID_METHODS = (PaymentMethod.COD, PaymentMethod.VIETQR)


def checkout_saleor_problems(checkout: Checkout) -> list[ValidationError]:
    """Saleor's preconditions on top of ours: a billing address, and payment in full
    unless the buyer pays cash on delivery or by bank transfer after ordering (card and
    test payments must be authorized or charged for the whole total first)."""
    summary = ss.summary_of(checkout)
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
        coverage = ss.checkout_coverage(checkout)
        if coverage.covered < summary.total:
            problems.append(
                _error(
                    "id",
                    "Giỏ hàng chưa được thanh toán đủ. / The checkout is not fully paid.",
                    "checkout_not_fully_paid",
                )
            )
    return problems


def checkout_complete_saleor(*, checkout: Checkout, user: Any) -> Order:
    """Places the order once Saleor's preconditions hold (``checkout_saleor_problems``);
    completing a completed checkout returns its order."""
    if checkout.completed_order_id:
        return Order.objects.get(pk=checkout.completed_order_id)
    problems = checkout_saleor_problems(checkout)
    if problems:
        raise merge_errors(problems)
    return checkout_complete(checkout=checkout, user=user)
