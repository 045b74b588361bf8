"""Public traceability: per product and per variant barcode, certificates with their
status (expired ones shown as expired), the printable QR label and the SVG QR code that
encodes the absolute traceability URL."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings
from django.utils import timezone

from shops.models import Product
from storefront import selectors_product
from tests.factories.marketplace import make_certificate
from tests.factories.shops import ProductFactory, ShopFactory, VariantFactory

DAY = datetime.timedelta(days=1)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def honey(shop):
    shop.story = "Ba thế hệ nuôi ong ở Minh Hóa."
    shop.save()
    product = ProductFactory(
        shop=shop,
        slug="mat-ong",
        name_vi="Mật ong rừng",
        ingredients="Mật ong nguyên chất",
        description_vi="Thu hoạch mùa xuân.",
    )
    VariantFactory(product=product, name="Hũ 500 g", barcode="8930000000014")
    VariantFactory(product=product, name="Hũ 1 kg", barcode="8930000000021")
    today = timezone.localdate()
    make_certificate(
        product,
        stars=4,
        score=75,
        decision_number="11/QĐ-UBND",
        decision_date=today - 100 * DAY,
        valid_until=today + 900 * DAY,
    )
    make_certificate(
        product,
        stars=3,
        score=75,
        decision_number="7/QĐ-UBND",
        decision_date=today - 1200 * DAY,
        valid_until=today - DAY,
        issuing_level="district",
        issuing_body="UBND huyện Minh Hóa",
    )
    return product


def test_trace_page_shows_producer_origin_certificates_and_story(client, honey):
    response = client.get("/trace/mat-ong/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    producer = honey.shop.producer
    assert producer.name in html
    assert "Hợp tác xã" in html
    assert producer.district.full_name in html
    assert producer.commune.full_name in html
    assert honey.origin_commune.full_name in html
    rows = [(r.certificate.decision_number, r.status) for r in response.context["certificates"]]
    assert rows == [("11/QĐ-UBND", "valid"), ("7/QĐ-UBND", "expired")]
    assert "Còn hiệu lực" in html
    assert "Hết hiệu lực" in html
    assert "UBND huyện Minh Hóa" in html
    assert "Ba thế hệ nuôi ong ở Minh Hóa." in html
    assert "Thu hoạch mùa xuân." in html
    assert "Mật ong nguyên chất" in html
    assert 'href="/products/mat-ong/"' in html
    assert 'src="/trace/mat-ong/qr.svg"' in html


def test_barcode_route_resolves_the_variants_product(client, honey):
    response = client.get("/trace/barcode/8930000000021/")

    assert response.status_code == 200
    assert response.context["product"] == honey
    assert response.context["variant"].name == "Hũ 1 kg"
    html = response.content.decode()
    assert "8930000000021" in html
    assert 'src="/trace/mat-ong/qr.svg?barcode=8930000000021"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/trace/barcode/8930000000099/",
        "/trace/khong-co/",
        "/trace/khong-co/label/",
        "/trace/khong-co/qr.svg",
        "/trace/mat-ong/qr.svg?barcode=8930000000099",
    ],
)
def test_unknown_product_or_barcode_is_not_found(client, honey, url):
    assert client.get(url).status_code == 404


def test_draft_product_is_not_traceable(client, honey):
    Product.objects.filter(pk=honey.pk).update(status=Product.Status.DRAFT)

    for url in (
        "/trace/mat-ong/",
        "/trace/barcode/8930000000014/",
        "/trace/mat-ong/label/",
        "/trace/mat-ong/qr.svg",
    ):
        assert client.get(url).status_code == 404, url


def test_inactive_shop_product_is_not_traceable(client, admin_units):
    product = ProductFactory(shop=ShopFactory(is_active=False), slug="an")
    VariantFactory(product=product, barcode="8930000000038")

    assert client.get("/trace/an/").status_code == 404
    assert client.get("/trace/barcode/8930000000038/").status_code == 404


@override_settings(SITE_URL="https://ocop.example.vn/")
def test_trace_url_is_absolute_in_the_default_language():
    from django.utils import translation

    with translation.override("en"):
        assert (
            selectors_product.trace_url(slug="mat-ong") == "https://ocop.example.vn/trace/mat-ong/"
        )
        assert (
            selectors_product.trace_url(barcode="8930000000014")
            == "https://ocop.example.vn/trace/barcode/8930000000014/"
        )


@override_settings(SITE_URL="https://ocop.example.vn")
def test_qr_svg_is_valid_svg_of_the_trace_url(client, honey, monkeypatch):
    given = []
    real = selectors_product.qr_svg
    monkeypatch.setattr(selectors_product, "qr_svg", lambda data: given.append(data) or real(data))

    response = client.get("/trace/mat-ong/qr.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(response.content)
    assert root.tag == f"{SVG}svg"
    assert root.find(f".//{SVG}path") is not None
    assert given == ["https://ocop.example.vn/trace/mat-ong/"]

    client.get("/trace/mat-ong/qr.svg?barcode=8930000000014")
    assert given[-1] == "https://ocop.example.vn/trace/barcode/8930000000014/"


def test_qr_svg_encodes_its_data():
    """Reads the dark modules back from the SVG path and compares them with the matrix
    ``qrcode`` builds for the data (no QR decoder is installed)."""
    import re

    import qrcode

    data = "https://ocop.example.vn/trace/mat-ong/"
    svg = ET.fromstring(selectors_product.qr_svg(data))
    path = svg.find(f"{SVG}path").get("d")
    dark = {(int(x), int(y)) for x, y in re.findall(r"M(\d+),(\d+)", path)}
    code = qrcode.QRCode(border=2)
    code.add_data(data)
    code.make(fit=True)
    expected = {
        (col + 2, row + 2)
        for row, line in enumerate(code.modules)
        for col, on in enumerate(line)
        if on
    }
    assert dark == expected
    assert svg.get("viewBox") == f"0 0 {code.modules_count + 4} {code.modules_count + 4}"


def test_label_page_has_a_label_per_variant_and_print_css(client, honey):
    response = client.get("/trace/mat-ong/label/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="lb-label"') == 2
    assert "8930000000014" in html
    assert "8930000000021" in html
    assert honey.shop.name in html
    assert "★★★★" in html
    assert html.count("/trace/mat-ong/qr.svg?barcode=") == 2
    assert "/static/storefront/product.css" in html


def test_product_css_has_print_rules():
    from django.contrib.staticfiles import finders

    css = open(finders.find("storefront/product.css"), encoding="utf-8").read()
    assert "@media print" in css
    assert ".lb-label" in css
