"""The cart (checkout) before it becomes an order: lines from several shops, contact,
address, a delivery choice per shop, payment method. Prices are never taken from the
client: every total is computed from the catalogue (``orders.selectors``)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from marketplace.models import AdministrativeUnit, User
from marketplace.validators import normalize_phone, validate_phone
from shops.models import Product, ProductVariant, Shop, StockLocation
from shops.services.stock import stock_available

from ..models import (
    DEFAULT_CHANNEL,
    Address,
    Checkout,
    CheckoutDelivery,
    CheckoutLine,
    DeliveryKind,
    PaymentMethod,
)

UNKNOWN_UNIT = {
    "province": "Không tìm thấy tỉnh/thành này. / Unknown province.",
    "commune": "Không tìm thấy phường/xã này. / Unknown commune.",
    "district": "Không tìm thấy huyện (cũ) này. / Unknown former district.",
}
CURRENT = AdministrativeUnit.Generation.CURRENT
FORMER = AdministrativeUnit.Generation.FORMER
Level = AdministrativeUnit.Level


def _error(field: str, message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


def _require_open(checkout: Checkout) -> None:
    if checkout.completed_order_id:
        raise _error(
            "checkout",
            "Giỏ hàng này đã được đặt thành đơn. / This checkout is already completed.",
            "checkout_completed",
        )


def checkout_create(
    *,
    user: User | None = None,
    channel: str = DEFAULT_CHANNEL,
    email: str = "",
    language_code: str = "vi",
) -> Checkout:
    """A new, empty cart. Signed-in buyers get their address-book default and e-mail."""
    checkout = Checkout(channel=channel, language_code=language_code)
    if user is not None and user.is_authenticated:
        checkout.user = user
        checkout.email = email or user.email
        checkout.phone = user.phone
    elif email:
        validate_email(email)
        checkout.email = email
    checkout.save()
    return checkout


def _sellable_variants(variant_ids: list[int]) -> dict[int, ProductVariant]:
    return {
        v.pk: v
        for v in ProductVariant.objects.select_related("product__shop").filter(
            pk__in=variant_ids,
            is_active=True,
            product__status=Product.Status.PUBLISHED,
            product__shop__is_active=True,
        )
    }


def _check_quantities(lines: dict[int, int], variants: dict[int, ProductVariant]) -> None:
    """Quantity 1..CHECKOUT_MAX_LINE_QUANTITY and not above what the shop can supply
    anywhere (its warehouse or a sale point holding it)."""
    maximum = settings.CHECKOUT_MAX_LINE_QUANTITY
    for variant_id, quantity in lines.items():
        if variant_id not in variants:
            raise _error(
                "variant",
                "Sản phẩm không tồn tại hoặc đã ngừng bán. / Product not available.",
                "not_found",
                variant=variant_id,
            )
        if quantity <= 0 or quantity > maximum:
            raise _error(
                "quantity",
                f"Số lượng phải từ 1 đến {maximum}. / Quantity must be 1–{maximum}.",
                "invalid_quantity",
                variant=variant_id,
            )
    locations = list(
        StockLocation.objects.filter(stocks__variant_id__in=list(lines)).values_list(
            "stocks__variant_id", "pk"
        )
    )
    available = stock_available(pairs=locations)
    best: dict[int, int] = {}
    for (variant_id, _location_id), units in available.items():
        best[variant_id] = max(best.get(variant_id, 0), units)
    for variant_id, quantity in lines.items():
        if quantity > best.get(variant_id, 0):
            units = max(best.get(variant_id, 0), 0)
            raise _error(
                "quantity",
                f"Chỉ còn {units} sản phẩm. / Only {units} left in stock.",
                "insufficient_stock",
                variant=variant_id,
                available=units,
            )


@transaction.atomic
def checkout_lines_add(
    *, checkout: Checkout, lines: list[tuple[int, int]], replace: bool = False
) -> Checkout:
    """Adds (variant_id, quantity) lines; quantities add up with lines already in the
    cart unless ``replace``. All lines are validated before any is written."""
    _require_open(checkout)
    if not lines:
        raise _error("lines", "Chưa chọn sản phẩm. / No lines given.", "required")
    current = dict(
        CheckoutLine.objects.filter(checkout=checkout).values_list("variant_id", "quantity")
    )
    wanted: dict[int, int] = {}
    for variant_id, quantity in lines:
        base = wanted.get(variant_id, 0 if replace else current.get(variant_id, 0))
        wanted[int(variant_id)] = base + int(quantity)
    _check_quantities(wanted, _sellable_variants(list(wanted)))
    existing = set(current)
    CheckoutLine.objects.bulk_create(
        [
            CheckoutLine(checkout=checkout, variant_id=v, quantity=q)
            for v, q in wanted.items()
            if v not in existing
        ]
    )
    for variant_id, quantity in wanted.items():
        if variant_id in existing:
            CheckoutLine.objects.filter(checkout=checkout, variant_id=variant_id).update(
                quantity=quantity
            )
    _touch(checkout)
    return checkout


@transaction.atomic
def checkout_line_set(*, checkout: Checkout, variant_id: int, quantity: int) -> Checkout:
    """Sets a line's quantity; 0 removes the line."""
    _require_open(checkout)
    if quantity < 0:
        raise _error(
            "quantity",
            "Số lượng không được âm. / Quantity must not be negative.",
            "invalid_quantity",
        )
    if quantity == 0:
        return checkout_line_delete(checkout=checkout, variant_id=variant_id)
    return checkout_lines_add(checkout=checkout, lines=[(variant_id, quantity)], replace=True)


@transaction.atomic
def checkout_line_delete(*, checkout: Checkout, variant_id: int) -> Checkout:
    _require_open(checkout)
    deleted, _ = CheckoutLine.objects.filter(checkout=checkout, variant_id=variant_id).delete()
    if not deleted:
        raise _error(
            "line", "Không có sản phẩm này trong giỏ. / Line not in the cart.", "not_found"
        )
    _prune_deliveries(checkout)
    _touch(checkout)
    return checkout


def _prune_deliveries(checkout: Checkout) -> None:
    shops = CheckoutLine.objects.filter(checkout=checkout).values("variant__product__shop_id")
    CheckoutDelivery.objects.filter(checkout=checkout).exclude(shop_id__in=shops).delete()


def _touch(checkout: Checkout) -> None:
    Checkout.objects.filter(pk=checkout.pk).update(updated_at=timezone.now())


@transaction.atomic
def checkout_merge(*, user: User, checkout: Checkout) -> Checkout:
    """At login: the anonymous ``checkout``'s lines join the user's open cart (quantities
    add up; a line that no longer fits the stock keeps the quantity already in the
    user's cart). The user's cart is returned and the anonymous one is emptied. Without
    an open cart of the user, the anonymous cart simply becomes theirs."""
    if checkout.completed_order_id:
        return checkout
    if checkout.user_id == user.pk:
        return checkout
    if checkout.user_id is not None:
        raise _error("checkout", "Giỏ hàng của người khác. / Another user's cart.", "not_found")
    target = (
        Checkout.objects.select_for_update()
        .filter(user=user, completed_order__isnull=True, channel=checkout.channel)
        .exclude(pk=checkout.pk)
        .order_by("-updated_at")
        .first()
    )
    if target is None:
        checkout.user = user
        checkout.email = checkout.email or user.email
        checkout.phone = checkout.phone or user.phone
        checkout.save(update_fields=["user", "email", "phone", "updated_at"])
        return checkout
    incoming = list(
        CheckoutLine.objects.filter(checkout=checkout).values_list("variant_id", "quantity")
    )
    for variant_id, quantity in incoming:
        try:
            with transaction.atomic():
                checkout_lines_add(checkout=target, lines=[(variant_id, quantity)])
        except ValidationError:
            continue  # the larger quantity the stock allows stays in the user's cart
    CheckoutLine.objects.filter(checkout=checkout).delete()
    return target


ADDRESS_FIELDS = ("full_name", "phone", "province_id", "district_id", "commune_id", "street")


def address_clean(data: dict[str, Any]) -> Address:
    """Builds (unsaved) a Vietnamese address from ids or codes: ``province`` (current),
    ``commune`` (current, inside the province), optional ``district`` (a former district,
    consistent with the commune), ``street``, ``full_name``, ``phone`` (+84)."""
    errors: dict[str, ValidationError] = {}

    def unit(key: str, generation: str, level: str) -> AdministrativeUnit | None:
        value = data.get(key)
        if value in (None, ""):
            return None
        # an instance or an int is a primary key; a string is the official code
        if isinstance(value, AdministrativeUnit):
            lookup: dict[str, Any] = {"pk": value.pk}
        elif isinstance(value, int):
            lookup = {"pk": value}
        else:
            lookup = {"code": str(value).strip()}
        found = AdministrativeUnit.objects.filter(
            generation=generation, level=level, **lookup
        ).first()
        if found is None:
            errors[key] = ValidationError(UNKNOWN_UNIT[key], code="invalid")
        return found

    province = unit("province", CURRENT, Level.PROVINCE)
    commune = unit("commune", CURRENT, Level.COMMUNE)
    district = unit("district", FORMER, Level.DISTRICT)
    if province is None and "province" not in errors:
        errors["province"] = ValidationError(
            "Vui lòng chọn tỉnh/thành. / Choose a province.", code="required"
        )
    if commune is None and "commune" not in errors:
        errors["commune"] = ValidationError(
            "Vui lòng chọn phường/xã. / Choose a commune.", code="required"
        )
    if province and commune and commune.parent_id != province.pk:
        errors["commune"] = ValidationError(
            "Phường/xã không thuộc tỉnh/thành đã chọn. / The commune is not in that province.",
            code="invalid",
        )
    if district and commune and not commune.predecessors.filter(parent=district).exists():
        errors["district"] = ValidationError(
            "Huyện (cũ) không khớp với phường/xã. / The former district does not match the commune.",
            code="invalid",
        )
    full_name = str(data.get("full_name") or "").strip()
    street = str(data.get("street") or "").strip()
    phone = normalize_phone(str(data.get("phone") or ""))
    if not full_name:
        errors["full_name"] = ValidationError(
            "Vui lòng nhập họ tên. / Name is required.", code="required"
        )
    if not street:
        errors["street"] = ValidationError(
            "Vui lòng nhập số nhà, đường. / Street is required.", code="required"
        )
    try:
        validate_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc
    if errors:
        raise ValidationError(errors)
    if district is None and commune is not None:
        district = _former_district(commune)
    return Address(
        full_name=full_name[:150],
        phone=phone,
        province=province,
        commune=commune,
        district=district,
        street=street[:255],
    )


def _former_district(commune: AdministrativeUnit) -> AdministrativeUnit | None:
    """The former district a current commune came from, when it is unambiguous."""
    parents = set(
        commune.predecessors.filter(level=Level.COMMUNE).values_list("parent_id", flat=True)
    )
    if len(parents) != 1:
        return None
    return AdministrativeUnit.objects.filter(pk=parents.pop()).first()


@transaction.atomic
def checkout_contact_update(
    *, checkout: Checkout, email: str | None = None, phone: str | None = None
) -> Checkout:
    _require_open(checkout)
    fields = []
    if email is not None:
        email = email.strip()
        try:
            validate_email(email)
        except ValidationError:
            raise _error(
                "email", "Email không hợp lệ. / Invalid e-mail address.", "invalid"
            ) from None
        checkout.email = email
        fields.append("email")
    if phone is not None:
        normalized = normalize_phone(phone)
        try:
            validate_phone(normalized)
        except ValidationError as exc:
            raise ValidationError({"phone": exc}) from None
        checkout.phone = normalized
        fields.append("phone")
    if fields:
        checkout.save(update_fields=[*fields, "updated_at"])
    return checkout


@transaction.atomic
def checkout_address_update(
    *, checkout: Checkout, data: dict[str, Any], kind: str = "shipping"
) -> Checkout:
    """Sets the shipping or billing address (validated; replaces the previous copy). A
    shipping address also fills the checkout's phone when none is set; shipping choices
    that no longer apply to the new address are cleared."""
    _require_open(checkout)
    field = f"{kind}_address"
    address = address_clean(data)
    old = getattr(checkout, field)
    if old is not None and all(getattr(old, f) == getattr(address, f) for f in ADDRESS_FIELDS):
        return checkout  # unchanged: keep the delivery choices made for it
    address.save()
    setattr(checkout, field, address)
    update = [field, "updated_at"]
    if kind == "shipping" and not checkout.phone:
        checkout.phone = address.phone
        update.append("phone")
    checkout.save(update_fields=update)
    if old is not None:
        old.delete()
    if kind == "shipping" and (
        old is None
        or (old.province_id, old.district_id, old.commune_id)
        != (address.province_id, address.district_id, address.commune_id)
    ):
        CheckoutDelivery.objects.filter(checkout=checkout, kind=DeliveryKind.SHIPPING).delete()
    return checkout


@transaction.atomic
def checkout_delivery_update(
    *,
    checkout: Checkout,
    shop: Shop | int,
    kind: str,
    shipping_method_id: int | None = None,
    sale_point_id: int | None = None,
) -> CheckoutDelivery:
    """Chooses how one shop's lines reach the buyer: a shipping method offered for the
    address and parcel, or pickup at a sale point that holds all of them."""
    from .. import selectors, selectors_shipping

    _require_open(checkout)
    shop_id = shop if isinstance(shop, int) else shop.pk
    group = next(
        (g for g in selectors.checkout_summary(checkout).groups if g.shop.pk == shop_id), None
    )
    if group is None:
        raise _error(
            "shop",
            "Giỏ hàng không có sản phẩm của gian hàng này. / No lines of this shop.",
            "not_found",
        )
    values: dict[str, Any] = {"kind": kind, "shipping_method_id": None, "sale_point_id": None}
    if kind == DeliveryKind.SHIPPING:
        if checkout.shipping_address is None:
            raise _error(
                "shipping_address",
                "Vui lòng nhập địa chỉ giao hàng trước. / Set the address first.",
                "shipping_address_not_set",
            )
        if shipping_method_id not in {o.method_id for o in group.shipping_options}:
            raise _error(
                "shipping_method",
                "Phương thức giao hàng không áp dụng cho địa chỉ này. / "
                "This shipping method is not available for the address.",
                "shipping_method_not_applicable",
            )
        values["shipping_method_id"] = shipping_method_id
    elif kind == DeliveryKind.PICKUP:
        points = selectors_shipping.pickup_points(
            shop_id=shop_id, lines=[(line.variant.pk, line.quantity) for line in group.lines]
        )
        if sale_point_id not in {p.pk for p in points}:
            raise _error(
                "sale_point",
                "Điểm bán này không có đủ hàng để nhận. / This sale point cannot "
                "supply these items for pickup.",
                "invalid",
            )
        values["sale_point_id"] = sale_point_id
    else:
        raise _error(
            "kind", "Hình thức nhận hàng không hợp lệ. / Invalid delivery kind.", "invalid"
        )
    delivery, _ = CheckoutDelivery.objects.update_or_create(
        checkout=checkout, shop_id=shop_id, defaults=values
    )
    _touch(checkout)
    return delivery


def payment_methods_available() -> list[str]:
    methods = [PaymentMethod.COD.value, PaymentMethod.VIETQR.value]
    from .. import stripe_gateway

    if stripe_gateway.is_configured():
        methods.insert(0, PaymentMethod.CARD.value)
    return methods


@transaction.atomic
def checkout_payment_method_update(*, checkout: Checkout, method: str) -> Checkout:
    _require_open(checkout)
    if method not in payment_methods_available():
        raise _error(
            "payment_method",
            "Phương thức thanh toán không khả dụng. / Payment method not available.",
            "invalid",
        )
    checkout.payment_method = method
    checkout.save(update_fields=["payment_method", "updated_at"])
    return checkout


@transaction.atomic
def checkout_note_update(*, checkout: Checkout, note: str) -> Checkout:
    _require_open(checkout)
    checkout.note = (note or "").strip()[:1000]
    checkout.save(update_fields=["note", "updated_at"])
    return checkout


def checkout_by_token(
    *, token: str | uuid.UUID | None, user: Any = None, include_completed: bool = False
) -> Checkout | None:
    """An open checkout by token (or a completed one with ``include_completed``, to
    answer a repeated "place order" with its order); a checkout that belongs to an
    account is only returned to that account (a leaked token gives a stranger nothing)."""
    if not token:
        return None
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    found = Checkout.objects.filter(token=token)
    if not include_completed:
        found = found.filter(completed_order__isnull=True)
    checkout = found.first()
    if checkout is None:
        return None
    if checkout.user_id is not None and (
        user is None or not user.is_authenticated or user.pk != checkout.user_id
    ):
        return None
    return checkout
