"""Shop profile, products and variants. Callers pass cleaned values; each function
validates again (``full_clean``), runs in one transaction and checks the actor's role in
the shop."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Field
from django.utils import timezone

from marketplace.errors import Forbidden
from marketplace.hooks import variant_order_references
from marketplace.models import AdministrativeUnit, User
from marketplace.text import sanitize_html, vi_slugify
from marketplace.validators import ean13_check_digit, is_valid_ean13
from search.dirty import mark_products_deleted, mark_products_dirty, request_sync

from ..errors import ShopsErrorCode
from ..models import (
    ConsignmentLine,
    Product,
    ProductVariant,
    Shop,
    ShopPower,
    StockMovement,
    StockReservation,
)
from ..permissions import require_shop_power
from .media import shop_image_clean

INTERNAL_BARCODE_PREFIX = "20"  # GS1 restricted-circulation range 20–29: in-store codes.

SHOP_PROFILE_FIELDS = (
    "name",
    "story",
    "address",
    "phone",
    "email",
    "shipping_policy",
    "returns_policy",
    "logo",
    "banner",
)
PRODUCT_FIELDS = (
    "name_vi",
    "name_en",
    "description_vi",
    "description_en",
    "product_group",
    "category",
    "net_quantity",
    "ingredients",
    "shelf_life",
    "storage",
    "origin_district",
    "origin_commune",
    "status",
)
VARIANT_FIELDS = (
    "name",
    "sku",
    "barcode",
    "price",
    "compare_at_price",
    "weight_grams",
    "position",
    "is_active",
)
UNIQUE_MESSAGES = {
    "sku": "SKU này đã được dùng. / This SKU is already in use.",
    "barcode": "Mã vạch này đã được dùng. / This barcode is already in use.",
}


@transaction.atomic
def shop_profile_update(*, actor: User, shop: Shop, data: dict[str, Any]) -> Shop:
    require_shop_power(actor=actor, shop=shop, power=ShopPower.MANAGE_SHOP_PROFILE)
    data = dict(data)
    for field in ("logo", "banner"):
        if isinstance(data.get(field), UploadedFile):  # False clears it, None keeps it
            data[field] = shop_image_clean(data[field], field)
    for field in SHOP_PROFILE_FIELDS:
        if field in data and data[field] is not None:
            # As a ModelForm does: a cleared file input gives False, meaning "no file".
            cast(Field, Shop._meta.get_field(field)).save_form_data(shop, data[field])
    shop.story = sanitize_html(shop.story)
    shop.full_clean()
    shop.save()
    mark_products_dirty(shop.products.all())
    return shop


def _prefixed_errors(exc: ValidationError, prefix: str) -> dict[str, list[ValidationError]]:
    """``exc``'s errors keyed ``<prefix><field>``, keeping each error's code."""
    error_dict = (
        exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
    )
    return {f"{prefix}{field}": list(errors) for field, errors in error_dict.items()}


def _unique_product_slug(name: str, exclude_pk: int | None = None) -> str:
    base = vi_slugify(name)[:200] or "san-pham"
    slug, n = base, 1
    qs = Product.objects.exclude(pk=exclude_pk) if exclude_pk else Product.objects.all()
    while qs.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _clean_origin(product: Product) -> dict[str, ValidationError]:
    errors: dict[str, ValidationError] = {}
    district: AdministrativeUnit | None = (
        product.origin_district if product.origin_district_id else None
    )
    commune: AdministrativeUnit | None = (
        product.origin_commune if product.origin_commune_id else None
    )
    if district and (district.generation, district.level) != ("former", "district"):
        errors["origin_district"] = ValidationError(
            "Chọn một trong 8 huyện/thị xã/thành phố cũ của Quảng Bình. / Choose a former district.",
            code="invalid",
        )
    if commune and (commune.generation, commune.level) != ("current", "commune"):
        errors["origin_commune"] = ValidationError(
            "Chọn xã/phường hiện hành. / Choose a current commune.", code="invalid"
        )
    elif district and commune and "origin_district" not in errors:
        in_district = AdministrativeUnit.objects.filter(parent=district, successor=commune).exists()
        if not in_district:
            errors["origin_commune"] = ValidationError(
                "Xã này không thuộc địa bàn huyện đã chọn. / Commune is not in that district.",
                code="invalid",
            )
    return errors


def _full_clean_product(product: Product) -> None:
    errors: dict[str, list[ValidationError]] = {}
    try:
        product.full_clean(exclude=["slug"])
    except ValidationError as exc:
        errors.update(exc.error_dict)
    for field, error in _clean_origin(product).items():
        errors.setdefault(field, []).append(error)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def product_create(
    *, actor: User, shop: Shop, data: dict[str, Any], variants: list[dict[str, Any]] | None = None
) -> Product:
    """Creates a product with its variants; nothing is saved if any part is invalid."""
    require_shop_power(actor=actor, shop=shop, power=ShopPower.MANAGE_PRODUCTS)
    product = Product(shop=shop)
    for field in PRODUCT_FIELDS:
        if field in data:
            setattr(product, field, data[field])
    product.description_vi = sanitize_html(product.description_vi)
    product.description_en = sanitize_html(product.description_en)
    product.slug = _unique_product_slug(data.get("slug") or product.name_vi)
    if product.status == Product.Status.PUBLISHED:
        product.published_at = timezone.now()
    product.search_dirty = True
    _full_clean_product(product)
    product.save()
    request_sync()
    for index, variant_data in enumerate(variants or []):
        try:
            variant_create(actor=actor, product=product, data={"position": index, **variant_data})
        except ValidationError as exc:
            raise ValidationError(_prefixed_errors(exc, f"variants-{index}-")) from exc
    return product


@transaction.atomic
def product_update(*, actor: User, product: Product, data: dict[str, Any]) -> Product:
    require_shop_power(actor=actor, shop=product.shop, power=ShopPower.MANAGE_PRODUCTS)
    # From the database: a bound ModelForm has already copied the new status onto ``product``.
    was_published = Product.objects.filter(pk=product.pk, status=Product.Status.PUBLISHED).exists()
    for field in PRODUCT_FIELDS:
        if field in data:
            setattr(product, field, data[field])
    product.description_vi = sanitize_html(product.description_vi)
    product.description_en = sanitize_html(product.description_en)
    if product.status == Product.Status.PUBLISHED and not was_published:
        product.published_at = timezone.now()
    product.search_dirty = True
    _full_clean_product(product)
    product.save()
    request_sync()
    return product


#: stock movements that are the history of a sale or a consignment (a variant with them is
#: kept: deleting it would delete them with its stock rows)
HISTORY_REASONS = (
    StockMovement.Reason.SALE,
    StockMovement.Reason.RETURN,
    StockMovement.Reason.CONSIGNMENT_OUT,
    StockMovement.Reason.CONSIGNMENT_IN,
)


def _deletion_refused(variant_ids: list[int], field: str, what: str) -> ValidationError | None:
    """Why these variants cannot be deleted, or ``None``: stock held for an open order,
    a payment, a livestream deal or a POS sale, or an order still to be delivered
    (``in_open_orders``); a sale, return or consignment in their history (``has_history``:
    deleting would erase it — stop selling instead)."""
    references: dict[int, str] = {}
    for answer in variant_order_references.gather(variant_ids):
        references.update(answer)
    held = StockReservation.objects.filter(
        stock__variant_id__in=variant_ids, status=StockReservation.Status.ACTIVE
    ).exists()
    if held or "open" in references.values():
        return ValidationError(
            {
                field: ValidationError(
                    f"{what} đang có đơn hàng giữ hàng hoặc chưa giao; hãy ngừng bán thay vì xoá. / "
                    "Open orders still need it; stop selling it instead of deleting.",
                    code=ShopsErrorCode.IN_OPEN_ORDERS,
                )
            }
        )
    history = (
        references
        or ConsignmentLine.objects.filter(variant_id__in=variant_ids).exists()
        or StockMovement.objects.filter(
            stock__variant_id__in=variant_ids, reason__in=HISTORY_REASONS
        ).exists()
    )
    if history:
        return ValidationError(
            {
                field: ValidationError(
                    f"{what} đã có lịch sử bán hàng hoặc ký gửi nên không thể xoá; hãy ngừng bán. / "
                    "It has sales or consignment history, so it cannot be deleted; stop selling "
                    "it instead.",
                    code=ShopsErrorCode.HAS_HISTORY,
                )
            }
        )
    return None


@transaction.atomic
def product_delete(*, actor: User, product: Product) -> None:
    """Deletes a product; the search index drops it on the next sync (the search app
    keeps a tombstone by id). Refused (``in_open_orders`` / ``has_history``, see
    ``_deletion_refused``) while open orders or holds need one of its variants, or when
    one was sold or consigned: unpublish it instead."""
    require_shop_power(actor=actor, shop=product.shop, power=ShopPower.MANAGE_PRODUCTS)
    variant_ids = list(product.variants.values_list("pk", flat=True))
    if (refused := _deletion_refused(variant_ids, "product", "Sản phẩm")) is not None:
        raise refused
    mark_products_deleted([product.pk])
    product.delete()


def _issue_internal_barcode(variant: ProductVariant) -> str:
    body = f"{INTERNAL_BARCODE_PREFIX}{variant.pk:010d}"
    return body + str(ean13_check_digit(body))


def _clean_variant(variant: ProductVariant) -> None:
    errors: dict[str, list[ValidationError]] = {}
    if variant.barcode and not variant.barcode_is_internal and not is_valid_ean13(variant.barcode):
        errors["barcode"] = [
            ValidationError(
                "Mã vạch EAN-13 không hợp lệ (13 số, sai số kiểm tra). / Invalid EAN-13 barcode.",
                code="invalid_barcode",
            )
        ]
    for field in ("price", "compare_at_price", "weight_grams"):
        value = getattr(variant, field)
        if value is not None and value < 0:
            errors.setdefault(field, []).append(
                ValidationError("Giá trị không được âm. / Must not be negative.", code="negative")
            )
    if (
        variant.compare_at_price is not None
        and variant.price is not None
        and (variant.compare_at_price < variant.price)
    ):
        errors.setdefault("compare_at_price", []).append(
            ValidationError(
                "Giá gốc phải lớn hơn hoặc bằng giá bán. / Compare-at price must be ≥ price.",
                code="invalid",
            )
        )
    exclude = list(errors) + (["barcode"] if not variant.barcode else [])
    try:
        variant.full_clean(exclude=exclude)
    except ValidationError as exc:
        for field, msgs in exc.error_dict.items():
            errors.setdefault(field, []).extend(
                ValidationError(UNIQUE_MESSAGES[field], code="unique")
                if msg.code == "unique" and field in UNIQUE_MESSAGES
                else msg
                for msg in msgs
            )
    if errors:
        raise ValidationError(errors)


def _save_variant(variant: ProductVariant) -> None:
    """Saves in a savepoint; a unique clash (SKU or barcode, also from a concurrent
    save) becomes a field error instead of breaking the outer transaction."""
    try:
        with transaction.atomic():
            variant.save()
    except IntegrityError as exc:
        raise ValidationError(
            {
                "sku": ValidationError(
                    "SKU hoặc mã vạch đã tồn tại. / SKU or barcode already exists.", code="unique"
                )
            }
        ) from exc


@transaction.atomic
def variant_create(*, actor: User, product: Product, data: dict[str, Any]) -> ProductVariant:
    """Creates a variant. Without a barcode the system issues an internal EAN-13 in the
    20-prefix range (valid check digit, unique by construction)."""
    require_shop_power(actor=actor, shop=product.shop, power=ShopPower.MANAGE_PRODUCTS)
    variant = ProductVariant(product=product)
    for field in VARIANT_FIELDS:
        if field in data and data[field] is not None and data[field] != "":
            setattr(variant, field, data[field])
    variant.barcode = (variant.barcode or "").strip()
    _clean_variant(variant)
    needs_code = not variant.barcode
    if needs_code:
        variant.barcode = "t" + uuid.uuid4().hex[:12]
        variant.barcode_is_internal = True
    _save_variant(variant)
    if needs_code:
        variant.barcode = _issue_internal_barcode(variant)
        variant.save(update_fields=["barcode", "barcode_is_internal"])
    mark_products_dirty([product.pk])
    return variant


@transaction.atomic
def variant_update(*, actor: User, variant: ProductVariant, data: dict[str, Any]) -> ProductVariant:
    """Updates a variant from ``data``; a key that is absent keeps the value. A blank
    ``barcode`` keeps (or issues) the internal code; a blank ``compare_at_price`` clears it."""
    require_shop_power(actor=actor, shop=variant.product.shop, power=ShopPower.MANAGE_PRODUCTS)
    for field in VARIANT_FIELDS:
        if field == "barcode" or field not in data:
            continue
        if data[field] is not None or field == "compare_at_price":
            setattr(variant, field, data[field])
    if "barcode" in data:
        new_code = (data["barcode"] or "").strip()
        if new_code and new_code != variant.barcode:
            variant.barcode, variant.barcode_is_internal = new_code, False
        elif not new_code and not variant.barcode_is_internal:
            variant.barcode_is_internal = True
            variant.barcode = _issue_internal_barcode(variant)
    _clean_variant(variant)
    _save_variant(variant)
    mark_products_dirty([variant.product_id])
    return variant


@transaction.atomic
def variant_delete(*, actor: User, variant: ProductVariant) -> None:
    """Deletes a variant; refused for a product's last one (``last_variant``) and, like
    ``product_delete``, while open orders need it or when it has sales history."""
    require_shop_power(actor=actor, shop=variant.product.shop, power=ShopPower.MANAGE_PRODUCTS)
    if variant.product.variants.count() <= 1:
        raise ValidationError(
            {
                "variant": ValidationError(
                    "Sản phẩm cần ít nhất một phân loại. / A product needs at least one variant.",
                    code="last_variant",
                )
            }
        )
    if (refused := _deletion_refused([variant.pk], "variant", "Phân loại")) is not None:
        raise refused
    product_id = variant.product_id
    variant.delete()
    mark_products_dirty([product_id])


@transaction.atomic
def product_save(
    *,
    actor: User,
    shop: Shop,
    product: Product | None,
    data: dict[str, Any],
    variants: list[dict[str, Any]],
    delete_variant_ids: list[int] | None = None,
) -> Product:
    """Creates or updates a product together with its variants in one transaction (the
    dashboard's product form). Variant dicts with an ``id`` update that variant of this
    product; others are created. Field errors of variant ``i`` are keyed
    ``variants-i-<field>``."""
    require_shop_power(actor=actor, shop=shop, power=ShopPower.MANAGE_PRODUCTS)
    if product is None:
        product = product_create(actor=actor, shop=shop, data=data)
    else:
        if product.shop_id != shop.pk:
            raise Forbidden("Sản phẩm của gian hàng khác. / Another shop's product.")
        product = product_update(actor=actor, product=product, data=data)
    existing = {v.pk: v for v in product.variants.all()}
    doomed = [pk for pk in delete_variant_ids or [] if pk in existing]
    if doomed:
        if (refused := _deletion_refused(doomed, "variants", "Phân loại")) is not None:
            raise refused
        for delete_id in doomed:
            existing.pop(delete_id).delete()
    errors: dict[str, Any] = {}
    for index, variant_data in enumerate(variants):
        variant_id = variant_data.get("id")
        try:
            with transaction.atomic():
                if variant_id:
                    if variant_id not in existing:
                        raise ValidationError(
                            {
                                "id": ValidationError(
                                    "Không tìm thấy. / Not found.", code="not_found"
                                )
                            }
                        )
                    variant_update(actor=actor, variant=existing[variant_id], data=variant_data)
                else:
                    variant_create(
                        actor=actor, product=product, data={"position": index, **variant_data}
                    )
        except ValidationError as exc:
            errors.update(_prefixed_errors(exc, f"variants-{index}-"))
    if errors:
        raise ValidationError(errors)
    if not product.variants.exists():
        raise ValidationError(
            {
                "variants": ValidationError(
                    "Sản phẩm cần ít nhất một phân loại. / A product needs at least one variant.",
                    code="required",
                )
            }
        )
    return product
