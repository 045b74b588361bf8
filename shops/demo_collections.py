"""Demo navigation data for storefronts: one category per OCOP product group (products
without a category get their group's), and the collections Saleor storefronts and our
pages ask for — ``featured-products`` (the 4★/5★ products), ``ocop-5-sao``,
``ocop-4-sao`` and one per former district (``huyen-<district slug>``). Idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from marketplace.models import AdministrativeUnit, ProductGroup
from search.product_filter import ProductFilter, ProductSort

from .models import Category, Collection, Product
from .selectors import CURRENT_CRITERIA, product_list

FEATURED = "featured-products"


@dataclass
class NavigationReport:
    categories: int = 0
    categorised_products: int = 0
    collections: int = 0
    featured_products: int = 0


def _rule(slug: str, position: int, **fields: object) -> Collection:
    collection, _ = Collection.objects.update_or_create(
        slug=slug, defaults={"kind": Collection.Kind.RULE, "position": position, **fields}
    )
    return collection


@transaction.atomic
def seed_catalogue_navigation() -> NavigationReport:
    report = NavigationReport()
    groups = list(
        ProductGroup.objects.filter(criteria_version=CURRENT_CRITERIA).order_by("position", "pk")
    )
    for group in groups:
        category, _ = Category.objects.get_or_create(
            slug=group.code,
            defaults={"name_vi": group.name_vi, "name_en": group.name_en, "product_group": group},
        )
        report.categories += 1
        report.categorised_products += Product.objects.filter(
            category__isnull=True, product_group=group
        ).update(category=category)

    featured, _ = Collection.objects.update_or_create(
        slug=FEATURED,
        defaults={
            "kind": Collection.Kind.MANUAL,
            "position": 0,
            "name_vi": "Sản phẩm nổi bật",
            "name_en": "Featured products",
            "description_vi": "<p>Sản phẩm OCOP 4 và 5 sao của Quảng Bình.</p>",
            "description_en": "<p>Quảng Bình's 4- and 5-star OCOP products.</p>",
        },
    )
    best = [p.pk for p in product_list(filters=ProductFilter(stars_min=4), sort=ProductSort.STARS)]
    featured.products.set(best)
    report.featured_products = len(best)
    _rule(
        "ocop-5-sao",
        1,
        stars_min=5,
        stars_max=None,
        name_vi="OCOP 5 sao",
        name_en="5-star OCOP",
        description_vi="<p>Sản phẩm đạt OCOP 5 sao (cấp quốc gia).</p>",
        description_en="<p>Products rated 5 OCOP stars (national level).</p>",
    )
    _rule(
        "ocop-4-sao",
        2,
        stars_min=4,
        stars_max=4,
        name_vi="OCOP 4 sao",
        name_en="4-star OCOP",
        description_vi="<p>Sản phẩm đạt OCOP 4 sao.</p>",
        description_en="<p>Products rated 4 OCOP stars.</p>",
    )
    report.collections = 3
    districts = AdministrativeUnit.objects.filter(
        generation=AdministrativeUnit.Generation.FORMER, level=AdministrativeUnit.Level.DISTRICT
    ).order_by("code")
    for index, district in enumerate(districts, start=10):
        _rule(
            f"huyen-{district.slug}",
            index,
            district=district,
            name_vi=f"Đặc sản {district.full_name}",
            name_en=f"Specialities of {district.name}",
            description_vi=f"<p>Sản phẩm OCOP của {district.full_name} (cũ).</p>",
            description_en=f"<p>OCOP products of the former {district.name} district.</p>",
        )
        report.collections += 1
    return report
