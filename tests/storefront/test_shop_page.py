"""The shop list and shop page: the producer's facts, certificates in force, the shop's
products under the catalogue's filters, and follow/unfollow."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from marketplace.models import AdministrativeUnit, Producer
from search.services import sync_search_index
from shops.models import Product, ProductMedia, ShopFollow
from shops.selectors_follow import shop_follower_count, shop_followers
from shops.services.follow import shop_follow, shop_unfollow
from tests.factories.marketplace import (
    ProducerFactory,
    UserFactory,
    make_certificate,
)
from tests.factories.shops import ShopFactory
from tests.storefront.builders import listed_product
from tests.support.queries import get_counted

DAY = datetime.timedelta(days=1)


@pytest.fixture
def le_thuy_shop(admin_units):
    producer = ProducerFactory(
        name="HTX Khoai deo Lệ Thủy",
        legal_type=Producer.LegalType.HOUSEHOLD,
        district=AdministrativeUnit.objects.get(generation="former", level="district", code="457"),
    )
    return ShopFactory(
        producer=producer,
        name="Khoai deo Lệ Thủy",
        slug="khoai-deo-le-thuy",
        story="Khoai deo phơi nắng gió Lào.\nLàm thủ công.",
    )


@pytest.fixture
def stocked(le_thuy_shop, shop):
    """Three products of the Lệ Thủy shop, one draft, and one product of another shop."""
    products = {
        "khoai": listed_product(le_thuy_shop, "Khoai deo gừng", price=95_000, stars=4),
        "che": listed_product(le_thuy_shop, "Chè vằng", price=40_000),
        "mat_ong": listed_product(le_thuy_shop, "Mật ong rừng", price=260_000),
        "draft": listed_product(le_thuy_shop, "Khoai lang sấy", status=Product.Status.DRAFT),
        "other": listed_product(shop, "Nước mắm Quảng Ninh"),
    }
    sync_search_index()
    return products


def test_shop_page_shows_the_producer_and_its_products(client, stocked, le_thuy_shop):
    today = timezone.localdate()
    make_certificate(
        producer=le_thuy_shop.producer,
        stars=3,
        score=60,
        decision_number="12/QĐ-UBND",
        decision_date=today - 1200 * DAY,
        valid_until=today - DAY,
        product_name="Khoai cũ",
    )

    response = client.get("/shops/khoai-deo-le-thuy/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<h1>Khoai deo Lệ Thủy</h1>" in html
    assert "Hộ kinh doanh" in html
    assert "Huyện Lệ Thủy" in html
    assert "Khoai deo phơi nắng gió Lào.<br>Làm thủ công." in html
    assert "0 người theo dõi" in html
    # products: published ones of this shop only
    assert [p.name_vi for p in response.context["products"]] == [
        "Mật ong rừng",
        "Chè vằng",
        "Khoai deo gừng",
    ]
    assert "Nước mắm Quảng Ninh" not in html
    assert "Khoai lang sấy" not in html
    # certificates in force only (the expired one is not shown)
    assert [c.stars for c in response.context["certificates"]] == [4]
    assert "OCOP 4 sao" in html
    assert "Khoai cũ" not in html
    assert "Hiệu lực đến" in html
    # schema.org Organization
    assert (
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Organization"'
        in html
    )


def test_shop_page_filters_and_sorts_like_the_catalogue(client, stocked):
    response = client.get("/shops/khoai-deo-le-thuy/?stars=4")
    assert [p.name_vi for p in response.context["products"]] == ["Khoai deo gừng"]
    assert 'name="stars" value="4" checked' in response.content.decode()

    response = client.get("/shops/khoai-deo-le-thuy/?sort=price_asc")
    assert [p.name_vi for p in response.context["products"]] == [
        "Chè vằng",
        "Khoai deo gừng",
        "Mật ong rừng",
    ]

    response = client.get("/shops/khoai-deo-le-thuy/?price_min=50000&price_max=100000")
    assert [p.name_vi for p in response.context["products"]] == ["Khoai deo gừng"]

    response = client.get("/shops/khoai-deo-le-thuy/?q=gung")  # accent-free
    assert [p.name_vi for p in response.context["products"]] == ["Khoai deo gừng"]


def test_shop_page_paginates(client, le_thuy_shop):
    for n in range(14):
        listed_product(le_thuy_shop, f"Khoai {n:02d}")
    sync_search_index()

    first = client.get("/shops/khoai-deo-le-thuy/?per_page=12")
    second = client.get("/shops/khoai-deo-le-thuy/?per_page=12&page=2")

    assert len(first.context["products"]) == 12
    assert len(second.context["products"]) == 2
    assert "/shops/khoai-deo-le-thuy/?per_page=12&amp;page=2" in first.content.decode()


def test_shop_page_queries_do_not_grow_with_page_size(client, customer, le_thuy_shop):
    for n in range(50):
        listed_product(le_thuy_shop, f"Khoai {n:02d}", stars=4 if n % 10 == 0 else None)
    sync_search_index()
    client.force_login(customer)
    counts = {}
    for per_page in (12, 48):
        url = f"/shops/khoai-deo-le-thuy/?per_page={per_page}"
        client.get(url)  # warm caches (content types, session)
        counts[per_page], response = get_counted(client, url)
        assert response.content.decode().count('class="pcard"') == per_page
    assert counts[12] == counts[48], counts


@pytest.mark.parametrize("path", ["/shops/", "/en/shops/"])
def test_shop_list_lists_active_shops_with_product_counts(client, stocked, le_thuy_shop, path):
    ShopFactory(name="Gian hàng đã đóng", is_active=False)

    response = client.get(path)

    assert response.status_code == 200
    rows = [(s.name, s.product_count) for s in response.context["shops"]]
    assert ("Khoai deo Lệ Thủy", 3) in rows
    assert all(name != "Gian hàng đã đóng" for name, _count in rows)
    html = response.content.decode()
    assert (
        'href="{}shops/khoai-deo-le-thuy/"'.format("/en/" if path.startswith("/en/") else "/")
        in html
    )


def test_inactive_or_unknown_shop_is_404(client, le_thuy_shop, customer):
    le_thuy_shop.is_active = False
    le_thuy_shop.save()

    assert client.get("/shops/khoai-deo-le-thuy/").status_code == 404
    assert client.get("/shops/khong-co/").status_code == 404
    client.force_login(customer)
    assert client.post("/shops/khoai-deo-le-thuy/follow/").status_code == 404
    assert not ShopFollow.objects.exists()


def test_follow_and_unfollow_with_two_users_and_anonymous(client, le_thuy_shop):
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")

    # anonymous: sent to sign in, back to the shop page afterwards; nothing saved
    response = client.post("/shops/khoai-deo-le-thuy/follow/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/shops/khoai-deo-le-thuy/"
    assert not ShopFollow.objects.exists()

    client.force_login(alice)
    response = client.post("/shops/khoai-deo-le-thuy/follow/")
    assert response.status_code == 302
    assert response["Location"] == "/shops/khoai-deo-le-thuy/#follow"
    client.post("/shops/khoai-deo-le-thuy/follow/")  # twice: still one follow
    html = client.get("/shops/khoai-deo-le-thuy/").content.decode()
    assert "1 người theo dõi" in html
    assert "Bỏ theo dõi" in html

    client.force_login(bob)
    client.post("/shops/khoai-deo-le-thuy/follow/")
    html = client.get("/shops/khoai-deo-le-thuy/").content.decode()
    assert "2 người theo dõi" in html
    assert list(shop_followers(shop=le_thuy_shop)) == [alice, bob]

    client.post("/shops/khoai-deo-le-thuy/follow/", {"action": "unfollow"})
    client.post("/shops/khoai-deo-le-thuy/follow/", {"action": "unfollow"})  # twice: no error
    html = client.get("/shops/khoai-deo-le-thuy/").content.decode()
    assert "1 người theo dõi" in html
    assert ">Theo dõi</button>" in html
    assert list(shop_followers(shop=le_thuy_shop)) == [alice]


def test_follow_is_get_proof(client, le_thuy_shop, customer):
    client.force_login(customer)
    assert client.get("/shops/khoai-deo-le-thuy/follow/").status_code == 405
    assert not ShopFollow.objects.exists()


def test_follow_services_are_idempotent(le_thuy_shop, customer):
    assert shop_follow(user=customer, shop=le_thuy_shop) is True
    assert shop_follow(user=customer, shop=le_thuy_shop) is False
    assert shop_follower_count(shop=le_thuy_shop) == 1
    assert shop_unfollow(user=customer, shop=le_thuy_shop) is True
    assert shop_unfollow(user=customer, shop=le_thuy_shop) is False
    assert shop_follower_count(shop=le_thuy_shop) == 0


def test_english_shop_page(client, stocked):
    response = client.get("/en/shops/khoai-deo-le-thuy/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Household business" in html
    assert 'action="/en/shops/khoai-deo-le-thuy/follow/"' in html


def test_shop_story_html_is_sanitized(client, le_thuy_shop):
    le_thuy_shop.story = '<p>Nghề <strong>truyền thống</strong></p><script>alert(1)</script><img src=x onerror="alert(2)">'
    le_thuy_shop.save()

    html = client.get("/shops/khoai-deo-le-thuy/").content.decode()

    assert "<p>Nghề <strong>truyền thống</strong></p>" in html
    assert "alert(1)" not in html
    assert "onerror" not in html
    assert '<meta name="description" content="Nghề truyền thống">' in html


def test_product_card_image_is_decorative_beside_the_name_link(client, le_thuy_shop):
    product = listed_product(le_thuy_shop, "Khoai deo gừng")
    ProductMedia.objects.create(
        product=product,
        image="products/originals/k.jpg",
        width=800,
        height=600,
        alt="Ảnh khoai",
        thumbnails={
            str(s): {
                "webp": f"products/thumbnails/k-{s}.webp",
                "jpeg": f"products/thumbnails/k-{s}.jpg",
            }
            for s in (128, 256, 512, 1024)
        },
    )
    sync_search_index()

    html = client.get("/shops/khoai-deo-le-thuy/").content.decode()

    card = html.split('<article class="pcard">', 1)[1].split("</article>", 1)[0]
    assert re.search(r'<img class="pcard-img" [^>]*alt=""', card)
    assert '<span class="pcard-name">Khoai deo gừng</span>' in card
