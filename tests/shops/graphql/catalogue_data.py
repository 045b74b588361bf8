"""A small catalogue for the catalogue API tests: two shops in two former districts,
products at 5★, 4★, 3★, with an expired certificate and without, a draft, a product of
an inactive shop, a sale point holding consigned stock, an image with thumbnails; the
demo's categories, collections and menus; the database search index brought up to date."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from marketplace.models import AdministrativeUnit, ProductGroup
from shops.models import (
    Product,
    SalePoint,
    Shop,
    StockReservation,
)
from tests.factories.marketplace import make_certificate
from tests.factories.shops import (
    ProductFactory,
    SalePointFactory,
    ShopFactory,
    VariantFactory,
    make_stock,
)
from tests.support.graphql import gql
from tests.support.images import jpeg_bytes
from tests.support.units import district, product_group


@dataclass
class Catalogue:
    shop: Shop
    other_shop: Shop
    fish: Product  # 5★, Quảng Ninh (456), food, 85 000 (was 100 000), 10 in stock, an image
    sauce: Product  # 4★, Đồng Hới (450), food, "Nước mắm nhĩ", 120 000 / 200 000 (two variants)
    tea: Product  # 3★, Quảng Ninh, beverages, 70 000, 4 on hand all reserved → out of stock
    wine: Product  # expired certificate, Đồng Hới, beverages, 150 000, none online, 3 at the sale point
    draft: Product  # shop's draft "Nước mắm nháp"
    hidden: Product  # of an inactive shop
    sale_point: SalePoint

    @property
    def public(self) -> list[Product]:
        return [self.fish, self.sauce, self.tea, self.wine]


def _certify(product: Product, stars: int, expired: bool = False) -> None:
    today = timezone.localdate()
    decision = today - datetime.timedelta(days=4 * 365 if expired else 100)
    make_certificate(
        product,
        product_group=product.product_group,
        stars=stars,
        score={3: 60, 4: 80, 5: 92}[stars],
        decision_date=decision,
        issuing_level="national" if stars == 5 else "province",
    )


def build_catalogue(*, shop: Shop, owner: Any, other_shop: Shop | None = None) -> Catalogue:
    from search.services import sync_search_index
    from shops.demo_collections import seed_catalogue_navigation
    from shops.services.media import product_media_add
    from storefront.demo_menus import seed_menus

    dong_hoi = district("450")
    other_shop = other_shop or ShopFactory()
    other_shop.producer.district = dong_hoi
    other_shop.producer.commune = (
        AdministrativeUnit.objects.filter(parent=dong_hoi, successor__isnull=False)
        .first()
        .successor
    )
    other_shop.producer.save(update_fields=["district", "commune"])
    food, drinks = product_group("thuc-pham"), product_group("do-uong")
    now = timezone.now()

    def product(
        owner_shop: Shop,
        name_vi: str,
        name_en: str,
        group_: ProductGroup,
        age_days: int,
        **extra: Any,
    ) -> Product:
        item = ProductFactory(
            shop=owner_shop,
            name_vi=name_vi,
            name_en=name_en,
            product_group=group_,
            origin_district=owner_shop.producer.district,
            origin_commune=owner_shop.producer.commune,
            **extra,
        )
        Product.objects.filter(pk=item.pk).update(
            created_at=now - datetime.timedelta(days=age_days),
            published_at=now - datetime.timedelta(days=age_days),
        )
        item.refresh_from_db()
        return item

    warehouse = shop.warehouses.get()
    other_warehouse = other_shop.warehouses.get()
    fish = product(
        shop,
        "Nước mắm cá cơm Cảnh Dương",
        "Canh Duong anchovy fish sauce",
        food,
        1,
        description_vi="<p>Nước mắm <strong>truyền thống</strong>.</p>",
        description_en="<p>Traditional <strong>fish sauce</strong>.</p>",
        net_quantity="500 ml",
        shelf_life="24 tháng",
    )
    make_stock(VariantFactory(product=fish, price=85_000, compare_at_price=100_000), 10, warehouse)
    _certify(fish, 5)
    product_media_add(
        actor=owner,
        product=fish,
        upload=SimpleUploadedFile(
            "fish.jpg", jpeg_bytes((1600, 1200), (200, 120, 40), exif=False), "image/jpeg"
        ),
        alt="Chai nước mắm",
    )

    sauce = product(other_shop, "Nước mắm nhĩ Bảo Ninh", "Bao Ninh premium fish sauce", food, 2)
    small = VariantFactory(product=sauce, price=120_000, name="Nhỏ", position=0)
    large = VariantFactory(product=sauce, price=200_000, name="Lớn", position=1)
    make_stock(small, 5, other_warehouse)
    make_stock(large, 2, other_warehouse)
    _certify(sauce, 4)

    tea = product(shop, "Trà bụp giấm", "Roselle tea", drinks, 3)
    tea_stock = make_stock(VariantFactory(product=tea, price=70_000), 4, warehouse)
    StockReservation.objects.create(
        stock=tea_stock,
        quantity=4,
        source=StockReservation.Source.CHECKOUT,
        reference="checkout-x",
        expires_at=now + datetime.timedelta(hours=1),
    )
    _certify(tea, 3)

    wine = product(other_shop, "Rượu sim rừng", "Rose myrtle wine", drinks, 4)
    wine_variant = VariantFactory(product=wine, price=150_000)
    _certify(wine, 3, expired=True)
    sale_point = SalePointFactory(code="dong-hoi", district=dong_hoi)
    make_stock(wine_variant, 3, sale_point.location)

    draft = product(shop, "Nước mắm nháp", "Draft fish sauce", food, 0, status=Product.Status.DRAFT)
    make_stock(VariantFactory(product=draft, price=50_000), 9, warehouse)

    inactive = ShopFactory(is_active=False)
    hidden = product(inactive, "Nước mắm gian hàng đóng", "Closed shop fish sauce", food, 5)
    VariantFactory(product=hidden, price=10_000)

    seed_catalogue_navigation()
    seed_menus()
    sync_search_index()
    for item in (fish, sauce, tea, wine, draft, hidden):
        item.refresh_from_db()
    return Catalogue(
        shop=shop,
        other_shop=other_shop,
        fish=fish,
        sauce=sauce,
        tea=tea,
        wine=wine,
        draft=draft,
        hidden=hidden,
        sale_point=sale_point,
    )


# --- the product list as Saleor's storefront asks for it ---------------------------------------

PRODUCT_LIST_ITEM = """
fragment ProductListItem on Product {
  id name slug created
  translation(languageCode: $languageCode) { name slug }
  pricing {
    onSale
    discount { gross { amount currency } }
    priceRange { start { gross { amount currency } } stop { gross { amount currency } } }
    priceRangeUndiscounted { start { gross { amount currency } } stop { gross { amount currency } } }
  }
  category { id name slug translation(languageCode: $languageCode) { name slug } backgroundImage { url alt } }
  thumbnail(size: 1024, format: WEBP) { url alt }
  productVariants(first: 50) {
    totalCount
    edges { node { id quantityAvailable pricing { price { gross { amount } } }
      selectionAttributes: attributes(variantSelection: VARIANT_SELECTION) {
        attribute { slug name inputType translation(languageCode: $languageCode) { name } }
        values { name slug value translation(languageCode: $languageCode) { name } file { url } } } } }
  }
  shop { name slug }
  ocop { stars }
  origin { district { code } }
}
"""

PRODUCT_LIST_PAGINATED = (
    PRODUCT_LIST_ITEM
    + """
query ProductListPaginated($first: Int, $after: String, $last: Int, $before: String, $channel: String!,
    $languageCode: LanguageCodeEnum!, $sortBy: ProductOrder, $filter: ProductFilterInput,
    $where: ProductWhereInput, $search: String) {
  products(first: $first, after: $after, last: $last, before: $before, channel: $channel, sortBy: $sortBy,
           filter: $filter, where: $where, search: $search) {
    totalCount
    edges { node { ...ProductListItem } cursor }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
)


def products(client, token=None, **variables):
    variables = {"channel": "default-channel", "languageCode": "EN_US", "first": 20, **variables}
    answer = gql(client, PRODUCT_LIST_PAGINATED, variables, token=token)
    assert "errors" not in answer, answer["errors"]
    return answer["data"]["products"]


def slugs(connection):
    return [edge["node"]["slug"] for edge in connection["edges"]]
