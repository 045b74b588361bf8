"""Query resolvers of the catalogue: parse arguments, call one selector, page the result.
Pages of products are prefetched by the selectors, so lists run a constant number of
queries whatever ``first`` is."""

from __future__ import annotations

from typing import Any, cast

from graphql import GraphQLError

from marketplace.graphql.connection import MAX_PAGE, paginate
from marketplace.graphql.ids import pk_of, pks_of, split_global_id
from search.product_filter import ProductFilter, ProductSortField
from shops import models
from shops import selectors as catalogue

from . import context
from .filters import (
    combine,
    product_filter,
    product_sort,
    product_where,
    where_ids,
)

RANK_NEEDS_SEARCH = "Sorting by RANK is available only when using a search filter."


def _in_channel(info: Any, connection: Any, slug: str) -> Any:
    for edge in connection.edges:
        context.in_channel(info, edge.node, slug)
    return connection


def _mark_products(info: Any, connection: Any, slug: str) -> Any:
    """A page of products: loaded in channel ``slug``, their shops, categories and
    collections loaded together when asked."""
    _in_channel(info, connection, slug)
    context.expect_shops(info, {edge.node.shop_id for edge in connection.edges})
    context.expect_products(info, {edge.node.pk for edge in connection.edges})
    context.expect(info, "category", [edge.node.category for edge in connection.edges])
    return connection


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def resolve_nested_products(
    info: Any,
    kind: str,
    parent: Any,
    *,
    connection: Any,
    channel: str | None = None,
    filter: dict[str, Any] | None = None,
    where: dict[str, Any] | None = None,
    sort_by: dict[str, Any] | None = None,
    search: str | None = None,
    **page: Any,
) -> Any:
    """``products`` of a category (subcategories included), a collection or a shop. A
    first page (``first`` without ``after``/``last``/``before``, no text search) is loaded
    for every object of that kind in the response at once (``context.nested``: one
    partitioned query per nesting level, see ``shops.selectors.category_product_pages``
    …), with the cursors, ``hasNextPage`` and ``totalCount`` of ``paginate``. Other pages
    and text searches are resolved per parent (``resolve_product_list``). ``connection``:
    the connection type of the answer (the types pass theirs, so this module never imports
    them)."""
    scope = {
        "category": ProductFilter(categories=(parent.pk,)),
        "collection": ProductFilter(collections=(parent.pk,)),
        "shop": ProductFilter(shops=(parent.slug,)),
    }[kind]
    channel = channel or (filter or {}).get("channel") or (sort_by or {}).get("channel")
    first = page.get("first")
    filters = combine(product_filter(filter, search), product_where(where))
    sort = product_sort(sort_by)
    texts = [f.search for f in catalogue.nested_filters(filters) if f.search.strip()]
    if (
        first is None
        or not 0 <= first <= MAX_PAGE
        or texts
        or sort.field == ProductSortField.RANK
        or any(page.get(name) is not None for name in ("after", "last", "before"))
    ):
        return resolve_product_list(
            info,
            connection=connection,
            channel=channel,
            scope=scope,
            filter=filter,
            where=where,
            sort_by=sort_by,
            search=search,
            **page,
        )
    channel_info = context.channel(info, channel)
    arguments = {
        "filters": filters,
        "channel": channel_info,
        "sort": sort,
        "first": first,
    }

    def load(ids: set[int]) -> dict[int, Any]:
        if kind == "category":
            return catalogue.category_product_pages(
                ids, tree=context.category_tree(info), **arguments
            )
        if kind == "collection":
            known = {**context.expected(info, "collection"), parent.pk: parent}
            return catalogue.collection_product_pages(
                [known[pk] for pk in ids if pk in known], **arguments
            )
        return catalogue.shop_product_pages(ids, **arguments)

    if kind == "collection":
        context.expect(info, "collection", [parent])
    key = ("products", channel_info.slug, _hashable(filters), sort, first)
    items = context.nested(info, kind, key, parent.pk, load)
    return _mark_products(
        info, paginate(items, connection, "products", first=first), channel_info.slug
    )


def resolve_product_list(
    info: Any,
    *,
    connection: Any,
    channel: str | None = None,
    scope: ProductFilter | None = None,
    filter: dict[str, Any] | None = None,
    where: dict[str, Any] | None = None,
    sort_by: dict[str, Any] | None = None,
    search: str | None = None,
    field_name: str = "products",
    **page: Any,
) -> Any:

    channel = channel or (filter or {}).get("channel") or (sort_by or {}).get("channel")
    channel_info = context.channel(info, channel)
    filters = combine(
        scope or ProductFilter(), product_filter(filter, search), product_where(where)
    )
    sort = product_sort(sort_by)
    if (
        sort.field == ProductSortField.RANK
        and not filters.search
        and not any(f.search for f in (*filters.all_of, *filters.any_of))
    ):
        raise GraphQLError(RANK_NEEDS_SEARCH)
    items = catalogue.product_list(filters=filters, channel=channel_info, sort=sort)
    # a SearchWindow slices like a list (``len`` and slices), which is all ``paginate`` needs
    return _mark_products(
        info, paginate(cast(Any, items), connection, field_name, **page), channel_info.slug
    )


def resolve_product(
    info: Any,
    *,
    id: str | None = None,
    slug: str | None = None,
    external_reference: str | None = None,
    channel: str | None = None,
    **_: Any,
) -> Any:
    if sum(v is not None for v in (id, slug, external_reference)) != 1:
        raise GraphQLError(
            "Argument 'id', 'slug' or 'external_reference' is required; give exactly one."
        )
    channel_info = context.channel(info, channel)
    products = catalogue.viewer_products(user=context.user(info), channel=channel_info)
    if id is not None:
        pk = pk_of(id, "Product")
        products = products.filter(pk=pk) if pk is not None else products.none()
    elif slug is not None:
        products = products.filter(slug=slug)
    else:
        return None  # we keep no external references
    product = catalogue.with_storefront_data(products).first()
    return context.in_channel(info, product, channel_info.slug)


def resolve_product_variant(
    info: Any,
    *,
    id: str | None = None,
    sku: str | None = None,
    external_reference: str | None = None,
    channel: str | None = None,
) -> Any:
    if sum(v is not None for v in (id, sku, external_reference)) != 1:
        raise GraphQLError(
            "At least one of arguments is required: 'id', 'sku', 'external_reference'."
        )
    channel_info = context.channel(info, channel)
    variants = catalogue.viewer_variants(user=context.user(info), channel=channel_info)
    if id is not None:
        pk = pk_of(id, "ProductVariant")
        variants = variants.filter(pk=pk) if pk is not None else variants.none()
    elif sku is not None:
        variants = variants.filter(sku=sku)
    else:
        return None
    variant = variants.select_related("product").first()
    if variant is not None:
        context.in_channel(info, variant.product, channel_info.slug)
    return context.in_channel(info, variant, channel_info.slug)


def resolve_product_variants(
    info: Any,
    *,
    connection: Any,
    ids: list[str] | None = None,
    channel: str | None = None,
    filter: dict[str, Any] | None = None,
    where: dict[str, Any] | None = None,
    search: str | None = None,
    sort_by: dict[str, Any] | None = None,
    **page: Any,
) -> Any:

    channel_info = context.channel(info, channel)
    variants = catalogue.viewer_variants(user=context.user(info), channel=channel_info).filter(
        product__in=catalogue.public_products(channel=channel_info)
    )
    if ids is not None:
        variants = variants.filter(pk__in=pks_of(ids, "ProductVariant") or ())
    filter = filter or {}
    if filter.get("sku"):
        variants = variants.filter(sku__in=filter["sku"])
    text = " ".join(t for t in ((search or "").strip(), (filter.get("search") or "").strip()) if t)
    if text:
        from django.db.models import Q

        variants = variants.filter(
            Q(name__icontains=text)
            | Q(sku__icontains=text)
            | Q(product__name_vi__icontains=text)
            | Q(product__name_en__icontains=text)
        )
    if (allowed := where_ids(where, "ProductVariant")) is not None:
        variants = variants.filter(pk__in=allowed)
    sku = (where or {}).get("sku") or {}
    if sku.get("eq") is not None:
        variants = variants.filter(sku=sku["eq"])
    elif sku.get("one_of") is not None:
        variants = variants.filter(sku__in=sku["one_of"])
    if filter.get("metadata") or (where or {}).get("metadata"):
        variants = variants.none()
    descending = (
        getattr((sort_by or {}).get("direction"), "value", (sort_by or {}).get("direction"))
        == "DESC"
    )
    order = ["-product__updated_at", "-pk"] if descending else ["product__updated_at", "pk"]
    if not sort_by:
        order = ["product_id", "position", "pk"]
    variants = catalogue.with_variant_data(variants).order_by(*order)
    connection = paginate(variants, connection, "productVariants", **page)
    for edge in connection.edges:
        context.in_channel(info, edge.node.product, channel_info.slug)
    return _in_channel(info, connection, channel_info.slug)


def resolve_categories(
    info: Any,
    *,
    connection: Any,
    filter: dict[str, Any] | None = None,
    where: dict[str, Any] | None = None,
    sort_by: dict[str, Any] | None = None,
    level: int | None = None,
    **page: Any,
) -> Any:

    tree = context.category_tree(info)
    items = list(tree.by_id.values())
    filter = filter or {}
    if level is not None:
        items = [c for c in items if tree.level(c) == level]
    if filter.get("ids") is not None:
        wanted = set(pks_of(filter["ids"], "Category") or ())
        items = [c for c in items if c.pk in wanted]
    if filter.get("slugs") is not None:
        slugs = set(filter["slugs"])
        items = [c for c in items if c.slug in slugs]
    if filter.get("search"):
        text = filter["search"].strip().lower()
        items = [
            c
            for c in items
            if text in c.name_vi.lower() or text in c.name_en.lower() or text in c.slug
        ]
    updated = filter.get("updated_at") or {}
    if updated.get("gte") is not None:
        items = [c for c in items if c.updated_at >= updated["gte"]]
    if updated.get("lte") is not None:
        items = [c for c in items if c.updated_at <= updated["lte"]]
    if filter.get("metadata"):
        items = []
    if (allowed := where_ids(where, "Category")) is not None:
        items = [c for c in items if c.pk in allowed]
    field = getattr((sort_by or {}).get("field"), "value", (sort_by or {}).get("field"))
    descending = (
        getattr((sort_by or {}).get("direction"), "value", (sort_by or {}).get("direction"))
        == "DESC"
    )
    if field == "SUBCATEGORY_COUNT":
        items.sort(key=lambda c: (len(tree.children.get(c.pk, [])), c.name_vi), reverse=descending)
    elif field == "PRODUCT_COUNT":
        counts = catalogue.category_product_counts(tree)
        items.sort(key=lambda c: (counts.get(c.pk, 0), c.name_vi), reverse=descending)
    else:
        items.sort(key=lambda c: (c.name_vi, c.pk), reverse=descending)
    connection = paginate(items, connection, "categories", **page)
    context.expect(info, "category", [edge.node for edge in connection.edges])
    return connection


def resolve_category(info: Any, *, id: str | None = None, slug: str | None = None, **_: Any) -> Any:
    if (id is None) == (slug is None):
        raise GraphQLError("Argument 'id' or 'slug' is required; give exactly one.")
    tree = context.category_tree(info)
    if id is not None:
        pk = pk_of(id, "Category")
        return tree.by_id.get(pk) if pk is not None else None
    return next((c for c in tree.by_id.values() if c.slug == slug), None)


def resolve_collections(
    info: Any,
    *,
    connection: Any,
    filter: dict[str, Any] | None = None,
    where: dict[str, Any] | None = None,
    sort_by: dict[str, Any] | None = None,
    channel: str | None = None,
    **page: Any,
) -> Any:
    from django.db.models import Q

    filter = filter or {}
    channel_info = context.channel(info, channel or filter.get("channel"))
    collections = catalogue.collection_list()
    published = getattr(filter.get("published"), "value", filter.get("published"))
    if published == "HIDDEN":
        collections = collections.none()  # hidden collections are not shown to the public
    if filter.get("ids") is not None:
        collections = collections.filter(pk__in=pks_of(filter["ids"], "Collection") or ())
    if filter.get("slugs") is not None:
        collections = collections.filter(slug__in=filter["slugs"])
    if filter.get("search"):
        text = filter["search"].strip()
        collections = collections.filter(
            Q(name_vi__icontains=text) | Q(name_en__icontains=text) | Q(slug__icontains=text)
        )
    if filter.get("metadata"):
        collections = collections.none()
    if (allowed := where_ids(where, "Collection")) is not None:
        collections = collections.filter(pk__in=allowed)
    field = getattr((sort_by or {}).get("field"), "value", (sort_by or {}).get("field"))
    descending = (
        getattr((sort_by or {}).get("direction"), "value", (sort_by or {}).get("direction"))
        == "DESC"
    )
    column = {
        "NAME": "name_vi",
        "PUBLICATION_DATE": "created_at",
        "PUBLISHED_AT": "created_at",
    }.get(field or "", "position")
    collections = collections.order_by(
        f"-{column}" if descending else column, "-pk" if descending else "pk"
    )
    connection = _in_channel(
        info, paginate(collections, connection, "collections", **page), channel_info.slug
    )
    context.expect(info, "collection", [edge.node for edge in connection.edges])
    return connection


def resolve_collection(
    info: Any,
    *,
    id: str | None = None,
    slug: str | None = None,
    channel: str | None = None,
    **_: Any,
) -> Any:
    if (id is None) == (slug is None):
        raise GraphQLError("Argument 'id' or 'slug' is required; give exactly one.")
    channel_info = context.channel(info, channel)
    collections = catalogue.collection_list()
    if id is not None:
        pk = pk_of(id, "Collection")
        collections = collections.filter(pk=pk) if pk is not None else collections.none()
    else:
        collections = collections.filter(slug=slug)
    return context.in_channel(info, collections.first(), channel_info.slug)


def resolve_channel(info: Any, *, id: str | None = None, slug: str | None = None) -> Any:
    if id is not None:
        kind, slug = split_global_id(id)
        if kind != "Channel":
            return None
    if not slug:
        raise GraphQLError("Argument 'id' or 'slug' is required.")
    return catalogue.channel_info(slug)


def resolve_shop(info: Any, *, slug: str | None = None) -> Any:
    """The marketplace itself, or (``slug``) an active producer shop."""
    if slug is None:
        return context.MARKETPLACE
    shop = catalogue.public_shop(slug=slug)
    if shop is None:
        own = context.member_shop_ids(info)
        shop = (
            models.Shop.objects.filter(slug=slug, pk__in=own)
            .select_related("producer__district", "producer__commune")
            .first()
        )
    if shop is None:
        raise GraphQLError(
            f"Không tìm thấy gian hàng '{slug}'. / Couldn't find shop '{slug}'.",
            extensions={"code": "NOT_FOUND"},
        )
    return shop


def resolve_shops(
    info: Any, *, connection: Any, filter: dict[str, Any] | None = None, **page: Any
) -> Any:

    filter = filter or {}
    districts = (
        *(filter.get("districts") or ()),
        *([filter["district"]] if filter.get("district") else []),
    )
    groups = (
        *(filter.get("product_groups") or ()),
        *([filter["product_group"]] if filter.get("product_group") else []),
    )
    filters = catalogue.ShopListFilters(
        districts=tuple(districts), groups=tuple(groups), search=filter.get("search") or ""
    )
    connection = paginate(catalogue.shop_list(filters=filters), connection, "shops", **page)
    context.expect_shops(info, {edge.node.pk for edge in connection.edges})
    return connection
