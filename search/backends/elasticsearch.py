"""Elasticsearch backend (elasticsearch-dsl). The index is reached through an alias so a
rebuild can swap a freshly loaded index in atomically.

Vietnamese: each searchable field exists as written (standard analyzer: lowercase,
diacritics kept) and folded (``search.text.fold`` at index and query time), so
"nuoc mam" finds "nước mắm" while an exact accented match scores higher. Fuzziness
applies to the folded fields for words of 5+ characters."""

from __future__ import annotations

import functools
import logging
import secrets
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.utils import timezone
from elasticsearch import Elasticsearch, helpers
from elasticsearch_dsl import A as Agg
from elasticsearch_dsl import (
    Boolean,
    Completion,
    Date,
    Document,
    Integer,
    Keyword,
    Long,
    Nested,
    Q,
    Search,
    Text,
)

from ..product_filter import ProductFilter, ProductSort
from ..query import MAX_PAGE_SIZE, FacetBucket, SearchQuery, SearchResult, Suggestion
from ..text import fold

logger = logging.getLogger(__name__)

INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"}


class ProductDocument(Document):
    pk = Long()  # sort tiebreaker (sorting on _id is disabled in Elasticsearch 8)
    slug = Keyword()
    name_vi = Text(analyzer="standard", fields={"raw": Keyword()})
    name_en = Text(analyzer="standard")
    name_folded = Text(analyzer="standard")
    description = Text(analyzer="standard")
    description_folded = Text(analyzer="standard")
    shop_id = Keyword()
    shop_slug = Keyword()
    shop_name = Text(analyzer="standard")
    shop_name_folded = Text(analyzer="standard")
    producer_id = Keyword()
    producer_type = Keyword()
    group = Keyword()
    group_name = Keyword()
    district = Keyword()
    district_name = Keyword()
    commune = Keyword()
    commune_name = Keyword()
    rating_periods = Nested(properties={"stars": Integer(), "from": Date(), "until": Date()})
    price_min = Long()
    price_max = Long()
    in_stock = Boolean()
    units_sold = Integer()
    published_at = Date()
    created_at = Date()
    suggest = Completion(analyzer="standard", search_analyzer="standard", preserve_separators=True)

    class Index:
        name = "products"  # replaced by alias_name() at run time
        settings = INDEX_SETTINGS


def alias_name() -> str:
    return f"{getattr(settings, 'ELASTICSEARCH_INDEX_PREFIX', 'ocop')}-products"


def client() -> Elasticsearch:
    """A shared client per URL and timeout (keeps its HTTP connections alive)."""
    return _client(settings.ELASTICSEARCH_URL, float(getattr(settings, "ELASTICSEARCH_TIMEOUT", 5)))


@functools.lru_cache(maxsize=8)
def _client(url: str, timeout: float) -> Elasticsearch:
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


def mapping_body() -> dict[str, Any]:
    return {"settings": INDEX_SETTINGS, "mappings": ProductDocument._doc_type.mapping.to_dict()}


def create_index(es: Elasticsearch, name: str) -> None:
    es.indices.create(index=name, body=mapping_body())


def _new_index_name(alias: str) -> str:
    """A concrete index behind ``alias``: its creation time, for people reading the
    cluster, and a random suffix, so two builds never collide whatever the clock says (two
    in one microsecond, a clock set back, a test's stopped clock)."""
    return f"{alias}-{timezone.now():%Y%m%d%H%M%S%f}-{secrets.token_hex(3)}"


def ensure_alias(es: Elasticsearch) -> str:
    """Creates a first index behind the alias if there is none; returns the alias."""
    alias = alias_name()
    if not es.indices.exists_alias(name=alias):
        name = _new_index_name(alias)
        create_index(es, name)
        es.indices.put_alias(index=name, name=alias)
    return alias


def _source(doc: dict[str, Any]) -> dict[str, Any]:
    body = dict(doc)
    body["pk"] = body.pop("id")
    body["rating_periods"] = [
        {"stars": p["stars"], "from": p["from"].isoformat(), "until": p["until"].isoformat()}
        for p in doc["rating_periods"]
    ]
    return body


def bulk_actions(
    index: str, docs: Iterable[dict[str, Any]], delete_ids: Iterable[int] = ()
) -> Iterator[dict]:
    for doc in docs:
        yield {"_op_type": "index", "_index": index, "_id": str(doc["id"]), "_source": _source(doc)}
    for pk in delete_ids:
        yield {"_op_type": "delete", "_index": index, "_id": str(pk)}


def _bulk_errors(es: Elasticsearch, actions: Iterable[dict], **kwargs: Any) -> list[dict[str, Any]]:
    """Runs a bulk request and returns the failed items (``raise_on_error`` off)."""
    _, errors = helpers.bulk(es, actions, raise_on_error=False, **kwargs)
    return errors if isinstance(errors, list) else []


def write(docs: list[dict[str, Any]], delete_ids: list[int], *, refresh: bool = False) -> None:
    """Indexes ``docs`` and deletes ``delete_ids`` (missing ids are fine) in one bulk."""
    es = client()
    alias = ensure_alias(es)
    errors = _bulk_errors(
        es, bulk_actions(alias, docs, delete_ids), refresh="wait_for" if refresh else False
    )
    real = [e for e in errors if e.get("delete", {}).get("status") != 404]
    if real:
        raise RuntimeError(f"bulk indexing failed for {len(real)} items: {real[:3]}")


def _today(query: SearchQuery) -> str:
    moment = query.at or timezone.now()
    return timezone.localtime(moment).date().isoformat()


def _rating_now(today: str, stars: Q | None = None) -> Q:
    inner = Q("range", **{"rating_periods.from": {"lte": today}}) & Q(
        "range", **{"rating_periods.until": {"gte": today}}
    )
    if stars is not None:
        inner &= stars
    return Q("nested", path="rating_periods", query=inner)


def _filter_clauses(filters: ProductFilter, today: str) -> dict[str, Q]:
    """One clause per facetable dimension (so each facet can ignore its own filter) plus
    the rest under ``other``."""
    clauses: dict[str, Q] = {}
    star_parts = []
    if filters.stars:
        star_parts.append(
            _rating_now(today, Q("terms", **{"rating_periods.stars": list(filters.stars)}))
        )
    if filters.stars_min:
        star_parts.append(
            _rating_now(today, Q("range", **{"rating_periods.stars": {"gte": filters.stars_min}}))
        )
    if filters.certified_only:
        star_parts.append(_rating_now(today))
    if star_parts:
        clauses["stars"] = Q("bool", filter=star_parts)
    if filters.districts:
        clauses["districts"] = Q("terms", district=list(filters.districts))
    if filters.groups:
        clauses["groups"] = Q("terms", group=list(filters.groups))
    other = []
    if filters.communes:
        other.append(Q("terms", commune=list(filters.communes)))
    if filters.shops:
        other.append(Q("terms", shop_slug=list(filters.shops)))
    if filters.producer_types:
        other.append(Q("terms", producer_type=list(filters.producer_types)))
    if filters.price_min is not None:
        other.append(Q("range", price_max={"gte": filters.price_min}))
    if filters.price_max is not None:
        other.append(Q("range", price_min={"lte": filters.price_max}))
    if filters.in_stock is not None:
        other.append(Q("term", in_stock=filters.in_stock))
    if other:
        clauses["other"] = Q("bool", filter=other)
    return clauses


def _text_query(text: str) -> Q:
    folded = fold(text)
    return Q(
        "bool",
        should=[
            Q("match", name_vi={"query": text, "operator": "and", "boost": 6}),
            Q("match_phrase", name_vi={"query": text, "boost": 4}),
            Q("match", name_folded={"query": folded, "operator": "and", "boost": 3}),
            Q(
                "match",
                name_folded={
                    "query": folded,
                    "operator": "and",
                    "fuzziness": "AUTO:4,8",
                    "prefix_length": 1,
                    "boost": 1.5,
                },
            ),
            Q("match", shop_name_folded={"query": folded, "operator": "and", "boost": 1.5}),
            Q("match", description_folded={"query": folded, "operator": "and", "boost": 0.5}),
        ],
        minimum_should_match=1,
    )


def _sort(query: SearchQuery, today: str) -> list[Any]:
    if query.sort == ProductSort.PRICE_ASC:
        keys: list[Any] = [{"price_min": "asc"}]
    elif query.sort == ProductSort.PRICE_DESC:
        keys = [{"price_max": "desc"}]
    elif query.sort == ProductSort.NEWEST:
        keys = [{"published_at": "desc"}]
    elif query.sort == ProductSort.BEST_SELLING:
        keys = [{"units_sold": "desc"}]
    elif query.sort == ProductSort.STARS:
        keys = [
            {
                "rating_periods.stars": {
                    "order": "desc",
                    "mode": "max",
                    "missing": 0,
                    "nested": {
                        "path": "rating_periods",
                        "filter": _rating_now(today).to_dict()["nested"]["query"],
                    },
                }
            },
            {"units_sold": "desc"},
        ]
    else:
        keys = (
            ["_score", {"units_sold": "desc"}] if query.text.strip() else [{"units_sold": "desc"}]
        )
    return [*keys, {"pk": "asc"}]


def build_search(query: SearchQuery) -> Search:
    """The elasticsearch-dsl request for ``query`` (text, post-filters, facet aggregations
    that each ignore their own filter, sort with a pk tiebreaker, page or search_after)."""
    today = _today(query)
    size = max(1, min(query.page_size, MAX_PAGE_SIZE))
    clauses = _filter_clauses(query.filter, today)
    s = Search(using=client(), index=alias_name()).extra(track_total_hits=True, size=size)
    s = s.query(_text_query(query.text)) if query.text.strip() else s.query("match_all")
    if clauses:
        s = s.post_filter(Q("bool", filter=list(clauses.values())))
    if query.facets:

        def others(excluding: str) -> Q:
            rest = [c for name, c in clauses.items() if name != excluding]
            return Q("bool", filter=rest) if rest else Q("match_all")

        stars_agg = Agg("filter", others("stars"))
        stars_agg.bucket("periods", "nested", path="rating_periods").bucket(
            "now",
            "filter",
            Q("range", **{"rating_periods.from": {"lte": today}})
            & Q("range", **{"rating_periods.until": {"gte": today}}),
        ).bucket("values", "terms", field="rating_periods.stars", size=3)
        s.aggs.bucket("stars", stars_agg)
        s.aggs.bucket("districts", "filter", others("districts")).bucket(
            "values", "terms", field="district", size=50
        )
        s.aggs.bucket("groups", "filter", others("groups")).bucket(
            "values", "terms", field="group", size=50
        )
    s = s.sort(*_sort(query, today))
    if query.search_after:
        return s.extra(search_after=list(query.search_after))
    return s.extra(from_=(max(query.page, 1) - 1) * size)


def _buckets(agg: dict[str, Any]) -> list[FacetBucket]:
    return [FacetBucket(str(b["key"]), b["doc_count"]) for b in agg["buckets"]]


def search(query: SearchQuery) -> SearchResult:
    """Runs ``query``; the response is read as plain JSON (no DSL response objects)."""
    size = max(1, min(query.page_size, MAX_PAGE_SIZE))
    body = build_search(query).to_dict()
    raw = client().search(index=alias_name(), body=body).body
    hits = raw["hits"]["hits"]
    facets: dict[str, list[FacetBucket]] = {}
    if query.facets:
        aggs = raw["aggregations"]
        facets = {
            "stars": _buckets(aggs["stars"]["periods"]["now"]["values"]),
            "districts": _buckets(aggs["districts"]["values"]),
            "groups": _buckets(aggs["groups"]["values"]),
        }
    next_after = tuple(hits[-1]["sort"]) if hits and len(hits) == size else None
    return SearchResult(
        product_ids=[int(h["_id"]) for h in hits],
        total=raw["hits"]["total"]["value"],
        facets=facets,
        next_search_after=next_after,
        backend="elasticsearch",
    )


def suggest(prefix: str, limit: int = 8) -> list[Suggestion]:
    s = Search(using=client(), index=alias_name()).source(
        ["name_vi", "slug", "shop_name", "shop_slug"]
    )
    s = s.suggest(
        "names",
        fold(prefix),
        completion={"field": "suggest", "size": limit * 2, "skip_duplicates": True},
    )
    response = s.execute()
    seen: dict[tuple[str, str], Suggestion] = {}
    folded = fold(prefix)
    for option in response.suggest.names[0].options:
        src = option._source
        if fold(src.name_vi).startswith(folded) or folded in fold(src.name_vi):
            seen.setdefault(("product", src.slug), Suggestion(src.name_vi, "product", src.slug))
        if fold(src.shop_name).startswith(folded):
            seen.setdefault(
                ("shop", src.shop_slug), Suggestion(src.shop_name, "shop", src.shop_slug)
            )
    return list(seen.values())[:limit]


def indexed_ids_and_stamps(es: Elasticsearch, index: str) -> dict[int, dict[str, Any]]:
    """id -> indexed ``published_at``/price stamp, for ``search_index --check``."""
    result = {}
    for hit in helpers.scan(
        es, index=index, _source=["price_min", "price_max", "in_stock"], size=2000
    ):
        result[int(hit["_id"])] = hit["_source"]
    return result


def rebuild(doc_batches: Iterable[list[dict[str, Any]]], *, on_batch: Any = None) -> str:
    """Builds a new index, bulk-loads it, then swaps the alias to it in one atomic
    ``_aliases`` call and drops the old indices: readers always see a complete index."""
    es = client()
    alias = alias_name()
    new_index = _new_index_name(alias)
    create_index(es, new_index)
    es.indices.put_settings(index=new_index, settings={"refresh_interval": "-1"})
    for batch in doc_batches:
        errors = _bulk_errors(es, bulk_actions(new_index, batch), chunk_size=1000)
        if errors:
            es.indices.delete(index=new_index)
            raise RuntimeError(f"rebuild failed: {errors[:3]}")
        if on_batch:
            on_batch(len(batch))
    es.indices.put_settings(
        index=new_index, settings={"refresh_interval": INDEX_SETTINGS["refresh_interval"]}
    )
    es.indices.refresh(index=new_index)
    old = (
        list(es.indices.get_alias(name=alias).keys()) if es.indices.exists_alias(name=alias) else []
    )
    actions: list[dict[str, Any]] = [{"remove": {"index": name, "alias": alias}} for name in old]
    actions.append({"add": {"index": new_index, "alias": alias}})
    es.indices.update_aliases(actions=actions)
    for name in old:
        es.indices.delete(index=name, ignore_unavailable=True)
    return new_index
