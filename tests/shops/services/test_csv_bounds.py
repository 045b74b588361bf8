"""The CSV import's numbers are bounded like the forms': ASCII digits only ("²" passed
``str.isdigit`` and then raised in ``int()``: a 500), prices up to ``MONEY_MAX_VND``,
weights up to a tonne, stock up to a million; a bad cell is reported on its row and
nothing is imported."""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings

from marketplace.bounded import QUANTITY_MAX, WEIGHT_MAX_GRAMS
from shops.models import Product, ProductVariant, Stock
from shops.services import csv_io

pytestmark = pytest.mark.django_db


def content(shop, **cells: str) -> bytes:
    values = {
        "product_key": "k",
        "name_vi": "Mè xửng",
        "product_group": "thuc-pham",
        "origin_district": shop.producer.district.code,
        "origin_commune": shop.producer.commune.code,
        "sku": "MX-1",
        "price": "50000",
        **cells,
    }
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=csv_io.COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerow(values)
    return buffer.getvalue().encode()


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("price", "²", "'²' không phải số nguyên. / Not a whole number."),
        ("price", "١٢", "'١٢' không phải số nguyên. / Not a whole number."),
        ("price", "9" * 30, f"'{'9' * 30}' không phải số nguyên. / Not a whole number."),
        (
            "price",
            str(settings.MONEY_MAX_VND + 1),
            f"Số quá lớn (tối đa {settings.MONEY_MAX_VND}).",
        ),
        ("weight_grams", str(WEIGHT_MAX_GRAMS + 1), f"Số quá lớn (tối đa {WEIGHT_MAX_GRAMS})."),
        ("warehouse_stock", str(QUANTITY_MAX + 1), f"Số quá lớn (tối đa {QUANTITY_MAX})."),
    ],
)
def test_an_unbounded_number_is_a_row_error_and_nothing_is_imported(
    shop, owner, column, value, message
):
    report = csv_io.products_import_csv(
        actor=owner, shop=shop, content=content(shop, **{column: value})
    )

    assert report.ok is False
    assert report.errors == [(2, column, message)]
    assert (
        Product.objects.count(),
        ProductVariant.objects.count(),
        Stock.objects.filter(quantity__gt=0).count(),
    ) == (0, 0, 0)


def test_the_largest_numbers_are_imported(shop, owner, warehouse):
    report = csv_io.products_import_csv(
        actor=owner,
        shop=shop,
        content=content(
            shop,
            price=str(settings.MONEY_MAX_VND),
            weight_grams=str(WEIGHT_MAX_GRAMS),
            warehouse_stock=str(QUANTITY_MAX),
        ),
    )

    assert report.ok, report.errors
    assert ProductVariant.objects.get().price == settings.MONEY_MAX_VND
