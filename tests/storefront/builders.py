"""Builders shared by the storefront page tests: certified products, stock and query counts."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.models import OcopCertificate
from shops.models import Product, ProductVariant, Shop, Stock, StockLocation
from tests.clock import tick
from tests.factories.marketplace import CertificateFactory
from tests.factories.shops import ProductFactory, VariantFactory

DAY = datetime.timedelta(days=1)
SCORES = {3: 60, 4: 75, 5: 95}


def certify(
    product: Product, *, stars: int = 4, valid_until: datetime.date | None = None, **fields: Any
) -> OcopCertificate:
    """An OCOP certificate of the product's producer covering ``product``: ``stars`` with a
    matching score, in force until ``valid_until`` (default: 100 days from today), decided
    900 days before that."""
    valid_until = valid_until or timezone.localdate() + 100 * DAY
    fields.setdefault("score", SCORES[stars])
    cert = CertificateFactory(
        producer=product.shop.producer,
        stars=stars,
        decision_date=valid_until - 900 * DAY,
        valid_until=valid_until,
        **fields,
    )
    cert.products.add(product)
    return cert


def listed_product(
    shop: Shop,
    name: str,
    *,
    price: int = 100_000,
    stars: int | None = None,
    valid_until: datetime.date | None = None,
    **fields: Any,
) -> Product:
    """A product of ``shop`` named ``name`` with one variant at ``price``, certified with
    ``stars`` when given (see ``certify``). Each is created a second after the one before
    (the test's clock moves on), so "newest first" is the order they were built in."""
    tick()
    product = ProductFactory(shop=shop, name_vi=name, **fields)
    VariantFactory(product=product, price=price)
    if stars:
        certify(product, stars=stars, valid_until=valid_until, product_name=name)
    return product


def stock(variant: ProductVariant, quantity: int, location: StockLocation | None = None) -> Stock:
    """``quantity`` of ``variant`` at ``location`` (default: its shop's warehouse)."""
    location = location or variant.product.shop.warehouses.get()
    return Stock.objects.create(
        variant=variant, location=location, shop=variant.product.shop, quantity=quantity
    )


def count_queries(client: Any, url: str) -> int:
    """The number of SQL queries of a successful GET of ``url``."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)
