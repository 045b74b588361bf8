"""``/sitemap.xml``: the storefront pages a search engine should know, each in every
language with ``hreflang`` alternates (``i18n``/``alternates``/``x_default``)."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from shops.models import Product, Shop


class _StorefrontSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PagesSitemap(_StorefrontSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["storefront:home", "storefront:catalogue", "storefront:shop_list"]

    def location(self, item: str) -> str:
        return reverse(item)


def products_for_sale() -> QuerySet[Product]:
    return (
        Product.objects.filter(status=Product.Status.PUBLISHED, shop__is_active=True)
        .only("slug", "updated_at")
        .order_by("pk")
    )


class ProductSitemap(_StorefrontSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> QuerySet[Product]:
        return products_for_sale()

    def location(self, item: Product) -> str:
        return reverse("storefront:product", args=[item.slug])

    def lastmod(self, item: Product):
        return item.updated_at


class TraceSitemap(ProductSitemap):
    priority = 0.4

    def location(self, item: Product) -> str:
        return reverse("storefront:trace", args=[item.slug])


class ShopSitemap(_StorefrontSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> QuerySet[Shop]:
        return Shop.objects.filter(is_active=True).only("slug", "updated_at").order_by("pk")

    def location(self, item: Shop) -> str:
        return reverse("storefront:shop", args=[item.slug])

    def lastmod(self, item: Shop):
        return item.updated_at


SITEMAPS: dict[str, type[Sitemap[Any]] | Sitemap[Any]] = {
    "pages": PagesSitemap,
    "shops": ShopSitemap,
    "products": ProductSitemap,
    "trace": TraceSitemap,
}
