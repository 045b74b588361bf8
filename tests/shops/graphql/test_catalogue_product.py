"""One product in the catalogue API, asked for as saleor/storefront's ``ProductDetails``
does: translations, the OCOP certificate, thumbnails, variants by SKU and by ID, the
quantity available per channel."""

from __future__ import annotations

import json

import pytest

from tests.shops.graphql.catalogue_data import products, slugs
from tests.support.graphql import gid, gql

pytestmark = pytest.mark.django_db


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
