from __future__ import annotations

import factory

from marketplace.validators import ean13_check_digit
from shops.models import (
    Product,
    ProductVariant,
    SalePoint,
    SalePointMembership,
    Shop,
    ShopMembership,
    Stock,
    StockLocation,
)

from .marketplace import ProducerFactory, ProductGroupFactory, UserFactory


def valid_ean13(n: int) -> str:
    body = f"893{n:09d}"
    return body + str(ean13_check_digit(body))


class ShopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shop
        skip_postgeneration_save = True

    producer = factory.SubFactory(ProducerFactory)
    name = factory.LazyAttribute(lambda o: o.producer.name)
    slug = factory.Sequence(lambda n: f"shop-{n}")

    @factory.post_generation
    def warehouse(obj, create, extracted, **kwargs):
        if create:
            StockLocation.objects.get_or_create(
                kind="warehouse", shop=obj, defaults={"name": f"Kho {obj.name}"}
            )


class ShopMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShopMembership

    user = factory.SubFactory(UserFactory)
    shop = factory.SubFactory(ShopFactory)
    role = ShopMembership.Role.OWNER


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    shop = factory.SubFactory(ShopFactory)
    name_vi = factory.Sequence(lambda n: f"Nước mắm {n}")
    name_en = factory.Sequence(lambda n: f"Fish sauce {n}")
    slug = factory.Sequence(lambda n: f"san-pham-{n}")
    product_group = factory.SubFactory(ProductGroupFactory)
    origin_district = factory.LazyAttribute(lambda o: o.shop.producer.district)
    origin_commune = factory.LazyAttribute(lambda o: o.shop.producer.commune)
    status = Product.Status.PUBLISHED


class VariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductVariant

    product = factory.SubFactory(ProductFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    barcode = factory.Sequence(valid_ean13)
    price = 100_000


class SalePointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalePoint
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"sp-{n}")
    name = factory.Sequence(lambda n: f"Điểm bán {n}")
    level = SalePoint.Level.DISTRICT
    address = "Đồng Hới"

    @factory.post_generation
    def location(obj, create, extracted, **kwargs):
        if create:
            StockLocation.objects.get_or_create(
                kind="sale_point", sale_point=obj, defaults={"name": obj.name}
            )


class SalePointMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalePointMembership

    user = factory.SubFactory(UserFactory)
    sale_point = factory.SubFactory(SalePointFactory)
    role = SalePointMembership.Role.CLERK


def make_stock(
    variant: ProductVariant,
    quantity: int,
    location: StockLocation | None = None,
    *,
    sale_point: SalePoint | None = None,
    shop: Shop | None = None,
) -> Stock:
    """``quantity`` of ``variant`` held at ``location``: by default the warehouse of the
    variant's shop, or the counter of ``sale_point`` (consigned goods). ``shop`` is the
    stock's owner, by default the variant's shop. Written as a row (no stock movement):
    tests of the stock services go through ``shops.services.stock`` instead."""
    owner = shop or variant.product.shop
    if location is None:
        location = (
            StockLocation.objects.get(sale_point=sale_point)
            if sale_point is not None
            else variant.product.shop.warehouses.get()
        )
    return Stock.objects.create(variant=variant, location=location, shop=owner, quantity=quantity)
