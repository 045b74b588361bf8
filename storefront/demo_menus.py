"""The menus Saleor storefronts read by default: ``navbar`` (one item per OCOP product
group, linking its category) and ``footer`` (about, contact and OCOP information pages,
and the OCOP star collections). Idempotent: a menu's items are rebuilt on each run."""

from __future__ import annotations

from django.db import transaction

from shops.models import Category, Collection

from .models import Menu, MenuItem

FOOTER_LINKS = [
    ("Giới thiệu", "About us", "/gioi-thieu/"),
    ("Liên hệ", "Contact", "/lien-he/"),
    ("Chương trình OCOP", "About the OCOP programme", "/ocop/"),
]


@transaction.atomic
def seed_menus() -> dict[str, int]:
    navbar, _ = Menu.objects.update_or_create(slug="navbar", defaults={"name": "navbar"})
    navbar.items.all().delete()
    categories = (
        Category.objects.filter(parent__isnull=True, product_group__isnull=False)
        .select_related("product_group")
        .order_by("product_group__position", "pk")
    )
    for position, category in enumerate(categories):
        MenuItem.objects.create(
            menu=navbar,
            name_vi=category.name_vi,
            name_en=category.name_en,
            category=category,
            sort_order=position,
        )

    footer, _ = Menu.objects.update_or_create(slug="footer", defaults={"name": "footer"})
    footer.items.all().delete()
    info = MenuItem.objects.create(
        menu=footer, name_vi="Chợ OCOP Quảng Bình", name_en="Quảng Bình OCOP market", sort_order=0
    )
    for position, (name_vi, name_en, url) in enumerate(FOOTER_LINKS):
        MenuItem.objects.create(
            menu=footer, parent=info, name_vi=name_vi, name_en=name_en, url=url, sort_order=position
        )
    stars = MenuItem.objects.create(
        menu=footer, name_vi="Sản phẩm OCOP", name_en="OCOP products", sort_order=1
    )
    for position, collection in enumerate(
        Collection.objects.filter(slug__in=["ocop-5-sao", "ocop-4-sao"]).order_by("position")
    ):
        MenuItem.objects.create(
            menu=footer,
            parent=stars,
            name_vi=collection.name_vi,
            name_en=collection.name_en,
            collection=collection,
            sort_order=position,
        )
    return {"navbar": navbar.items.count(), "footer": footer.items.count()}
