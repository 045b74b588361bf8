"""Builders shared by the storefront page tests: certified products, stock and query counts."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from marketplace.models import OcopCertificate
from shops.models import Product, Shop
from tests.clock import tick
from tests.factories.marketplace import make_certificate
from tests.factories.shops import ProductFactory, VariantFactory

DAY = datetime.timedelta(days=1)


def certify(
    product: Product, *, stars: int = 4, valid_until: datetime.date | None = None, **fields: Any
) -> OcopCertificate:
    """An OCOP certificate of the product's producer covering ``product``: ``stars`` with a
    matching score, in force until ``valid_until`` (default: 100 days from today), decided
    900 days before that (``make_certificate``)."""
    valid_until = valid_until or timezone.localdate() + 100 * DAY
    return make_certificate(product, stars=stars, valid_until=valid_until, **fields)


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
