"""Lists nested in lists — the products of a page of categories, collections or shops — run
the same number of SQL queries for a page of 10 and of 100, and answer as each parent's
own list would."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from marketplace.models import AdministrativeUnit
from shops.models import Category, Collection, Product, ProductMedia
from tests.factories.marketplace import make_certificate
from tests.factories.shops import ProductFactory, ShopFactory, VariantFactory, make_stock
from tests.support.graphql import gid, gql, token_for
from tests.support.queries import gql_counted

pytestmark = pytest.mark.django_db


PARENTS = 105  # more parents than the largest page


def _product(shop, category, index, status=Product.Status.PUBLISHED):
    product = ProductFactory(shop=shop, category=category, status=status)
    variant = VariantFactory(
        product=product, price=40_000 + index, compare_at_price=60_000 if index % 3 else None
    )
    make_stock(variant, 3)
    ProductMedia.objects.create(
        product=product,
        image=f"products/originals/n{index}.jpg",
        width=800,
        height=600,
        thumbnails={
            "256": {
                "webp": f"products/thumbnails/n{index}.webp",
                "jpeg": f"products/thumbnails/n{index}.jpg",
            }
        },
    )
    if index % 2:
        decision = timezone.localdate() - datetime.timedelta(days=30)
        make_certificate(product, stars=3 + index % 3, decision_date=decision)
    return product


@pytest.fixture
def nested_catalogue(admin_units):
    """105 shops, 105 subcategories of 3 roots, 105 collections (manual and rule); parent j
    holds j % 4 products (0 to 3), the roots many; a draft and a product of an inactive
    shop in every kind of parent."""
    roots = [
        Category.objects.create(name_vi=f"Gốc {i}", name_en=f"Root {i}", slug=f"goc-{i}")
        for i in range(3)
    ]
    children = [
        Category.objects.create(
            name_vi=f"Nhánh {j:03d}", name_en=f"Branch {j}", slug=f"nhanh-{j}", parent=roots[j % 3]
        )
        for j in range(PARENTS)
    ]
    shops = [ShopFactory() for _ in range(PARENTS)]
    collections = []
    for j in range(PARENTS):
        if j % 2 == 0:
            collections.append(
                Collection.objects.create(name_vi=f"Tay {j:03d}", slug=f"tay-{j}", position=j)
            )
        else:
            rule = {
                1: {"stars_min": 4},
                3: {"stars_min": 3, "stars_max": 3},
                5: {
                    "district": AdministrativeUnit.objects.get(
                        generation="former", level="district", code="456"
                    )
                },
                7: {},
            }[j % 8]
            collections.append(
                Collection.objects.create(
                    name_vi=f"Luật {j:03d}",
                    slug=f"luat-{j}",
                    position=j,
                    kind=Collection.Kind.RULE,
                    **rule,
                )
            )
    index = 0
    for j in range(PARENTS):
        for _ in range(j % 4):
            product = _product(shops[j], children[j], index)
            index += 1
            for k in (j, j + 2):  # two manual collections each (j and j + 2 when even)
                if k < PARENTS and k % 2 == 0:
                    collections[k].products.add(product)
    draft = _product(shops[0], children[1], index + 1, status=Product.Status.DRAFT)
    closed_shop = ShopFactory(is_active=False)
    closed = _product(closed_shop, children[1], index + 3)
    for hidden in (draft, closed):
        collections[0].products.add(hidden)
        collections[2].products.add(hidden)
    return {
        "roots": roots,
        "children": children,
        "shops": shops,
        "collections": collections,
        "draft": draft,
        "closed": closed,
    }


NESTED_NODE = """totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id name slug pricing { onSale priceRange { start { gross { amount currency } } } }
                        thumbnail(size: 256) { url } } }"""

NESTED = {
    "categories": """query($first: Int!, $inner: Int!) { categories(first: $first, level: 1) { edges { node {
        slug products(first: $inner, channel: "default-channel") { NODE } } } } }""".replace(
        "NODE", NESTED_NODE
    ),
    "collections": """query($first: Int!, $inner: Int!) { collections(first: $first, channel: "default-channel") {
        edges { node { slug products(first: $inner) { NODE } } } } }""".replace(
        "NODE", NESTED_NODE
    ),
    "shops": """query($first: Int!, $inner: Int!) { shops(first: $first) { edges { node {
        slug products(first: $inner, channel: "default-channel") { NODE } } } } }""".replace(
        "NODE", NESTED_NODE
    ),
}


def nested_count(client, document, variables, field, token=None):
    count, answer = gql_counted(client, document, variables, token=token)
    assert "errors" not in answer, answer["errors"]
    return count, answer["data"][field]


@pytest.mark.parametrize("field", ["categories", "collections", "shops"])
def test_nested_products_query_count_does_not_grow(client, nested_catalogue, field):
    small, page = nested_count(client, NESTED[field], {"first": 10, "inner": 5}, field)
    assert len(page["edges"]) == 10
    large, page = nested_count(client, NESTED[field], {"first": 100, "inner": 5}, field)
    assert len(page["edges"]) == 100
    assert sum(len(e["node"]["products"]["edges"]) for e in page["edges"]) > 100
    assert small == large
    # the parents' page (count and rows), the nested heads (one partitioned query, two for
    # collections of both kinds), the products and their prefetches
    assert large <= 15


def test_nested_levels_query_count_does_not_grow(client, nested_catalogue):
    """Children of categories, and products of each product's category, shop and collections:
    a batch per nesting level, whatever the size of the pages."""
    children = """query($first: Int!) { categories(first: 3, level: 0) { edges { node { slug
        children(first: $first) { totalCount edges { node { slug products(first: 2) { totalCount
        edges { node { slug } } } } } } } } } }"""
    small, _ = nested_count(client, children, {"first": 10}, "categories")
    large, page = nested_count(client, children, {"first": 100}, "categories")
    assert sum(len(e["node"]["children"]["edges"]) for e in page["edges"]) == PARENTS
    assert small == large
    through_products = """query($first: Int!) { products(first: $first, channel: "default-channel") { edges {
        node { slug category { products(first: 2) { totalCount edges { node { slug } } } }
               shop { products(first: 2) { totalCount edges { node { slug } } } }
               collections { slug products(first: 2) { totalCount edges { node { slug } } } } } } } }"""
    small, _ = nested_count(client, through_products, {"first": 10}, "products")
    large, page = nested_count(client, through_products, {"first": 100}, "products")
    assert len(page["edges"]) == 100
    assert small == large


FLAT = """query($filter: ProductFilterInput, $first: Int!, $after: String) {
  products(first: $first, after: $after, channel: "default-channel", filter: $filter) { NODE } }""".replace(
    "NODE", NESTED_NODE
)


def _flat(client, filter, first, after=None, token=None):
    answer = gql(client, FLAT, {"filter": filter, "first": first, "after": after}, token=token)
    assert "errors" not in answer, answer["errors"]
    return answer["data"]["products"]


def _parents_filter(field, node):
    kind = {"categories": "Category", "collections": "Collection"}.get(field)
    if kind is None:
        return {"shops": [node["slug"]]}
    pk = (
        {"categories": Category, "collections": Collection}[field].objects.get(slug=node["slug"]).pk
    )
    return {field: [gid(kind, pk)]}


@pytest.mark.parametrize("field", ["categories", "collections", "shops"])
@pytest.mark.parametrize("inner", [1, 2, 5])
def test_nested_products_answer_as_each_parent_alone(client, nested_catalogue, field, inner):
    """Edges, cursors, totalCount and pageInfo of every nested list equal those of the
    parent's own list; its endCursor pages further (``after``: per parent)."""
    document = NESTED[field]
    if field == "categories":  # the roots (their subcategories' products) and some subcategories
        document = document.replace(
            "level: 1",
            'filter: {slugs: ["goc-0", "goc-1", "goc-2", "nhanh-0", '
            '"nhanh-1", "nhanh-2", "nhanh-3", "nhanh-7", "nhanh-10"]}',
        )
    _, page = nested_count(client, document, {"first": 12, "inner": inner}, field)
    totals = set()
    for edge in page["edges"]:
        nested = edge["node"]["products"]
        alone = _flat(client, _parents_filter(field, edge["node"]), inner)
        assert nested == alone, edge["node"]["slug"]
        totals.add((nested["totalCount"] > inner, nested["totalCount"] == 0))
        if nested["pageInfo"]["hasNextPage"]:
            query = document.replace(
                "products(first: $inner", "products(first: $inner, after: $after"
            ).replace(
                "query($first: Int!, $inner: Int!)",
                "query($first: Int!, $inner: Int!, $after: String)",
            )
            answer = gql(
                client,
                query,
                {"first": 12, "inner": inner, "after": nested["pageInfo"]["endCursor"]},
            )
            same = next(
                e
                for e in answer["data"][field]["edges"]
                if e["node"]["slug"] == edge["node"]["slug"]
            )
            after = _flat(
                client, _parents_filter(field, edge["node"]), inner, nested["pageInfo"]["endCursor"]
            )
            assert same["node"]["products"] == after
    if field != "shops" or inner < 3:  # a shop holds at most 3
        assert (True, False) in totals  # parents with more products than `first`
    if inner > 1:
        assert (False, False) in totals  # and with fewer


def test_nested_products_hide_drafts_and_inactive_shops(client, nested_catalogue, shop_staff):
    """Only published products of active shops, for anyone (lists, as ``products``)."""
    hidden = {nested_catalogue["draft"].slug, nested_catalogue["closed"].slug}
    own = nested_catalogue["draft"].shop
    own.memberships.create(user=shop_staff, role="staff")
    holders = {"categories": "nhanh-1", "collections": "tay-0", "shops": own.slug}
    for token in (None, token_for(shop_staff)):
        for field, document in NESTED.items():
            _, page = nested_count(client, document, {"first": 100, "inner": 3}, field, token=token)
            nodes = {e["node"]["slug"]: e["node"]["products"] for e in page["edges"]}
            slugs = {n["node"]["slug"] for products in nodes.values() for n in products["edges"]}
            assert slugs, field
            assert not slugs & hidden, field
        # nhanh-1 holds one public product besides them; tay-0 and the draft's shop none
        for field, parents in (
            ("categories", 'categories(first: $first, filter: {slugs: ["nhanh-1"]})'),
            ("collections", 'collections(first: $first, filter: {slugs: ["tay-0"]})'),
            ("shops", f'shops(first: $first, filter: {{search: "{own.slug}"}})'),
        ):
            document = NESTED[field].replace(
                NESTED[field].split("{", 2)[1].split(") ", 1)[0].strip() + ")", parents, 1
            )
            _, page = nested_count(client, document, {"first": 100, "inner": 3}, field, token=token)
            nodes = {e["node"]["slug"]: e["node"]["products"] for e in page["edges"]}
            assert nodes[holders[field]]["totalCount"] == (1 if field == "categories" else 0), field
            assert not {n["node"]["slug"] for n in nodes[holders[field]]["edges"]} & hidden
