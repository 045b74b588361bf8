"""Reads for the product page and the public traceability pages (per product, per
variant barcode, the printable QR label and the QR image itself).

Everything a page shows is loaded in a constant number of queries whatever the number of
variants, images, stock rows or certificates: the product through
``shops.selectors.with_storefront_data`` (row, variants with stock, images,
certificates in force), then one query each for delivery methods, pickup points and all
certificates (traceability), plus the related products from the search interface."""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import linebreaks, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from marketplace.models import OcopCertificate
from marketplace.text import sanitize_html
from orders.models import ShippingMethod
from search.product_filter import ProductFilter, ProductSort
from search.query import SearchQuery
from search.selectors import product_search
from shops.attributes import ORIGIN_COMMUNE, ORIGIN_DISTRICT, product_attributes
from shops.models import Product, ProductMedia, ProductVariant, SalePoint, Stock, StockLocation
from shops.selectors import (
    DEFAULT,
    product_certificate,
    product_media,
    product_variants,
    public_products,
    reserved_quantity,
    variant_quantity_available,
    with_storefront_data,
)
from shops.thumbnails import thumbnail_url

from .selectors import products_in_order

#: At or below this many units available a variant shows "Sắp hết" (low stock).
LOW_STOCK_THRESHOLD = 5
#: Shown when the shop has not configured any delivery method yet.
DEFAULT_DELIVERY_DAYS = (2, 4)
RELATED_LIMIT = 8

IN_STOCK, LOW_STOCK, OUT_OF_STOCK = "in_stock", "low_stock", "out_of_stock"
SCHEMA_AVAILABILITY = {
    IN_STOCK: "https://schema.org/InStock",
    LOW_STOCK: "https://schema.org/LimitedAvailability",
    OUT_OF_STOCK: "https://schema.org/OutOfStock",
}
AbsoluteUrl = Callable[[str], str]

LEGAL_TYPES = {
    "cooperative": _("Hợp tác xã"),
    "enterprise": _("Doanh nghiệp"),
    "cooperative_group": _("Tổ hợp tác"),
    "household": _("Hộ kinh doanh"),
}
ISSUING_LEVELS = {
    "district": _("Cấp huyện"),
    "province": _("Cấp tỉnh"),
    "national": _("Trung ương"),
}
CERTIFICATE_STATUSES = {
    "valid": _("Còn hiệu lực"),
    "expired": _("Hết hiệu lực"),
    "revoked": _("Đã thu hồi"),
    "pending": _("Chưa có hiệu lực"),
}


# --- value objects ---------------------------------------------------------------------


@dataclass(frozen=True)
class VariantOption:
    """One choice of the variant picker. Prices are integer VND; ``compare_at`` is set only
    when it is above the price."""

    variant: ProductVariant
    price: int
    compare_at: int | None
    discount_percent: int
    available: int
    stock_state: str  # IN_STOCK | LOW_STOCK | OUT_OF_STOCK

    @property
    def pk(self) -> int:
        return self.variant.pk

    @property
    def in_stock(self) -> bool:
        return self.stock_state != OUT_OF_STOCK


@dataclass(frozen=True)
class DeliveryEstimate:
    zone: str
    method: str
    min_days: int
    max_days: int
    price: int | None  # flat fee; None for weight-based fees (shown at checkout)
    free_above: int | None


@dataclass(frozen=True)
class PickupPoint:
    sale_point: SalePoint
    available: int


@dataclass(frozen=True)
class CertificateRow:
    """A certificate of the product as the traceability page shows it."""

    certificate: OcopCertificate
    status: str  # "valid" | "expired" | "revoked" | "pending"

    @property
    def is_valid(self) -> bool:
        return self.status == "valid"

    @property
    def status_label(self) -> str:
        return str(CERTIFICATE_STATUSES[self.status])

    @property
    def issuing_level_label(self) -> str:
        return str(
            ISSUING_LEVELS.get(self.certificate.issuing_level, self.certificate.issuing_level)
        )


@dataclass
class ProductPage:
    product: Product
    name: str
    description: str
    media: list[ProductMedia]
    options: list[VariantOption]
    selected: VariantOption | None
    certificate: OcopCertificate | None
    attributes: list[tuple[str, str]]
    deliveries: list[DeliveryEstimate] = field(default_factory=list)
    pickup_points: list[PickupPoint] = field(default_factory=list)
    related: list[Product] = field(default_factory=list)

    @property
    def price_range(self) -> tuple[int, int] | None:
        prices = [o.price for o in self.options]
        return (min(prices), max(prices)) if prices else None

    @property
    def in_stock(self) -> bool:
        return any(o.in_stock for o in self.options)

    @property
    def description_html(self) -> SafeString:
        return rich_text(self.description)

    @property
    def description_text(self) -> str:
        """The description as one line of plain text (meta tags, JSON-LD), to be escaped."""
        return plain_text(self.description_html)


# --- helpers -----------------------------------------------------------------------------


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _localized(vi: str, en: str, language: str) -> str:
    return en if language == "en" and en else vi


def _bilingual(text: str, language: str) -> str:
    """``"Toàn quốc / Nationwide"`` → the half for ``language`` (texts stored both ways)."""
    vi, sep, en = text.partition(" / ")
    return en.strip() if sep and language == "en" and en.strip() else vi.strip()


def rich_text(text: str) -> SafeString:
    """Stored rich text (HTML, sanitized again here: demo data and imports may bypass the
    services) or plain text with its line breaks, ready for a template."""
    text = (text or "").strip()
    if "<" in text:
        return mark_safe(sanitize_html(text))  # noqa: S308 - sanitized by nh3 just above
    return SafeString(linebreaks(text)) if text else SafeString("")


def plain_text(rich: str) -> str:
    """Rich text (``rich_text``'s output) as one line of plain text: tags removed and
    entities decoded, so a template escapes it once (never a ``SafeString``)."""
    return html.unescape(" ".join(strip_tags(rich).split()))


def stock_state(available: int) -> str:
    if available <= 0:
        return OUT_OF_STOCK
    return LOW_STOCK if available <= LOW_STOCK_THRESHOLD else IN_STOCK


def _option(variant: ProductVariant, shop_id: int) -> VariantOption:
    available = variant_quantity_available(variant, channel=DEFAULT, shop_id=shop_id)
    compare = variant.compare_at_price if (variant.compare_at_price or 0) > variant.price else None
    discount = round(100 * (compare - variant.price) / compare) if compare else 0
    return VariantOption(
        variant=variant,
        price=variant.price,
        compare_at=compare,
        discount_percent=discount,
        available=available,
        stock_state=stock_state(available),
    )


def _public_product(slug: str) -> Product | None:
    """The published product ``slug`` of an active shop with variants, stock, images and
    certificates in force (five queries); ``None`` otherwise."""
    return with_storefront_data(public_products().filter(slug=slug)).first()


def _attributes(product: Product, language: str) -> list[tuple[str, str]]:
    """(label, value) rows from the GraphQL attribute list (origin is shown on its own)."""
    rows = []
    for assigned in product_attributes(product):
        if assigned.attribute in (ORIGIN_DISTRICT, ORIGIN_COMMUNE):
            continue
        label = _localized(assigned.attribute.name_vi, assigned.attribute.name_en, language)
        value = ", ".join(_localized(v.name_vi, v.name_en, language) for v in assigned.values)
        rows.append((label, value))
    return rows


def delivery_estimates(*, shop_id: int, language: str) -> list[DeliveryEstimate]:
    """The shop's active delivery methods in its active zones, fastest first (one query).
    Empty when the shop has none (the page then shows ``DEFAULT_DELIVERY_DAYS``)."""
    methods = (
        ShippingMethod.objects.filter(zone__shop_id=shop_id, zone__is_active=True, is_active=True)
        .select_related("zone")
        .order_by("min_days", "max_days", "price", "pk")
    )
    return [
        DeliveryEstimate(
            zone=_bilingual(m.zone.name, language),
            method=_localized(m.name_vi, m.name_en, language),
            min_days=m.min_days,
            max_days=m.max_days,
            price=int(m.price) if m.kind == ShippingMethod.Kind.FLAT else None,
            free_above=m.free_above,
        )
        for m in methods
    ]


def product_pickup_points(
    *, product: Product, now: datetime.datetime | None = None
) -> list[PickupPoint]:
    """Active sale points holding stock of the product (some variant with quantity minus
    active reservations above zero), provincial point first (one query)."""
    rows = (
        Stock.objects.filter(
            variant__product=product,
            variant__is_active=True,
            shop_id=product.shop_id,
            location__kind=StockLocation.Kind.SALE_POINT,
            location__sale_point__is_active=True,
        )
        .annotate(held=reserved_quantity(now or timezone.now()))
        .select_related("location__sale_point__district")
    )
    points: dict[int, SalePoint] = {}
    available: dict[int, int] = {}
    for stock in rows:
        point = stock.location.sale_point
        free = stock.quantity - stock.held
        if point is None or free <= 0:
            continue
        points[point.pk] = point
        available[point.pk] = available.get(point.pk, 0) + free
    ordered = sorted(
        points.values(), key=lambda p: (p.level != SalePoint.Level.PROVINCIAL, p.name, p.pk)
    )
    return [PickupPoint(sale_point=p, available=available[p.pk]) for p in ordered]


def related_products(product: Product, *, limit: int = RELATED_LIMIT) -> list[Product]:
    """Products of the same OCOP group (best rated first), topped up with the same shop's
    products, found through the search interface; never the product itself."""
    ids: list[int] = []
    for product_filter in (
        ProductFilter(groups=(product.product_group.code,)),
        ProductFilter(shops=(product.shop.slug,)),
    ):
        result = product_search(
            SearchQuery(
                filter=product_filter, sort=ProductSort.STARS, page_size=limit + 1, facets=False
            )
        )
        ids += [pk for pk in result.product_ids if pk != product.pk and pk not in ids]
        if len(ids) >= limit:
            break
    return products_in_order(ids[:limit])


# --- JSON-LD -----------------------------------------------------------------------------


def _image_url(media: ProductMedia, size: int = 1024) -> str:
    return thumbnail_url(media, size)


def product_json_ld(page: ProductPage, *, url: str, absolute: AbsoluteUrl) -> dict[str, Any]:
    """schema.org ``Product`` with one ``Offer``, or an ``AggregateOffer`` over several
    variants. ``absolute`` turns a path into an absolute URL."""
    product = page.product
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": page.name,
        "url": url,
        "brand": {"@type": "Brand", "name": product.shop.name},
        "category": _localized(
            product.product_group.name_vi, product.product_group.name_en, _language()
        ),
        "countryOfOrigin": "VN",
    }
    description = page.description_text
    if description:
        data["description"] = description
    images = [absolute(u) for u in (_image_url(m) for m in page.media) if u]
    if images:
        data["image"] = images

    def offer(option: VariantOption) -> dict[str, Any]:
        item: dict[str, Any] = {
            "@type": "Offer",
            "price": option.price,
            "priceCurrency": "VND",
            "availability": SCHEMA_AVAILABILITY[option.stock_state],
            "sku": option.variant.sku,
            "url": url,
            "itemCondition": "https://schema.org/NewCondition",
            "seller": {"@type": "Organization", "name": product.shop.name},
        }
        if option.variant.name:
            item["name"] = option.variant.name
        if not option.variant.barcode_is_internal and len(option.variant.barcode) == 13:
            item["gtin13"] = option.variant.barcode
        return item

    if len(page.options) == 1:
        only = page.options[0]
        data["sku"] = only.variant.sku
        data["offers"] = offer(only)
    elif page.options:
        low, high = page.price_range or (0, 0)
        data["offers"] = {
            "@type": "AggregateOffer",
            "priceCurrency": "VND",
            "lowPrice": low,
            "highPrice": high,
            "offerCount": len(page.options),
            "availability": SCHEMA_AVAILABILITY[IN_STOCK if page.in_stock else OUT_OF_STOCK],
            "offers": [offer(o) for o in page.options],
        }
    return data


# --- pages -------------------------------------------------------------------------------


def product_page(
    slug: str, *, language: str | None = None, related: bool = True
) -> ProductPage | None:
    """The product page of the published product ``slug`` of an active shop (``None``
    otherwise). Query count is independent of the number of variants and images."""
    product = _public_product(slug)
    if product is None:
        return None
    language = language or _language()
    options = [_option(v, product.shop_id) for v in product_variants(product)]
    page = ProductPage(
        product=product,
        name=_localized(product.name_vi, product.name_en, language),
        description=_localized(product.description_vi, product.description_en, language),
        media=product_media(product),
        options=options,
        selected=next((o for o in options if o.in_stock), options[0] if options else None),
        certificate=product_certificate(product),
        attributes=_attributes(product, language),
    )
    page.deliveries = delivery_estimates(shop_id=product.shop_id, language=language)
    page.pickup_points = product_pickup_points(product=product)
    if related:
        page.related = related_products(product)
    return page


def product_page_context(slug: str, *, url: str, absolute: AbsoluteUrl) -> dict[str, Any] | None:
    """Template context of the product page; ``url`` is the page's absolute URL."""
    page = product_page(slug)
    if page is None:
        return None
    first = page.media[0] if page.media else None
    return {
        "page": page,
        "product": page.product,
        "default_delivery_days": DEFAULT_DELIVERY_DAYS,
        "legal_type": LEGAL_TYPES.get(page.product.shop.producer.legal_type, ""),
        "shop_story": rich_text(page.product.shop.story),
        "issuing_level": ISSUING_LEVELS.get(page.certificate.issuing_level, "")
        if page.certificate
        else "",
        "og_image": absolute(_image_url(first)) if first else "",
        "json_ld": product_json_ld(page, url=url, absolute=absolute),
    }


# --- traceability ------------------------------------------------------------------------


def certificate_status(certificate: OcopCertificate, day: datetime.date) -> str:
    if certificate.revoked_at is not None:
        return "revoked"
    if certificate.decision_date > day:
        return "pending"
    return "valid" if certificate.valid_until >= day else "expired"


def product_certificates(
    product: Product, *, day: datetime.date | None = None
) -> list[CertificateRow]:
    """Every certificate of the product, in force first then newest, with its status on
    ``day`` (one query)."""
    day = day or timezone.localdate()
    rows = [
        CertificateRow(c, certificate_status(c, day))
        for c in OcopCertificate.objects.filter(products=product)
        .select_related("product_group")
        .order_by("-decision_date", "-pk")
    ]
    return sorted(rows, key=lambda r: not r.is_valid)


def trace_url(*, slug: str | None = None, barcode: str | None = None) -> str:
    """Absolute URL of a traceability page (``settings.SITE_URL`` + path, in the site's
    default language): what the QR code on the packaging encodes."""
    with translation.override(settings.LANGUAGE_CODE):
        path = (
            reverse("storefront:trace_barcode", args=[barcode])
            if barcode
            else reverse("storefront:trace", args=[slug])
        )
    return settings.SITE_URL.rstrip("/") + path


def qr_svg(data: str) -> bytes:
    """An SVG QR code (a single path) of ``data``."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode").encode()


def trace_context(slug: str, *, barcode: str | None = None) -> dict[str, Any] | None:
    """Context of the traceability page of the published product ``slug`` (``None``
    otherwise). With ``barcode``, that variant is highlighted (``None`` when the barcode is
    not one of the product's active variants)."""
    page = product_page(slug, related=False)
    if page is None:
        return None
    variant = None
    if barcode is not None:
        variant = next((o.variant for o in page.options if o.variant.barcode == barcode), None)
        if variant is None:
            return None
    product = page.product
    return {
        "page": page,
        "product": product,
        "shop": product.shop,
        "producer": product.shop.producer,
        "variant": variant,
        "certificates": product_certificates(product),
        "shop_story": rich_text(product.shop.story),
        "legal_type": LEGAL_TYPES.get(product.shop.producer.legal_type, ""),
        "trace_url": trace_url(barcode=barcode) if barcode else trace_url(slug=slug),
        "labels": [(o.variant, trace_url(barcode=o.variant.barcode)) for o in page.options],
    }


def product_slug_for_barcode(barcode: str) -> str | None:
    """The slug of the published product whose active variant has ``barcode``."""
    return (
        ProductVariant.objects.filter(
            barcode=barcode, is_active=True, product__in=public_products()
        )
        .values_list("product__slug", flat=True)
        .first()
    )


def trace_qr_svg(slug: str, *, barcode: str | None = None) -> bytes | None:
    """The QR code of the product's traceability page (or of one variant's barcode page);
    ``None`` for an unknown or unpublished product, or a barcode not of that product."""
    products = public_products().filter(slug=slug)
    if barcode:
        if not ProductVariant.objects.filter(
            barcode=barcode, is_active=True, product__in=products
        ).exists():
            return None
        return qr_svg(trace_url(barcode=barcode))
    if not products.exists():
        return None
    return qr_svg(trace_url(slug=slug))
