"""The cart (checkout) before it becomes an order: created (empty, or with its lines,
addresses and metadata in one go), lines from several shops added, changed and removed,
merged at login, its buyer, contact, addresses, payment method, note, language and
metadata. The storefront and the API call the same functions here. Prices are never
taken from the client: every total is computed from the catalogue
(``orders.selectors.cart``). Delivery choices are ``orders.services.delivery``.

Locks: a write to a cart's lines locks the checkout row first (``checkout_lock``), so two writes
to one cart run one after the other and never after its completion (which holds the
same lock)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from marketplace.errors import NotFound
from marketplace.models import AdministrativeUnit, User
from marketplace.validators import normalize_phone, validate_phone
from shops.models import Product, ProductVariant, StockLocation
from shops.services.stock import stock_available

from .. import stripe_gateway
from ..models import (
    DEFAULT_CHANNEL,
    Address,
    Checkout,
    CheckoutDelivery,
    CheckoutLine,
    DeliveryKind,
    PaymentMethod,
)
from ..selectors.checkout import channel_exists

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


def checkout_require_open(checkout: Checkout) -> None:
    """A completed checkout is an order now: nothing of it changes any more."""
    if checkout.completed_order_id:
        raise _error(
            "checkout",
            "Giỏ hàng này đã được đặt thành đơn. / This checkout is already completed.",
            "checkout_completed",
        )


def checkout_lock(checkout: Checkout) -> None:
    """Locks the checkout's row until the transaction ends (call it inside one) and
    refuses a checkout that was completed meanwhile (the row's own state, not the
    caller's copy)."""
    checkout.completed_order_id = (
        Checkout.objects.select_for_update()
        .filter(pk=checkout.pk)
        .values_list("completed_order_id", flat=True)
        .first()
    )
    checkout_require_open(checkout)


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


class AddressError(ValidationError):
    """An address's errors with the address kind (Saleor's ``addressType``)."""

    def __init__(self, error: ValidationError, kind: str):
        super().__init__(error.error_dict if hasattr(error, "error_dict") else error.error_list)
        self.kind = kind


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
    if not channel_exists(channel):
        raise _error("channel", "Không tìm thấy kênh bán. / Channel not found.", "not_found")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise _error(
                "email", "Email không hợp lệ. / Invalid e-mail address.", "invalid"
            ) from None
    checkout = checkout_create(user=user, channel=channel, email=email, language_code=language_code)
    if lines:
        checkout_lines_add(checkout=checkout, lines=lines)
    for kind, data in (("shipping", shipping_address), ("billing", billing_address)):
        if data is not None:
            try:
                checkout_address_update(checkout=checkout, data=data, kind=kind)
            except ValidationError as exc:
                raise AddressError(exc, kind) from None
    if metadata:
        checkout = checkout_metadata_update(checkout=checkout, items=metadata)
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


def _check_line_inputs(lines: list[tuple[int, int]], *, allow_zero: bool = False) -> None:
    """Each line given: a quantity above 0 (0 allowed where it removes a line) and at
    most ``CHECKOUT_MAX_LINE_QUANTITY`` (Saleor's ``zero_quantity`` and
    ``quantity_greater_than_limit``), before the cart's own checks of the resulting
    quantities, availability and stock."""
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


@transaction.atomic
def checkout_lines_add(
    *, checkout: Checkout, lines: list[tuple[int, int]], replace: bool = False
) -> Checkout:
    """Adds ``(variant_id, quantity)`` lines (the storefront's "add to cart", the API's
    ``checkoutLinesAdd``); quantities add up with lines already in the cart unless
    ``replace``. All lines are validated before any is written; locks the checkout row
    (``checkout_lock``)."""
    checkout_lock(checkout)
    _check_line_inputs(lines)
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
    checkout_touch(checkout)
    return checkout


@transaction.atomic
def checkout_line_set(*, checkout: Checkout, variant_id: int, quantity: int) -> Checkout:
    """Sets the quantity of the line of ``variant_id`` (adding it if needed); 0 removes
    the line. Locks the checkout row."""
    checkout_lock(checkout)
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
    """Removes the line of ``variant_id`` (an error if the cart has none) and the delivery
    choice of a shop left without lines; locks the checkout row."""
    checkout_lock(checkout)
    deleted, _ = CheckoutLine.objects.filter(checkout=checkout, variant_id=variant_id).delete()
    if not deleted:
        raise _error(
            "line", "Không có sản phẩm này trong giỏ. / Line not in the cart.", "not_found"
        )
    _prune_deliveries(checkout)
    checkout_touch(checkout)
    return checkout


@transaction.atomic
def checkout_lines_update(
    *, checkout: Checkout, lines: list[tuple[int | None, int | None, int | None]]
) -> Checkout:
    """``(line_id, variant_id, quantity)`` triples: a line is named by its id (or, the
    deprecated way, by its variant); quantity 0 removes it, ``None`` leaves it. All or
    nothing; locks the checkout row."""
    checkout_lock(checkout)
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
    _check_line_inputs(changes, allow_zero=True)
    for variant_id, quantity in changes:
        if quantity == 0:
            if variant_id in current.values():
                checkout_line_delete(checkout=checkout, variant_id=variant_id)
        else:
            checkout_line_set(checkout=checkout, variant_id=variant_id, quantity=quantity)
    return checkout


@transaction.atomic
def checkout_lines_delete(*, checkout: Checkout, line_ids: list[int]) -> Checkout:
    """Removes lines by id, all or nothing (an unknown id refuses them all); locks the
    checkout row."""
    checkout_lock(checkout)
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
        checkout_line_delete(checkout=checkout, variant_id=current[pk])
    return checkout


@transaction.atomic
def cart_add(
    *,
    user: User | None,
    checkout: Checkout | None,
    lines: list[tuple[int, int]],
    language_code: str = "vi",
) -> Checkout:
    """The storefront's "add to cart": ``lines`` join ``checkout``, or a new cart of
    ``user`` (anonymous for ``None``) when there is none yet. One transaction: refused
    lines leave no empty cart behind. Locks the checkout row (``checkout_lines_add``)."""
    if checkout is None:
        checkout = checkout_create(user=user, language_code=language_code)
    return checkout_lines_add(checkout=checkout, lines=lines)


def _prune_deliveries(checkout: Checkout) -> None:
    shops = CheckoutLine.objects.filter(checkout=checkout).values("variant__product__shop_id")
    CheckoutDelivery.objects.filter(checkout=checkout).exclude(shop_id__in=shops).delete()


def checkout_touch(checkout: Checkout) -> None:
    """Marks the checkout as used now (it expires ``CHECKOUT_TTL_DAYS`` after)."""
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
    checkout_require_open(checkout)
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
    checkout_require_open(checkout)
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


def checkout_address_set(*, checkout: Checkout, data: dict[str, Any], kind: str) -> Checkout:
    """``checkout_address_update`` with the address kind on its errors (``AddressError``)."""
    checkout_require_open(checkout)
    try:
        return checkout_address_update(checkout=checkout, data=data, kind=kind)
    except ValidationError as exc:
        raise AddressError(exc, kind) from None


def payment_methods_available() -> list[str]:
    methods = [PaymentMethod.COD.value, PaymentMethod.VIETQR.value]
    if stripe_gateway.is_configured():
        methods.insert(0, PaymentMethod.CARD.value)
    return methods


@transaction.atomic
def checkout_payment_method_update(*, checkout: Checkout, method: str) -> Checkout:
    checkout_require_open(checkout)
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
    checkout_require_open(checkout)
    checkout.note = (note or "").strip()[:1000]
    checkout.save(update_fields=["note", "updated_at"])
    return checkout


@transaction.atomic
def checkout_customer_attach(*, checkout: Checkout, user: User) -> Checkout:
    """The signed-in buyer takes an anonymous checkout (Saleor: the checkout's customer
    becomes the requestor). A checkout of another account is not reachable at all."""
    checkout_require_open(checkout)
    if checkout.user_id not in (None, user.pk):
        raise NotFound("Không tìm thấy giỏ hàng. / Checkout not found.")
    checkout.user = user
    checkout.email = checkout.email or user.email
    checkout.phone = checkout.phone or user.phone
    checkout.save(update_fields=["user", "email", "phone", "updated_at"])
    return checkout


@transaction.atomic
def checkout_customer_detach(*, checkout: Checkout, user: User) -> Checkout:
    checkout_require_open(checkout)
    if checkout.user_id != user.pk:
        raise NotFound("Không tìm thấy giỏ hàng. / Checkout not found.")
    checkout.user = None
    checkout.save(update_fields=["user", "updated_at"])
    return checkout


@transaction.atomic
def checkout_language_update(*, checkout: Checkout, language: str) -> Checkout:
    checkout_require_open(checkout)
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
    checkout_require_open(checkout)
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
