"""A search on the database backend: text match, filters, then one page in the asked
order (relevance scored in Python, other sorts in SQL), with ``search_after`` cursors in
Elasticsearch's encoding."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import BigIntegerField, F, IntegerField, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ...models import ProductSearchEntry
from ...product_filter import ProductSort
from ...query import MAX_PAGE_SIZE, FacetBucket, SearchQuery, SearchResult
from .facets import facets_and_total, filter_clauses, periods_on
from .ranking import TEXT_FIELDS, Candidate, TextQuery

BACKEND = "database"
LONG_MAX = 2**63 - 1  # Elasticsearch's sort value of a missing long sorted last ascending
LONG_MIN = -(2**63)  # ... and descending
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _today(query: SearchQuery) -> datetime.date:
    return timezone.localtime(query.at or timezone.now()).date()


def _same(value: Any) -> Any:
    return value


@dataclass
class _Key:
    """One sort key: an expression, its direction and its cursor encoding."""

    name: str
    expression: Any
    descending: bool
    to_cursor: Callable[[Any], Any] = _same
    from_cursor: Callable[[Any], Any] = _same


def _millis(value: datetime.datetime) -> int:
    """A date's sort value in Elasticsearch: epoch milliseconds."""
    delta = value - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


def _from_millis(value: Any) -> datetime.datetime:
    return EPOCH + datetime.timedelta(milliseconds=int(value))


def _sort_keys(query: SearchQuery, day: datetime.date) -> list[_Key]:
    """The sort of a non-relevance (or text-less) query, before the final pk key; a
    missing price sorts last like Elasticsearch's ``missing: _last`` on a long."""
    units = _Key("k_units", F("units_sold"), True)
    if query.sort == ProductSort.PRICE_ASC:
        return [
            _Key(
                "k_price",
                Coalesce(F("price_min"), Value(LONG_MAX), output_field=BigIntegerField()),
                False,
            )
        ]
    if query.sort == ProductSort.PRICE_DESC:
        return [
            _Key(
                "k_price",
                Coalesce(F("price_max"), Value(LONG_MIN), output_field=BigIntegerField()),
                True,
            )
        ]
    if query.sort == ProductSort.NEWEST:
        return [_Key("k_published", F("published_at"), True, _millis, _from_millis)]
    if query.sort == ProductSort.STARS:
        stars = Subquery(
            periods_on(day).order_by("-stars").values("stars")[:1], output_field=IntegerField()
        )
        return [
            _Key("k_stars", Coalesce(stars, Value(0), output_field=IntegerField()), True),
            units,
        ]
    return [units]  # BEST_SELLING, RELEVANCE without text


def _after(keys: list[_Key], values: list[Any]) -> Q:
    """Rows strictly after the cursor ``values`` in the order of ``keys`` then pk."""
    names = [k.name for k in keys] + ["pk"]
    descending = [k.descending for k in keys] + [False]
    equal_so_far = Q()
    result = Q(pk__in=[])
    for name, desc, value in zip(names, descending, values, strict=True):
        result |= equal_so_far & Q(**{f"{name}__{'lt' if desc else 'gt'}": value})
        equal_so_far &= Q(**{name: value})
    return result


def _cursor(query: SearchQuery, arity: int) -> list[Any] | None:
    if not query.search_after:
        return None
    values = list(query.search_after)
    if len(values) != arity:
        raise ValueError(f"search_after has {len(values)} values but the sort has {arity}")
    return values


Page = tuple[list[int], tuple[Any, ...] | None]


def _sorted_page(
    hits: QuerySet[ProductSearchEntry], query: SearchQuery, day: datetime.date, size: int
) -> Page:
    keys = _sort_keys(query, day)
    qs = hits.annotate(**{k.name: k.expression for k in keys}).order_by(
        *[F(k.name).desc() if k.descending else F(k.name).asc() for k in keys], "pk"
    )
    cursor = _cursor(query, len(keys) + 1)
    offset = 0
    if cursor is not None:
        decoded = [k.from_cursor(v) for k, v in zip(keys, cursor, strict=False)] + [int(cursor[-1])]
        qs = qs.filter(_after(keys, decoded))
    else:
        offset = (max(query.page, 1) - 1) * size
    rows = list(qs.values_list("pk", *[k.name for k in keys])[offset : offset + size])
    next_after = None
    if rows and len(rows) == size:
        last = rows[-1]
        next_after = (*[k.to_cursor(v) for k, v in zip(keys, last[1:], strict=True)], last[0])
    return [r[0] for r in rows], next_after


def _relevance_page(
    hits: QuerySet[ProductSearchEntry], text: TextQuery, query: SearchQuery, size: int
) -> tuple[list[int], tuple[Any, ...] | None, int]:
    """Relevance order (score desc, units sold desc, pk asc) scored in Python over the
    hits; the cursor is (score, units_sold, pk) like Elasticsearch's sort values."""
    candidates = [
        Candidate(*values)
        for values in hits.values_list(
            "pk",
            "units_sold",
            *(column for column, _ in TEXT_FIELDS.values()),
            *(length for _, length in TEXT_FIELDS.values()),
        )
    ]
    if not candidates:
        return [], None, 0
    stats = text.stats(set().union(*(text.fields_matched(c) for c in candidates)))
    keyed = sorted((-text.score(c, stats), -c.units_sold, c.pk) for c in candidates)
    cursor = _cursor(query, 3)
    offset = 0
    if cursor is not None:
        after = (-float(cursor[0]), -int(cursor[1]), int(cursor[2]))
        keyed = [k for k in keyed if k > after]
    else:
        offset = (max(query.page, 1) - 1) * size
    page = keyed[offset : offset + size]
    next_after = None
    if page and len(page) == size:
        score, units, pk = page[-1]
        next_after = (-score, -units, pk)
    return [pk for _, _, pk in page], next_after, len(candidates)


def search(query: SearchQuery) -> SearchResult:
    day = _today(query)
    size = max(1, min(query.page_size, MAX_PAGE_SIZE))
    matched = ProductSearchEntry.objects.all()
    text = TextQuery.parse(query.text) if query.text.strip() else None
    if text is not None:
        condition = text.match()
        matched = matched.filter(condition) if condition is not None else matched.none()
    clauses = filter_clauses(query.filter, day)
    hits = matched.filter(*clauses.values())
    total: int | None = None
    if text is not None and query.sort.is_relevance:
        ids, next_after, total = _relevance_page(hits, text, query, size)
    else:
        ids, next_after = _sorted_page(hits, query, day, size)
    facets: dict[str, list[FacetBucket]] = {}
    if query.facets:
        facets, total = facets_and_total(matched, query.filter, clauses, day)
    return SearchResult(
        product_ids=ids,
        total=hits.count() if total is None else total,
        facets=facets,
        next_search_after=next_after,
        backend=BACKEND,
    )
