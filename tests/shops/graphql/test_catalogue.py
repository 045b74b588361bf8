"""The catalogue part of the Saleor-compatible API, queried the way Saleor storefronts
query it (documents modelled on saleor/storefront's ``ProductListPaginated``): listing,
paging, filters, search and sorting (one product in test_catalogue_product.py; categories,
collections, menus, channels, shops, districts and groups in test_catalogue_navigation.py)."""

from __future__ import annotations

import pytest

from tests.shops.graphql.catalogue_data import (
    PRODUCT_LIST_ITEM,
    PRODUCT_LIST_PAGINATED,
    products,
    slugs,
)
from tests.support.graphql import gid, gql

pytestmark = pytest.mark.django_db


# --- listing and paging -------------------------------------------------------------------


def test_product_list_pages_forward_with_cursors(client, catalogue):
    seen, after, pages = [], None, 0
    while True:
        page = products(client, first=3, after=after)
        pages += 1
        assert page["totalCount"] == 4
        seen += slugs(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        assert page["edges"][-1]["cursor"] == after
    assert pages == 2
    # newest first; drafts and inactive shops' products are never listed
    assert seen == [
        catalogue.fish.slug,
        catalogue.sauce.slug,
        catalogue.tea.slug,
        catalogue.wine.slug,
    ]
    second = products(client, first=3, after=products(client, first=3)["pageInfo"]["endCursor"])
    assert second["pageInfo"]["hasPreviousPage"] is True
    assert slugs(second) == [catalogue.wine.slug]


def test_product_list_pages_backward(client, catalogue):
    last = products(client, first=None, last=2)
    assert slugs(last) == [catalogue.tea.slug, catalogue.wine.slug]
    before = products(client, first=None, last=2, before=last["pageInfo"]["startCursor"])
    assert slugs(before) == [catalogue.fish.slug, catalogue.sauce.slug]
    assert before["pageInfo"]["hasPreviousPage"] is False


def test_product_list_item_fields(client, catalogue):
    node = products(client)["edges"][0]["node"]
    assert node["id"] == gid("Product", catalogue.fish.pk)
    assert node["name"] == "Nước mắm cá cơm Cảnh Dương"
    assert node["translation"] == {
        "name": "Canh Duong anchovy fish sauce",
        "slug": catalogue.fish.slug,
    }
    money = node["pricing"]
    assert money["onSale"] is True
    assert money["discount"] == {"gross": {"amount": 15000.0, "currency": "VND"}}
    assert money["priceRange"]["start"]["gross"] == {"amount": 85000.0, "currency": "VND"}
    assert money["priceRangeUndiscounted"]["stop"]["gross"] == {
        "amount": 100000.0,
        "currency": "VND",
    }
    assert node["category"]["slug"] == "thuc-pham"
    assert node["category"]["translation"] == {"name": "Food", "slug": "thuc-pham"}
    assert node["thumbnail"]["url"].startswith("http://testserver/media/products/thumbnails/")
    assert node["thumbnail"]["url"].endswith("-1024.webp")
    assert node["thumbnail"]["alt"] == "Chai nước mắm"
    variants = node["productVariants"]
    assert variants["totalCount"] == 1
    assert variants["edges"][0]["node"]["quantityAvailable"] == 10
    assert variants["edges"][0]["node"]["pricing"]["price"]["gross"]["amount"] == 85000.0
    assert variants["edges"][0]["node"]["selectionAttributes"] == []
    assert node["shop"] == {"name": catalogue.shop.name, "slug": catalogue.shop.slug}
    assert node["ocop"] == {"stars": 5}
    assert node["origin"] == {"district": {"code": "456"}}


def test_variant_selection_attributes_and_price_range(client, catalogue):
    node = products(client, filter={"slugs": [catalogue.sauce.slug]})["edges"][0]["node"]
    assert node["pricing"]["onSale"] is False
    assert node["pricing"]["discount"] is None
    assert node["pricing"]["priceRange"]["start"]["gross"]["amount"] == 120000.0
    assert node["pricing"]["priceRange"]["stop"]["gross"]["amount"] == 200000.0
    values = [
        e["node"]["selectionAttributes"][0]["values"][0] for e in node["productVariants"]["edges"]
    ]
    assert [(v["name"], v["slug"]) for v in values] == [("Nhỏ", "nho"), ("Lớn", "lon")]
    attribute = node["productVariants"]["edges"][0]["node"]["selectionAttributes"][0]["attribute"]
    assert attribute == {
        "slug": "variant",
        "name": "Phân loại",
        "inputType": "DROPDOWN",
        "translation": {"name": "Option"},
    }


def test_connection_limits(client, catalogue):
    answer = gql(client, '{ products(first: 101, channel: "default-channel") { totalCount } }')
    assert answer["errors"][0]["message"] == (
        "Requesting 101 records on the `products` connection exceeds the "
        "`first` limit of 100 records."
    )
    answer = gql(client, '{ products(channel: "default-channel") { totalCount } }')
    assert "You must provide a `first` or `last` value" in answer["errors"][0]["message"]
    answer = gql(client, "{ categories(last: 500) { totalCount } }")
    assert "exceeds the `last` limit of 100 records" in answer["errors"][0]["message"]


def test_unknown_channel_is_an_error(client, catalogue):
    answer = gql(client, '{ products(first: 5, channel: "nope") { totalCount } }')
    assert answer["errors"][0]["message"] == "Channel with 'nope' slug does not exist."
    assert answer["data"] == {"products": None}


# --- filters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ({"ocopStars": [5]}, ["fish"]),
        ({"ocopStars": [3, 4]}, ["sauce", "tea"]),  # the wine's certificate expired
        ({"ocopStarsMin": 4}, ["fish", "sauce"]),
        ({"districts": ["450"]}, ["sauce", "wine"]),
        ({"districts": ["dong-hoi"]}, ["sauce", "wine"]),
        ({"productGroups": ["do-uong"]}, ["tea", "wine"]),
        ({"shops": ["__other__"]}, ["sauce", "wine"]),
        ({"price": {"gte": 100000, "lte": 160000}}, ["sauce", "wine"]),
        ({"minimalPrice": {"lte": 90000}}, ["fish", "tea"]),
        (
            {"stockAvailability": "IN_STOCK"},
            ["fish", "sauce"],
        ),  # tea: all reserved; wine: only at a sale point
        ({"stockAvailability": "OUT_OF_STOCK"}, ["tea", "wine"]),
        ({"categories": ["__drinks__"]}, ["tea", "wine"]),
        ({"collections": ["__5_sao__"]}, ["fish"]),
        ({"attributes": [{"slug": "product-group", "values": ["thuc-pham"]}]}, ["fish", "sauce"]),
        ({"attributes": [{"slug": "colour", "values": ["red"]}]}, []),
        ({"search": "nuoc mam"}, ["fish", "sauce"]),
        ({"search": "nước mắm", "ocopStars": [4]}, ["sauce"]),
        ({"search": "nuoc mam", "stockAvailability": "IN_STOCK", "districts": ["456"]}, ["fish"]),
        ({"isPublished": False}, []),
        ({"giftCard": True}, []),
    ],
)
def test_filters(client, catalogue, filter_, expected):
    from shops.models import Category, Collection

    replacements = {
        "__other__": catalogue.other_shop.slug,
        "__drinks__": gid("Category", Category.objects.get(slug="do-uong").pk),
        "__5_sao__": gid("Collection", Collection.objects.get(slug="ocop-5-sao").pk),
    }
    filter_ = {
        k: [replacements.get(v, v) for v in value]
        if isinstance(value, list) and value and isinstance(value[0], str)
        else value
        for k, value in filter_.items()
    }
    page = products(client, filter=filter_)
    assert sorted(slugs(page)) == sorted(getattr(catalogue, name).slug for name in expected)
    assert page["totalCount"] == len(expected)


def test_where_with_and_or(client, catalogue):
    where = {
        "OR": [{"slug": {"eq": catalogue.fish.slug}}, {"minimalPrice": {"range": {"gte": 150000}}}]
    }
    assert sorted(slugs(products(client, where=where))) == sorted(
        [catalogue.fish.slug, catalogue.wine.slug]
    )
    where = {"AND": [{"districts": ["450"]}, {"price": {"eq": 150000}}]}
    assert slugs(products(client, where=where)) == [catalogue.wine.slug]
    where = {"ids": [gid("Product", catalogue.tea.pk), gid("Category", catalogue.fish.pk)]}
    assert slugs(products(client, where=where)) == [catalogue.tea.slug]


def test_search_argument_goes_through_the_search_backend(client, catalogue, monkeypatch):
    import search.selectors
    from shops.selectors import products as selectors_products

    calls = []

    def spy(query):
        calls.append(query)
        return search.selectors.product_search(query)

    monkeypatch.setattr(selectors_products, "product_search", spy)
    page = products(client, search="nuoc mam", first=1)
    assert page["totalCount"] == 2
    assert len(slugs(page)) == 1
    assert {q.text for q in calls} == {"nuoc mam"}
    rest = products(client, search="nuoc mam", first=1, after=page["pageInfo"]["endCursor"])
    assert sorted(slugs(page) + slugs(rest)) == sorted([catalogue.fish.slug, catalogue.sauce.slug])
    assert rest["pageInfo"]["hasNextPage"] is False


def test_storefront_search_document(client, catalogue):
    document = (
        PRODUCT_LIST_ITEM
        + """
    query SearchProducts($search: String!, $sortBy: ProductOrderField!, $sortDirection: OrderDirection!,
        $first: Int, $after: String, $channel: String!, $languageCode: LanguageCodeEnum!) {
      products(first: $first, after: $after, channel: $channel, sortBy: {field: $sortBy, direction: $sortDirection},
               filter: {search: $search}) {
        totalCount edges { node { ...ProductListItem } cursor } pageInfo { hasNextPage endCursor }
      }
    }"""
    )
    for field, direction, expected in (
        ("PRICE", "ASC", ["fish", "sauce"]),
        ("PRICE", "DESC", ["sauce", "fish"]),
        ("NAME", "ASC", ["fish", "sauce"]),
        ("RATING", "DESC", ["fish", "sauce"]),
    ):
        answer = gql(
            client,
            document,
            {
                "search": "nuoc mam",
                "sortBy": field,
                "sortDirection": direction,
                "first": 10,
                "channel": "default-channel",
                "languageCode": "EN",
            },
        )
        assert "errors" not in answer, answer
        assert slugs(answer["data"]["products"]) == [
            getattr(catalogue, n).slug for n in expected
        ], field


@pytest.mark.parametrize(
    ("sort_by", "expected"),
    [
        ({"field": "PRICE", "direction": "ASC"}, ["tea", "fish", "sauce", "wine"]),
        ({"field": "MINIMAL_PRICE", "direction": "DESC"}, ["wine", "sauce", "fish", "tea"]),
        ({"field": "NAME", "direction": "ASC"}, ["fish", "sauce", "wine", "tea"]),
        ({"field": "CREATED_AT", "direction": "ASC"}, ["wine", "tea", "sauce", "fish"]),
        ({"field": "PUBLISHED_AT", "direction": "DESC"}, ["fish", "sauce", "tea", "wine"]),
        ({"field": "RATING", "direction": "DESC"}, ["fish", "sauce", "tea", "wine"]),
    ],
)
def test_sorting(client, catalogue, sort_by, expected):
    assert slugs(products(client, sortBy=sort_by)) == [getattr(catalogue, n).slug for n in expected]


def test_rank_orders_by_relevance(client, catalogue):
    best_first = products(
        client, search="nước mắm nhĩ", sortBy={"field": "RANK", "direction": "DESC"}
    )
    assert slugs(best_first) == [catalogue.sauce.slug]
    best_first = products(client, search="nuoc mam", sortBy={"field": "RANK", "direction": "DESC"})
    assert len(slugs(best_first)) == 2
    assert best_first == products(
        client, search="nuoc mam"
    )  # relevance is the default with a search
    least_first = products(client, search="nuoc mam", sortBy={"field": "RANK", "direction": "ASC"})
    assert slugs(least_first) == list(reversed(slugs(best_first)))


def test_rank_needs_a_search(client, catalogue):
    answer = gql(
        client,
        PRODUCT_LIST_PAGINATED,
        {
            "channel": "default-channel",
            "languageCode": "EN",
            "first": 5,
            "sortBy": {"field": "RANK", "direction": "DESC"},
        },
    )
    assert (
        answer["errors"][0]["message"]
        == "Sorting by RANK is available only when using a search filter."
    )
