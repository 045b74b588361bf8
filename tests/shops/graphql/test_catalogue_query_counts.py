"""Catalogue lists run the same number of SQL queries for a page of 10 and of 100: every
relation a storefront reads (pricing, thumbnail, category, shop, OCOP certificate,
variants with channel stock, attributes, origin) is prefetched per page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from shops.models import Category, Collection, ProductMedia
from storefront.models import Menu, MenuItem
from tests.factories.marketplace import make_certificate
from tests.factories.shops import ProductFactory, ShopFactory, VariantFactory, make_stock
from tests.support.queries import gql_counted

pytestmark = pytest.mark.django_db

SIZE = 110  # more than the largest page


@pytest.fixture
def many_products(admin_units):
    shops = [ShopFactory() for _ in range(12)]
    categories = [
        Category.objects.create(name_vi=f"Danh mục {i}", name_en=f"Category {i}", slug=f"dm-{i}")
        for i in range(3)
    ]
    today = timezone.localdate()
    for index in range(SIZE):
        shop = shops[index % len(shops)]
        product = ProductFactory(shop=shop, category=categories[index % 3])
        for position in range(2):
            variant = VariantFactory(
                product=product,
                price=50_000 + index,
                position=position,
                name=f"Loại {position}",
                compare_at_price=70_000 if position else None,
            )
            make_stock(variant, 5)
        ProductMedia.objects.create(
            product=product,
            image=f"products/originals/{index}.jpg",
            width=800,
            height=600,
            thumbnails={
                str(s): {
                    "webp": f"products/thumbnails/{index}-{s}.webp",
                    "jpeg": f"products/thumbnails/{index}-{s}.jpg",
                }
                for s in (128, 256, 512, 1024)
            },
        )
        if index % 2:
            decision = today - datetime.timedelta(days=30)
            make_certificate(product, stars=3 + index % 3, decision_date=decision)
    for index in range(SIZE):
        Category.objects.create(
            name_vi=f"Con {index}",
            name_en=f"Child {index}",
            slug=f"con-{index}",
            parent=categories[index % 3],
        )
        Collection.objects.create(
            name_vi=f"Bộ sưu tập {index}",
            slug=f"bst-{index}",
            kind=Collection.Kind.RULE,
            stars_min=3 + index % 3,
        )
        menu = Menu.objects.create(name=f"menu {index}", slug=f"menu-{index}")
        parent = MenuItem.objects.create(menu=menu, name_vi="Gốc", category=categories[0])
        MenuItem.objects.create(menu=menu, name_vi="Con", parent=parent, url="/x/")


def counted(client, document, variables):
    count, answer = gql_counted(client, document, variables)
    assert "errors" not in answer, answer["errors"]
    return count, answer


PRODUCTS = """query($first: Int!, $channel: String!, $languageCode: LanguageCodeEnum!) {
  products(first: $first, channel: $channel) {
    totalCount
    edges { node {
      id name slug created rating isAvailable isAvailableForPurchase
      translation(languageCode: $languageCode) { name }
      pricing { onSale priceRange { start { gross { amount currency } } stop { gross { amount } } }
                priceRangeUndiscounted { start { gross { amount } } } discount { gross { amount } } }
      thumbnail(size: 256, format: WEBP) { url alt }
      media { url(size: 512) }
      category { id name slug level parent { slug } translation(languageCode: $languageCode) { name } }
      productType { slug }
      shop { name slug producerType district { code } certificates { stars } }
      ocop { stars score certificateNumber productGroup { code } }
      origin { district { code } commune { code } }
      assignedAttributes { attribute { slug } ... on AssignedSingleChoiceAttribute { value { slug } } }
      defaultVariant { sku }
      collections { slug }
      variants { id sku quantityAvailable pricing { price { gross { amount } } onSale }
                 attributes(variantSelection: VARIANT_SELECTION) { values { name } } }
      productVariants(first: 10) { totalCount edges { node { quantityAvailable } } }
    } }
  }
}"""


@pytest.mark.parametrize("channel", ["default-channel"])
def test_products_list_query_count_does_not_grow(client, many_products, channel):
    variables = {"channel": channel, "languageCode": "EN"}
    small, answer = counted(client, PRODUCTS, {**variables, "first": 10})
    assert len(answer["data"]["products"]["edges"]) == 10
    large, answer = counted(client, PRODUCTS, {**variables, "first": 100})
    assert len(answer["data"]["products"]["edges"]) == 100
    # count, page (with category and product group), shops (with producers and their units), origin
    # districts, origin communes, variants, stocks, media, certificates, categories, shop certificates,
    # collections and the page's manual collection memberships
    assert small == large == 13


def test_search_products_query_count_does_not_grow(client, many_products):
    from search.services import sync_search_index

    sync_search_index()
    document = PRODUCTS.replace(
        "products(first: $first, channel: $channel)",
        'products(first: $first, channel: $channel, search: "nuoc mam")',
    )
    variables = {"channel": "default-channel", "languageCode": "EN"}
    small, answer = counted(client, document, {**variables, "first": 10})
    assert answer["data"]["products"]["totalCount"] == SIZE
    large, answer = counted(client, document, {**variables, "first": 100})
    assert len(answer["data"]["products"]["edges"]) == 100
    assert small == large


def test_product_variants_query_count_does_not_grow(client, many_products):
    document = """query($first: Int!) { productVariants(first: $first, channel: "default-channel") {
        edges { node { id sku name quantityAvailable pricing { price { gross { amount } } }
                       attributes { values { name } } media { url(size: 128) }
                       product { name slug isAvailableForPurchase thumbnail { url } } } } } }"""
    small, _ = counted(client, document, {"first": 10})
    large, answer = counted(client, document, {"first": 100})
    assert len(answer["data"]["productVariants"]["edges"]) == 100
    assert small == large


@pytest.mark.parametrize(
    ("document", "field"),
    [
        (
            """query($first: Int!) { categories(first: $first) { edges { node { id name slug level description
        parent { name } children(first: 5) { totalCount edges { node { slug } } } ancestors(first: 3) { totalCount }
        translation(languageCode: EN) { name } backgroundImage { url } } } } }""",
            "categories",
        ),
        (
            """query($first: Int!) { collections(first: $first, channel: "default-channel") { edges { node {
        id name slug description seoTitle channel translation(languageCode: EN) { name } backgroundImage { url }
        } } } }""",
            "collections",
        ),
        (
            """query($first: Int!) { shops(first: $first) { edges { node { name slug producerType district { code }
        commune { name } story logo { url } certificates { stars productGroup { code } } } } } }""",
            "shops",
        ),
        (
            """query($first: Int!) { menus(first: $first) { edges { node { name slug items { name level url
        category { slug level } collection { slug } children { name level parent { name } } } } } } }""",
            "menus",
        ),
    ],
)
def test_other_lists_query_count_does_not_grow(client, many_products, document, field):
    small, _ = counted(client, document, {"first": 10})
    large, answer = counted(client, document, {"first": 100})
    assert len(answer["data"][field]["edges"]) >= 12
    assert small == large


def test_districts_and_groups_are_single_queries(client, many_products):
    queries, answer = counted(
        client,
        "{ districts { code productCount shopCount } productGroups { code productCount } }",
        {},
    )
    assert queries == 2
    assert sum(d["productCount"] for d in answer["data"]["districts"]) == SIZE
