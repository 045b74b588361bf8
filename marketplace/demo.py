"""Demo data for Quảng Bình at realistic scale, created through the real services.

Deterministic (fixed random seed) and idempotent: producers are keyed by tax code, users
by username, sale points by code; a second run only fills what is missing."""

from __future__ import annotations

import base64
import datetime
import functools
import io
import random
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from orders.services.shipping import shipping_defaults_create
from shops.models import (
    STAFF_DEFAULT_POWERS,
    Product,
    SalePoint,
    SalePointMembership,
    Shop,
    ShopMembership,
    ShopPower,
    Stock,
    StockLocation,
)
from shops.services import catalogue, media, onboarding, stock

from . import services
from . import services_two_factor as two_factor
from .data.banks import NAPAS_BANKS
from .models import AdministrativeUnit, OcopCertificate, Producer, ProductGroup, User
from .validators import mst_check_digit

DEMO_PASSWORD = "ocop2026"
#: The demo office's and admin's authenticator key (two-factor sign-in is required for
#: them): published here and printed by seed_demo, installed only under DEBUG
#: (``services_two_factor.demo_authenticator_install``). Base32 for authenticator apps.
DEMO_TOTP_KEY_HEX = "4f434f502d44454d4f2d514241532d3230323621"
DEMO_TOTP_USERS = ("admin", "vanphong")
PRODUCER_COUNT = 62

# (username, full name, role description)
DEMO_USERS = [
    ("admin", "Quản trị nền tảng", "platform admin (Django admin)"),
    ("vanphong", "Văn phòng OCOP tỉnh", "OCOP office (certificates, producer approval)"),
    ("chuhang", "Chủ gian hàng HTX Nước mắm Cảnh Dương", "producer owner (dashboard)"),
    (
        "nhanvien",
        "Nhân viên gian hàng",
        "producer staff (same shop): orders, stock, refunds up to the threshold, cash collected",
    ),
    ("chuhang2", "Chủ gian hàng thứ hai", "producer owner of another shop"),
    ("thungan", "Thu ngân điểm bán tỉnh", "sale-point clerk (provincial showroom)"),
    ("quanly", "Quản lý điểm bán Bố Trạch", "sale-point manager (Bố Trạch showroom)"),
    ("dan_live", "Người dẫn livestream", "marketing: live host"),
    ("kiemduyet", "Kiểm duyệt livestream", "marketing: moderator"),
    ("khachhang", "Nguyễn Thị Khách", "customer"),
]

GROUP_COLORS = {
    "thuc-pham": (214, 120, 40),
    "do-uong": (40, 120, 200),
    "duoc-lieu": (60, 150, 80),
    "thu-cong-my-nghe": (150, 100, 60),
    "sinh-vat-canh": (90, 170, 90),
    "du-lich": (30, 140, 160),
}

# (group code, name vi, name en, net quantity, base price VND, shelf life)
PRODUCT_TEMPLATES = [
    ("thuc-pham", "Nước mắm cá cơm", "Anchovy fish sauce", "500 ml", 85_000, "24 tháng"),
    ("thuc-pham", "Nước mắm nhĩ", "Premium first-press fish sauce", "250 ml", 120_000, "24 tháng"),
    ("thuc-pham", "Khoai deo", "Dried sweet potato", "500 g", 95_000, "6 tháng"),
    ("thuc-pham", "Mực một nắng", "Sun-dried squid", "500 g", 450_000, "3 tháng (đông lạnh)"),
    ("thuc-pham", "Ruốc biển", "Shrimp paste", "200 g", 60_000, "12 tháng"),
    ("thuc-pham", "Gạo hữu cơ", "Organic rice", "5 kg", 180_000, "12 tháng"),
    ("thuc-pham", "Mật ong rừng", "Wild forest honey", "500 ml", 260_000, "24 tháng"),
    ("thuc-pham", "Cá khô một nắng", "Sun-dried fish", "500 g", 220_000, "3 tháng"),
    ("thuc-pham", "Bột sắn dây", "Kudzu starch", "500 g", 110_000, "12 tháng"),
    ("thuc-pham", "Tinh bột nghệ", "Turmeric starch", "250 g", 150_000, "18 tháng"),
    ("thuc-pham", "Lạc rang húng lìu", "Spiced roasted peanuts", "300 g", 55_000, "6 tháng"),
    ("thuc-pham", "Bánh tráng mè", "Sesame rice crackers", "10 cái", 40_000, "6 tháng"),
    ("thuc-pham", "Tôm chua", "Fermented sour shrimp", "500 g", 130_000, "3 tháng"),
    ("thuc-pham", "Nấm linh chi", "Lingzhi mushroom", "250 g", 380_000, "24 tháng"),
    ("do-uong", "Rượu gạo men lá", "Leaf-yeast rice wine", "500 ml", 90_000, "36 tháng"),
    ("do-uong", "Trà bụp giấm", "Roselle tea", "200 g", 70_000, "12 tháng"),
    ("do-uong", "Chè vằng", "Jasmine-leaf herbal tea", "500 g", 65_000, "12 tháng"),
    ("do-uong", "Trà xạ đen", "Celastrus tea", "300 g", 120_000, "18 tháng"),
    ("do-uong", "Rượu sim rừng", "Rose myrtle wine", "500 ml", 150_000, "36 tháng"),
    ("duoc-lieu", "Tinh dầu tràm", "Cajeput oil", "50 ml", 75_000, "36 tháng"),
    ("duoc-lieu", "Cà gai leo", "Solanum procumbens herb", "500 g", 140_000, "18 tháng"),
    ("duoc-lieu", "Cao dược liệu", "Herbal extract", "100 g", 250_000, "24 tháng"),
    ("duoc-lieu", "Tinh dầu sả chanh", "Lemongrass oil", "50 ml", 80_000, "36 tháng"),
    ("duoc-lieu", "Xà phòng thảo dược", "Herbal soap", "100 g", 45_000, "24 tháng"),
    ("thu-cong-my-nghe", "Nón lá", "Conical palm-leaf hat", "1 chiếc", 120_000, ""),
    ("thu-cong-my-nghe", "Giỏ mây tre đan", "Rattan and bamboo basket", "1 chiếc", 180_000, ""),
    ("thu-cong-my-nghe", "Chiếu cói", "Sedge mat", "1,6 x 2 m", 350_000, ""),
    ("thu-cong-my-nghe", "Tranh gỗ lũa", "Driftwood art", "1 bức", 900_000, ""),
    ("sinh-vat-canh", "Lan rừng", "Wild orchid", "1 chậu", 300_000, ""),
    ("sinh-vat-canh", "Bonsai mini", "Mini bonsai", "1 chậu", 450_000, ""),
    ("du-lich", "Tour du lịch cộng đồng", "Community tourism tour", "1 ngày", 650_000, ""),
    ("du-lich", "Homestay sinh thái", "Eco homestay night", "1 đêm", 500_000, ""),
]

# Keyed by the former district codes of the data file (450 Đồng Hới, 452 Minh Hóa,
# 453 Tuyên Hóa, 454 Quảng Trạch, 455 Bố Trạch, 456 Quảng Ninh, 457 Lệ Thủy, 458 Ba Đồn).
PLACE_WORDS = {
    "450": ["Bảo Ninh", "Đồng Hới", "Quang Phú", "Lộc Ninh"],
    "452": ["Minh Hóa", "Dân Hóa", "Hóa Tiến"],
    "453": ["Tuyên Hóa", "Lâm Hóa", "Thanh Hóa"],
    "454": ["Quảng Trạch", "Cảnh Dương", "Quảng Phú"],
    "455": ["Phong Nha", "Bố Trạch", "Chày Lập", "Hoàn Lão"],
    "456": ["Quảng Ninh", "Võ Ninh", "Hàm Ninh"],
    "457": ["Lệ Thủy", "Kiến Giang", "Sen Thủy"],
    "458": ["Ba Đồn", "Quảng Thọ", "Quảng Văn"],
}
BO_TRACH = "455"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = [
    "Văn An",
    "Thị Bình",
    "Văn Cường",
    "Thị Dung",
    "Văn Hải",
    "Thị Hoa",
    "Văn Long",
    "Thị Mai",
    "Văn Nam",
    "Thị Lan",
    "Văn Sơn",
    "Thị Thu",
]
BANKS = [(bin_, name) for bin_, name, _full in NAPAS_BANKS[:4]]


@dataclass
class SeedReport:
    producers: int = 0
    products: int = 0
    certificates: int = 0
    sale_points: int = 0
    consignments: int = 0
    orders: int = 0


def _fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def draw_product_image(name: str, group_code: str, rng: random.Random, stars: int = 0) -> bytes:
    """A 640×640 JPEG drawn with Pillow: group colour, a simple motif and the name."""
    base = GROUP_COLORS.get(group_code, (120, 120, 120))
    image = Image.new("RGB", (640, 640), (250, 247, 240))
    draw = ImageDraw.Draw(image)
    for i in range(8):
        shade = tuple(min(255, c + i * 12) for c in base)
        r = 300 - i * 30
        cx, cy = 320 + rng.randint(-20, 20), 250 + rng.randint(-20, 20)
        draw.ellipse((cx - r, cy - r // 1.4, cx + r, cy + r // 1.4), fill=shade)
    draw.rectangle((0, 470, 640, 640), fill=base)
    font = _font(34)
    words, lines, line = name.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) > 580 and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    for i, text in enumerate(lines[:3]):
        draw.text((30, 485 + i * 42), text, fill=(255, 255, 255), font=font)
    if stars:
        draw.text((30, 30), "OCOP " + "*" * stars, fill=(184, 134, 11), font=_font(40))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def _tax_code(rng: random.Random, index: int) -> str:
    """A tax code with a valid check digit; 31xx is Quảng Bình's prefix, unique per index."""
    while True:
        first = f"3100{index:03d}{rng.randint(0, 99):02d}"
        check = mst_check_digit(first)
        if check < 10:
            return first + str(check)


@functools.cache
def _demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)


def _user(username: str, full_name: str, **flags) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@demo.ocop.vn", "full_name": full_name, **flags},
    )
    if created:
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    return user


def _sale_points() -> list[SalePoint]:
    districts = list(
        AdministrativeUnit.objects.filter(generation="former", level="district").order_by("code")
    )
    points = []
    provincial, _ = SalePoint.objects.update_or_create(
        code="tinh-quang-binh",
        defaults={
            "name": "Điểm giới thiệu và bán sản phẩm OCOP tỉnh Quảng Bình",
            "level": SalePoint.Level.PROVINCIAL,
            "district": districts[0],
            "address": "Quảng trường Hồ Chí Minh, Đồng Hới",
            "phone": "+842323822222",
        },
    )
    points.append(provincial)
    for district in districts:
        point, _ = SalePoint.objects.update_or_create(
            code=f"huyen-{district.slug}",
            defaults={
                "name": f"Điểm bán OCOP {district.full_name}",
                "level": SalePoint.Level.DISTRICT,
                "district": district,
                "address": f"Trung tâm {district.full_name}",
            },
        )
        points.append(point)
    for point in points:
        StockLocation.objects.get_or_create(
            kind=StockLocation.Kind.SALE_POINT, sale_point=point, defaults={"name": point.name}
        )
    return points


@override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
def seed_demo(*, stdout=None, with_images: bool = True) -> SeedReport:  # noqa: C901
    """Creates the demo catalogue (≥60 producers over the 8 former districts, ≥170
    products, certificates, stock, 9 sale points with consigned stock, demo users).
    Sends no e-mail: the services' notices (approval, …) are not for demo accounts."""
    rng = random.Random(2026)
    report = SeedReport()
    log = stdout.write if stdout else (lambda *_: None)
    if not AdministrativeUnit.objects.exists() or not ProductGroup.objects.exists():
        services.administrative_units_load()
        services.product_groups_load()

    platform_admin = _user("admin", "Quản trị nền tảng", is_staff=True, is_superuser=True)
    office = _user("vanphong", "Văn phòng OCOP tỉnh", is_staff=True, is_ocop_office=True)
    if settings.DEMO_AUTHENTICATOR:  # production: they set up their own authenticator
        for person in (platform_admin, office):
            two_factor.demo_authenticator_install(user=person, key_hex=DEMO_TOTP_KEY_HEX)
    _user("dan_live", "Người dẫn livestream", marketing_role=User.MarketingRole.LIVE_HOST)
    _user("kiemduyet", "Kiểm duyệt livestream", marketing_role=User.MarketingRole.MODERATOR)
    _user("khachhang", "Nguyễn Thị Khách", phone="+84912345678")
    points = _sale_points()
    report.sale_points = len(points)
    clerk = _user("thungan", "Thu ngân điểm bán tỉnh")
    SalePointMembership.objects.get_or_create(
        user=clerk, defaults={"sale_point": points[0], "role": "clerk"}
    )
    manager = _user("quanly", "Quản lý điểm bán Bố Trạch")
    bo_trach = next((p for p in points if p.district and p.district.code == BO_TRACH), points[-1])
    SalePointMembership.objects.get_or_create(
        user=manager, defaults={"sale_point": bo_trach, "role": "manager"}
    )

    districts = list(
        AdministrativeUnit.objects.filter(generation="former", level="district").order_by("code")
    )
    groups = {g.code: g for g in ProductGroup.objects.filter(criteria_version="148/2023")}
    legal_types = (
        ["cooperative"] * 31 + ["enterprise"] * 12 + ["household"] * 12 + ["cooperative_group"] * 7
    )
    rng.shuffle(legal_types)
    today = timezone.localdate()
    star_plan = ["5"] * 4 + ["4"] * 28 + ["3"] * 140 + ["expired"] * 8 + ["none"] * 6
    rng.shuffle(star_plan)
    plan_index = 0
    shops: list[Shop] = []

    for index in range(PRODUCER_COUNT):
        prng = random.Random(f"demo-producer-{index}")
        district = districts[index % len(districts)]
        tax_code = _tax_code(prng, index)
        legal_type = legal_types[index % len(legal_types)]
        templates = prng.sample(PRODUCT_TEMPLATES, 3)
        place = prng.choice(PLACE_WORDS.get(district.code, [district.name]))
        if index == 0:  # the demo owner's shop: Cảnh Dương fish sauce, Quảng Trạch
            district = next(d for d in districts if d.code == "454")
            legal_type, place = "cooperative", "Cảnh Dương"
            templates = [
                t
                for t in PRODUCT_TEMPLATES
                if t[1] in ("Nước mắm cá cơm", "Nước mắm nhĩ", "Ruốc biển")
            ]
        kind_label = {
            "cooperative": "HTX",
            "enterprise": "Công ty TNHH",
            "household": "Hộ kinh doanh",
            "cooperative_group": "Tổ hợp tác",
        }[legal_type]
        name = f"{kind_label} {templates[0][1]} {place}" if index else "HTX Nước mắm Cảnh Dương"
        existing = Producer.objects.filter(tax_code=tax_code).select_related("shop").first()
        if existing is not None:
            shops.append(existing.shop)
            plan_index += 3
            continue
        communes = list(
            AdministrativeUnit.objects.filter(
                parent=district, level="commune", successor__isnull=False
            ).select_related("successor")
        )
        former_commune = prng.choice(communes)
        if index == 0:
            former_commune = next((c for c in communes if c.name == "Cảnh Dương"), former_commune)
        owner_username = {0: "chuhang", 1: "chuhang2"}.get(index, f"nsx{index:03d}")
        owner = _user(owner_username, f"{prng.choice(FAMILY)} {prng.choice(GIVEN)}")
        bank_bin, bank_name = prng.choice(BANKS)
        with transaction.atomic():
            producer = services.producer_apply(
                applicant=owner,
                data={
                    "name": name,
                    "legal_type": legal_type,
                    "tax_code": tax_code,
                    "registration_number": f"29{prng.randint(10000000, 99999999)}",
                    "district": district,
                    "commune": former_commune.successor,
                    "address": f"Thôn {prng.randint(1, 12)}, {former_commune.full_name}, {district.full_name}",
                    "contact_name": owner.full_name,
                    "phone": f"09{prng.randint(10000000, 99999999)}",
                    "email": f"{owner_username}@demo.ocop.vn",
                    "bank_bin": bank_bin,
                    "bank_name": bank_name,
                    "bank_account_number": str(prng.randint(10**11, 10**12 - 1)),
                    "bank_account_name": _fold(owner.full_name).upper(),
                },
            )
            onboarding.producer_approve(actor=office, producer=producer)
            shop = Shop.objects.get(producer=producer)
            catalogue.shop_profile_update(
                actor=owner,
                shop=shop,
                data={
                    "story": f"<p>{name} gìn giữ nghề truyền thống của {place}, {district.full_name}.</p>",
                    "shipping_policy": "Giao hàng toàn quốc 2–5 ngày; miễn phí nội tỉnh cho đơn từ 500.000 ₫.",
                    "returns_policy": "Đổi trả trong 7 ngày nếu sản phẩm lỗi hoặc hư hỏng khi vận chuyển.",
                },
            )
            if index == 0:
                staff = _user("nhanvien", "Nhân viên gian hàng")
                # the shop's work and two money powers: refunds up to the shop's
                # threshold and cash on delivery collected (not bank details nor profile)
                ShopMembership.objects.get_or_create(
                    user=staff,
                    shop=shop,
                    defaults={
                        "role": "staff",
                        "powers": [
                            *STAFF_DEFAULT_POWERS,
                            ShopPower.REFUND.value,
                            ShopPower.MARK_CASH_PAID.value,
                        ],
                    },
                )
            warehouse = StockLocation.objects.get(shop=shop, kind=StockLocation.Kind.WAREHOUSE)
            for t_index, (group_code, name_vi, name_en, net, price, shelf) in enumerate(templates):
                plan = star_plan[plan_index % len(star_plan)]
                plan_index += 1
                product = catalogue.product_create(
                    actor=owner,
                    shop=shop,
                    data={
                        "name_vi": f"{name_vi} {place}",
                        "name_en": f"{name_en} from {_fold(place)}",
                        "description_vi": f"<p>{name_vi} {place} — sản phẩm OCOP của {name}.</p>"
                        f"<p>Sản xuất tại {former_commune.full_name}, {district.full_name}.</p>",
                        "description_en": f"<p>{name_en} made by {_fold(name)} in {_fold(district.full_name)}.</p>",
                        "product_group": groups[group_code],
                        "net_quantity": net,
                        "shelf_life": shelf,
                        "storage": "Nơi khô ráo, thoáng mát" if shelf else "",
                        "origin_district": district,
                        "origin_commune": former_commune.successor,
                        "status": Product.Status.PUBLISHED,
                    },
                )
                sizes = [("", 1.0)] if prng.random() < 0.6 else [("Nhỏ", 1.0), ("Lớn", 1.8)]
                for v_index, (label, factor) in enumerate(sizes):
                    variant_price = int(round(price * factor * prng.uniform(0.9, 1.2), -3))
                    variant = catalogue.variant_create(
                        actor=owner,
                        product=product,
                        data={
                            "name": label,
                            "sku": f"QB{index:03d}-{t_index}{v_index}",
                            "price": variant_price,
                            "compare_at_price": int(round(variant_price * 1.15, -3))
                            if prng.random() < 0.25
                            else None,
                            "weight_grams": prng.choice([300, 500, 800, 1200]),
                            "position": v_index,
                        },
                    )
                    stock.stock_adjust(
                        actor=owner,
                        variant=variant,
                        location=warehouse,
                        delta=prng.randint(20, 200),
                        reason="initial",
                    )
                if plan != "none":
                    if plan == "expired":
                        decision = today - datetime.timedelta(days=prng.randint(37 * 30, 48 * 30))
                        stars = 3
                    else:
                        stars = int(plan)
                        decision = today - datetime.timedelta(days=prng.randint(20, 34 * 30))
                    score = {
                        3: prng.randint(52, 69),
                        4: prng.randint(70, 89),
                        5: prng.randint(90, 96),
                    }[stars]
                    level = {
                        5: "national",
                        4: "province",
                        3: prng.choice(["province", "district"]),
                    }[stars]
                    services.certificate_issue(
                        actor=office,
                        producer=producer,
                        products=[product],
                        data={
                            "product_group": groups[group_code],
                            "product_name": product.name_vi,
                            "stars": stars,
                            "score": score,
                            "criteria_version": "148/2023",
                            "decision_number": f"{prng.randint(100, 3999)}/QĐ-UBND",
                            "decision_date": decision,
                            "issuing_level": level,
                            "issuing_body": {
                                "national": "Thủ tướng Chính phủ",
                                "province": "UBND tỉnh Quảng Bình",
                                "district": f"UBND {district.full_name}",
                            }[level],
                        },
                    )
                    report.certificates += 1
                if with_images:
                    upload = SimpleUploadedFile(
                        f"{product.slug}.jpg",
                        draw_product_image(
                            product.name_vi,
                            group_code,
                            prng,
                            stars if plan not in ("none", "expired") else 0,
                        ),
                        content_type="image/jpeg",
                    )
                    media.product_media_add(actor=owner, product=product, upload=upload)
                report.products += 1
        report.producers += 1
        shops.append(shop)
        log(f"  {index + 1}/{PRODUCER_COUNT} {name}\n")

    # Shipping: default zones and rates for every shop that has none (idempotent).
    for shop in shops:
        shipping_defaults_create(shop)

    # Consigned stock: each sale point holds goods of several shops.
    for p_index, point in enumerate(points):
        location = point.location
        if location.stocks.exists():
            continue
        chosen = (
            [s for s in shops if s.producer.district_id == point.district_id]
            if point.district_id
            else []
        )
        chosen = (
            (chosen + rng.sample(shops, min(6, len(shops))))[:10]
            if p_index
            else rng.sample(shops, 20)
        )
        for shop in dict.fromkeys(chosen):
            owner_membership = (
                ShopMembership.objects.filter(shop=shop, role="owner")
                .select_related("user")
                .first()
            )
            variants = [v for product in shop.products.all() for v in product.variants.all()][:3]
            if not variants or owner_membership is None:
                continue
            on_hand = dict(
                Stock.objects.filter(variant__in=variants, location__shop=shop).values_list(
                    "variant_id", "quantity"
                )
            )
            lines: list[dict[str, Any]] = [
                {"variant": v, "quantity": min(rng.randint(3, 12), on_hand.get(v.pk, 0) // 4)}
                for v in variants
            ]
            lines = [line for line in lines if line["quantity"] > 0]
            if lines:
                stock.consignment_send(
                    actor=owner_membership.user,
                    shop=shop,
                    destination=location,
                    lines=lines,
                    note="Ký gửi ban đầu",
                )
            report.consignments += 1

    from orders.demo import seed_demo_orders

    report.orders = seed_demo_orders()

    # Storefront navigation: categories per product group, collections, menus.
    from shops.demo_collections import seed_catalogue_navigation
    from storefront.demo_menus import seed_menus

    seed_catalogue_navigation()
    seed_menus()
    return report


def demo_summary() -> str:
    lines = [f"Demo logins (password for all: {DEMO_PASSWORD}):"]
    for username, _full_name, role in DEMO_USERS:
        lines.append(f"  {username:<10} {role}")
    if settings.DEMO_AUTHENTICATOR:
        lines.append(
            f"Two-factor sign-in of {' and '.join(DEMO_TOTP_USERS)}: add the key "
            f"{demo_totp_secret()} to an authenticator app (or run "
            "`manage.py demo_otp_code`)"
        )
    lines.append(
        f"Catalogue: {Producer.objects.count()} producers, {Product.objects.count()} products, "
        f"{OcopCertificate.objects.count()} certificates, {SalePoint.objects.count()} sale points"
    )
    return "\n".join(lines)


def demo_totp_secret() -> str:
    """The demo authenticator's key as authenticator apps take it (base32)."""
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY_HEX)).decode()
