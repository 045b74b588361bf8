"""Per-request lookups of the catalogue schema, cached on the request so a page of
objects shares them: channels by slug, the viewer's shops, the category tree — and the
channel each product, variant or collection of the response was loaded in (model
instances carry no GraphQL state)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from graphql import GraphQLError

from shops import selectors as catalogue
from shops.selectors import DEFAULT, ChannelInfo

T = TypeVar("T")

#: The global id of the marketplace's own ``Shop`` (Saleor's ``shop`` without a slug).
MARKETPLACE = "marketplace"


def cache(info: Any) -> dict[str, Any]:
    request = info.context
    store = getattr(request, "_catalogue_cache", None)
    if store is None:
        store = {}
        try:
            request._catalogue_cache = store
        except AttributeError:  # a context that takes no attributes: no caching
            return {}
    return store


def channel(info: Any, slug: str | None) -> ChannelInfo:
    """The channel ``slug`` (the online store when empty); Saleor's error when unknown."""
    if not slug:
        return DEFAULT
    channels = cache(info).setdefault("channels", {})
    if slug not in channels:
        channels[slug] = catalogue.channel_info(slug)
    found = channels[slug]
    if found is None:
        raise GraphQLError(
            f"Channel with '{slug}' slug does not exist.", extensions={"code": "NOT_FOUND"}
        )
    return found


def in_channel(info: Any, obj: T, slug: str | None) -> T:
    """Notes, for the rest of the request, that ``obj`` (a product, variant or collection)
    was loaded in channel ``slug``, which drives its pricing and stock; returns it. The
    note is kept by the object's identity: the same row loaded twice, in two channels,
    is two objects."""
    if obj is not None and slug:
        # the object is kept with its note, so its id is not reused during the request
        cache(info).setdefault("loaded_in", {})[id(obj)] = (obj, slug)
    return obj


def channel_slug_of(info: Any, obj: Any) -> str | None:
    """The slug of the channel ``obj`` was loaded in (see ``in_channel``); ``None``: the
    online store."""
    noted = cache(info).get("loaded_in", {}).get(id(obj))
    return noted[1] if noted is not None else None


def channel_of(info: Any, obj: Any) -> ChannelInfo:
    """The channel ``obj`` was loaded in (see ``in_channel``), the online store otherwise."""
    slug = channel_slug_of(info, obj)
    return channel(info, slug) if slug else DEFAULT


def user(info: Any) -> Any:
    return getattr(info.context, "user", None)


def member_shop_ids(info: Any) -> set[int]:
    store = cache(info)
    if "member_shops" not in store:
        store["member_shops"] = set(catalogue.member_shop_ids(user(info)))
    return store["member_shops"]


def category_tree(info: Any) -> catalogue.CategoryTree:
    store = cache(info)
    if "category_tree" not in store:
        store["category_tree"] = catalogue.CategoryTree.load()
    return store["category_tree"]


def expect_shops(info: Any, shop_ids: Any) -> None:
    """Notes the shops of a page being resolved, so per-shop data asked for one of them
    is loaded for all of them at once (``shop_certificates``)."""
    cache(info).setdefault("page_shop_ids", set()).update(shop_ids)


def shop_certificates(info: Any, shop: Any) -> list[Any]:
    """The shop's producer's certificates in force, loaded in one query for every shop of
    the page (see ``expect_shops``)."""
    store = cache(info)
    loaded = store.setdefault("shop_certificates", {})
    if shop.pk not in loaded:
        wanted = set(store.get("page_shop_ids", set())) | {shop.pk}
        wanted -= set(loaded)
        loaded.update(catalogue.certificates_by_shop(wanted))
    return loaded.get(shop.pk, [])


def expect(info: Any, kind: str, objects: Iterable[Any]) -> None:
    """Notes objects of the response being resolved (``kind``: ``category``,
    ``collection``) whose nested lists may be asked, so that the first one asked is loaded
    for all of them at once (``nested``). Shops are noted by ``expect_shops``."""
    found = {o.pk: o for o in objects if o is not None}
    store = cache(info)
    store.setdefault(f"page_{kind}_ids", set()).update(found)
    store.setdefault(f"page_{kind}s", {}).update(found)


def expected(info: Any, kind: str) -> dict[int, Any]:
    """The objects of ``kind`` noted so far (by ``expect``), by id."""
    return dict(cache(info).get(f"page_{kind}s", {}))


def nested(
    info: Any, kind: str, key: Hashable, parent_id: int, load: Callable[[set[int]], dict[int, Any]]
) -> Any:
    """The nested value ``key`` (a field with its arguments) of the object ``parent_id``
    of ``kind``: the first time it is asked for an object not loaded yet, ``load`` loads
    it for that object and every other one noted (``expect``/``expect_shops``) at once —
    a batch per nesting level, not a query per parent."""
    loaded = cache(info).setdefault("nested", {}).setdefault((kind, key), {})
    if parent_id not in loaded:
        wanted = (set(cache(info).get(f"page_{kind}_ids", set())) | {parent_id}) - set(loaded)
        found = load(wanted)
        loaded.update({pk: found.get(pk) for pk in wanted})
    return loaded[parent_id]


def expect_products(info: Any, product_ids: Any) -> None:
    """Notes the products of a page (see ``product_collections``)."""
    cache(info).setdefault("page_product_ids", set()).update(product_ids)


def product_collections(info: Any, product: Any) -> list[Any]:
    """The published collections holding ``product``: all collections in one query per
    request, manual memberships in one query for every product of the page."""
    store = cache(info)
    if "collections" not in store:
        store["collections"] = list(catalogue.collection_list().order_by("position", "pk"))
        # any of them may be some product's of the page: their nested lists load together
        expect(info, "collection", store["collections"])
    memberships = store.setdefault("manual_collections", {})
    if product.pk not in memberships:
        wanted = (set(store.get("page_product_ids", set())) | {product.pk}) - set(memberships)
        found = catalogue.manual_collection_ids(wanted)
        memberships.update({pk: found.get(pk, set()) for pk in wanted})
    manual = memberships[product.pk]
    return [c for c in store["collections"] if catalogue.collection_has(c, product, manual)]
