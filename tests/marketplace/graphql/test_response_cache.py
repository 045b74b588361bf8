"""The response cache of anonymous catalogue queries (marketplace/graphql/response_cache.py):
an identical anonymous query is answered from the cache without SQL; any committed
catalogue write (price, stock, reservation, product, menu…) invalidates it; signed-in
viewers, mutations, checkouts and answers with errors never use it; requests that differ
(variables, language, channel, host) never share an answer."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from marketplace import catalogue_version
from shops.models import Product, StockReservation
from tests.support.graphql import gid, gql, token_for
from tests.support.queries import gql_counted

pytestmark = pytest.mark.django_db

PRODUCT = """query($slug: String!, $channel: String, $languageCode: LanguageCodeEnum!) {
  product(slug: $slug, channel: $channel) {
    name translation(languageCode: $languageCode) { name }
    pricing { priceRange { start { gross { amount } } } }
    variants { sku quantityAvailable }
  }
}"""
STOCKS = """query($id: ID!) { product(id: $id, channel: "default-channel") {
  variants { sku stocks { quantity } } } }"""


@pytest.fixture(autouse=True)
def response_cache_on(settings):
    settings.GRAPHQL_RESPONSE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def ask(client, document, variables=None, token=None, **extra):
    """The answer and the number of SQL queries it took."""
    count, answer = gql_counted(client, document, variables, token=token, **extra)
    return answer, count


def fish(catalogue, **extra):
    return {
        "slug": catalogue.fish.slug,
        "channel": "default-channel",
        "languageCode": "EN",
        **extra,
    }


def rename_uncommitted(product):
    """A write whose commit never happens inside the test's transaction: the cache cannot
    know about it, so a cached answer shows the old name."""
    Product.objects.filter(pk=product.pk).update(name_vi="Tên mới")


def test_identical_anonymous_query_is_answered_from_the_cache(client, catalogue):
    first, queries = ask(client, PRODUCT, fish(catalogue))
    assert "errors" not in first
    assert queries > 0
    rename_uncommitted(catalogue.fish)
    second, queries = ask(client, PRODUCT, fish(catalogue))
    assert (second, queries) == (first, 0)


def test_price_change_invalidates(client, catalogue, owner, django_capture_on_commit_callbacks):
    from shops.services.listing import variant_price_set

    ask(client, PRODUCT, fish(catalogue))
    with django_capture_on_commit_callbacks(execute=True):
        variant_price_set(actor=owner, variant=catalogue.fish.variants.get(), price=90_000)
    answer, queries = ask(client, PRODUCT, fish(catalogue))
    assert queries > 0
    assert answer["data"]["product"]["pricing"]["priceRange"]["start"]["gross"]["amount"] == 90_000


def test_stock_change_invalidates(client, catalogue, owner, django_capture_on_commit_callbacks):
    from shops.services.stock import stock_set

    variant = catalogue.fish.variants.get()
    before, _ = ask(client, PRODUCT, fish(catalogue))
    assert before["data"]["product"]["variants"][0]["quantityAvailable"] == 10
    with django_capture_on_commit_callbacks(execute=True):
        stock_set(
            actor=owner, variant=variant, location=catalogue.shop.warehouses.get(), quantity=3
        )
    after, _ = ask(client, PRODUCT, fish(catalogue))
    assert after["data"]["product"]["variants"][0]["quantityAvailable"] == 3


def test_reservation_invalidates(client, catalogue, django_capture_on_commit_callbacks):
    stock = catalogue.fish.variants.get().stocks.get()
    ask(client, PRODUCT, fish(catalogue))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        StockReservation.objects.create(
            stock=stock,
            quantity=4,
            source=StockReservation.Source.CHECKOUT,
            reference="checkout-y",
            expires_at=timezone.now() + datetime.timedelta(hours=1),
        )
    after, _ = ask(client, PRODUCT, fish(catalogue))
    assert after["data"]["product"]["variants"][0]["quantityAvailable"] == 6


def test_menu_change_invalidates(client, catalogue, django_capture_on_commit_callbacks):
    from storefront.models import MenuItem

    document = '{ menu(slug: "navbar") { items { name } } }'
    before, _ = ask(client, document)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        MenuItem.objects.filter(menu__slug="navbar").update(name_vi="Mục mới")
    after, queries = ask(client, document)
    assert queries > 0
    assert after != before
    assert {item["name"] for item in after["data"]["menu"]["items"]} == {"Mục mới"}


def test_bump_waits_for_commit_once_per_transaction(catalogue, django_capture_on_commit_callbacks):
    version = catalogue_version.catalogue_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        Product.objects.filter(pk=catalogue.fish.pk).update(name_vi="x")
        Product.objects.filter(pk=catalogue.tea.pk).update(name_vi="y")
    assert catalogue_version.catalogue_version() == version  # not committed yet
    assert [c for c in callbacks if c is catalogue_version.bump_catalogue_version] == [
        catalogue_version.bump_catalogue_version
    ]  # one bump per transaction


def test_rolled_back_write_does_not_bump(catalogue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:

        def write_then_fail() -> None:
            with transaction.atomic():
                Product.objects.filter(pk=catalogue.fish.pk).update(name_vi="x")
                raise RuntimeError

        with pytest.raises(RuntimeError):
            write_then_fail()
    assert catalogue_version.bump_catalogue_version not in callbacks


@pytest.mark.parametrize(
    ("sql", "catalogue_write"),
    [
        ('UPDATE "shops_stock" SET "quantity" = 1', True),
        ('  insert into "shops_stockreservation" ("stock_id") VALUES (1)', True),
        ('DELETE FROM "storefront_menuitem" WHERE 1', True),
        ('INSERT INTO "marketplace_ocopcertificate_products" ("a") VALUES (1)', True),
        ('UPDATE "marketplace_user" SET "last_login" = NOW()', False),
        ('INSERT INTO "orders_checkout" ("token") VALUES (1)', False),
        ('SELECT * FROM "shops_product"', False),
    ],
)
def test_which_statements_bump(sql, catalogue_write):
    assert catalogue_version.is_catalogue_write(sql) is catalogue_write


def test_signed_in_viewers_never_use_the_cache(client, catalogue, customer):
    token = token_for(customer)
    ask(client, PRODUCT, fish(catalogue))  # cached for anonymous viewers
    signed_in, _ = ask(client, PRODUCT, fish(catalogue), token=token)
    ask(client, PRODUCT, fish(catalogue), token=token)
    rename_uncommitted(catalogue.fish)
    fresh, queries = ask(client, PRODUCT, fish(catalogue), token=token)
    assert queries > 0
    assert fresh["data"]["product"]["name"] == "Tên mới"
    assert signed_in["data"]["product"]["name"] != "Tên mới"


def test_signed_in_answers_are_never_stored(client, catalogue, customer):
    ask(client, PRODUCT, fish(catalogue), token=token_for(customer))
    rename_uncommitted(catalogue.fish)
    anonymous, queries = ask(client, PRODUCT, fish(catalogue))
    assert queries > 0
    assert anonymous["data"]["product"]["name"] == "Tên mới"


def test_staff_only_fields_never_leak_through_the_cache(client, catalogue, shop_staff):
    variables = {"id": gid("Product", catalogue.tea.pk)}
    staff, _ = ask(client, STOCKS, variables, token=token_for(shop_staff))
    assert staff["data"]["product"]["variants"][0]["stocks"] == [{"quantity": 4}]
    anonymous, _ = ask(client, STOCKS, variables)
    assert anonymous["data"]["product"]["variants"][0]["stocks"] is None
    assert anonymous["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    # an answer with errors is not stored either: asked again, it is computed again
    again, queries = ask(client, STOCKS, variables)
    assert queries > 0
    assert again == anonymous
    staff_again, _ = ask(client, STOCKS, variables, token=token_for(shop_staff))
    assert staff_again == staff


def test_mutations_never_use_the_cache(client, catalogue):
    document = """mutation($variant: ID!) { checkoutCreate(input: {channel: "default-channel",
        lines: [{quantity: 1, variantId: $variant}]}) { checkout { id } errors { code } } }"""
    variables = {"variant": gid("ProductVariant", catalogue.fish.variants.get().pk)}
    first, _ = ask(client, document, variables)
    second, queries = ask(client, document, variables)
    assert queries > 0
    assert (
        first["data"]["checkoutCreate"]["checkout"]["id"]
        != second["data"]["checkoutCreate"]["checkout"]["id"]
    )


def test_checkouts_are_never_cached(client, catalogue):
    created = gql(
        client,
        """mutation($variant: ID!) { checkoutCreate(input: {channel: "default-channel",
        lines: [{quantity: 1, variantId: $variant}]}) { checkout { id } } }""",
        {"variant": gid("ProductVariant", catalogue.fish.variants.get().pk)},
    )
    checkout_id = created["data"]["checkoutCreate"]["checkout"]["id"]
    document = "query($id: ID) { checkout(id: $id) { id } products(first: 1) { totalCount } }"
    ask(client, document, {"id": checkout_id})
    _, queries = ask(client, document, {"id": checkout_id})
    assert queries > 0


def test_variables_language_and_channel_do_not_collide(client, catalogue):
    english, _ = ask(client, PRODUCT, fish(catalogue))
    vietnamese, _ = ask(client, PRODUCT, fish(catalogue, languageCode="VI"))
    assert english["data"]["product"]["translation"]["name"] == "Canh Duong anchovy fish sauce"
    assert vietnamese["data"]["product"]["translation"] is None
    other, _ = ask(client, PRODUCT, fish(catalogue, slug=catalogue.sauce.slug))
    assert other["data"]["product"]["name"] == catalogue.sauce.name_vi
    online, _ = ask(client, PRODUCT, {**fish(catalogue, slug=catalogue.wine.slug)})
    at_sale_point, _ = ask(
        client,
        PRODUCT,
        fish(catalogue, slug=catalogue.wine.slug, channel=catalogue.sale_point.channel_slug),
    )
    assert online["data"]["product"]["variants"][0]["quantityAvailable"] == 0
    assert at_sale_point["data"]["product"]["variants"][0]["quantityAvailable"] == 3
    # the same query for another host builds other absolute URLs: its own entry
    _, queries = ask(client, PRODUCT, fish(catalogue), HTTP_HOST="localhost")
    assert queries > 0


def test_operation_name_is_part_of_the_key(client, catalogue):
    document = "query A { products(first: 1) { totalCount } } query B { categories(first: 1) { totalCount } }"
    first = client.post(
        "/graphql/", {"query": document, "operationName": "A"}, content_type="application/json"
    )
    second = client.post(
        "/graphql/", {"query": document, "operationName": "B"}, content_type="application/json"
    )
    assert list(first.json()["data"]) == ["products"]
    assert list(second.json()["data"]) == ["categories"]


def test_zero_seconds_disables(client, catalogue, settings):
    settings.GRAPHQL_RESPONSE_CACHE_SECONDS = 0
    ask(client, PRODUCT, fish(catalogue))
    _, queries = ask(client, PRODUCT, fish(catalogue))
    assert queries > 0


def test_evicted_version_never_serves_old_answers(client, catalogue):
    ask(client, PRODUCT, fish(catalogue))
    cache.delete(catalogue_version.VERSION_KEY)
    rename_uncommitted(catalogue.fish)
    answer, queries = ask(client, PRODUCT, fish(catalogue))
    assert queries > 0
    assert answer["data"]["product"]["name"] == "Tên mới"
