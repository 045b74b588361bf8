"""CSV import page and the two CSV exports of the dashboard."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shops.models import Product, ProductVariant, Stock, StockMovement
from shops.services import csv_io
from tests.factories.shops import VariantFactory


@pytest.fixture
def import_url(shop):
    return reverse("shops:csv_import", args=[shop.slug])


def upload(rows: list[dict[str, str]], name: str = "san-pham.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=csv_io.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def line(shop, **values: str) -> dict[str, str]:
    return {
        "product_group": "thuc-pham",
        "origin_district": shop.producer.district.code,
        "origin_commune": shop.producer.commune.code,
        **values,
    }


def error_table(html: str) -> list[list[str]]:
    """The (row, column, message) cells of the report table."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.findall(r"<td>(.*?)</td>", tr) for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def totals() -> tuple[int, int, int, int]:
    return (
        Product.objects.count(),
        ProductVariant.objects.count(),
        Stock.objects.count(),
        StockMovement.objects.count(),
    )


def test_import_page_lists_columns(owner_client, import_url):
    response = owner_client.get(import_url)

    assert response.status_code == 200
    assert ", ".join(csv_io.COLUMNS) in response.content.decode()


def test_import_success(owner_client, shop, import_url, warehouse):
    response = owner_client.post(
        import_url,
        data={
            "file": upload(
                [
                    line(
                        shop,
                        product_key="mx",
                        name_vi="Mè xửng",
                        sku="MX-1",
                        price="50000",
                        warehouse_stock="9",
                    ),
                    line(shop, product_key="mx", name_vi="Mè xửng", sku="MX-2", price="90000"),
                ]
            )
        },
    )

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.ok, report.rows, report.created_products, report.created_variants) == (
        True,
        2,
        1,
        2,
    )
    html = response.content.decode()
    assert "Đã nhập 2 dòng." in html
    assert "Đã nhập 2 dòng: 1 sản phẩm mới, 0 cập nhật; 2 phân loại mới, 0 cập nhật." in html
    assert list(
        ProductVariant.objects.filter(product__shop=shop).values_list("sku", flat=True)
    ) == ["MX-1", "MX-2"]
    assert Stock.objects.get(variant__sku="MX-1", location=warehouse).quantity == 9


def test_import_with_errors_is_400_lists_rows_and_saves_nothing(owner_client, shop, import_url):
    response = owner_client.post(
        import_url,
        data={
            "file": upload(
                [
                    line(
                        shop,
                        product_key="ok",
                        name_vi="Mè xửng",
                        sku="OK-1",
                        price="50000",
                        warehouse_stock="5",
                    ),
                    line(
                        shop,
                        product_key="g",
                        name_vi="Khoai",
                        product_group="banh-keo",
                        sku="G-1",
                        price="1",
                    ),
                    line(shop, product_key="p", name_vi="Rượu", sku="P-1", price="-20000"),
                ]
            )
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "2 lỗi — không có dòng nào được nhập" in html
    assert error_table(html) == [
        ["3", "product_group", "Nhóm &#x27;banh-keo&#x27; không tồn tại. / Unknown group."],
        ["4", "price", "Không được âm. / Must not be negative."],
    ]
    assert totals() == (0, 0, 0, 0)


def test_import_non_utf8_file(owner_client, shop, import_url):
    content = "product_key,name_vi\nx,Nước mắm Cảnh Dương\n".encode("utf-16")

    response = owner_client.post(import_url, data={"file": SimpleUploadedFile("a.csv", content)})

    assert response.status_code == 400
    assert error_table(response.content.decode()) == [
        ["0", "", "Tệp phải mã hoá UTF-8. / File must be UTF-8."]
    ]
    assert totals() == (0, 0, 0, 0)


def test_import_missing_columns(owner_client, import_url):
    content = b"sku,price\nX-1,1000\n"

    response = owner_client.post(import_url, data={"file": SimpleUploadedFile("a.csv", content)})

    assert response.status_code == 400
    assert error_table(response.content.decode()) == [
        [
            "1",
            "product_key,name_vi,product_group,origin_district,origin_commune",
            "Thiếu cột bắt buộc. / Missing required columns.",
        ]
    ]
    assert totals() == (0, 0, 0, 0)


def test_import_without_a_file(owner_client, import_url):
    response = owner_client.post(import_url, data={})

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["file"]
    assert response.context["report"] is None


def test_export_products_download(owner_client, shop, product):
    variant = product.variants.get()

    response = owner_client.get(reverse("shops:export_products", args=[shop.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{shop.slug}-products.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["product_key"], r["sku"], r["price"]) for r in rows] == [
        (product.slug, variant.sku, "100000")
    ]


def test_export_stock_download(owner_client, shop):
    response = owner_client.get(reverse("shops:export_stock", args=[shop.slug]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{shop.slug}-stock.csv"'
    assert response.content.decode().splitlines() == [
        "sku,product,variant,location,location_kind,quantity,reserved,available"
    ]


def test_export_then_import_round_trip_through_the_views(owner_client, shop, product, import_url):
    VariantFactory(product=product, sku="SECOND", price=130_000, position=1)
    exported = owner_client.get(reverse("shops:export_products", args=[shop.slug])).content
    edited = exported.decode().replace("130000", "135000").encode()
    before = (Product.objects.count(), ProductVariant.objects.count())

    response = owner_client.post(import_url, data={"file": SimpleUploadedFile("x.csv", edited)})

    assert response.status_code == 200
    report = response.context["report"]
    assert (
        report.errors,
        report.updated_products,
        report.updated_variants,
        report.created_variants,
    ) == ([], 1, 2, 0)
    assert (Product.objects.count(), ProductVariant.objects.count()) == before
    assert ProductVariant.objects.get(sku="SECOND").price == 135_000


def test_import_file_too_large(owner_client, shop, import_url, monkeypatch):
    from shops.forms import CsvImportForm

    monkeypatch.setattr(CsvImportForm, "MAX_BYTES", 100)
    content = upload([line(shop, product_key="mx", name_vi="Mè xửng " * 20, sku="MX-1", price="1")])

    response = owner_client.post(import_url, data={"file": content})

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "file": ["Tệp quá lớn (tối đa 10 MB). / File too large (10 MB at most)."]
    }
    assert totals() == (0, 0, 0, 0)
