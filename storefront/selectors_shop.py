"""Reads of the shop list (``/shops/``) and the shop page (``/shops/<slug>/``). The shop
page's products go through the catalogue's search (``ProductFilter(shops=(slug,))``),
so its filters, sorts and pagination are the catalogue's and its query count does not
depend on the page size."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, IntegerField, OuterRef, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from marketplace.models import OcopCertificate, User
from shops.models import Product, Shop
from shops.selectors_follow import shop_is_followed

from .filters import FilterState, legal_type_choices
from .selectors_catalogue import catalogue_context
from .selectors_product import plain_text, rich_text

SHOPS_PER_PAGE = 24


def active_shops() -> QuerySet[Shop]:
    """Shops buyers may see: active, with their producer's district and commune."""
    return Shop.objects.filter(is_active=True).select_related(
        "producer__district", "producer__commune"
    )


def _with_product_count(shops: QuerySet[Shop]) -> QuerySet[Shop]:
    """Each shop's published product count, as a correlated count on the (shop, status)
    index: no GROUP BY over the shop rows and their joined producer, district, commune."""
    published = (
        Product.objects.filter(shop=OuterRef("pk"), status=Product.Status.PUBLISHED)
        .order_by()
        .values("shop")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return shops.annotate(
        product_count=Coalesce(Subquery(published, output_field=IntegerField()), 0)
    )


def shop_for_page(*, slug: str) -> Shop | None:
    """The active shop ``slug`` with ``follower_count``, or None (inactive or unknown)."""
    return (
        active_shops()
        .filter(slug=slug)
        .annotate(follower_count=Count("follows", distinct=True))
        .first()
    )


def shop_certificates(*, shop: Shop) -> list[OcopCertificate]:
    """The producer's OCOP certificates in force today, most stars first."""
    return list(
        OcopCertificate.objects.valid_on(timezone.localdate())
        .filter(producer_id=shop.producer_id)
        .select_related("product_group")
        .order_by("-stars", "-decision_date", "pk")
    )


def shop_page_context(
    *, shop: Shop, state: FilterState, path: str, user: User | AnonymousUser
) -> dict[str, Any]:
    """The shop, its certificates, whether ``user`` follows it, and its products under the
    catalogue's filters (``state``)."""
    context = catalogue_context(state, path, shop_slug=shop.slug)
    context.update(
        shop=shop,
        certificates=shop_certificates(shop=shop),
        following=shop_is_followed(user=user, shop=shop),
        story=rich_text(shop.story),
        story_text=shop_story_text(shop),
        legal_type=dict(legal_type_choices()).get(
            shop.producer.legal_type, shop.producer.legal_type
        ),
    )
    return context


def shop_story_text(shop: Shop) -> str:
    """The shop's story as one line of plain text (meta description, JSON-LD)."""
    return plain_text(rich_text(shop.story))


def shop_json_ld(shop: Shop, *, url: str, logo_url: str = "") -> dict[str, Any]:
    """schema.org ``Organization`` of the shop's producer (for ``|json_ld``)."""
    producer = shop.producer
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": shop.name,
        "legalName": producer.name,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": shop.address or producer.address,
            "addressLocality": producer.commune.full_name,
            "addressRegion": producer.district.full_name,
            "addressCountry": "VN",
        },
    }
    if logo_url:
        data["logo"] = logo_url
    if story := shop_story_text(shop):
        data["description"] = story[:500]
    return data


def shop_list_page(*, page: str | int | None) -> Page:
    """One page of active shops by name, with their published product count; a bad or
    out-of-range page number gives the nearest page."""
    shops = _with_product_count(active_shops()).order_by("name", "pk")
    return Paginator(shops, SHOPS_PER_PAGE).get_page(page)


def home_shops(*, limit: int = 8) -> list[Shop]:
    """A few active shops for the home page: those with a logo first, then by product count."""
    has_logo = Case(When(logo="", then=0), default=1, output_field=IntegerField())
    return list(
        _with_product_count(active_shops())
        .annotate(has_logo=has_logo)
        .order_by("-has_logo", F("product_count").desc(), "name")[:limit]
    )
