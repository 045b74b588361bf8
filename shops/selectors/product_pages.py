"""The first page of many parents' product lists at once (the products of each category,
collection or shop in one GraphQL response), in one partitioned query per kind."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import reduce
from typing import Any, overload

from django.db.models import Count, F, IntegerField, Q, Value, Window
from django.db.models.functions import RowNumber

from search.product_filter import DEFAULT_SORT, NO_FILTER, ProductFilter, ProductSort

from ..models import Collection, Product
from .categories import CategoryTree, collection_q
from .channels import DEFAULT, ChannelInfo, public_products
from .prefetch import with_listing_data
from .products import QueryContext, filtered_list
from .ratings import ocop_rating_annotations


class ProductPage(Sequence[Product]):
    """The head of one parent's product list — its first products, in the list's order —
    and the list's ``total``. It slices like the whole list as long as a slice stays within
    the head, which is all a first page (``paginate(first=…)``) reads."""

    def __init__(self, products: list[Product], total: int):
        self.products, self.total = products, total

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, index: int) -> Product: ...

    @overload
    def __getitem__(self, index: slice) -> list[Product]: ...

    def __getitem__(self, index: int | slice) -> Product | list[Product]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop = (
            index.start or 0,
            min(self.total, self.total if index.stop is None else index.stop),
        )
        if stop > len(self.products):
            raise IndexError("Only the head of the list is loaded.")
        return self.products[start:stop]


#: A parent's share of the partitions: whether a partition key (a tuple) belongs to it.
Member = Callable[[tuple[Any, ...]], bool]


def _key_in(ids: Iterable[Any]) -> Member:
    """A parent made of the partitions ``ids`` (a one-column key)."""
    wanted = frozenset(ids)
    return lambda key: key[0] in wanted


def _product_heads(
    *,
    filters: ProductFilter,
    channel: ChannelInfo,
    sort: ProductSort,
    first: int,
    keys: dict[str, Any],
    narrow: Q,
    members: dict[int, Member],
    tree: CategoryTree | None = None,
) -> dict[int, tuple[list[int], int]]:
    """The ids of the first ``first`` products, and the total, of the list
    ``product_list(filters=…)`` would give for each parent of ``members``, in one query
    whatever the number of parents: it partitions the public products matching ``filters``
    and ``narrow`` by ``keys`` (name → expression; a parent's products are the union of
    some partitions) and keeps each partition's first ``first`` (``ROW_NUMBER() OVER
    (PARTITION BY … ORDER BY <the list's order>)``), with the partition's size (``COUNT(*)
    OVER (PARTITION BY …)``) and the row's rank in the whole list (``ROW_NUMBER() OVER
    (ORDER BY …)``), so that the database's own order merges a parent's partitions. No
    text search (``product_list`` answers those); ``_pages`` loads the products."""
    context = QueryContext(_tree=tree)
    products, order = filtered_list(
        public_products(channel=channel), filters, channel, sort, context
    )
    names = list(keys)
    partition = [F(name) for name in names]
    rows = (
        products.annotate(**keys)
        .filter(narrow)
        .annotate(
            nested_rank=Window(RowNumber(), partition_by=partition, order_by=order),
            nested_total=Window(Count("pk"), partition_by=partition),
            list_rank=Window(RowNumber(), order_by=order),
        )
        .filter(nested_rank__lte=max(first, 1))
        .order_by()
        .values_list("pk", "list_rank", "nested_total", *names)
    )
    heads: dict[tuple[Any, ...], list[tuple[int, int]]] = {}
    totals: dict[tuple[Any, ...], int] = {}
    for pk, rank, total, *key in rows:
        heads.setdefault(tuple(key), []).append((rank, pk))
        totals[tuple(key)] = total
    chosen: dict[int, tuple[list[int], int]] = {}
    for parent, member in members.items():
        parts = [key for key in heads if member(key)]
        ranked = sorted({entry for key in parts for entry in heads[key]})
        ids = list(dict.fromkeys(pk for _, pk in ranked))[:first]
        chosen[parent] = (ids, sum(totals[key] for key in parts))
    return chosen


def _pages(chosen: dict[int, tuple[list[int], int]]) -> dict[int, ProductPage]:
    """Every parent's ``ProductPage``: all their products in one query (and the prefetches
    of ``with_listing_data``)."""
    wanted = {pk for ids, _ in chosen.values() for pk in ids}
    loaded = (
        {p.pk: p for p in with_listing_data(Product.objects.filter(pk__in=sorted(wanted)))}
        if wanted
        else {}
    )
    return {
        parent: ProductPage([loaded[pk] for pk in ids if pk in loaded], total)
        for parent, (ids, total) in chosen.items()
    }


def shop_product_pages(
    shop_ids: Iterable[int],
    *,
    filters: ProductFilter = NO_FILTER,
    channel: ChannelInfo = DEFAULT,
    sort: ProductSort = DEFAULT_SORT,
    first: int,
) -> dict[int, ProductPage]:
    """Each shop's first page of ``product_list(filters=<filters and the shop>)``."""
    ids = sorted(set(shop_ids))
    return _pages(
        _product_heads(
            filters=filters,
            channel=channel,
            sort=sort,
            first=first,
            keys={"nested_shop": F("shop_id")},
            narrow=Q(shop_id__in=ids),
            members={pk: _key_in([pk]) for pk in ids},
        )
    )


def category_product_pages(
    category_ids: Iterable[int],
    *,
    tree: CategoryTree,
    filters: ProductFilter = NO_FILTER,
    channel: ChannelInfo = DEFAULT,
    sort: ProductSort = DEFAULT_SORT,
    first: int,
) -> dict[int, ProductPage]:
    """Each category's first page of ``product_list`` (its subcategories' products
    included): partitions by the product's own category, merged per category."""
    within = {pk: frozenset(tree.descendant_ids(pk)) for pk in set(category_ids)}
    everything = sorted(set().union(*within.values())) if within else []
    return _pages(
        _product_heads(
            filters=filters,
            channel=channel,
            sort=sort,
            first=first,
            keys={"nested_category": F("category_id")},
            narrow=Q(category_id__in=everything),
            members={pk: _key_in(ids) for pk, ids in within.items()},
            tree=tree,
        )
    )


def _rule_member(collection: Collection, dimensions: list[str]) -> Member:
    """Whether a partition (its values of ``dimensions``) meets the collection's rules,
    as ``collection_q`` (no stars: no certificate in force, never within a range)."""

    def member(key: tuple[Any, ...]) -> bool:
        values = dict(zip(dimensions, key, strict=False))
        stars = values.get("stars")
        if collection.stars_min is not None and (stars is None or stars < collection.stars_min):
            return False
        if collection.stars_max is not None and (stars is None or stars > collection.stars_max):
            return False
        if collection.district_id is not None and values.get("district") != collection.district_id:
            return False
        return (
            collection.product_group_id is None
            or values.get("group") == collection.product_group_id
        )

    return member


def collection_product_pages(
    collections: Iterable[Collection],
    *,
    filters: ProductFilter = NO_FILTER,
    channel: ChannelInfo = DEFAULT,
    sort: ProductSort = DEFAULT_SORT,
    first: int,
) -> dict[int, ProductPage]:
    """Each collection's first page of ``product_list``: manual collections partition by
    their membership rows, rule collections by the product's values of the rules in use
    (current stars, origin district, group), merged per collection. Two partitioned
    queries when the collections are of both kinds, then one load of all their products."""
    manual: list[Collection] = []
    rules: list[Collection] = []
    for collection in {c.pk: c for c in collections}.values():
        (manual if collection.kind == Collection.Kind.MANUAL else rules).append(collection)
    chosen: dict[int, tuple[list[int], int]] = {}
    common: dict[str, Any] = {
        "filters": filters,
        "channel": channel,
        "sort": sort,
        "first": first,
    }
    if manual:
        ids = sorted(c.pk for c in manual)
        chosen.update(
            _product_heads(
                **common,
                keys={"nested_collection": F("collections")},
                narrow=Q(nested_collection__in=ids),
                members={pk: _key_in([pk]) for pk in ids},
            )
        )
    if rules:
        expressions = {
            "stars": ocop_rating_annotations()["ocop_stars"]
            if any(c.stars_min is not None or c.stars_max is not None for c in rules)
            else None,
            "district": F("origin_district_id")
            if any(c.district_id is not None for c in rules)
            else None,
            "group": F("product_group_id")
            if any(c.product_group_id is not None for c in rules)
            else None,
        }
        dimensions = [name for name, expression in expressions.items() if expression is not None]
        keys = {f"nested_{name}": expressions[name] for name in dimensions} or {
            "nested_all": Value(1, output_field=IntegerField())
        }
        # the rules on stars read ``ocop_stars``: here the partition key ``nested_stars``
        condition = _renamed(
            reduce(lambda a, b: a | b, (collection_q(c) for c in rules)),
            "ocop_stars",
            "nested_stars",
        )
        chosen.update(
            _product_heads(
                **common,
                keys=keys,
                narrow=condition,
                members={c.pk: _rule_member(c, dimensions) for c in rules},
            )
        )
    return _pages(chosen)


def _renamed(condition: Q, old: str, new: str) -> Q:
    """``condition`` with its lookups on the field ``old`` made on ``new``."""
    renamed = Q(_connector=condition.connector, _negated=condition.negated)
    for child in condition.children:
        if isinstance(child, Q):
            renamed.children.append(_renamed(child, old, new))
        elif isinstance(child, tuple) and str(child[0]).split("__")[0] == old:
            renamed.children.append((new + str(child[0])[len(old) :], child[1]))
        else:
            renamed.children.append(child)
    return renamed
