"""CSV import/export of products, variants and warehouse stock (shops.services.csv_io)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from marketplace.errors import Forbidden
from marketplace.models import AdministrativeUnit, ProductGroup
from shops.models import Product, ProductVariant, Stock, StockMovement
from shops.services import catalogue, csv_io
from shops.services import stock as stock_services
from tests.factories.shops import ProductFactory, SalePointFactory, VariantFactory, valid_ean13

GROUP_FOOD = "thuc-pham"


@pytest.fixture
def origin(shop) -> dict[str, str]:
    return {
        "origin_district": shop.producer.district.code,
        "origin_commune": shop.producer.commune.code,
    }


def row(origin: dict[str, str], **values: Any) -> dict[str, Any]:
    return {"product_group": GROUP_FOOD, **origin, **values}


def to_csv(rows: list[dict[str, Any]], columns: list[str] = csv_io.COLUMNS) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def snapshot() -> dict[str, Any]:
    return {
        "products": list(
            Product.objects.order_by("pk").values_list(
                "pk",
                "shop_id",
                "slug",
                "name_vi",
                "status",
                "product_group_id",
                "origin_commune_id",
            )
        ),
        "variants": list(
            ProductVariant.objects.order_by("pk").values_list(
                "pk",
                "product_id",
                "sku",
                "name",
                "barcode",
                "barcode_is_internal",
                "price",
                "compare_at_price",
                "weight_grams",
            )
        ),
        "stock": list(
            Stock.objects.order_by("pk").values_list("pk", "variant_id", "location_id", "quantity")
        ),
        "movements": StockMovement.objects.count(),
    }


@pytest.fixture
def catalogue_of_shop(shop, owner, warehouse):
    """Two products made through the services: one with a GS1 code, compare-at price and
    stock, one with two variants carrying internal barcodes."""
    group = ProductGroup.objects.get(criteria_version="148/2023", code=GROUP_FOOD)
    base = {
        "product_group": group,
        "origin_district": shop.producer.district,
        "origin_commune": shop.producer.commune,
    }
    sauce = catalogue.product_create(
        actor=owner,
        shop=shop,
        data={
            **base,
            "name_vi": "Nước mắm nhĩ",
            "name_en": "Fish sauce",
            "status": "published",
            "description_vi": "<p>Cá cơm, muối</p>",
            "net_quantity": "500 ml",
        },
        variants=[
            {
                "name": "Chai",
                "sku": "NM-500",
                "barcode": valid_ean13(11),
                "price": 120_000,
                "compare_at_price": 150_000,
                "weight_grams": 700,
            }
        ],
    )
    candy = catalogue.product_create(
        actor=owner,
        shop=shop,
        data={**base, "name_vi": "Kẹo cu đơ"},
        variants=[
            {"name": "Gói nhỏ", "sku": "KCD-1", "price": 30_000},
            {"name": "Gói lớn", "sku": "KCD-2", "price": 55_000},
        ],
    )
    stock_services.stock_set(
        actor=owner, variant=sauce.variants.get(), location=warehouse, quantity=40, reason="initial"
    )
    return sauce, candy


def test_export_lists_every_variant_in_import_format(shop, owner, catalogue_of_shop, other_shop):
    VariantFactory(product=ProductFactory(shop=other_shop), sku="OTHER-1")

    rows = parse(csv_io.products_export_csv(actor=owner, shop=shop))

    assert list(rows[0]) == csv_io.COLUMNS
    assert [
        (
            r["product_key"],
            r["sku"],
            r["barcode"],
            r["price"],
            r["compare_at_price"],
            r["weight_grams"],
            r["warehouse_stock"],
        )
        for r in rows
    ] == [
        ("nuoc-mam-nhi", "NM-500", valid_ean13(11), "120000", "150000", "700", "40"),
        ("keo-cu-do", "KCD-1", "", "30000", "", "0", "0"),
        ("keo-cu-do", "KCD-2", "", "55000", "", "0", "0"),
    ]
    assert (
        rows[0]["name_vi"],
        rows[0]["status"],
        rows[0]["description_vi"],
        rows[0]["product_group"],
        rows[0]["origin_district"],
        rows[0]["origin_commune"],
    ) == (
        "Nước mắm nhĩ",
        "published",
        "<p>Cá cơm, muối</p>",
        GROUP_FOOD,
        "456",
        shop.producer.commune.code,
    )


def test_round_trip_changes_nothing(shop, owner, warehouse, catalogue_of_shop):
    before = snapshot()

    report = csv_io.products_import_csv(
        actor=owner, shop=shop, content=csv_io.products_export_csv(actor=owner, shop=shop).encode()
    )

    assert report.errors == []
    assert (
        report.rows,
        report.created_products,
        report.updated_products,
        report.created_variants,
        report.updated_variants,
    ) == (3, 0, 2, 0, 3)
    after = snapshot()
    # warehouse_stock "0" gives the two candy variants an empty warehouse row, nothing else
    assert {k: v for k, v in after.items() if k != "stock"} == {
        k: v for k, v in before.items() if k != "stock"
    }
    assert dict(
        Stock.objects.filter(location=warehouse).values_list("variant__sku", "quantity")
    ) == {"NM-500": 40, "KCD-1": 0, "KCD-2": 0}


def test_round_trip_with_edits_updates_in_place(shop, owner, warehouse, catalogue_of_shop):
    sauce, candy = catalogue_of_shop
    rows = parse(csv_io.products_export_csv(actor=owner, shop=shop))
    rows[0].update(
        price="125000", compare_at_price="", warehouse_stock="35", name_vi="Nước mắm nhĩ 40 độ đạm"
    )
    rows[2].update(price="52.000", barcode=valid_ean13(12))
    rows.append(
        {
            **rows[1],
            "sku": "KCD-3",
            "variant_name": "Hộp quà",
            "price": "99000",
            "warehouse_stock": "6",
        }
    )
    before_products = Product.objects.count()

    report = csv_io.products_import_csv(actor=owner, shop=shop, content=to_csv(rows))

    assert report.errors == []
    assert (
        report.created_products,
        report.updated_products,
        report.created_variants,
        report.updated_variants,
    ) == (0, 2, 1, 3)
    assert Product.objects.count() == before_products
    sauce.refresh_from_db()
    assert sauce.name_vi == "Nước mắm nhĩ 40 độ đạm"
    assert list(sauce.variants.values_list("sku", "price", "compare_at_price")) == [
        ("NM-500", 125_000, None)
    ]
    assert list(
        candy.variants.order_by("pk").values_list("sku", "price", "barcode_is_internal")
    ) == [("KCD-1", 30_000, True), ("KCD-2", 52_000, False), ("KCD-3", 99_000, True)]
    assert candy.variants.get(sku="KCD-2").barcode == valid_ean13(12)
    assert Stock.objects.get(variant__sku="NM-500", location=warehouse).quantity == 35
    assert Stock.objects.get(variant__sku="KCD-3", location=warehouse).quantity == 6
    movement = StockMovement.objects.filter(stock__variant__sku="NM-500").first()
    assert (
        movement.delta,
        movement.quantity_after,
        movement.reason,
        movement.note,
        movement.actor,
    ) == (-5, 35, "import", "CSV", owner)


def test_new_row_with_existing_product_key_adds_a_variant_to_that_product(
    shop, owner, catalogue_of_shop
):
    _, candy = catalogue_of_shop
    rows = [
        r for r in parse(csv_io.products_export_csv(actor=owner, shop=shop)) if r["sku"] == "KCD-1"
    ]
    only_new = [{**rows[0], "sku": "KCD-9", "variant_name": "Thùng", "price": "300000"}]

    report = csv_io.products_import_csv(actor=owner, shop=shop, content=to_csv(only_new))

    assert report.errors == []
    assert (report.created_products, report.updated_products, report.created_variants) == (0, 1, 1)
    assert list(candy.variants.values_list("sku", "position")) == [
        ("KCD-1", 0),
        ("KCD-2", 1),
        ("KCD-9", 2),
    ]


def test_import_creates_products_variants_and_stock(shop, owner, warehouse, origin):
    content = to_csv(
        [
            row(
                origin,
                product_key="me-xung",
                name_vi="Mè xửng",
                status="published",
                variant_name="Hộp 200 g",
                sku="MX-200",
                price="50000",
                weight_grams="250",
                warehouse_stock="20",
                description_vi="<p>Ngon</p><script>x()</script>",
            ),
            row(
                origin,
                product_key="me-xung",
                name_vi="Mè xửng",
                variant_name="Hộp 500 g",
                sku="MX-500",
                price="110.000",
                compare_at_price="120000",
                barcode=valid_ean13(3),
                warehouse_stock="0",
            ),
            row(
                origin,
                product_key="ruou",
                name_vi="Rượu ngô",
                product_group="do-uong",
                sku="RN-1",
                price="90000",
            ),
        ]
    )

    report = csv_io.products_import_csv(actor=owner, shop=shop, content=content)

    assert report.errors == []
    assert (
        report.rows,
        report.created_products,
        report.updated_products,
        report.created_variants,
        report.updated_variants,
    ) == (3, 2, 0, 3, 0)
    me_xung = Product.objects.get(name_vi="Mè xửng")
    assert (me_xung.shop, me_xung.status, me_xung.description_vi, me_xung.product_group.code) == (
        shop,
        "published",
        "<p>Ngon</p>",
        GROUP_FOOD,
    )
    assert me_xung.published_at is not None
    assert list(
        me_xung.variants.values_list(
            "sku", "name", "price", "compare_at_price", "weight_grams", "position"
        )
    ) == [
        ("MX-200", "Hộp 200 g", 50_000, None, 250, 0),
        ("MX-500", "Hộp 500 g", 110_000, 120_000, 0, 1),
    ]
    assert Product.objects.get(name_vi="Rượu ngô").product_group.code == "do-uong"
    assert Product.objects.get(name_vi="Rượu ngô").status == "draft"
    assert dict(
        Stock.objects.filter(location=warehouse).values_list("variant__sku", "quantity")
    ) == {"MX-200": 20, "MX-500": 0}
    assert list(StockMovement.objects.values_list("delta", "reason", "note", "actor")) == [
        (20, "import", "CSV", owner.pk)
    ]
    internal = ProductVariant.objects.get(sku="RN-1")
    assert internal.barcode_is_internal is True
    assert internal.barcode.startswith("20")


def test_importing_the_same_new_file_twice_does_not_duplicate(shop, owner, origin):
    content = to_csv(
        [
            row(
                origin,
                product_key="a",
                name_vi="Mè xửng",
                sku="MX-1",
                price="1",
                warehouse_stock="3",
            )
        ]
    )

    first = csv_io.products_import_csv(actor=owner, shop=shop, content=content)
    second = csv_io.products_import_csv(actor=owner, shop=shop, content=content)

    assert (first.created_products, second.created_products, second.updated_products) == (1, 0, 1)
    assert (
        Product.objects.count(),
        ProductVariant.objects.count(),
        StockMovement.objects.count(),
    ) == (1, 1, 1)


def test_any_bad_row_imports_nothing_and_reports_each_row(shop, owner, origin):
    """Data rows 1–3 are spreadsheet rows 2–4 (row 1 is the header)."""
    content = to_csv(
        [
            row(
                origin,
                product_key="ok",
                name_vi="Mè xửng",
                sku="OK-1",
                price="50000",
                warehouse_stock="5",
            ),
            row(
                origin,
                product_key="bad-group",
                name_vi="Khoai",
                product_group="banh-keo",
                sku="BG-1",
                price="1",
            ),
            row(origin, product_key="bad-price", name_vi="Rượu", sku="BP-1", price="năm chục"),
        ]
    )

    report = csv_io.products_import_csv(actor=owner, shop=shop, content=content)

    assert report.ok is False
    assert report.errors == [
        (3, "product_group", "Nhóm 'banh-keo' không tồn tại. / Unknown group."),
        (4, "price", "'năm chục' không phải số nguyên. / Not a whole number."),
    ]
    assert (
        report.rows,
        report.created_products,
        report.updated_products,
        report.created_variants,
        report.updated_variants,
    ) == (3, 0, 0, 0, 0)
    assert (
        Product.objects.count(),
        ProductVariant.objects.count(),
        Stock.objects.count(),
        StockMovement.objects.count(),
    ) == (0, 0, 0, 0)


def test_bad_row_leaves_existing_data_untouched(shop, owner, catalogue_of_shop):
    rows = parse(csv_io.products_export_csv(actor=owner, shop=shop))
    rows[0].update(price="1", warehouse_stock="0")
    rows[2].update(price="-10")
    before = snapshot()

    report = csv_io.products_import_csv(actor=owner, shop=shop, content=to_csv(rows))

    assert report.errors == [(4, "price", "Không được âm. / Must not be negative.")]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("values", "errors"),
    [
        (
            {"sku": "", "price": ""},
            [("sku", "Bắt buộc. / Required."), ("price", "Bắt buộc. / Required.")],
        ),
        (
            {"warehouse_stock": "-3"},
            [("warehouse_stock", "Không được âm. / Must not be negative.")],
        ),
        (
            {"compare_at_price": "abc", "weight_grams": "1,5kg"},
            [
                ("compare_at_price", "'abc' không phải số nguyên. / Not a whole number."),
                ("weight_grams", "'1,5kg' không phải số nguyên. / Not a whole number."),
            ],
        ),
        (
            {"status": "hidden"},
            [("status", "Trạng thái là draft hoặc published. / Status: draft|published.")],
        ),
        (
            {"origin_district": "999"},
            [("origin_district", "Mã huyện không tồn tại. / Unknown district code.")],
        ),
        (
            {"origin_commune": "00000"},
            [("origin_commune", "Mã xã không tồn tại. / Unknown commune code.")],
        ),
        (
            {"barcode": "8934567890123"},
            [
                (
                    "barcode",
                    "Mã vạch EAN-13 không hợp lệ (13 số, sai số kiểm tra). / Invalid EAN-13 barcode.",
                )
            ],
        ),
        (
            {"compare_at_price": "10"},
            [
                (
                    "compare_at_price",
                    "Giá gốc phải lớn hơn hoặc bằng giá bán. / Compare-at price must be ≥ price.",
                )
            ],
        ),
    ],
    ids=[
        "required",
        "negative-stock",
        "not-numbers",
        "status",
        "district",
        "commune",
        "ean13",
        "compare-at",
    ],
)
def test_row_errors(shop, owner, origin, values, errors):
    content = to_csv(
        [
            row(
                origin,
                **{
                    "product_key": "p",
                    "name_vi": "Mè xửng",
                    "sku": "X-1",
                    "price": "50000",
                    **values,
                },
            )
        ]
    )

    report = csv_io.products_import_csv(actor=owner, shop=shop, content=content)

    assert report.errors == [(2, column, message) for column, message in errors]
    assert (Product.objects.count(), ProductVariant.objects.count()) == (0, 0)


def test_commune_outside_the_district(shop, owner, origin):
    dong_hoi = AdministrativeUnit.objects.get(generation="former", level="district", code="450")
    content = to_csv(
        [
            row(
                origin,
                product_key="p",
                name_vi="Mè xửng",
                sku="X-1",
                price="1",
                origin_district=dong_hoi.code,
            )
        ]
    )

    report = csv_io.products_import_csv(actor=owner, shop=shop, content=content)

    assert report.errors == [
        (
            2,
            "origin_commune",
            "Xã này không thuộc địa bàn huyện đã chọn. / Commune is not in that district.",
        )
    ]
    assert Product.objects.count() == 0


def test_sku_of_another_shop_is_refused(shop, owner, origin, other_shop):
    theirs = VariantFactory(
        product=ProductFactory(shop=other_shop, name_vi="Của họ"), sku="THEIRS", price=5
    )

    report = csv_io.products_import_csv(
        actor=owner,
        shop=shop,
        content=to_csv([row(origin, product_key="p", name_vi="Của tôi", sku="THEIRS", price="1")]),
    )

    assert report.errors == [
        (2, "sku", "SKU đã được gian hàng khác dùng. / SKU used by another shop.")
    ]
    theirs.refresh_from_db()
    assert (theirs.price, theirs.product.name_vi, Product.objects.filter(shop=shop).count()) == (
        5,
        "Của họ",
        0,
    )


def test_non_utf8_file(shop, owner, origin):
    content = to_csv(
        [row(origin, product_key="p", name_vi="Mè xửng", sku="X-1", price="1")]
    ).decode()

    report = csv_io.products_import_csv(
        actor=owner, shop=shop, content=content.encode("cp1258", "replace")
    )

    assert report.errors == [(0, "", "Tệp phải mã hoá UTF-8. / File must be UTF-8.")]
    assert Product.objects.count() == 0


def test_utf8_with_bom_from_excel(shop, owner, origin):
    content = to_csv([row(origin, product_key="p", name_vi="Mè xửng", sku="X-1", price="1")])

    report = csv_io.products_import_csv(actor=owner, shop=shop, content=b"\xef\xbb\xbf" + content)

    assert report.errors == []
    assert Product.objects.get().name_vi == "Mè xửng"


def test_missing_columns(shop, owner, origin):
    columns = [c for c in csv_io.COLUMNS if c not in ("product_group", "price")]
    content = to_csv([row(origin, product_key="p", name_vi="Mè xửng", sku="X-1")], columns=columns)

    report = csv_io.products_import_csv(actor=owner, shop=shop, content=content)

    assert report.errors == [
        (1, "product_group,price", "Thiếu cột bắt buộc. / Missing required columns.")
    ]
    assert report.rows == 0
    assert Product.objects.count() == 0


def test_empty_file(shop, owner):
    report = csv_io.products_import_csv(actor=owner, shop=shop, content=b"")

    assert report.errors == [
        (1, ",".join(csv_io.REQUIRED), "Thiếu cột bắt buộc. / Missing required columns.")
    ]


def test_too_many_rows(shop, owner, origin):
    rows = [
        row(origin, product_key=f"p{n}", name_vi="x", sku=f"S{n}", price="1")
        for n in range(csv_io.MAX_ROWS + 1)
    ]

    report = csv_io.products_import_csv(actor=owner, shop=shop, content=to_csv(rows))

    assert report.errors == [(0, "", "Tối đa 5000 dòng. / At most 5000 rows.")]
    assert Product.objects.count() == 0


def test_import_and_export_need_shop_membership(shop, other_owner, customer, origin):
    content = to_csv([row(origin, product_key="p", name_vi="Mè xửng", sku="X-1", price="1")])

    for user in (other_owner, customer):
        with pytest.raises(Forbidden):
            csv_io.products_import_csv(actor=user, shop=shop, content=content)
        with pytest.raises(Forbidden):
            csv_io.products_export_csv(actor=user, shop=shop)
        with pytest.raises(Forbidden):
            csv_io.stock_export_csv(actor=user, shop=shop)
    assert Product.objects.count() == 0


def test_stock_export_lists_warehouse_and_sale_points(shop, owner, warehouse, catalogue_of_shop):
    sauce, _ = catalogue_of_shop
    sale_point = SalePointFactory(name="Điểm bán Đồng Hới")
    stock_services.consignment_send(
        actor=owner,
        shop=shop,
        destination=sale_point.location,
        lines=[{"variant": sauce.variants.get(), "quantity": 4}],
    )

    stock_services.stock_reserve(
        stock=Stock.objects.get(location=warehouse),
        quantity=3,
        source="checkout",
        reference="cart-1",
    )

    rows = list(csv.reader(io.StringIO(csv_io.stock_export_csv(actor=owner, shop=shop))))

    assert rows == [
        [
            "sku",
            "product",
            "variant",
            "location",
            "location_kind",
            "quantity",
            "reserved",
            "available",
        ],
        ["NM-500", "Nước mắm nhĩ", "Chai", warehouse.name, "warehouse", "36", "3", "33"],
        ["NM-500", "Nước mắm nhĩ", "Chai", "Điểm bán Đồng Hới", "sale_point", "4", "0", "4"],
    ]


# --- CSV injection (security review): formulas are escaped, and the export still round-trips --


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://evil.example","Bấm")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"]
)
def test_exports_escape_formulas_and_round_trip(shop, owner, warehouse, catalogue_of_shop, name):
    sauce, _ = catalogue_of_shop
    sauce.name_vi = name
    sauce.save(update_fields=["name_vi"])

    exported = csv_io.products_export_csv(actor=owner, shop=shop)
    row = next(r for r in parse(exported) if r["product_key"] == sauce.slug)
    assert row["name_vi"] == "'" + name
    stock_rows = list(csv.reader(io.StringIO(csv_io.stock_export_csv(actor=owner, shop=shop))))
    assert "'" + name in [r[1] for r in stock_rows]
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in stock_rows for cell in r)

    report = csv_io.products_import_csv(actor=owner, shop=shop, content=exported.encode())
    assert report.errors == []
    sauce.refresh_from_db()
    assert sauce.name_vi == name
