"""Writing the database backend's index: one ``ProductSearchEntry`` per product
document (text columns analysed like the Elasticsearch fields), its rating periods as
``ProductSearchRating`` rows, and the name vocabulary (``SearchTerm``) of the fuzzy clause."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Max

from shops.models import Product

from ...models import ProductSearchEntry, ProductSearchRating, SearchTerm
from .analysis import analyze, prefix_key, stored_terms

BATCH = 500

_UPDATE_FIELDS = [
    "slug",
    "name_vi",
    "shop_name",
    "shop_slug",
    "name_vi_terms",
    "name_folded",
    "shop_name_folded",
    "description_folded",
    "name_vi_length",
    "name_length",
    "shop_name_length",
    "description_length",
    "name_prefix",
    "shop_prefix",
    "suggest_weight",
    "index_order",
    "producer_type",
    "group",
    "district",
    "commune",
    "price_min",
    "price_max",
    "in_stock",
    "units_sold",
    "published_at",
    "rating_periods",
    "updated_at",
]


def _date(value: Any) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


@dataclass
class _Rows:
    entries: list[ProductSearchEntry] = field(default_factory=list)
    ratings: list[ProductSearchRating] = field(default_factory=list)
    terms: set[str] = field(default_factory=set)


def _rows(docs: Iterable[dict[str, Any]], first: int) -> _Rows:
    """Index rows of ``docs``, numbered in write order from ``first``."""
    rows = _Rows()
    unique = {d["id"]: d for d in docs}  # the last write of an id wins, like in a bulk
    for order, doc in enumerate(unique.values(), start=first):
        name_vi = analyze(doc["name_vi"])
        name = analyze(doc["name_folded"])
        shop = analyze(doc["shop_name_folded"])
        description = analyze(doc["description_folded"])
        periods = [
            (int(p["stars"]), _date(p["from"]), _date(p["until"])) for p in doc["rating_periods"]
        ]
        published = doc["published_at"]
        units = int(doc.get("units_sold") or 0)
        suggest = doc.get("suggest") or {}
        rows.entries.append(
            ProductSearchEntry(
                product_id=doc["id"],
                slug=doc["slug"],
                name_vi=doc["name_vi"],
                shop_name=doc["shop_name"],
                shop_slug=doc["shop_slug"],
                name_vi_terms=stored_terms(name_vi),
                name_folded=stored_terms(name),
                shop_name_folded=stored_terms(shop),
                description_folded=stored_terms(description),
                name_vi_length=len(name_vi),
                name_length=len(name),
                shop_name_length=len(shop),
                description_length=len(description),
                name_prefix=prefix_key(doc["name_vi"]),
                shop_prefix=prefix_key(doc["shop_name"]),
                suggest_weight=int(suggest.get("weight") or 1 + min(units, 10_000) // 10),
                index_order=order,
                producer_type=doc["producer_type"] or "",
                group=doc["group"] or "",
                district=doc["district"] or "",
                commune=doc["commune"] or "",
                price_min=doc["price_min"],
                price_max=doc["price_max"],
                in_stock=bool(doc["in_stock"]),
                units_sold=units,
                # An Elasticsearch date has millisecond resolution: sort and cursors agree.
                published_at=published.replace(microsecond=published.microsecond // 1000 * 1000),
                rating_periods=[
                    {"stars": s, "from": f.isoformat(), "until": u.isoformat()}
                    for s, f, u in periods
                ],
            )
        )
        rows.ratings.extend(
            ProductSearchRating(entry_id=doc["id"], stars=s, valid_from=f, valid_until=u)
            for s, f, u in periods
        )
        rows.terms.update(name)
    return rows


def _chunks(ids: list[int], size: int = BATCH) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _store(rows: _Rows, *, replace: bool) -> None:
    if rows.entries:
        if replace:
            ProductSearchEntry.objects.bulk_create(
                rows.entries,
                batch_size=BATCH,
                update_conflicts=True,
                unique_fields=["product"],
                update_fields=_UPDATE_FIELDS,
            )
            for chunk in _chunks([e.pk for e in rows.entries]):
                ProductSearchRating.objects.filter(entry_id__in=chunk).delete()
        else:
            ProductSearchEntry.objects.bulk_create(rows.entries, batch_size=BATCH)
        ProductSearchRating.objects.bulk_create(rows.ratings, batch_size=BATCH)
    if rows.terms:
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=t, initial=t[0], length=len(t)) for t in sorted(rows.terms)],
            batch_size=BATCH,
            ignore_conflicts=True,
        )


def write(docs: list[dict[str, Any]], delete_ids: list[int], *, refresh: bool = False) -> None:
    """Indexes ``docs`` (replacing what was indexed for them) and deletes ``delete_ids``
    (missing ids are fine), in one transaction. ``refresh`` is accepted for interface
    parity: database writes are visible at commit. Documents of products deleted since
    they were built are skipped (the entry would cascade away with the product anyway)."""
    with transaction.atomic():
        existing = {
            pk
            for chunk in _chunks([d["id"] for d in docs])
            for pk in Product.objects.filter(pk__in=chunk).values_list("pk", flat=True)
        }
        last = ProductSearchEntry.objects.aggregate(last=Max("index_order"))["last"] or 0
        _store(_rows([d for d in docs if d["id"] in existing], last + 1), replace=True)
        for chunk in _chunks(sorted(set(delete_ids))):
            ProductSearchRating.objects.filter(entry_id__in=chunk).delete()
            ProductSearchEntry.objects.filter(pk__in=chunk).delete()


def rebuild(
    doc_batches: Iterable[list[dict[str, Any]]], *, on_batch: Callable[[int], Any] | None = None
) -> int:
    """Replaces the whole index with ``doc_batches`` in one transaction (readers see the
    old or the new index, never a partial one); returns the number of documents."""
    count = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            for model in (ProductSearchRating, ProductSearchEntry, SearchTerm):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
        for batch in doc_batches:
            _store(_rows(batch, count + 1), replace=False)
            count += len(batch)
            if on_batch:
                on_batch(len(batch))
    return count


def indexed_stamps() -> dict[int, dict[str, Any]]:
    """id -> indexed price range and stock flag, for ``search_index --check``."""
    return {
        pk: {"price_min": lo, "price_max": hi, "in_stock": stock}
        for pk, lo, hi, stock in ProductSearchEntry.objects.values_list(
            "pk", "price_min", "price_max", "in_stock"
        )
    }
