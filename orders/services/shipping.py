"""Per-shop shipping configuration (zones, methods, weight bands) and the quotes the
checkout asks for: shipping options for every shop of a cart in a constant number of
queries, the fee re-check at completion, and the sale points where a shop's lines can
be picked up. Fees are integer VND (đồng)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef

from marketplace.errors import NotFound
from marketplace.models import AdministrativeUnit, User
from shops.models import Shop, ShopPower
from shops.permissions import require_shop_power

from ..models import ShippingMethod, ShippingWeightBand, ShippingZone
from ..selectors.shipping import ZoneDistrict, ZoneProvince

MAX_DELIVERY_DAYS = 365
QUANG_TRI_NAME = "Quảng Trị"

# --- Configuration (shop dashboard) --------------------------------------------------------


def _lock_shop(shop: Shop) -> None:
    """Serialises configuration writes of one shop (overlap checks, the defaults)."""
    list(Shop.objects.select_for_update().filter(pk=shop.pk).values_list("pk", flat=True))


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _clean_ids(values: Iterable[Any], field: str) -> list[int]:
    try:
        return sorted({int(value) for value in values})
    except (TypeError, ValueError) as exc:
        raise _error(
            field, "Mã đơn vị hành chính không hợp lệ. / Invalid administrative unit id.", "invalid"
        ) from exc


def _units(
    ids: list[int], *, generation: str, level: str
) -> tuple[list[AdministrativeUnit], list[int]]:
    """The units of ``ids`` of that generation and level, and the ids that are not."""
    found = list(AdministrativeUnit.objects.filter(pk__in=ids, generation=generation, level=level))
    found_ids = {unit.pk for unit in found}
    return found, [pk for pk in ids if pk not in found_ids]


def _zone_overlaps(
    *,
    shop: Shop,
    zone: ShippingZone | None,
    provinces: list[AdministrativeUnit],
    districts: list[AdministrativeUnit],
) -> dict[str, list[ValidationError]]:
    """An active zone may not share a province or a district with another active zone of
    the shop, and a shop has one active rest-of-Vietnam zone: otherwise which rate
    applies would be ambiguous."""
    others = ShippingZone.objects.filter(shop=shop, is_active=True)
    if zone is not None and zone.pk:
        others = others.exclude(pk=zone.pk)
    errors: dict[str, list[ValidationError]] = {}
    for field, units, through in (
        ("province_ids", provinces, ZoneProvince),
        ("district_ids", districts, ZoneDistrict),
    ):
        if not units:
            continue
        clashes = (
            through.objects.filter(shippingzone__in=others, administrativeunit__in=units)
            .select_related("shippingzone", "administrativeunit")
            .order_by("administrativeunit__name")
        )
        for clash in clashes:
            errors.setdefault(field, []).append(
                ValidationError(
                    f"{clash.administrativeunit.full_name} đã thuộc vùng “{clash.shippingzone.name}”. / "
                    f"{clash.administrativeunit.full_name} is already in zone “{clash.shippingzone.name}”.",
                    code="overlap",
                )
            )
    if not provinces and not districts:
        rest = (
            others.exclude(Exists(ZoneProvince.objects.filter(shippingzone_id=OuterRef("pk"))))
            .exclude(Exists(ZoneDistrict.objects.filter(shippingzone_id=OuterRef("pk"))))
            .first()
        )
        if rest is not None:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                ValidationError(
                    f"Gian hàng đã có vùng toàn quốc “{rest.name}”; chọn tỉnh hoặc huyện cho vùng này. / "
                    f"The shop already has a nationwide zone “{rest.name}”; choose provinces or districts.",
                    code="overlap",
                )
            )
    return errors


@transaction.atomic
def shipping_zone_save(
    *,
    actor: User,
    shop: Shop,
    zone: ShippingZone | None = None,
    name: str,
    province_ids: Iterable[Any],
    district_ids: Iterable[Any],
    is_active: bool = True,
) -> ShippingZone:
    """Creates (``zone=None``) or updates a zone of ``shop``. Provinces are current
    provinces, districts Quảng Bình's former districts; a zone with neither ships to
    the rest of Vietnam. Active zones of a shop may not overlap. ``NotFound`` for a zone
    of another shop; nothing is saved when anything is invalid. Holds the shop's row
    lock while it checks overlaps and writes."""
    require_shop_power(actor=actor, shop=shop, power=ShopPower.MANAGE_SHIPPING)
    if zone is not None and zone.shop_id != shop.pk:
        raise NotFound(zone.pk)
    _lock_shop(shop)
    errors: dict[str, list[ValidationError]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [
            ValidationError("Vui lòng nhập tên vùng. / Zone name is required.", code="required")
        ]
    elif len(name) > 120:
        errors["name"] = [
            ValidationError(
                "Tên vùng tối đa 120 ký tự. / 120 characters at most.", code="max_length"
            )
        ]
    provinces, bad_provinces = _units(
        _clean_ids(province_ids, "province_ids"), generation="current", level="province"
    )
    districts, bad_districts = _units(
        _clean_ids(district_ids, "district_ids"), generation="former", level="district"
    )
    if bad_provinces:
        errors["province_ids"] = [
            ValidationError(
                "Chỉ chọn tỉnh/thành phố hiện hành (34 tỉnh từ 1/7/2025). / Choose current provinces only.",
                code="invalid_province",
            )
        ]
    if bad_districts:
        errors["district_ids"] = [
            ValidationError(
                "Chỉ chọn huyện/thị xã/thành phố cũ của Quảng Bình. / Choose former districts only.",
                code="invalid_district",
            )
        ]
    if is_active and not (bad_provinces or bad_districts):
        for field, field_errors in _zone_overlaps(
            shop=shop, zone=zone, provinces=provinces, districts=districts
        ).items():
            errors.setdefault(field, []).extend(field_errors)
    if errors:
        raise ValidationError(errors)
    if zone is None:
        zone = ShippingZone(shop=shop)
    zone.name = name
    zone.is_active = bool(is_active)
    zone.save()
    zone.provinces.set(provinces)
    zone.districts.set(districts)
    return zone


@transaction.atomic
def shipping_zone_delete(*, actor: User, shop: Shop, zone: ShippingZone) -> None:
    """Deletes a zone and its methods. Orders keep their method name snapshot; carts that
    chose one of its methods must choose again."""
    require_shop_power(actor=actor, shop=shop, power=ShopPower.MANAGE_SHIPPING)
    if zone.shop_id != shop.pk:
        raise NotFound(zone.pk)
    zone.delete()


def _clean_money(value: Any, *, required: bool = True) -> list[ValidationError]:
    if value is None:
        if required:
            return [
                ValidationError("Vui lòng nhập số tiền. / An amount is required.", code="required")
            ]
        return []
    if not _is_int(value) or value < 0:
        return [
            ValidationError(
                "Số tiền phải là số nguyên đồng, không âm. / Must be a whole, non-negative VND amount.",
                code="invalid_amount",
            )
        ]
    return []


def _clean_bands(
    kind: str, bands: Sequence[Any]
) -> tuple[list[tuple[int, int]], dict[str, list[ValidationError]]]:
    errors: dict[str, list[ValidationError]] = {}
    cleaned: list[tuple[int, int]] = []
    if kind != ShippingMethod.Kind.WEIGHT:
        if bands:
            errors["bands"] = [
                ValidationError(
                    "Phí đồng giá không dùng bậc khối lượng. / A flat rate has no weight bands.",
                    code="bands_not_allowed",
                )
            ]
        return cleaned, errors
    if not bands:
        errors["bands"] = [
            ValidationError(
                "Phí theo khối lượng cần ít nhất một bậc. / A weight rate needs at least one band.",
                code="bands_required",
            )
        ]
        return cleaned, errors
    for index, band in enumerate(bands):
        try:
            max_grams, price = band
        except (TypeError, ValueError):
            errors.setdefault("bands", []).append(
                ValidationError(
                    f"Bậc {index + 1}: cần (khối lượng tối đa, phí). / Band {index + 1}: needs (max grams, fee).",
                    code="invalid",
                )
            )
            continue
        if not _is_int(max_grams) or max_grams <= 0:
            errors.setdefault("bands", []).append(
                ValidationError(
                    f"Bậc {index + 1}: khối lượng tối đa phải là số gam nguyên dương. / "
                    f"Band {index + 1}: max weight must be a positive whole number of grams.",
                    code="invalid_weight",
                )
            )
            continue
        if _clean_money(price):
            errors.setdefault("bands", []).append(
                ValidationError(
                    f"Bậc {index + 1}: phí phải là số nguyên đồng, không âm. / "
                    f"Band {index + 1}: fee must be a whole, non-negative VND amount.",
                    code="invalid_amount",
                )
            )
            continue
        cleaned.append((max_grams, price))
    weights = [max_grams for max_grams, _price in cleaned]
    if len(set(weights)) != len(weights):
        errors.setdefault("bands", []).append(
            ValidationError(
                "Hai bậc trùng khối lượng tối đa. / Two bands have the same max weight.",
                code="duplicate",
            )
        )
    return sorted(cleaned), errors


@transaction.atomic
def shipping_method_save(
    *,
    actor: User,
    zone: ShippingZone,
    method: ShippingMethod | None = None,
    name_vi: str,
    name_en: str = "",
    kind: str,
    price: int,
    free_above: int | None = None,
    min_days: int,
    max_days: int,
    bands: Sequence[tuple[int, int]] = (),
    is_active: bool = True,
) -> ShippingMethod:
    """Creates (``method=None``) or updates a method of ``zone`` with its weight bands,
    replaced as a whole. ``kind`` flat uses ``price``; ``kind`` weight needs at least one
    band ``(max_grams, price)`` and stores its lightest band's fee as ``price`` (the
    "from" figure). ``free_above``: subtotals at or above it ship free. Amounts are whole
    non-negative VND. ``NotFound`` for a method of another shop; nothing is saved when
    anything is invalid."""
    require_shop_power(actor=actor, shop=zone.shop, power=ShopPower.MANAGE_SHIPPING)
    if method is not None and method.zone.shop_id != zone.shop_id:
        raise NotFound(method.pk)
    errors: dict[str, list[ValidationError]] = {}
    name_vi, name_en = (name_vi or "").strip(), (name_en or "").strip()
    if not name_vi:
        errors["name_vi"] = [
            ValidationError("Vui lòng nhập tên. / A name is required.", code="required")
        ]
    for field, value in (("name_vi", name_vi), ("name_en", name_en)):
        if len(value) > 120:
            errors.setdefault(field, []).append(
                ValidationError("Tối đa 120 ký tự. / 120 characters at most.", code="max_length")
            )
    if kind not in ShippingMethod.Kind.values:
        errors["kind"] = [
            ValidationError("Chọn cách tính phí. / Choose a rate kind.", code="invalid_choice")
        ]
    if kind != ShippingMethod.Kind.WEIGHT and (price_errors := _clean_money(price)):
        errors["price"] = price_errors
    if free_above_errors := _clean_money(free_above, required=False):
        errors["free_above"] = free_above_errors
    for days_field, days in (("min_days", min_days), ("max_days", max_days)):
        if not _is_int(days) or not 0 <= days <= MAX_DELIVERY_DAYS:
            errors[days_field] = [
                ValidationError(
                    f"Số ngày phải là số nguyên từ 0 đến {MAX_DELIVERY_DAYS}. / "
                    f"Days must be a whole number from 0 to {MAX_DELIVERY_DAYS}.",
                    code="invalid_days",
                )
            ]
    if "min_days" not in errors and "max_days" not in errors and min_days > max_days:
        errors["max_days"] = [
            ValidationError(
                "Số ngày giao muộn nhất phải ≥ sớm nhất. / Max days must be ≥ min days.",
                code="days_order",
            )
        ]
    cleaned_bands, band_errors = _clean_bands(kind, bands)
    for field, field_errors in band_errors.items():
        errors.setdefault(field, []).extend(field_errors)
    if errors:
        raise ValidationError(errors)
    if method is None:
        method = ShippingMethod()
    method.zone = zone
    method.name_vi, method.name_en, method.kind = name_vi, name_en, kind
    method.price = cleaned_bands[0][1] if kind == ShippingMethod.Kind.WEIGHT else price
    method.free_above = free_above
    method.min_days, method.max_days = min_days, max_days
    method.is_active = bool(is_active)
    method.save()
    ShippingWeightBand.objects.filter(method=method).delete()
    ShippingWeightBand.objects.bulk_create(
        ShippingWeightBand(method=method, max_grams=max_grams, price=band_price)
        for max_grams, band_price in cleaned_bands
    )
    return method


@transaction.atomic
def shipping_method_delete(*, actor: User, shop: Shop, method: ShippingMethod) -> None:
    require_shop_power(actor=actor, shop=shop, power=ShopPower.MANAGE_SHIPPING)
    if method.zone.shop_id != shop.pk:
        raise NotFound(method.pk)
    method.delete()


# --- Defaults --------------------------------------------------------------------------

WITHIN_PROVINCE_ZONE = "Nội tỉnh Quảng Trị (Quảng Bình cũ) / Within province"
NATIONWIDE_ZONE = "Toàn quốc / Nationwide"
NATIONWIDE_BANDS = [(500, 30_000), (1_000, 35_000), (3_000, 50_000), (10_000, 90_000)]


@transaction.atomic
def shipping_defaults_create(shop: Shop, *, actor: User | None = None) -> list[ShippingZone]:
    """Gives a shop without any zone sensible defaults: within the province (current
    Quảng Trị, which Quảng Bình joined) a flat 20.000 ₫, free from 300.000 ₫, 1–2 days;
    nationwide by weight (≤500 g 30.000 ₫ … ≤10 kg 90.000 ₫), free from 1.000.000 ₫,
    2–5 days. Does nothing for a shop that has zones (idempotent). With ``actor`` (the
    dashboard) the actor must be a member of the shop; system callers (demo seed,
    onboarding) pass none. Returns the zones created."""
    if actor is not None:
        require_shop_power(actor=actor, shop=shop, power=ShopPower.MANAGE_SHIPPING)
    _lock_shop(shop)  # one default set per shop, also under concurrent calls
    if ShippingZone.objects.filter(shop=shop).exists():
        return []
    created: list[ShippingZone] = []
    province = (
        AdministrativeUnit.objects.filter(
            generation="current", level="province", name__contains=QUANG_TRI_NAME
        )
        .order_by("code")
        .first()
    )
    if province is not None:
        zone = ShippingZone.objects.create(shop=shop, name=WITHIN_PROVINCE_ZONE)
        zone.provinces.set([province])
        ShippingMethod.objects.create(
            zone=zone,
            name_vi="Giao hàng nội tỉnh",
            name_en="Within-province delivery",
            kind=ShippingMethod.Kind.FLAT,
            price=20_000,
            free_above=300_000,
            min_days=1,
            max_days=2,
        )
        created.append(zone)
    zone = ShippingZone.objects.create(shop=shop, name=NATIONWIDE_ZONE)
    method = ShippingMethod.objects.create(
        zone=zone,
        name_vi="Giao hàng tiêu chuẩn",
        name_en="Standard delivery",
        kind=ShippingMethod.Kind.WEIGHT,
        price=NATIONWIDE_BANDS[0][1],
        free_above=1_000_000,
        min_days=2,
        max_days=5,
    )
    ShippingWeightBand.objects.bulk_create(
        ShippingWeightBand(method=method, max_grams=max_grams, price=price)
        for max_grams, price in NATIONWIDE_BANDS
    )
    created.append(zone)
    return created
