"""Who sees what in the catalogue API, over the five actors (STYLE rule 22): a shop's
unpublished products reach only that shop's own staff (``node``, ``product``,
``productVariant``, media), never another shop's staff, customers or sale-point clerks;
lists are public only; staff-only fields (variant ``stocks``) answer others with
Saleor's permission error."""

from __future__ import annotations

import pytest

from tests.support.actors import FIVE_ACTORS, actor_for
from tests.support.graphql import gid, gql, token_for

pytestmark = pytest.mark.django_db


NODE = """query($id: ID!) { node(id: $id) { id ... on Product { slug name } ... on ProductVariant { sku }
                                            ... on ProductMedia { url } } }"""


@pytest.mark.parametrize(("actor", "allowed"), FIVE_ACTORS)
def test_draft_product_by_node_only_for_own_staff(request, client, catalogue, actor, allowed):
    token = token_for(actor_for(request, actor))
    answer = gql(client, NODE, {"id": gid("Product", catalogue.draft.pk)}, token=token)
    assert "errors" not in answer
    expected = {
        "id": gid("Product", catalogue.draft.pk),
        "slug": catalogue.draft.slug,
        "name": "Nước mắm nháp",
    }
    assert answer["data"]["node"] == (expected if allowed else None)


@pytest.mark.parametrize(("actor", "allowed"), FIVE_ACTORS)
def test_draft_product_by_slug_only_for_own_staff(request, client, catalogue, actor, allowed):
    token = token_for(actor_for(request, actor))
    answer = gql(
        client,
        'query($slug: String!) { product(slug: $slug, channel: "default-channel") { slug '
        "isAvailableForPurchase availableForPurchaseAt } }",
        {"slug": catalogue.draft.slug},
        token=token,
    )
    expected = {
        "slug": catalogue.draft.slug,
        "isAvailableForPurchase": False,
        "availableForPurchaseAt": None,
    }
    assert answer["data"]["product"] == (expected if allowed else None)


@pytest.mark.parametrize(("actor", "allowed"), FIVE_ACTORS)
def test_draft_variant_and_media_only_for_own_staff(request, client, catalogue, actor, allowed):
    from shops.models import ProductMedia

    token = token_for(actor_for(request, actor))
    variant = catalogue.draft.variants.get()
    by_node = gql(client, NODE, {"id": gid("ProductVariant", variant.pk)}, token=token)
    assert by_node["data"]["node"] == (
        {"id": gid("ProductVariant", variant.pk), "sku": variant.sku} if allowed else None
    )
    by_sku = gql(
        client,
        "query($sku: String!) { productVariant(sku: $sku) { sku } }",
        {"sku": variant.sku},
        token=token,
    )
    assert by_sku["data"]["productVariant"] == ({"sku": variant.sku} if allowed else None)
    media = ProductMedia.objects.create(
        product=catalogue.draft,
        image="products/originals/d.jpg",
        width=10,
        height=10,
        thumbnails={},
    )
    by_media = gql(client, NODE, {"id": gid("ProductMedia", media.pk)}, token=token)
    assert (by_media["data"]["node"] is not None) is allowed


@pytest.mark.parametrize(("actor", "allowed"), FIVE_ACTORS)
def test_lists_are_public_only_for_everyone(request, client, catalogue, actor, allowed):
    token = token_for(actor_for(request, actor))
    answer = gql(
        client,
        '{ products(first: 50, channel: "default-channel") { totalCount edges { node { slug } } } '
        "productVariants(first: 50) { totalCount } }",
        token=token,
    )
    listed = {e["node"]["slug"] for e in answer["data"]["products"]["edges"]}
    assert listed == {p.slug for p in catalogue.public}
    assert answer["data"]["productVariants"]["totalCount"] == 5


STOCKS = """query($id: ID!) { product(id: $id, channel: "default-channel") {
  variants { sku quantityAvailable stocks { quantity quantityAllocated warehouse { name } } } } }"""


@pytest.mark.parametrize(("actor", "allowed"), FIVE_ACTORS)
def test_variant_stocks_are_staff_only(request, client, catalogue, actor, allowed):
    token = token_for(actor_for(request, actor))
    answer = gql(client, STOCKS, {"id": gid("Product", catalogue.tea.pk)}, token=token)
    variant = answer["data"]["product"]["variants"][0]
    assert variant["quantityAvailable"] == 0
    if allowed:
        assert "errors" not in answer
        assert variant["stocks"] == [
            {
                "quantity": 4,
                "quantityAllocated": 4,
                "warehouse": {"name": catalogue.shop.warehouses.get().name},
            }
        ]
    else:
        assert variant["stocks"] is None
        error = answer["errors"][0]
        assert error["path"] == ["product", "variants", 0, "stocks"]
        assert error["extensions"]["exception"]["code"] == "PermissionDenied"
        assert "MANAGE_PRODUCTS" in error["message"]


@pytest.mark.parametrize(("actor", "allowed"), FIVE_ACTORS)
def test_other_shops_staff_never_reach_this_shops_stock(request, client, catalogue, actor, allowed):
    """The other shop's product: stocks only for *its* staff — the fixture's own staff is
    'other' there, so nobody of the five actors but the other owner may see them."""
    user = actor_for(request, actor)
    token = token_for(user)
    answer = gql(client, STOCKS, {"id": gid("Product", catalogue.sauce.pk)}, token=token)
    stocks = [v["stocks"] for v in answer["data"]["product"]["variants"]]
    if actor == "other_owner":
        assert stocks == [
            [
                {
                    "quantity": 5,
                    "quantityAllocated": 0,
                    "warehouse": {"name": catalogue.other_shop.warehouses.get().name},
                }
            ],
            [
                {
                    "quantity": 2,
                    "quantityAllocated": 0,
                    "warehouse": {"name": catalogue.other_shop.warehouses.get().name},
                }
            ],
        ]
    else:
        assert stocks == [None, None]


@pytest.mark.parametrize(("actor", "allowed"), FIVE_ACTORS)
def test_inactive_shop_only_for_its_own_staff(request, client, catalogue, actor, allowed):
    token = token_for(actor_for(request, actor))
    slug = catalogue.hidden.shop.slug
    answer = gql(
        client, "query($slug: String) { shop(slug: $slug) { slug } }", {"slug": slug}, token=token
    )
    assert (
        answer["data"] is None
    )  # Shop! is non-null: an unknown shop is an error for everyone here
    assert "Couldn't find shop" in answer["errors"][0]["message"]
    node = gql(client, NODE, {"id": gid("Product", catalogue.hidden.pk)}, token=token)
    assert node["data"]["node"] is None


def test_own_staff_reach_their_inactive_shop(client, catalogue):
    from tests.factories.shops import ShopMembershipFactory

    staff = ShopMembershipFactory(shop=catalogue.hidden.shop, role="staff").user
    token = token_for(staff)
    answer = gql(
        client,
        "query($slug: String) { shop(slug: $slug) { slug } }",
        {"slug": catalogue.hidden.shop.slug},
        token=token,
    )
    assert answer["data"]["shop"] == {"slug": catalogue.hidden.shop.slug}
    node = gql(client, NODE, {"id": gid("Product", catalogue.hidden.pk)}, token=token)
    assert node["data"]["node"]["slug"] == catalogue.hidden.slug


def test_ids_of_another_type_resolve_to_nothing(client, catalogue):
    answer = gql(
        client,
        "query($id: ID!) { product(id: $id) { slug } productVariant(id: $id) { sku } "
        "category(id: $id) { slug } collection(id: $id) { slug } }",
        {"id": gid("Order", catalogue.fish.pk)},
    )
    assert answer["data"] == {
        "product": None,
        "productVariant": None,
        "category": None,
        "collection": None,
    }
