"""CSV import and export of products, variants and warehouse stock for bulk onboarding.

One row per variant; rows sharing ``product_key`` form one product. Import is all or
nothing: every row is validated, the report lists each row's errors, and if any row
fails nothing is saved."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from marketplace.bounded import BIGINT_MAX, QUANTITY_MAX, WEIGHT_MAX_GRAMS, money_max, query_int
from marketplace.csv_safe import SafeDictWriter, SafeWriter, unescape_cell
from marketplace.models import AdministrativeUnit, ProductGroup, User

from ..models import (
    Product,
    ProductVariant,
    Shop,
    ShopPower,
    Stock,
    StockLocation,
    StockMovement,
)
from ..permissions import require_shop_member, require_shop_power
from ..selectors import reserved_quantity
from .catalogue import (
    product_create,
    product_update,
    variant_create,
    variant_update,
)
from .stock import stock_set

COLUMNS = [
    "product_key",
    "name_vi",
    "name_en",
    "product_group",
    "origin_district",
    "origin_commune",
    "net_quantity",
    "shelf_life",
    "storage",
    "ingredients",
    "description_vi",
    "description_en",
    "status",
    "variant_name",
    "sku",
    "barcode",
    "price",
    "compare_at_price",
    "weight_grams",
    "warehouse_stock",
]
REQUIRED = [
    "product_key",
    "name_vi",
    "product_group",
    "origin_district",
    "origin_commune",
    "sku",
    "price",
]
MAX_ROWS = 5000


@dataclass
class ImportReport:
    rows: int = 0
    created_products: int = 0
    updated_products: int = 0
    created_variants: int = 0
    updated_variants: int = 0
    errors: list[tuple[int, str, str]] = field(
        default_factory=list
    )  # (row number, column, message)

    @property
    def ok(self) -> bool:
        return not self.errors


def _int(
    value: str,
    column: str,
    errors: list[tuple[str, str]],
    *,
    allow_blank: bool = False,
    maximum: int | None = None,
) -> int | None:
    """A whole number of ASCII digits from 0 to ``maximum`` (``MONEY_MAX_VND`` by
    default); an error on ``column`` otherwise."""
    text = (value or "").strip().replace(".", "").replace(",", "")
    if not text:
        if not allow_blank:
            errors.append((column, "Bắt buộc. / Required."))
        return None
    number = query_int(text, minimum=-BIGINT_MAX, maximum=BIGINT_MAX)
    if number is None:
        errors.append((column, f"'{value}' không phải số nguyên. / Not a whole number."))
        return None
    if number < 0:
        errors.append((column, "Không được âm. / Must not be negative."))
        return None
    limit = money_max() if maximum is None else maximum
    if number > limit:
        errors.append((column, _("Số quá lớn (tối đa %(max)s).") % {"max": limit}))
        return None
    return number


def products_import_csv(*, actor: User, shop: Shop, content: bytes) -> ImportReport:
    require_shop_power(actor=actor, shop=shop, power=ShopPower.MANAGE_PRODUCTS)
    report = ImportReport()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.errors.append((0, "", "Tệp phải mã hoá UTF-8. / File must be UTF-8."))
        return report
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        report.errors.append(
            (1, ",".join(missing), "Thiếu cột bắt buộc. / Missing required columns.")
        )
        return report
    rows = [{key: unescape_cell(value) for key, value in row.items()} for row in reader]
    if len(rows) > MAX_ROWS:
        report.errors.append((0, "", f"Tối đa {MAX_ROWS} dòng. / At most {MAX_ROWS} rows."))
        return report
    report.rows = len(rows)
    groups = {g.code: g for g in ProductGroup.objects.filter(criteria_version="148/2023")}
    districts = {
        u.code: u for u in AdministrativeUnit.objects.filter(generation="former", level="district")
    }
    communes = {
        u.code: u
        for u in AdministrativeUnit.objects.filter(
            generation="current", level="commune", parent__code="44"
        )
    }
    warehouse = StockLocation.objects.get(shop=shop, kind=StockLocation.Kind.WAREHOUSE)
    products_by_key: dict[str, Product] = {}
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):  # row 1 is the header
            row_errors = _import_row(
                actor, shop, row, groups, districts, communes, warehouse, products_by_key, report
            )
            report.errors.extend((number, column, message) for column, message in row_errors)
        if report.errors:
            transaction.set_rollback(True)
            report.created_products = report.updated_products = 0
            report.created_variants = report.updated_variants = 0
    return report


def _import_row(
    actor: User,
    shop: Shop,
    row: dict[str, Any],
    groups: dict,
    districts: dict,
    communes: dict,
    warehouse: StockLocation,
    products_by_key: dict[str, Product],
    report: ImportReport,
) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    value = {k: (row.get(k) or "").strip() for k in COLUMNS}
    for column in REQUIRED:
        if not value[column]:
            errors.append((column, "Bắt buộc. / Required."))
    group = groups.get(value["product_group"])
    if value["product_group"] and group is None:
        errors.append(
            ("product_group", f"Nhóm '{value['product_group']}' không tồn tại. / Unknown group.")
        )
    district = districts.get(value["origin_district"])
    if value["origin_district"] and district is None:
        errors.append(("origin_district", "Mã huyện không tồn tại. / Unknown district code."))
    commune = communes.get(value["origin_commune"])
    if value["origin_commune"] and commune is None:
        errors.append(("origin_commune", "Mã xã không tồn tại. / Unknown commune code."))
    price = _int(value["price"], "price", errors) if value["price"] else None
    compare_at = _int(value["compare_at_price"], "compare_at_price", errors, allow_blank=True)
    weight = _int(
        value["weight_grams"], "weight_grams", errors, allow_blank=True, maximum=WEIGHT_MAX_GRAMS
    )
    quantity = _int(
        value["warehouse_stock"], "warehouse_stock", errors, allow_blank=True, maximum=QUANTITY_MAX
    )
    status = value["status"] or Product.Status.DRAFT
    if status not in Product.Status.values:
        errors.append(("status", "Trạng thái là draft hoặc published. / Status: draft|published."))
    if errors:
        return errors
    product_data = {
        "name_vi": value["name_vi"],
        "name_en": value["name_en"],
        "product_group": group,
        "origin_district": district,
        "origin_commune": commune,
        "status": status,
        "net_quantity": value["net_quantity"],
        "shelf_life": value["shelf_life"],
        "storage": value["storage"],
        "ingredients": value["ingredients"],
        "description_vi": value["description_vi"],
        "description_en": value["description_en"],
    }
    variant_data = {
        "name": value["variant_name"],
        "sku": value["sku"],
        "barcode": value["barcode"],
        "price": price,
        "compare_at_price": compare_at,
        "weight_grams": weight or 0,
    }
    try:
        with transaction.atomic():
            existing = (
                ProductVariant.objects.filter(sku=value["sku"])
                .select_related("product__shop")
                .first()
            )
            if existing is not None and existing.product.shop_id != shop.pk:
                return [("sku", "SKU đã được gian hàng khác dùng. / SKU used by another shop.")]
            product = products_by_key.get(value["product_key"])
            if product is None:
                # An exported file's product_key is the product's slug: a row adding a
                # variant to an existing product finds it by that key.
                target = (
                    existing.product
                    if existing is not None
                    else (Product.objects.filter(shop=shop, slug=value["product_key"]).first())
                )
                if target is not None:
                    product = product_update(actor=actor, product=target, data=product_data)
                    report.updated_products += 1
                else:
                    product = product_create(actor=actor, shop=shop, data=product_data)
                    report.created_products += 1
                products_by_key[value["product_key"]] = product
            if existing is not None:
                variant = variant_update(actor=actor, variant=existing, data=variant_data)
                report.updated_variants += 1
            else:
                last = product.variants.aggregate(m=Max("position"))["m"]
                variant = variant_create(
                    actor=actor,
                    product=product,
                    data={"position": 0 if last is None else last + 1, **variant_data},
                )
                report.created_variants += 1
            if quantity is not None:
                stock_set(
                    actor=actor,
                    variant=variant,
                    location=warehouse,
                    quantity=quantity,
                    reason=StockMovement.Reason.IMPORT,
                    note="CSV",
                )
    except ValidationError as exc:
        return [(k, " ".join(str(m) for m in v)) for k, v in exc.message_dict.items()]
    return []


def products_export_csv(*, actor: User, shop: Shop) -> str:
    """The shop's products, one row per variant, in the import format (round-trips)."""
    require_shop_member(actor=actor, shop=shop)
    buffer = io.StringIO()
    writer = SafeDictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    warehouse_qty = dict(
        Stock.objects.filter(shop=shop, location__kind=StockLocation.Kind.WAREHOUSE).values_list(
            "variant_id", "quantity"
        )
    )
    variants = (
        ProductVariant.objects.filter(product__shop=shop)
        .select_related(
            "product__product_group", "product__origin_district", "product__origin_commune"
        )
        .order_by("product_id", "position", "id")
    )
    for variant in variants:
        product = variant.product
        writer.writerow(
            {
                "product_key": product.slug,
                "name_vi": product.name_vi,
                "name_en": product.name_en,
                "product_group": product.product_group.code,
                "origin_district": product.origin_district.code,
                "origin_commune": product.origin_commune.code,
                "net_quantity": product.net_quantity,
                "shelf_life": product.shelf_life,
                "storage": product.storage,
                "ingredients": product.ingredients,
                "description_vi": product.description_vi,
                "description_en": product.description_en,
                "status": product.status,
                "variant_name": variant.name,
                "sku": variant.sku,
                "barcode": "" if variant.barcode_is_internal else variant.barcode,
                "price": variant.price,
                "compare_at_price": variant.compare_at_price or "",
                "weight_grams": variant.weight_grams,
                "warehouse_stock": warehouse_qty.get(variant.pk, 0),
            }
        )
    return buffer.getvalue()


def stock_export_csv(*, actor: User, shop: Shop) -> str:
    """Every stock row of the shop's goods, at its warehouse and at sale points."""
    require_shop_member(actor=actor, shop=shop)
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(
        [
            "sku",
            "product",
            "variant",
            "location",
            "location_kind",
            "quantity",
            "reserved",
            "available",
        ]
    )
    stocks = (
        Stock.objects.filter(shop=shop)
        .select_related("variant__product", "location")
        .annotate(reserved=reserved_quantity())
        .order_by("variant__sku", "location__name")
    )
    for stock in stocks:
        writer.writerow(
            [
                stock.variant.sku,
                stock.variant.product.name_vi,
                stock.variant.name,
                stock.location.name,
                stock.location.kind,
                stock.quantity,
                stock.reserved,
                stock.quantity - stock.reserved,
            ]
        )
    return buffer.getvalue()
