"""The catalogue part of the Saleor-compatible API, queried the way Saleor storefronts
query it (documents modelled on saleor/storefront's ``ProductListPaginated``,
``ProductDetails``, ``MenuGetBySlug``…): listing, paging, filters, search, sorting,
translations, thumbnails, collections, menus, channels, shops, districts and groups."""

from __future__ import annotations

import json

import pytest

from tests.shops.graphql.catalogue_data import build_catalogue, gid
from tests.support.graphql import gql

pytestmark = pytest.mark.django_db

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


@pytest.fixture
def catalogue(shop, owner, other_shop):
    return build_catalogue(shop=shop, owner=owner, other_shop=other_shop)


def products(client, token=None, **variables):
    variables = {"channel": "default-channel", "languageCode": "EN_US", "first": 20, **variables}
    answer = gql(client, PRODUCT_LIST_PAGINATED, variables, token=token)
    assert "errors" not in answer, answer["errors"]
    return answer["data"]["products"]


def slugs(connection):
    return [edge["node"]["slug"] for edge in connection["edges"]]


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
    from shops import selectors_catalogue

    calls = []

    def spy(query):
        calls.append(query)
        return search.selectors.product_search(query)

    monkeypatch.setattr(selectors_catalogue, "product_search", spy)
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


# --- one product ---------------------------------------------------------------------------

PRODUCT_DETAILS = """
query ProductDetails($slug: String!, $channel: String!, $languageCode: LanguageCodeEnum!,
    $slugLanguageCode: LanguageCodeEnum) {
  product(slug: $slug, channel: $channel, slugLanguageCode: $slugLanguageCode) {
    id name slug description seoTitle seoDescription isAvailable isAvailableForPurchase rating
    translation(languageCode: $languageCode) { name description seoTitle seoDescription slug
      language { code language } }
    thumbnail(size: 2048, format: WEBP) { url alt }
    media { url(size: 2048, format: WEBP) alt type sortOrder }
    category { id name slug translation(languageCode: $languageCode) { name slug } }
    productType { slug name isShippingRequired }
    productVariants(first: 1) { totalCount }
    bestseller: assignedAttribute(slug: "bestseller") { ... on AssignedBooleanAttribute { value } }
    assignedAttributes(limit: 50) {
      attribute { name slug translation(languageCode: $languageCode) { name } }
      ... on AssignedPlainTextAttribute { plainText: value plainTextTranslation: translation(languageCode: $languageCode) }
      ... on AssignedSingleChoiceAttribute { choice: value { name slug translation(languageCode: $languageCode) } }
      ... on AssignedMultiChoiceAttribute { choices: value { name slug } }
    }
    attributes { attribute { slug } values { name slug plainText } }
    pricing { priceRange { start { gross { amount currency } } stop { gross { amount currency } } } }
    ocop { stars score certificateNumber decisionDate validUntil issuingLevel productGroup { code name nameEn } }
    origin { district { code name slug } commune { code name } }
    shop { name slug producerType district { code } certificates { stars } }
  }
}
"""


def test_product_by_slug_with_english_translation(client, catalogue):
    fish = catalogue.fish
    answer = gql(
        client,
        PRODUCT_DETAILS,
        {"slug": fish.slug, "channel": "default-channel", "languageCode": "EN_US"},
    )
    assert "errors" not in answer, answer
    product = answer["data"]["product"]
    assert product["name"] == "Nước mắm cá cơm Cảnh Dương"
    description = json.loads(product["description"])
    assert [b["type"] for b in description["blocks"]] == ["paragraph"]
    assert description["blocks"][0]["data"]["text"] == "Nước mắm <strong>truyền thống</strong>."
    assert product["seoDescription"] == "Nước mắm truyền thống."
    translation = product["translation"]
    assert translation["name"] == "Canh Duong anchovy fish sauce"
    assert json.loads(translation["description"])["blocks"][0]["data"]["text"] == (
        "Traditional <strong>fish sauce</strong>."
    )
    assert translation["language"] == {"code": "EN_US", "language": "English (United States)"}
    assert product["isAvailable"] is True
    assert product["isAvailableForPurchase"] is True
    assert product["rating"] == 5.0
    assert product["productType"] == {
        "slug": "thuc-pham",
        "name": "Thực phẩm",
        "isShippingRequired": True,
    }
    assert product["productVariants"] == {"totalCount": 1}
    assert product["bestseller"] is None
    attributes = {a["attribute"]["slug"]: a for a in product["assignedAttributes"]}
    assert attributes["net-quantity"]["plainText"] == "500 ml"
    assert attributes["net-quantity"]["attribute"]["translation"] == {"name": "Net quantity"}
    assert attributes["shelf-life"]["plainText"] == "24 tháng"
    assert attributes["product-group"]["choice"] == {
        "name": "Thực phẩm",
        "slug": "thuc-pham",
        "translation": "Food",
    }
    assert attributes["origin-district"]["choice"]["slug"] == "quang-ninh"
    assert "ingredients" not in attributes  # empty facts are not listed
    assert product["ocop"]["stars"] == 5
    assert product["ocop"]["score"] == 92
    assert product["ocop"]["issuingLevel"] == "NATIONAL"
    assert product["ocop"]["productGroup"] == {
        "code": "thuc-pham",
        "name": "Thực phẩm",
        "nameEn": "Food",
    }
    assert product["origin"]["district"] == {
        "code": "456",
        "name": "Quảng Ninh",
        "slug": "quang-ninh",
    }
    assert product["shop"]["producerType"] == "COOPERATIVE"
    assert product["shop"]["certificates"] == [{"stars": 5}, {"stars": 3}]  # the tea's too

    vietnamese = gql(
        client,
        PRODUCT_DETAILS,
        {"slug": fish.slug, "channel": "default-channel", "languageCode": "VI"},
    )
    assert vietnamese["data"]["product"]["translation"] is None


def test_product_without_valid_certificate_has_no_ocop(client, catalogue):
    answer = gql(
        client,
        PRODUCT_DETAILS,
        {"slug": catalogue.wine.slug, "channel": "default-channel", "languageCode": "EN"},
    )
    product = answer["data"]["product"]
    assert product["ocop"] is None
    assert product["rating"] is None
    assert product["isAvailable"] is False  # nothing in the online store's stock
    assert product["pricing"]["priceRange"]["start"]["gross"]["amount"] == 150000.0


def test_unknown_and_hidden_products_are_null(client, catalogue):
    for slug in ("nope", catalogue.draft.slug, catalogue.hidden.slug):
        answer = gql(
            client,
            PRODUCT_DETAILS,
            {"slug": slug, "channel": "default-channel", "languageCode": "EN"},
        )
        assert answer == {"data": {"product": None}}


THUMBS = """query($id: ID!, $size: Int, $format: ThumbnailFormatEnum) {
  product(id: $id, channel: "default-channel") {
    thumbnail(size: $size, format: $format) { url }
    media { url(size: $size, format: $format) id productId }
  }
}"""


@pytest.mark.parametrize(
    ("size", "format_", "suffix"),
    [
        (100, "WEBP", "-128.webp"),
        (256, "WEBP", "-256.webp"),
        (300, "ORIGINAL", "-512.jpg"),
        (1000, "AVIF", "-1024.webp"),
        (None, "WEBP", ".jpg"),  # no size: Saleor's 4096 — larger than our thumbnails, the original
        (0, "ORIGINAL", ".jpg"),
    ],
)
def test_thumbnail_sizes_and_formats(client, catalogue, size, format_, suffix):
    answer = gql(
        client, THUMBS, {"id": gid("Product", catalogue.fish.pk), "size": size, "format": format_}
    )
    product = answer["data"]["product"]
    assert product["thumbnail"]["url"].endswith(suffix)
    assert product["media"][0]["url"] == product["thumbnail"]["url"]
    assert product["media"][0]["productId"] == gid("Product", catalogue.fish.pk)
    if suffix == ".jpg":
        assert "/products/originals/" in product["thumbnail"]["url"]


def test_product_without_media_has_no_thumbnail(client, catalogue):
    answer = gql(
        client, THUMBS, {"id": gid("Product", catalogue.tea.pk), "size": 256, "format": "WEBP"}
    )
    assert answer["data"]["product"] == {"thumbnail": None, "media": []}


def test_variant_by_sku_and_by_id(client, catalogue):
    variant = catalogue.sauce.variants.order_by("position").first()
    document = """query($id: ID, $sku: String, $languageCode: LanguageCodeEnum!) {
      productVariant(id: $id, sku: $sku, channel: "default-channel") {
        id name sku quantityAvailable trackInventory quantityLimitPerCustomer weight { unit value }
        translation(languageCode: $languageCode) { name }
        pricing { price { gross { amount } } priceUndiscounted { gross { amount } } onSale discount { gross { amount } } }
        product { id slug }
        media { url(size: 72) alt type }
      }
    }"""
    by_sku = gql(client, document, {"sku": variant.sku, "languageCode": "EN"})["data"][
        "productVariant"
    ]
    assert by_sku["id"] == gid("ProductVariant", variant.pk)
    assert by_sku["quantityAvailable"] == 5
    assert by_sku["trackInventory"] is True
    assert by_sku["quantityLimitPerCustomer"] is None
    assert by_sku["translation"] == {"name": "Nhỏ"}
    assert by_sku["pricing"]["onSale"] is False
    assert by_sku["pricing"]["discount"] is None
    assert by_sku["product"]["slug"] == catalogue.sauce.slug
    by_id = gql(client, document, {"id": gid("ProductVariant", variant.pk), "languageCode": "EN"})
    assert by_id["data"]["productVariant"] == by_sku
    assert gql(client, document, {"languageCode": "EN"})["errors"]


def test_product_variants_connection_filters(client, catalogue):
    small, large = catalogue.sauce.variants.order_by("position")
    document = """query($slug: String!, $where: ProductVariantWhereInput, $filter: ProductVariantFilterInput,
        $sortBy: ProductVariantSortingInput) { product(slug: $slug, channel: "default-channel") {
        productVariants(first: 10, where: $where, filter: $filter, sortBy: $sortBy) { edges { node { sku } } }
        media(sortBy: {field: ID, direction: DESC}) { id } } }"""

    def skus(**variables):
        answer = gql(client, document, {"slug": catalogue.sauce.slug, **variables})
        return [e["node"]["sku"] for e in answer["data"]["product"]["productVariants"]["edges"]]

    assert skus() == [small.sku, large.sku]
    assert skus(where={"sku": {"eq": large.sku}}) == [large.sku]
    assert skus(
        where={"OR": [{"ids": [gid("ProductVariant", small.pk)]}, {"sku": {"oneOf": [large.sku]}}]}
    ) == [small.sku, large.sku]
    assert skus(filter={"search": "lớn"}) == [large.sku]
    assert skus(sortBy={"field": "LAST_MODIFIED_AT", "direction": "DESC"}) == [large.sku, small.sku]


def test_product_variants_query(client, catalogue):
    document = """query($ids: [ID!], $channel: String, $first: Int) {
      productVariants(ids: $ids, channel: $channel, first: $first) { totalCount edges { node { sku } } } }"""
    sauce_ids = [gid("ProductVariant", v.pk) for v in catalogue.sauce.variants.all()]
    draft_ids = [gid("ProductVariant", v.pk) for v in catalogue.draft.variants.all()]
    answer = gql(client, document, {"ids": sauce_ids + draft_ids, "first": 10})
    assert answer["data"]["productVariants"]["totalCount"] == 2
    everything = gql(client, document, {"first": 100})["data"]["productVariants"]
    assert everything["totalCount"] == 5  # fish 1 + sauce 2 + tea 1 + wine 1


def test_quantity_available_nets_reservations_and_follows_the_channel(client, catalogue):
    document = """query($slug: String!, $channel: String!) { product(slug: $slug, channel: $channel) {
        channel isAvailable variants { quantityAvailable channel }
        pricing { priceRange { start { gross { amount } } } } } }"""
    tea = gql(client, document, {"slug": catalogue.tea.slug, "channel": "default-channel"})["data"][
        "product"
    ]
    assert tea["variants"] == [{"quantityAvailable": 0, "channel": "default-channel"}]
    assert tea["isAvailable"] is False
    channel = catalogue.sale_point.channel_slug
    wine = gql(client, document, {"slug": catalogue.wine.slug, "channel": channel})["data"][
        "product"
    ]
    assert wine["channel"] == channel
    assert wine["variants"] == [{"quantityAvailable": 3, "channel": channel}]
    assert wine["isAvailable"] is True
    # the sale point holds only the wine: other products are not in its channel
    assert (
        gql(client, document, {"slug": catalogue.fish.slug, "channel": channel})["data"]["product"]
        is None
    )
    listed = products(client, channel=channel)
    assert slugs(listed) == [catalogue.wine.slug]


# --- categories, collections, menus ----------------------------------------------------------


def test_categories_and_category_products(client, catalogue):
    document = """query($languageCode: LanguageCodeEnum!) {
      categories(first: 10, filter: {slugs: ["thuc-pham", "do-uong"]}) {
        totalCount
        edges { node { id name slug level parent { id } children(first: 5) { totalCount }
                       translation(languageCode: $languageCode) { name }
                       products(first: 10, channel: "default-channel") { totalCount edges { node { slug } } } } }
      }
      category(slug: "do-uong") { name description backgroundImage { url } ancestors(first: 5) { totalCount } }
    }"""
    answer = gql(client, document, {"languageCode": "EN"})
    assert "errors" not in answer, answer
    nodes = {e["node"]["slug"]: e["node"] for e in answer["data"]["categories"]["edges"]}
    assert answer["data"]["categories"]["totalCount"] == 2
    assert nodes["do-uong"]["name"] == "Đồ uống"
    assert nodes["do-uong"]["translation"] == {"name": "Beverages"}
    assert nodes["do-uong"]["level"] == 0
    assert nodes["do-uong"]["parent"] is None
    assert sorted(e["node"]["slug"] for e in nodes["do-uong"]["products"]["edges"]) == sorted(
        [catalogue.tea.slug, catalogue.wine.slug]
    )
    assert nodes["thuc-pham"]["products"]["totalCount"] == 2
    assert answer["data"]["category"] == {
        "name": "Đồ uống",
        "description": None,
        "backgroundImage": None,
        "ancestors": {"totalCount": 0},
    }


def test_collections_from_the_seed(client, catalogue):
    document = """query($channel: String!, $languageCode: LanguageCodeEnum!) {
      collections(first: 20, channel: $channel) { totalCount edges { node { slug name } } }
      featured: collection(slug: "featured-products", channel: $channel) {
        name translation(languageCode: $languageCode) { name description }
        products(first: 10) { edges { node { slug } } } }
      five: collection(slug: "ocop-5-sao", channel: $channel) { products(first: 10) { edges { node { slug } } } }
      four: collection(slug: "ocop-4-sao", channel: $channel) { products(first: 10) { edges { node { slug } } } }
      dongHoi: collection(slug: "huyen-dong-hoi", channel: $channel) {
        name products(first: 10, sortBy: {field: PRICE, direction: ASC}) { edges { node { slug } } } }
    }"""
    answer = gql(client, document, {"channel": "default-channel", "languageCode": "EN"})
    assert "errors" not in answer, answer
    data = answer["data"]
    listed = [e["node"]["slug"] for e in data["collections"]["edges"]]
    assert listed[:3] == ["featured-products", "ocop-5-sao", "ocop-4-sao"]
    assert data["collections"]["totalCount"] == 3 + 8  # one per former district
    assert data["featured"]["name"] == "Sản phẩm nổi bật"
    assert data["featured"]["translation"]["name"] == "Featured products"
    assert slugs(data["featured"]["products"]) == [catalogue.fish.slug, catalogue.sauce.slug]
    assert slugs(data["five"]["products"]) == [catalogue.fish.slug]
    assert slugs(data["four"]["products"]) == [catalogue.sauce.slug]
    assert data["dongHoi"]["name"] == "Đặc sản Thành phố Đồng Hới"
    assert slugs(data["dongHoi"]["products"]) == [catalogue.sauce.slug, catalogue.wine.slug]


def test_product_collections(client, catalogue):
    answer = gql(
        client,
        '{ products(first: 10, channel: "default-channel") { edges { node { slug '
        "collections { slug channel } } } } }",
    )
    collections = {
        e["node"]["slug"]: [c["slug"] for c in e["node"]["collections"]]
        for e in answer["data"]["products"]["edges"]
    }
    assert collections[catalogue.fish.slug] == [
        "featured-products",
        "ocop-5-sao",
        "huyen-quang-ninh",
    ]
    assert collections[catalogue.sauce.slug] == [
        "featured-products",
        "ocop-4-sao",
        "huyen-dong-hoi",
    ]
    assert collections[catalogue.wine.slug] == ["huyen-dong-hoi"]
    assert (
        answer["data"]["products"]["edges"][0]["node"]["collections"][0]["channel"]
        == "default-channel"
    )


MENU = """
fragment MenuItem on MenuItem {
  id name level
  translation(languageCode: $languageCode) { name }
  category { id slug name translation(languageCode: $languageCode) { name slug } }
  collection { id name slug translation(languageCode: $languageCode) { name slug } }
  page { id title slug translation(languageCode: $languageCode) { title slug } }
  url
}
query MenuGetBySlug($slug: String!, $channel: String!, $languageCode: LanguageCodeEnum!) {
  menu(slug: $slug, channel: $channel) {
    items { ...MenuItem children { ...MenuItem children { ...MenuItem } } }
  }
}
"""


def test_navbar_and_footer_menus(client, catalogue):
    navbar = gql(
        client, MENU, {"slug": "navbar", "channel": "default-channel", "languageCode": "EN"}
    )
    assert "errors" not in navbar, navbar
    items = navbar["data"]["menu"]["items"]
    assert [i["category"]["slug"] for i in items] == [
        "thuc-pham",
        "do-uong",
        "duoc-lieu",
        "thu-cong-my-nghe",
        "sinh-vat-canh",
        "du-lich",
    ]
    assert items[0]["name"] == "Thực phẩm"
    assert items[0]["translation"] == {"name": "Food"}
    assert all(
        i["level"] == 0 and i["children"] == [] and i["url"] is None and i["page"] is None
        for i in items
    )
    footer = gql(
        client, MENU, {"slug": "footer", "channel": "default-channel", "languageCode": "VI"}
    )
    about, stars = footer["data"]["menu"]["items"]
    assert [c["url"] for c in about["children"]] == ["/gioi-thieu/", "/lien-he/", "/ocop/"]
    assert about["children"][0]["level"] == 1
    assert about["children"][0]["translation"] is None
    assert [c["collection"]["slug"] for c in stars["children"]] == ["ocop-5-sao", "ocop-4-sao"]
    menus = gql(
        client, "{ menus(first: 10) { totalCount edges { node { slug items { name } } } } }"
    )
    assert [e["node"]["slug"] for e in menus["data"]["menus"]["edges"]] == ["footer", "navbar"]


# --- channels, shop, shops, districts, groups ------------------------------------------------


def test_channels(client, catalogue):
    answer = gql(
        client,
        """{ channels { id name slug isActive currencyCode defaultCountry { code country }
                               stockSettings { allocationStrategy } }
                               channel(slug: "default-channel") { slug countries { code } warehouses { id } } }""",
    )
    assert "errors" not in answer, answer
    channels = answer["data"]["channels"]
    assert [c["slug"] for c in channels] == ["default-channel", "sale-point-dong-hoi"]
    assert channels[0]["currencyCode"] == "VND"
    assert channels[0]["defaultCountry"] == {"code": "VN", "country": "Vietnam"}
    assert channels[0]["id"] == gid("Channel", "default-channel")
    assert answer["data"]["channel"] == {
        "slug": "default-channel",
        "countries": [{"code": "VN"}],
        "warehouses": [],
    }
    point = gql(client, '{ channel(slug: "sale-point-dong-hoi") { warehouses { name } } }')
    assert point["data"]["channel"]["warehouses"] == [{"name": catalogue.sale_point.name}]
    by_id = gql(
        client,
        "query($id: ID!) { channel(id: $id) { slug } node(id: $id) { id } }",
        {"id": gid("Channel", "sale-point-dong-hoi")},
    )
    assert by_id["data"] == {
        "channel": {"slug": "sale-point-dong-hoi"},
        "node": {"id": gid("Channel", "sale-point-dong-hoi")},
    }


def test_shop_settings_and_producer_shops(client, catalogue):
    answer = gql(
        client,
        """{ shop { name description domain { host sslEnabled url } defaultCountry { code }
                                     countries { code country } languages { code language } channelCurrencies
                                     slug products(first: 1) { totalCount } } }""",
    )
    shop = answer["data"]["shop"]
    assert shop["domain"] == {
        "host": "testserver",
        "sslEnabled": False,
        "url": "http://testserver/",
    }
    assert shop["defaultCountry"] == {"code": "VN"}
    assert shop["channelCurrencies"] == ["VND"]
    assert shop["languages"] == [
        {"code": "VI", "language": "Tiếng Việt"},
        {"code": "EN", "language": "English"},
    ]
    assert shop["slug"] is None
    assert shop["products"] is None
    producer = gql(
        client,
        """query($slug: String) { shop(slug: $slug) { name slug producerType story
                               district { code } products(first: 10, channel: "default-channel") {
                               totalCount edges { node { slug } } } } }""",
        {"slug": catalogue.other_shop.slug},
    )
    data = producer["data"]["shop"]
    assert data["slug"] == catalogue.other_shop.slug
    assert data["district"] == {"code": "450"}
    assert sorted(slugs(data["products"])) == sorted([catalogue.sauce.slug, catalogue.wine.slug])
    missing = gql(client, '{ shop(slug: "nope") { name } }')
    assert "Couldn't find shop 'nope'" in missing["errors"][0]["message"]


def test_shops_list_with_filters(client, catalogue):
    document = """query($filter: ShopFilterInput) { shops(first: 10, filter: $filter) {
        totalCount edges { node { slug district { code } } } } }"""
    everyone = gql(client, document)["data"]["shops"]
    assert everyone["totalCount"] == 2  # the inactive shop is not listed
    by_district = gql(client, document, {"filter": {"districts": ["450"]}})["data"]["shops"]
    assert [e["node"]["slug"] for e in by_district["edges"]] == [catalogue.other_shop.slug]
    by_group = gql(client, document, {"filter": {"productGroups": ["do-uong"]}})["data"]["shops"]
    assert by_group["totalCount"] == 2
    one = gql(client, document, {"filter": {"district": "dong-hoi", "productGroup": "thuc-pham"}})[
        "data"
    ]["shops"]
    assert [e["node"]["slug"] for e in one["edges"]] == [catalogue.other_shop.slug]
    by_name = gql(client, document, {"filter": {"search": catalogue.shop.name}})["data"]["shops"]
    assert [e["node"]["slug"] for e in by_name["edges"]] == [catalogue.shop.slug]


def test_districts_and_product_groups(client, catalogue):
    answer = gql(
        client,
        "{ districts { code name slug productCount shopCount } "
        "productGroups { code name nameEn productCount } }",
    )
    districts = {d["code"]: d for d in answer["data"]["districts"]}
    assert len(districts) == 8
    assert districts["450"]["productCount"] == 2
    assert districts["450"]["shopCount"] == 1
    assert districts["456"]["productCount"] == 2
    assert districts["452"]["productCount"] == 0
    groups = {g["code"]: g["productCount"] for g in answer["data"]["productGroups"]}
    assert list(groups) == [
        "thuc-pham",
        "do-uong",
        "duoc-lieu",
        "thu-cong-my-nghe",
        "sinh-vat-canh",
        "du-lich",
    ]
    assert groups["thuc-pham"] == 2
    assert groups["do-uong"] == 2
    assert groups["du-lich"] == 0


def test_attribute_and_product_type_lookups(client, catalogue):
    answer = gql(
        client,
        """query($type: ID!) { attribute(slug: "origin-district") { id name slug inputType
        withChoices translation(languageCode: EN) { name } }
        productType(id: $type) { name slug kind productAttributes { slug } } }""",
        {"type": gid("ProductType", catalogue.tea.product_group_id)},
    )
    assert answer["data"]["attribute"]["id"] == gid("Attribute", "origin-district")
    assert answer["data"]["attribute"]["translation"] == {"name": "Origin district (former)"}
    assert answer["data"]["productType"]["slug"] == "do-uong"
    node = gql(
        client,
        "query($id: ID!) { node(id: $id) { ... on Attribute { slug } } }",
        {"id": gid("Attribute", "net-quantity")},
    )
    assert node["data"]["node"] == {"slug": "net-quantity"}


def test_demo_seed_has_what_saleor_storefronts_ask_for(client, admin_units):
    from marketplace.demo import seed_demo

    seed_demo(with_images=False)
    seed_demo(with_images=False)  # idempotent: menus and collections are not duplicated
    answer = gql(
        client, MENU, {"slug": "navbar", "channel": "default-channel", "languageCode": "EN"}
    )
    assert [i["category"]["slug"] for i in answer["data"]["menu"]["items"]] == [
        "thuc-pham",
        "do-uong",
        "duoc-lieu",
        "thu-cong-my-nghe",
        "sinh-vat-canh",
        "du-lich",
    ]
    footer = gql(
        client, MENU, {"slug": "footer", "channel": "default-channel", "languageCode": "EN"}
    )
    assert [i["translation"]["name"] for i in footer["data"]["menu"]["items"]] == [
        "Quảng Bình OCOP market",
        "OCOP products",
    ]
    document = """{ featured: collection(slug: "featured-products", channel: "default-channel") {
        products(first: 100) { totalCount edges { node { ocop { stars } category { slug } } } } }
      collections(first: 100) { totalCount }
      categories(first: 100) { totalCount } }"""
    data = gql(client, document)["data"]
    featured = data["featured"]["products"]
    assert featured["totalCount"] == 32  # the demo's 4 five-star and 28 four-star products
    assert {e["node"]["ocop"]["stars"] for e in featured["edges"]} == {4, 5}
    assert all(e["node"]["category"] is not None for e in featured["edges"])
    assert data["collections"]["totalCount"] == 3 + 8
    assert data["categories"]["totalCount"] == 6


def test_descriptions_become_editorjs_blocks():
    from marketplace.graphql.editorjs import html_to_editorjs

    blocks = html_to_editorjs(
        "<h3>Bảo quản</h3><ul><li>Nơi <em>khô</em></li><li>Tránh nắng</li></ul>"
        "<p>Hạn dùng 24 tháng<br>kể từ ngày sản xuất</p><blockquote>Ngon!</blockquote>"
    )
    assert [(b["type"], b["data"]) for b in blocks["blocks"]] == [
        ("header", {"text": "Bảo quản", "level": 3}),
        ("list", {"style": "unordered", "items": ["Nơi <em>khô</em>", "Tránh nắng"]}),
        ("paragraph", {"text": "Hạn dùng 24 tháng<br>kể từ ngày sản xuất"}),
        ("quote", {"text": "Ngon!", "caption": "", "alignment": "left"}),
    ]
    assert html_to_editorjs("") is None
    assert [b["data"]["text"] for b in html_to_editorjs("một\nhai & ba")["blocks"]] == [
        "một",
        "hai &amp; ba",
    ]
