"""What a storefront navigates the catalogue API by: categories, collections and menus
(``MenuGetBySlug``), channels, the shop and the shops, districts and product groups, and
what the demo seed gives Saleor storefronts."""

from __future__ import annotations

import pytest

from tests.shops.graphql.catalogue_data import slugs
from tests.support.graphql import gid, gql

pytestmark = pytest.mark.django_db


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
