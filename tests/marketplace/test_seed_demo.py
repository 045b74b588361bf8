"""The Quảng Bình demo data, created through the real services: realistic scale,
consistent geography, every demo role, deterministic and idempotent."""

from __future__ import annotations

import io
import random

import pytest
from django.core import mail
from django.db.models import Count, F
from django.utils import timezone
from PIL import Image

from marketplace.demo import DEMO_PASSWORD, DEMO_USERS, PLACE_WORDS, draw_product_image, seed_demo
from marketplace.models import AdministrativeUnit, OcopCertificate, Producer, User
from marketplace.services import STAR_SCORE_BANDS
from marketplace.validators import is_valid_ean13, is_valid_mst
from shops.models import (
    Product,
    ProductVariant,
    SalePoint,
    SalePointMembership,
    Shop,
    ShopMembership,
    Stock,
)
from shops.selectors import ocop_rating_annotations

DISTRICT_NAMES = {
    "450": "Đồng Hới",
    "452": "Minh Hóa",
    "453": "Tuyên Hóa",
    "454": "Quảng Trạch",
    "455": "Bố Trạch",
    "456": "Quảng Ninh",
    "457": "Lệ Thủy",
    "458": "Ba Đồn",
}


def test_place_words_belong_to_their_district():
    # Each district's own name is among its place words (450 is a city: "Đồng Hới").
    assert sorted(PLACE_WORDS) == sorted(DISTRICT_NAMES)
    for code, name in DISTRICT_NAMES.items():
        assert name in PLACE_WORDS[code], code


def test_draw_product_image_is_a_640_jpeg():
    data = draw_product_image("Nước mắm cá cơm Cảnh Dương", "thuc-pham", random.Random(1), stars=4)
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == ("JPEG", (640, 640))
    assert draw_product_image("Nón lá", "thu-cong-my-nghe", random.Random(1)) == draw_product_image(
        "Nón lá", "thu-cong-my-nghe", random.Random(1)
    )


@pytest.mark.slow
@pytest.mark.django_db
def test_seed_demo_builds_the_catalogue():
    report = seed_demo(with_images=False)

    assert (report.producers, report.products, report.certificates, report.sale_points) == (
        62,
        186,
        180,
        9,
    )
    assert report.consignments > 0
    assert mail.outbox == []  # no approval notices to demo accounts

    # Producers: all approved, valid tax codes, over the 8 former districts.
    assert Producer.objects.count() == 62
    assert Producer.objects.exclude(status=Producer.Status.APPROVED).count() == 0
    assert all(is_valid_mst(code) for code in Producer.objects.values_list("tax_code", flat=True))
    by_district = dict(
        Producer.objects.values_list("district__code").annotate(n=Count("id")).order_by()
    )
    assert by_district == {
        "450": 7,
        "452": 8,
        "453": 8,
        "454": 9,
        "455": 8,
        "456": 8,
        "457": 7,
        "458": 7,
    }
    assert set(Producer.objects.values_list("legal_type", flat=True)) == {
        "cooperative",
        "enterprise",
        "household",
        "cooperative_group",
    }
    for producer in Producer.objects.select_related("district", "commune__parent"):
        # The commune is a current Quảng Trị commune that one of the district's former communes became.
        assert producer.commune.parent.code == "44"
        assert AdministrativeUnit.objects.filter(
            parent=producer.district, successor=producer.commune
        ).exists()
        assert producer.phone.startswith("+849")
    assert Shop.objects.filter(is_active=True).count() == 62

    # Products: 186 published over the 6 groups, origin = the producer's district.
    assert Product.objects.filter(status=Product.Status.PUBLISHED).count() == 186
    assert set(Product.objects.values_list("product_group__code", flat=True)) == {
        "thuc-pham",
        "do-uong",
        "duoc-lieu",
        "thu-cong-my-nghe",
        "sinh-vat-canh",
        "du-lich",
    }
    assert Product.objects.exclude(origin_district=F("shop__producer__district")).count() == 0
    assert ProductVariant.objects.filter(price__lte=0).count() == 0

    # Certificates: 172 valid (140 × 3★, 28 × 4★, 4 × 5★) and 8 expired.
    stars = dict(
        Product.objects.annotate(**ocop_rating_annotations())
        .values_list("ocop_stars")
        .annotate(n=Count("id"))
        .order_by()
    )
    assert stars == {None: 14, 3: 140, 4: 28, 5: 4}
    assert OcopCertificate.objects.filter(valid_until__lt=timezone.localdate()).count() == 8
    assert OcopCertificate.objects.filter(stars=5).exclude(issuing_level="national").count() == 0
    for stars_, score in OcopCertificate.objects.values_list("stars", "score"):
        low, high = STAR_SCORE_BANDS[stars_]
        assert low <= score <= high

    # Sale points: the provincial one and one per district, each holding consigned stock.
    points = SalePoint.objects.select_related("district")
    assert sorted(p.level for p in points) == ["district"] * 8 + ["provincial"]
    assert {p.district.code for p in points if p.level == "district"} == set(DISTRICT_NAMES)
    assert "huyen-dong-hoi" in {p.code for p in points}
    for point in points:
        assert Stock.objects.filter(location__sale_point=point, quantity__gt=0).exists(), point.code


@pytest.mark.slow
@pytest.mark.django_db
def test_seed_demo_roles(client):
    seed_demo(with_images=False)

    assert sorted(
        User.objects.filter(username__in=[u for u, _n, _r in DEMO_USERS]).values_list(
            "username", flat=True
        )
    ) == sorted(u for u, _n, _r in DEMO_USERS)
    admin = User.objects.get(username="admin")
    assert (admin.is_staff, admin.is_superuser) == (True, True)
    office = User.objects.get(username="vanphong")
    assert (office.is_staff, office.is_ocop_office, office.is_superuser) == (True, True, False)
    canh_duong = Shop.objects.get(memberships__user__username="chuhang")
    assert canh_duong.name == "HTX Nước mắm Cảnh Dương"
    assert canh_duong.producer.district.code == "454"
    assert sorted(canh_duong.products.values_list("name_vi", flat=True)) == [
        "Nước mắm cá cơm Cảnh Dương",
        "Nước mắm nhĩ Cảnh Dương",
        "Ruốc biển Cảnh Dương",
    ]
    assert list(
        ShopMembership.objects.filter(shop=canh_duong)
        .order_by("role")
        .values_list("user__username", "role")
    ) == [("chuhang", "owner"), ("nhanvien", "staff")]
    assert ShopMembership.objects.get(user__username="chuhang2").shop != canh_duong
    clerk = SalePointMembership.objects.select_related("sale_point").get(user__username="thungan")
    assert (clerk.role, clerk.sale_point.level) == ("clerk", "provincial")
    manager = SalePointMembership.objects.select_related("sale_point__district").get(
        user__username="quanly"
    )
    assert (manager.role, manager.sale_point.district.code) == ("manager", "455")  # Bố Trạch
    assert User.objects.get(username="dan_live").marketing_role == "live_host"
    assert User.objects.get(username="kiemduyet").marketing_role == "moderator"
    customer = User.objects.get(username="khachhang")
    assert (customer.is_staff, customer.shop_memberships.count()) == (False, 0)
    assert client.login(username="chuhang", password=DEMO_PASSWORD)


@pytest.mark.slow
@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    seed_demo(with_images=False)
    counts = [
        m.objects.count()
        for m in (User, Producer, Shop, Product, ProductVariant, OcopCertificate, SalePoint, Stock)
    ]
    stock_total = sum(Stock.objects.values_list("quantity", flat=True))

    report = seed_demo(with_images=False)

    assert (report.producers, report.products, report.certificates, report.consignments) == (
        0,
        0,
        0,
        0,
    )
    assert report.sale_points == 9
    assert [
        m.objects.count()
        for m in (User, Producer, Shop, Product, ProductVariant, OcopCertificate, SalePoint, Stock)
    ] == counts
    assert sum(Stock.objects.values_list("quantity", flat=True)) == stock_total
    assert all(
        is_valid_ean13(b)
        for b in ProductVariant.objects.exclude(barcode="").values_list("barcode", flat=True)
    )


@pytest.mark.django_db
def test_seed_creates_demo_orders_through_the_services_once(admin_units):
    from marketplace.demo import seed_demo
    from orders.models import LedgerEntry, Order

    report = seed_demo(with_images=False)
    assert report.orders == 4
    statuses = set(Order.objects.values_list("status", flat=True))
    assert {"unfulfilled", "unconfirmed"} <= statuses
    assert LedgerEntry.objects.filter(kind="sale").exists()
    assert seed_demo(with_images=False).orders == 0
    assert Order.objects.count() == 4
