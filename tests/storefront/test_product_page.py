"""The product page: only published products of active shops, variant picker with prices
and stock state, OCOP badge only while a certificate is in force, delivery estimate,
pickup points, related products, JSON-LD, and a query count independent of the number of
variants and images."""

from __future__ import annotations

import json
import re

import pytest
from django.utils import timezone

from orders.models import ShippingMethod, ShippingZone
from search.services import sync_search_index
from shops.models import Product, ProductMedia
from tests.factories.marketplace import ProductGroupFactory
from tests.factories.shops import (
    ProductFactory,
    SalePointFactory,
    ShopFactory,
    VariantFactory,
    make_stock,
)
from tests.storefront.builders import DAY, certify
from tests.support.queries import get_counted

DECISION = "123/QĐ-UBND"


def _media(product, count):
    for index in range(count):
        ProductMedia.objects.create(
            product=product,
            image=f"products/originals/{product.pk}-{index}.jpg",
            width=800,
            height=600,
            position=index,
            alt=f"Ảnh {index}",
            thumbnails={
                str(s): {
                    "webp": f"products/thumbnails/{product.pk}-{index}-{s}.webp",
                    "jpeg": f"products/thumbnails/{product.pk}-{index}-{s}.jpg",
                }
                for s in (128, 256, 512, 1024)
            },
        )


@pytest.fixture
def fish_sauce(shop):
    product = ProductFactory(
        shop=shop,
        name_vi="Nước mắm nhĩ Bảo Ninh",
        name_en="Bao Ninh fish sauce",
        slug="nuoc-mam-nhi",
        description_vi="Ủ chượp 12 tháng.",
        description_en="Aged 12 months.",
        net_quantity="500 ml",
        ingredients="Cá cơm, muối",
        shelf_life="24 tháng",
        storage="Nơi khô ráo",
    )
    big = VariantFactory(
        product=product, name="Chai 500 ml", price=120_000, compare_at_price=150_000, position=0
    )
    small = VariantFactory(product=product, name="Chai 250 ml", price=70_000, position=1)
    gone = VariantFactory(product=product, name="Can 2 lít", price=400_000, position=2)
    make_stock(big, 40)
    make_stock(small, 3)
    make_stock(gone, 0)
    _media(product, 2)
    return product


def test_product_page_shows_variants_prices_and_stock_states(client, fish_sauce):
    response = client.get("/products/nuoc-mam-nhi/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Nước mắm nhĩ Bảo Ninh" in html
    options = response.context["page"].options
    assert [
        (o.variant.name, o.price, o.compare_at, o.discount_percent, o.stock_state) for o in options
    ] == [
        ("Chai 500 ml", 120_000, 150_000, 20, "in_stock"),
        ("Chai 250 ml", 70_000, None, 0, "low_stock"),
        ("Can 2 lít", 400_000, None, 0, "out_of_stock"),
    ]
    radios = re.findall(r'<input type="radio" name="variant_id"[^>]*>', html)
    assert len(radios) == 3
    assert "checked" in radios[0]
    assert "disabled" not in radios[0]
    assert "disabled" in radios[2]
    assert "Còn hàng" in html
    assert "Sắp hết (còn 3)" in html
    assert "Hết hàng" in html
    assert "150.000 ₫" in html
    assert "-20%" in html
    assert 'name="quantity"' in html
    assert re.search(r'<button type="submit" class="btn pp-add">Thêm vào giỏ</button>', html)
    assert "Cá cơm, muối" in html
    assert "500 ml" in html
    assert "24 tháng" in html
    assert "Nơi khô ráo" in html
    assert "Ủ chượp 12 tháng." in html
    assert fish_sauce.origin_district.full_name in html


def test_add_to_cart_form_posts_to_cart_add(client, fish_sauce):
    from django.urls import reverse

    html = client.get("/products/nuoc-mam-nhi/").content.decode()
    form = re.search(r'<form class="pp-buy" method="post" action="([^"]+)"', html)
    assert form
    assert form.group(1) == reverse("orders:cart_add")
    variant = fish_sauce.variants.get(name="Chai 500 ml")
    response = client.post(
        form.group(1), {"variant_id": variant.pk, "quantity": 2, "next": "/products/nuoc-mam-nhi/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/products/nuoc-mam-nhi/"


def test_out_of_stock_product_disables_the_button(client, shop):
    product = ProductFactory(shop=shop, slug="het-hang")
    make_stock(VariantFactory(product=product), 0)

    html = client.get("/products/het-hang/").content.decode()

    assert re.search(
        r'<button type="submit" class="btn pp-add" disabled aria-disabled="true">Thêm vào giỏ</button>',
        html,
    )
    assert "Sản phẩm tạm hết hàng." in html


def test_gallery_is_responsive_and_lazy_after_the_first_image(client, fish_sauce):
    html = client.get("/products/nuoc-mam-nhi/").content.decode()

    slides = re.findall(r'<figure class="pp-slide"[^>]*>\s*<img ([^>]*)>', html)
    assert len(slides) == 2
    assert 'loading="lazy"' not in slides[0]
    assert 'fetchpriority="high"' in slides[0]
    assert 'loading="lazy"' in slides[1]
    for attrs in slides:
        assert "srcset=" in attrs
        assert "1024w" in attrs
        assert "sizes=" in attrs
        assert 'width="800" height="600"' in attrs
        assert 'alt="Ảnh ' in attrs
    assert html.count("data-pp-thumb") == 2


@pytest.mark.parametrize("status", ["draft", "inactive_shop", "missing"])
def test_unpublished_products_are_not_found(client, shop, status):
    if status == "draft":
        ProductFactory(shop=shop, slug="an", status=Product.Status.DRAFT)
    elif status == "inactive_shop":
        ProductFactory(shop=ShopFactory(is_active=False), slug="an")

    assert client.get("/products/an/").status_code == 404


def test_ocop_badge_of_a_certificate_in_force(client, fish_sauce):
    certify(
        fish_sauce, stars=4, valid_until=timezone.localdate() + 10 * DAY, decision_number=DECISION
    )

    html = client.get("/products/nuoc-mam-nhi/").content.decode()

    assert 'class="pp-ocop"' in html
    assert "★★★★" in html
    assert "4 sao" in html
    assert DECISION in html
    assert "Cấp tỉnh" in html
    assert (timezone.localdate() + 10 * DAY).strftime("%d/%m/%Y") in html


@pytest.mark.parametrize("kind", ["expired", "revoked"])
def test_no_badge_for_expired_or_revoked_certificates(client, fish_sauce, kind):
    if kind == "expired":
        certify(fish_sauce, valid_until=timezone.localdate() - DAY, decision_number=DECISION)
    else:
        certify(fish_sauce, revoked_at=timezone.now(), decision_number=DECISION)

    response = client.get("/products/nuoc-mam-nhi/")

    assert response.context["page"].certificate is None
    html = response.content.decode()
    assert 'class="pp-ocop"' not in html
    assert DECISION not in html


def test_delivery_estimate_from_the_shops_methods(client, fish_sauce):
    zone = ShippingZone.objects.create(
        shop=fish_sauce.shop, name="Nội tỉnh Quảng Trị (Quảng Bình cũ) / Within province"
    )
    ShippingMethod.objects.create(
        zone=zone,
        name_vi="Giao nội tỉnh",
        name_en="Local",
        price=20_000,
        free_above=300_000,
        min_days=1,
        max_days=2,
    )
    off = ShippingZone.objects.create(shop=fish_sauce.shop, name="Tắt / Off", is_active=False)
    ShippingMethod.objects.create(zone=off, name_vi="Không dùng", price=1, min_days=9, max_days=9)

    html = client.get("/products/nuoc-mam-nhi/").content.decode()

    assert "Nội tỉnh Quảng Trị (Quảng Bình cũ)</strong>: giao trong 1–2 ngày, 20.000 ₫" in html
    assert "miễn phí từ 300.000 ₫" in html
    assert "9–9" not in html
    english = client.get("/en/products/nuoc-mam-nhi/").content.decode()
    assert "Within province</strong>" in english


def test_default_delivery_estimate_without_methods(client, fish_sauce):
    html = client.get("/products/nuoc-mam-nhi/").content.decode()

    assert "Giao trong 2–4 ngày" in html


def test_pickup_points_are_sale_points_holdingstock(client, fish_sauce):
    holding = SalePointFactory(name="Điểm bán Đồng Hới")
    empty = SalePointFactory(name="Điểm bán Lệ Thủy")
    closed = SalePointFactory(name="Điểm bán đóng cửa", is_active=False)
    variant = fish_sauce.variants.get(name="Chai 250 ml")
    make_stock(variant, 4, holding.location)
    make_stock(variant, 0, empty.location)
    make_stock(variant, 4, closed.location)

    response = client.get("/products/nuoc-mam-nhi/")

    assert [(p.sale_point.name, p.available) for p in response.context["page"].pickup_points] == [
        ("Điểm bán Đồng Hới", 4)
    ]
    html = response.content.decode()
    assert "Điểm bán Đồng Hới" in html
    assert "Điểm bán Lệ Thủy" not in html


def test_related_products_same_group_then_same_shop(client, fish_sauce, other_shop):
    same_group = ProductFactory(
        shop=other_shop, name_vi="Ruốc biển", product_group=fish_sauce.product_group
    )
    VariantFactory(product=same_group)
    same_shop = ProductFactory(
        shop=fish_sauce.shop,
        name_vi="Mật ong",
        product_group=ProductGroupFactory(code="do-uong", name_vi="Đồ uống"),
    )
    VariantFactory(product=same_shop)
    unrelated = ProductFactory(
        shop=other_shop,
        name_vi="Nón lá",
        product_group=ProductGroupFactory(code="thu-cong", name_vi="Thủ công"),
    )
    VariantFactory(product=unrelated)
    sync_search_index()

    response = client.get("/products/nuoc-mam-nhi/")

    names = [p.name_vi for p in response.context["page"].related]
    assert names[0] == "Ruốc biển"
    assert set(names) == {"Ruốc biển", "Mật ong"}
    html = response.content.decode()
    assert 'class="pcard"' in html


def test_json_ld_aggregate_offer_and_opengraph(client, fish_sauce):
    html = client.get("/products/nuoc-mam-nhi/").content.decode()

    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "Product"
    assert data["name"] == "Nước mắm nhĩ Bảo Ninh"
    offers = data["offers"]
    assert offers["@type"] == "AggregateOffer"
    assert (
        offers["lowPrice"],
        offers["highPrice"],
        offers["offerCount"],
        offers["priceCurrency"],
    ) == (70_000, 400_000, 3, "VND")
    assert [o["availability"].rsplit("/", 1)[1] for o in offers["offers"]] == [
        "InStock",
        "LimitedAvailability",
        "OutOfStock",
    ]
    assert data["image"][0].startswith("http://testserver/")
    assert '<meta property="og:type" content="product">' in html
    assert '<meta property="og:title" content="Nước mắm nhĩ Bảo Ninh">' in html
    assert re.search(
        r'<meta property="og:image" content="http://testserver/[^"]+1024\.webp">', html
    )


def test_json_ld_single_offer(client, shop):
    product = ProductFactory(shop=shop, slug="mot", name_vi="Khoai deo")
    make_stock(VariantFactory(product=product, price=50_000, barcode="8930000000014"), 9)

    html = client.get("/products/mot/").content.decode()

    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["offers"]["@type"] == "Offer"
    assert (data["offers"]["price"], data["offers"]["availability"]) == (
        50_000,
        "https://schema.org/InStock",
    )


def test_json_ld_cannot_close_its_script(client, shop):
    product = ProductFactory(shop=shop, slug="xss", name_vi="Mắm </script><b>& ruốc")
    make_stock(VariantFactory(product=product), 1)

    html = client.get("/products/xss/").content.decode()

    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in raw
    assert json.loads(raw)["name"] == "Mắm </script><b>& ruốc"


def test_english_page_uses_english_name_and_description(client, fish_sauce):
    html = client.get("/en/products/nuoc-mam-nhi/").content.decode()

    assert "<h1>Bao Ninh fish sauce</h1>" in html
    assert "Aged 12 months." in html
    assert "Add to cart" in html


def test_suggest_is_not_a_product_slug():
    from django.urls import Resolver404, resolve

    try:
        match = resolve("/products/suggest/")
    except Resolver404:
        return
    assert match.url_name != "product"


def test_query_count_does_not_grow_with_variants_and_images(client, shop):
    sale_point = SalePointFactory()
    for size in (1, 8):
        product = ProductFactory(shop=shop, slug=f"p{size}")
        for index in range(size):
            variant = VariantFactory(
                product=product,
                position=index,
                name=f"Loại {index}",
                compare_at_price=150_000 if index % 2 else None,
            )
            make_stock(variant, 10)
            make_stock(variant, 2, sale_point.location)
        _media(product, size)
        certify(product)
    sync_search_index()  # each product is the other's related product

    one, eight = get_counted(client, "/products/p1/")[0], get_counted(client, "/products/p8/")[0]
    assert one == eight
    # product, variants, stock, images, certificates, delivery methods, pickup stock,
    # related products (database search backend: 2 × ids + count; then rows + images)
    assert eight <= 13


def test_rich_text_description_is_sanitized(client, shop):
    product = ProductFactory(
        shop=shop,
        slug="rich",
        description_vi="<p>Thơm <strong>ngon</strong></p><script>alert(1)</script>"
        '<img src=x onerror="alert(2)">',
    )
    make_stock(VariantFactory(product=product), 1)

    html = client.get("/products/rich/").content.decode()

    assert "<p>Thơm <strong>ngon</strong></p>" in html
    assert "alert(" not in html
    assert '<meta name="description" content="Thơm ngon">' in html
