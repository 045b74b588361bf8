"""Reads for a producer's staff acting through the API: their shops, and objects looked
up by id *inside* those shops. A missing id and another shop's id raise the same
``NotFound``, so nothing about other shops leaks."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from marketplace.errors import NotFound

from .models import Product, ProductMedia, ProductVariant, Shop, StockLocation
from .selectors import shop_locations, shops_for_user

NOT_FOUND = "Không tìm thấy. / Not found."


def is_shop_staff(*, user: Any) -> bool:
    """Whether ``user`` belongs to at least one shop (owner or staff)."""
    return shops_for_user(user=user).exists()


def access_staff_shop(*, user: Any, reference: str | None = None) -> Shop:
    """The shop the staff member acts for: ``reference`` (a pk or slug) among their shops,
    or without one their only shop. ``NotFound`` for a shop that is not theirs; a
    ``LookupError`` when they belong to several and gave none."""
    shops = shops_for_user(user=user).select_related("producer")
    if reference:
        lookup = {"pk": int(reference)} if str(reference).isdigit() else {"slug": reference}
        shop = shops.filter(**lookup).first()
        if shop is None:
            raise NotFound(NOT_FOUND)
        return shop
    found = list(shops[:2])
    if not found:
        raise NotFound(NOT_FOUND)
    if len(found) > 1:
        raise LookupError("several shops")
    return found[0]


def access_staff_product(*, user: Any, product_id: Any) -> Product:
    product = (
        Product.objects.filter(pk=product_id, shop__in=shops_for_user(user=user))
        .select_related("shop", "product_group", "category", "origin_district", "origin_commune")
        .first()
    )
    if product is None:
        raise NotFound(NOT_FOUND)
    return product


def access_staff_variant(
    *, user: Any, variant_id: Any = None, sku: str | None = None
) -> ProductVariant:
    """A variant of the staff member's shops by pk or by SKU."""
    variants = ProductVariant.objects.filter(product__shop__in=shops_for_user(user=user))
    if variant_id is not None:
        variants = variants.filter(pk=variant_id)
    elif sku:
        variants = variants.filter(sku=sku)
    else:
        raise NotFound(NOT_FOUND)
    variant = variants.select_related("product__shop").first()
    if variant is None:
        raise NotFound(NOT_FOUND)
    return variant


def access_staff_media(*, user: Any, media_id: Any) -> ProductMedia:
    media = (
        ProductMedia.objects.filter(pk=media_id, product__shop__in=shops_for_user(user=user))
        .select_related("product__shop")
        .first()
    )
    if media is None:
        raise NotFound(NOT_FOUND)
    return media


def staff_locations(*, shop: Shop) -> QuerySet[StockLocation]:
    """What the shop's staff may name as a warehouse: its own warehouses and the active
    sale points (which hold its consigned stock)."""
    return shop_locations(shop=shop)


def staff_locations_by_pk(*, shop: Shop, location_ids: list[Any]) -> dict[int, StockLocation]:
    """The locations among ``location_ids`` the shop may name, by pk, in one query."""
    ids = [int(pk) for pk in location_ids if str(pk).isdigit()]
    return {location.pk: location for location in staff_locations(shop=shop).filter(pk__in=ids)}
