"""Public product lists: filters, sorts and text search (through the search backend)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import reduce
from typing import Any, overload

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from search.product_filter import (
    DEFAULT_SORT,
    NO_FILTER,
    ProductFilter,
    ProductSort,
    ProductSortField,
)
from search.query import MAX_PAGE_SIZE, SearchQuery, indexed, searchable
from search.selectors import product_search

from ..models import Collection, Product, ProductVariant, Stock, StockLocation
from .categories import CategoryTree, collection_q
from .channels import DEFAULT, ChannelInfo, public_products
from .prefetch import products_in_order, with_listing_data
from .ratings import ocop_rating_annotations
from .stock import reserved_quantity

#: With a text search that the search backend cannot answer alone (filters or a sort it
#: does not know), this many best matches are taken from it and filtered in the database.
SEARCH_CANDIDATES = 500


def _refers_to(use: Any, name: str) -> bool:
    """Whether a condition (``Q``) or an expression (an order) names the field ``name``."""
    if isinstance(use, Q):
        return any(_refers_to(child, name) for child in use.children)
    if isinstance(use, tuple):  # (lookup, value) of a Q
        return str(use[0]).split("__")[0] == name
    if isinstance(use, F):
        return str(use.name).split("__")[0] == name  # type: ignore[attr-defined]
    if isinstance(use, Subquery):  # its own query's fields, not ours
        return False
    if hasattr(use, "get_source_expressions"):
        return any(_refers_to(part, name) for part in use.get_source_expressions())
    return False


def _annotated(products: QuerySet[Product], *uses: Any) -> QuerySet[Product]:
    """``ocop_stars`` (current best stars) and ``min_price`` (lowest active variant price),
    each only when one of ``uses`` (the list's conditions and order) refers to it: they are
    correlated subqueries the database would otherwise compute for every row."""

    def used(name: str) -> bool:
        return any(_refers_to(use, name) for use in uses)

    annotations: dict[str, Any] = {}
    if used("ocop_stars"):
        annotations["ocop_stars"] = ocop_rating_annotations()["ocop_stars"]
    if used("min_price"):
        cheapest = ProductVariant.objects.filter(product=OuterRef("pk"), is_active=True).order_by(
            "price"
        )
        annotations["min_price"] = Subquery(
            cheapest.values("price")[:1], output_field=IntegerField()
        )
    return products.annotate(**annotations) if annotations else products


def _available_stock(channel: ChannelInfo) -> QuerySet[Stock]:
    stocks = Stock.objects.filter(variant__product=OuterRef("pk"), variant__is_active=True)
    if channel.is_default:
        stocks = stocks.filter(
            location__kind=StockLocation.Kind.WAREHOUSE, location__shop=OuterRef("shop_id")
        )
    else:
        stocks = stocks.filter(location_id=channel.location_id)
    return stocks.annotate(held=reserved_quantity()).filter(quantity__gt=F("held"))


def unit_q(prefix: str, values: tuple[str, ...]) -> Q:
    return Q(**{f"{prefix}__code__in": list(values)}) | Q(**{f"{prefix}__slug__in": list(values)})


def _filters_q(filters: ProductFilter, channel: ChannelInfo, context: QueryContext) -> Q:  # noqa: C901
    """The database condition of ``filters`` (text search excluded: see ``product_list``)."""
    if filters.nothing:
        return Q(pk__in=[])
    parts: list[Q] = []
    if filters.ids is not None:
        parts.append(Q(pk__in=list(filters.ids)))
    if filters.slugs is not None:
        parts.append(Q(slug__in=list(filters.slugs)))
    if filters.names is not None:
        parts.append(Q(name_vi__in=list(filters.names)))
    if filters.categories is not None:
        ids: set[int] = set()
        for category_id in filters.categories:
            ids |= context.tree().descendant_ids(category_id)
        parts.append(Q(category_id__in=sorted(ids)))
    if filters.has_category is not None:
        parts.append(Q(category__isnull=not filters.has_category))
    if filters.collections is not None:
        collections = context.collections(filters.collections)
        parts.append(
            reduce(lambda a, b: a | b, (collection_q(c) for c in collections), Q(pk__in=[]))
        )
    if filters.price_min is not None or filters.price_max is not None:
        variants = ProductVariant.objects.filter(product=OuterRef("pk"), is_active=True)
        if filters.price_min is not None:
            variants = variants.filter(price__gte=filters.price_min)
        if filters.price_max is not None:
            variants = variants.filter(price__lte=filters.price_max)
        parts.append(Q(Exists(variants)))
    if filters.minimal_price_min is not None:
        parts.append(Q(min_price__gte=filters.minimal_price_min))
    if filters.minimal_price_max is not None:
        parts.append(Q(min_price__lte=filters.minimal_price_max))
    if filters.in_stock is not None:
        available = Q(Exists(_available_stock(channel)))
        parts.append(available if filters.in_stock else ~available)
    if filters.published is not None:
        published = Q(status=Product.Status.PUBLISHED)
        parts.append(published if filters.published else ~published)
    if filters.published_from is not None:
        parts.append(Q(published_at__gte=filters.published_from))
    if filters.updated_from is not None:
        parts.append(Q(updated_at__gte=filters.updated_from))
    if filters.updated_to is not None:
        parts.append(Q(updated_at__lte=filters.updated_to))
    if filters.stars:
        parts.append(Q(ocop_stars__in=list(filters.stars)))
    if filters.stars_min is not None:
        parts.append(Q(ocop_stars__gte=filters.stars_min))
    if filters.certified_only:
        parts.append(Q(ocop_stars__isnull=False))
    if filters.districts:
        parts.append(unit_q("origin_district", filters.districts))
    if filters.communes:
        parts.append(unit_q("origin_commune", filters.communes))
    if filters.groups:
        parts.append(Q(product_group__code__in=list(filters.groups)))
    if filters.shops:
        parts.append(Q(shop__slug__in=list(filters.shops)))
    if filters.producer_types:
        parts.append(Q(shop__producer__legal_type__in=list(filters.producer_types)))
    for nested in filters.all_of:
        parts.append(_filters_q(nested, channel, context))
    if filters.any_of:
        parts.append(
            reduce(lambda a, b: a | b, (_filters_q(n, channel, context) for n in filters.any_of))
        )
    return reduce(lambda a, b: a & b, parts, Q())


@dataclass
class QueryContext:
    """Lookups a filter needs (loaded once per list)."""

    _tree: CategoryTree | None = None
    _collections: dict[int, Collection] = field(default_factory=dict)

    def tree(self) -> CategoryTree:
        if self._tree is None:
            self._tree = CategoryTree.load()
        return self._tree

    def collections(self, ids: Iterable[int]) -> list[Collection]:
        missing = [pk for pk in ids if pk not in self._collections]
        if missing:
            self._collections.update({c.pk: c for c in Collection.objects.filter(pk__in=missing)})
        return [self._collections[pk] for pk in ids if pk in self._collections]


def nested_filters(filters: ProductFilter) -> Iterable[ProductFilter]:
    """``filters`` and every filter set nested in it."""
    yield filters
    for nested in (*filters.all_of, *filters.any_of):
        yield from nested_filters(nested)


def _order_by(sort: ProductSort) -> list[Any]:
    descending = sort.descending

    def key(expression: Any) -> Any:
        return expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)

    by_field: dict[ProductSortField | None, list[Any]] = {
        ProductSortField.NAME: [key(F("name_vi")), key(F("slug"))],
        ProductSortField.PRICE: [key(F("min_price"))],
        ProductSortField.CREATED: [key(F("created_at"))],
        ProductSortField.UPDATED: [key(F("updated_at"))],
        ProductSortField.PUBLISHED: [key(Coalesce(F("published_at"), F("created_at")))],
        ProductSortField.RATING: [key(F("ocop_stars"))],
        ProductSortField.GROUP: [key(F("product_group__position"))],
    }
    columns = by_field.get(sort.field, [F("created_at").desc()])
    return [*columns, F("pk").desc() if descending or sort.field is None else F("pk").asc()]


def _search_filter(filters: ProductFilter, text: str) -> ProductFilter | None:
    """``filters`` with the text ``text`` for the search backend, or ``None`` when the
    index cannot answer them: a condition it does not hold (``search.query.indexed``),
    stock (here in the channel and net of reservations) or units named by slug (the index
    keys them by code). Those lists are filtered in the database instead."""
    if not indexed(filters) or filters.in_stock is not None:
        return None
    if any(not d.isdigit() for d in filters.districts) or any(
        not c.isdigit() for c in filters.communes
    ):
        return None
    return replace(filters, search=text)


class SearchWindow(Sequence[Product]):
    """A text search answered by the search backend, sliced like a list: ``len`` is the
    hit count, a slice runs the one or two backend pages covering it and loads those
    products (prefetched) in rank order."""

    def __init__(self, query: SearchQuery, load: Callable[[list[int]], list[Product]]):
        self.query, self.load = query, load
        self._total: int | None = None

    def _page(self, page: int, size: int) -> list[int]:
        result = product_search(replace(self.query, page=page, page_size=size, facets=False))
        self._total = result.total
        return result.product_ids

    def __len__(self) -> int:
        if self._total is None:
            self._page(1, 1)
        return self._total or 0

    @overload
    def __getitem__(self, index: int) -> Product: ...

    @overload
    def __getitem__(self, index: slice) -> list[Product]: ...

    def __getitem__(self, index: int | slice) -> Product | list[Product]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else len(self)
        size = min(stop - start, MAX_PAGE_SIZE)
        if size <= 0:
            return []
        first_page = start // size + 1
        ids = self._page(first_page, size)
        offset = start - (first_page - 1) * size
        if offset:
            ids = ids + self._page(first_page + 1, size)
        return self.load(ids[offset : offset + size])


def _search_candidates(query: SearchQuery, limit: int = SEARCH_CANDIDATES) -> list[int]:
    """Up to ``limit`` best matches of a text search, best first (cursor paging)."""
    ids: list[int] = []
    cursor = None
    while len(ids) < limit:
        result = product_search(
            replace(query, page=1, page_size=MAX_PAGE_SIZE, search_after=cursor, facets=False)
        )
        ids.extend(result.product_ids)
        cursor = result.next_search_after
        if not cursor or not result.product_ids:
            break
    return ids[:limit]


def product_list(
    *,
    filters: ProductFilter = NO_FILTER,
    channel: ChannelInfo = DEFAULT,
    sort: ProductSort = DEFAULT_SORT,
    base: QuerySet[Product] | None = None,
) -> QuerySet[Product] | SearchWindow:
    """The public products matching ``filters`` in ``channel``, sorted, ready to slice
    (each page prefetched by ``with_storefront_data``). Text search (``filters.search``)
    goes through ``search.selectors.product_search``: answered by the backend alone when
    it knows every filter and the sort (exact paging and totals), otherwise its best
    ``SEARCH_CANDIDATES`` matches are filtered and sorted in the database. Without a
    text, the database answers. ``base`` narrows the products further (a shop's)."""
    products = public_products(channel=channel)
    if base is not None:
        products = products.filter(pk__in=base.values("pk"))
    context = QueryContext()
    searches = {f.search.strip() for f in nested_filters(filters) if f.search.strip()}
    text = " ".join(sorted(searches))
    if text:
        search_filter = _search_filter(filters, text)
        if search_filter is not None and searchable(sort) and channel.is_default and base is None:
            query = SearchQuery(filter=search_filter, sort=sort)
            return SearchWindow(query, lambda ids: products_in_order(ids, base=products))
        ranked = _search_candidates(
            SearchQuery(filter=ProductFilter(search=text), sort=ProductSort.RELEVANCE)
        )
        products = products.filter(pk__in=ranked)
        if sort.is_relevance:
            rank = Case(
                *[When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)],
                default=Value(len(ranked)),
                output_field=IntegerField(),
            )
            condition = _filters_q(_strip_search(filters), channel, context)
            products = _annotated(products, condition).annotate(search_rank=rank).filter(condition)
            # rank 0 is the best match: RANK DESC (Saleor's "most relevant first") is ascending here
            least_relevant_first = sort.field == ProductSortField.RANK and not sort.descending
            by_rank = F("search_rank").desc() if least_relevant_first else F("search_rank").asc()
            return with_listing_data(products.order_by(by_rank, "pk"))
    products, order = filtered_list(products, filters, channel, sort, context)
    return with_listing_data(products.order_by(*order))


def filtered_list(
    products: QuerySet[Product],
    filters: ProductFilter,
    channel: ChannelInfo,
    sort: ProductSort,
    context: QueryContext,
) -> tuple[QuerySet[Product], list[Any]]:
    """``products`` narrowed by ``filters`` (no text search) and the order of the list
    (rank, without a text search, is the default order)."""
    condition = _filters_q(_strip_search(filters), channel, context)
    if sort.field == ProductSortField.RANK:
        sort = replace(sort, field=None)
    order = _order_by(sort)
    return _annotated(products, condition, *order).filter(condition), order


def _strip_search(filters: ProductFilter) -> ProductFilter:
    return replace(
        filters,
        search="",
        all_of=tuple(_strip_search(f) for f in filters.all_of),
        any_of=tuple(_strip_search(f) for f in filters.any_of),
    )
