"""Database search backend: the quickstart engine (SQLite) and the fallback when
Elasticsearch is down (PostgreSQL). Same interface and the same answers as
``search.backends.elasticsearch``, whose semantics it follows clause by clause.

The backend keeps its own index (``search.models``): ``write`` stores each product
document as a ``ProductSearchEntry`` whose text columns are *analysed* like the
Elasticsearch fields — lowercase tokens cut on Unicode word boundaries, one space between
tokens and one around them — so ``contains(" token ")`` is the exact term match of a
``match`` query. Rating periods become ``ProductSearchRating`` rows and the current
rating is evaluated on the query date, so an expiring certificate drops out at that
moment without reindexing.

Text (``_TextQuery``), like the Elasticsearch bool/should of match queries: a product
matches when *one* field has *all* query tokens — the name as written (diacritics kept),
the folded name, the folded name with typo tolerance (AUTO:4,8 edits, first letter fixed,
adjacent transpositions count one, the field's vocabulary from ``SearchTerm``), the
folded shop name or the folded description. Relevance is Lucene's: the boosted sum of the
matching clauses, each BM25 over its terms with index-wide document frequencies and
average field lengths; ties go to units sold, then id — the Elasticsearch sort.

Filters, facets (each ignoring its own filter), sorts with their missing-value rules and
``search_after`` cursors (the sort values of the last hit, in Elasticsearch's encoding:
epoch milliseconds for dates, the long extremes for missing prices) are the same.
Autocomplete follows the completion suggester (see ``suggest``)."""

from __future__ import annotations

import datetime
import math
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from shops.models import Product

from ..models import ProductSearchEntry, ProductSearchRating, SearchTerm
from ..query import (
    MAX_PAGE_SIZE,
    FacetBucket,
    SearchFilters,
    SearchQuery,
    SearchResult,
    SortBy,
    Suggestion,
)
from ..text import fold

BACKEND = "database"
BATCH = 500
LONG_MAX = 2**63 - 1  # Elasticsearch's sort value of a missing long sorted last ascending
LONG_MIN = -(2**63)  # ... and descending
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)

# Elasticsearch field limits we mirror.
MAX_TOKEN_LENGTH = 255  # standard tokenizer
SUGGEST_INPUT_LENGTH = 50  # completion field max_input_length
FACET_SIZES = {"stars": 3, "districts": 50, "groups": 50}

# Clause boosts of the Elasticsearch text query and BM25 parameters.
BOOST_NAME_VI = 6.0
BOOST_PHRASE = 4.0
BOOST_NAME_FOLDED = 3.0
BOOST_FUZZY = 1.5
BOOST_SHOP = 1.5
BOOST_DESCRIPTION = 0.5
K1, B = 1.2, 0.75
MAX_EXPANSIONS = 50


# --- analysis ------------------------------------------------------------------------

# A word is a run of letters/digits/underscores; like Unicode word segmentation (UAX #29,
# the standard tokenizer) ".", "'", "’", ":" and "·" join letters and ".", ",", ";", "'"
# join digits: "1.5kg", "don't", "1,000" stay one token, "a.1" and "x,y" do not.
_TOKEN = re.compile(r"\w+(?:(?:(?<=[^\W\d_])[.'’:·](?=[^\W\d_])|(?<=\d)[.,;'’](?=\d))\w+)*")


def analyze(text: str | None) -> list[str]:
    """The tokens Elasticsearch's standard analyzer makes of ``text``: lowercase, cut on
    word boundaries, punctuation-only and underscore-only runs dropped, tokens longer
    than 255 characters split."""
    if not text:
        return []
    tokens: list[str] = []
    for token in _TOKEN.findall(unicodedata.normalize("NFC", text).lower()):
        if not token.strip("_"):
            continue
        if len(token) > MAX_TOKEN_LENGTH:
            tokens.extend(
                token[i : i + MAX_TOKEN_LENGTH] for i in range(0, len(token), MAX_TOKEN_LENGTH)
            )
        else:
            tokens.append(token)
    return tokens


def _terms(tokens: list[str]) -> str:
    """The stored form of an analysed field: ``" tok1 tok2 "``."""
    return f" {' '.join(tokens)} "


def max_edits(token: str) -> int:
    """Fuzziness AUTO:4,8 — 0 edits under 4 characters, 1 under 8, else 2."""
    return 0 if len(token) < 4 else 1 if len(token) < 8 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (Levenshtein plus adjacent transposition, what
    Lucene's fuzzy query counts), or ``limit + 1`` once it is certainly above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


# --- writing -------------------------------------------------------------------------

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


def _prefix_key(text: str | None) -> str:
    """A completion input as the suggester compares it: folded, cut to 50 characters,
    analysed, tokens joined by one space."""
    return " ".join(analyze(fold(text)[:SUGGEST_INPUT_LENGTH]))[:60]


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
                name_vi_terms=_terms(name_vi),
                name_folded=_terms(name),
                shop_name_folded=_terms(shop),
                description_folded=_terms(description),
                name_vi_length=len(name_vi),
                name_length=len(name),
                shop_name_length=len(shop),
                description_length=len(description),
                name_prefix=_prefix_key(doc["name_vi"]),
                shop_prefix=_prefix_key(doc["shop_name"]),
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


# --- text query ----------------------------------------------------------------------

TEXT_FIELDS = {  # field -> (analysed column, length column)
    "name_vi": ("name_vi_terms", "name_vi_length"),
    "name": ("name_folded", "name_length"),
    "shop": ("shop_name_folded", "shop_name_length"),
    "description": ("description_folded", "description_length"),
}


def _has_all(column: str, tokens: list[str]) -> Q:
    return reduce(operator.and_, (Q(**{f"{column}__contains": f" {t} "}) for t in tokens))


class _Candidate:
    """A text match being scored: its analysed fields (``" tok1 tok2 "``) and their
    lengths; token counts are made only for the fields that score."""

    __slots__ = ("_counts", "lengths", "pk", "texts", "units_sold")

    def __init__(self, pk: int, units_sold: int, *values: Any) -> None:
        self.pk, self.units_sold = pk, units_sold
        n = len(TEXT_FIELDS)
        self.texts = dict(zip(TEXT_FIELDS, values[:n], strict=True))
        self.lengths = dict(zip(TEXT_FIELDS, values[n:], strict=True))
        self._counts: dict[str, Counter[str]] = {}

    def has_all(self, field_name: str, query: list[str]) -> bool:
        text = self.texts[field_name]
        return bool(query) and all(f" {t} " in text for t in query)

    def has(self, field_name: str, term: str) -> bool:
        return f" {term} " in self.texts[field_name]

    def counts(self, field_name: str) -> Counter[str]:
        if field_name not in self._counts:
            self._counts[field_name] = Counter(self.texts[field_name].split())
        return self._counts[field_name]

    def tokens(self, field_name: str) -> list[str]:
        return self.texts[field_name].split()


@dataclass
class _TextQuery:
    """The Elasticsearch text query: a bool/should of
    match name_vi (AND, boost 6), match_phrase name_vi (4), match name_folded (AND, 3),
    fuzzy match name_folded (AND, AUTO:4,8, prefix 1, 1.5), match shop_name_folded
    (AND, 1.5) and match description_folded (AND, 0.5)."""

    raw: list[str]  # tokens of the text as written (for name_vi)
    folded: list[str]  # tokens of the folded text
    expansions: dict[str, list[tuple[str, float]]]  # folded token -> (name term, similarity)

    @classmethod
    def parse(cls, text: str) -> _TextQuery:
        raw, folded = analyze(text), analyze(fold(text))
        return cls(raw=raw, folded=folded, expansions=_expansions(folded))

    def match(self) -> Q | None:
        """Products matching at least one clause, or None when nothing can match (a text
        without tokens, like Elasticsearch's match query)."""
        clauses = []
        if self.raw:
            clauses.append(_has_all("name_vi_terms", self.raw))  # the phrase clause implies it
        if self.folded:
            clauses.append(_has_all("name_folded", self.folded))
            if all(self.expansions[t] for t in self.folded):
                clauses.append(
                    reduce(
                        operator.and_,
                        (
                            reduce(
                                operator.or_,
                                (Q(name_folded__contains=f" {w} ") for w, _ in self.expansions[t]),
                            )
                            for t in self.folded
                        ),
                    )
                )
            clauses.append(_has_all("shop_name_folded", self.folded))
            clauses.append(_has_all("description_folded", self.folded))
        return reduce(operator.or_, clauses) if clauses else None

    def _fuzzy_terms(self, candidate: _Candidate) -> list[list[tuple[str, float]]] | None:
        """Per query token, the expansions present in the candidate's name (None unless
        every token has one)."""
        found = [
            [(w, boost) for w, boost in self.expansions[t] if candidate.has("name", w)]
            for t in self.folded
        ]
        return found if found and all(found) else None

    def fields_matched(self, candidate: _Candidate) -> set[str]:
        fields = {
            name
            for name, query in (
                ("name_vi", self.raw),
                ("name", self.folded),
                ("shop", self.folded),
                ("description", self.folded),
            )
            if candidate.has_all(name, query)
        }
        if self._fuzzy_terms(candidate):
            fields.add("name")
        return fields

    def score(self, candidate: _Candidate, stats: dict[str, _FieldStats]) -> float:
        """Sum of the matching clauses (the bool query's should), each its boost times
        the BM25 sum over its query terms."""
        total = 0.0
        if candidate.has_all("name_vi", self.raw):
            field, length = stats["name_vi"], candidate.lengths["name_vi"]
            total += BOOST_NAME_VI * field.match_score(
                self.raw, candidate.counts("name_vi"), length
            )
            phrase = " ".join(self.raw)
            if f" {phrase} " in candidate.texts["name_vi"]:
                phrases = _phrase_count(self.raw, candidate.tokens("name_vi"))
                total += (
                    BOOST_PHRASE
                    * sum(field.idf(t) for t in self.raw)
                    * field.tf_norm(phrases, length)
                )
        for name, boost in (
            ("name", BOOST_NAME_FOLDED),
            ("shop", BOOST_SHOP),
            ("description", BOOST_DESCRIPTION),
        ):
            if candidate.has_all(name, self.folded):
                total += boost * stats[name].match_score(
                    self.folded, candidate.counts(name), candidate.lengths[name]
                )
        fuzzy = self._fuzzy_terms(candidate)
        if fuzzy:
            # Each token's fuzzy query is its expansions with blended document
            # frequencies (all get the highest one), each boosted by its similarity.
            field, counts, length = (
                stats["name"],
                candidate.counts("name"),
                candidate.lengths["name"],
            )
            for token, found in zip(self.folded, fuzzy, strict=True):
                idf = field.idf_of(max(field.df.get(w, 0) for w, _ in self.expansions[token]))
                total += BOOST_FUZZY * sum(
                    boost * idf * field.tf_norm(counts[w], length) for w, boost in found
                )
        return total

    def stats(self, fields: set[str]) -> dict[str, _FieldStats]:
        """Index-wide statistics of ``fields`` in one query: documents with the field,
        average length, document frequency of the query terms (and, for the name, of the
        typo expansions) — what BM25 reads from the Lucene index."""
        if not fields:
            return {}
        expansion_terms = [w for t in self.folded for w, _ in self.expansions[t]]
        aggregates: dict[str, Any] = {}
        terms: dict[str, list[str]] = {}
        for name in fields:
            column, length = TEXT_FIELDS[name]
            wanted = (
                self.raw
                if name == "name_vi"
                else self.folded + expansion_terms
                if name == "name"
                else self.folded
            )
            terms[name] = sorted(set(wanted))
            aggregates[f"{name}__docs"] = Count("pk", filter=Q(**{f"{length}__gt": 0}))
            aggregates[f"{name}__sum"] = Sum(length)
            for i, term in enumerate(terms[name]):
                aggregates[f"{name}__df{i}"] = Count(
                    "pk", filter=Q(**{f"{column}__contains": f" {term} "})
                )
        values = ProductSearchEntry.objects.aggregate(**aggregates)
        result = {}
        for name in fields:
            docs = values[f"{name}__docs"] or 0
            result[name] = _FieldStats(
                docs=docs,
                average=(values[f"{name}__sum"] or 0) / docs if docs else 1.0,
                df={t: values[f"{name}__df{i}"] for i, t in enumerate(terms[name])},
            )
        return result


@dataclass
class _FieldStats:
    docs: int  # documents with at least one token in the field
    average: float  # average field length in tokens
    df: dict[str, int]  # document frequency of the query terms

    def idf_of(self, df: int) -> float:
        return math.log(1 + (self.docs - df + 0.5) / (df + 0.5))

    def idf(self, term: str) -> float:
        return self.idf_of(self.df.get(term, 0))

    def tf_norm(self, tf: int, length: int) -> float:
        """BM25's saturated term frequency (k1 1.2, b 0.75) on Lucene's stored length."""
        return tf / (tf + K1 * (1 - B + B * _norm_length(length) / (self.average or 1.0)))

    def match_score(self, query: list[str], counts: Counter[str], length: int) -> float:
        return sum(self.idf(t) * self.tf_norm(counts[t], length) for t in query)


def _norm_length(length: int) -> int:
    """A field length as Lucene stores it in one byte (SmallFloat.intToByte4, then
    byte4ToInt): exact below 24, then 4 significant bits."""
    free = 24
    value = length - free
    if value < 0:
        return length
    shift = max(value.bit_length() - 4, 0)
    return free + ((value >> shift) << shift)


def _phrase_count(query: list[str], tokens: list[str]) -> int:
    n = len(query)
    return sum(1 for i in range(len(tokens) - n + 1) if tokens[i : i + n] == query)


def _expansions(tokens: list[str]) -> dict[str, list[tuple[str, float]]]:
    """Each folded query token's terms for the typo-tolerant clause: the token itself
    for short tokens; for longer ones the vocabulary terms within its edit budget that
    share its first letter, at most ``max_expansions``, in Lucene's order (similarity,
    then term)."""
    result: dict[str, list[tuple[str, float]]] = {t: [(t, 1.0)] for t in tokens if not max_edits(t)}
    fuzzy = sorted({t for t in tokens if max_edits(t)})
    if not fuzzy:
        return result
    wanted = reduce(
        operator.or_,
        (
            Q(initial=t[0], length__gte=len(t) - max_edits(t), length__lte=len(t) + max_edits(t))
            for t in fuzzy
        ),
    )
    vocabulary = list(SearchTerm.objects.filter(wanted).values_list("term", flat=True))
    for token in fuzzy:
        limit = max_edits(token)
        close = []
        for term in vocabulary:
            if term[0] != token[0]:
                continue
            distance = edit_distance(token, term, limit)
            if distance <= limit:
                close.append((term, 1.0 - distance / min(len(term), len(token))))
        close.sort(key=lambda c: (-c[1], c[0]))
        result[token] = close[:MAX_EXPANSIONS]
    return result


# --- filters and facets --------------------------------------------------------------


def _today(query: SearchQuery) -> datetime.date:
    return timezone.localtime(query.at or timezone.now()).date()


def _periods_on(day: datetime.date) -> QuerySet[ProductSearchRating]:
    return ProductSearchRating.objects.filter(
        entry=OuterRef("pk"), valid_from__lte=day, valid_until__gte=day
    )


def _filter_clauses(filters: SearchFilters, day: datetime.date) -> dict[str, Q]:
    """One clause per facet dimension (each facet ignores its own) plus ``other``; the
    Elasticsearch backend's ``_filter_clauses``."""
    clauses: dict[str, Q] = {}
    star_parts = []
    if filters.stars:
        star_parts.append(Q(Exists(_periods_on(day).filter(stars__in=list(filters.stars)))))
    if filters.min_stars:
        star_parts.append(Q(Exists(_periods_on(day).filter(stars__gte=filters.min_stars))))
    if filters.certified_only:
        star_parts.append(Q(Exists(_periods_on(day))))
    if star_parts:
        clauses["stars"] = reduce(operator.and_, star_parts)
    if filters.districts:
        clauses["districts"] = Q(district__in=list(filters.districts))
    if filters.groups:
        clauses["groups"] = Q(group__in=list(filters.groups))
    other = []
    if filters.communes:
        other.append(Q(commune__in=list(filters.communes)))
    if filters.shops:
        other.append(Q(shop_slug__in=list(filters.shops)))
    if filters.producer_types:
        other.append(Q(producer_type__in=list(filters.producer_types)))
    if filters.price_min is not None:
        other.append(Q(price_max__gte=filters.price_min))
    if filters.price_max is not None:
        other.append(Q(price_min__lte=filters.price_max))
    if filters.in_stock is not None:
        other.append(Q(in_stock=filters.in_stock))
    if other:
        clauses["other"] = reduce(operator.and_, other)
    return clauses


@dataclass(frozen=True)
class _Dimensions:
    """The facet dimensions' filters as predicates on (current stars, district, group),
    equivalent to their clauses in ``_filter_clauses`` (an entry's rating periods never
    overlap, so "a period on the day with stars in S" is "current stars in S")."""

    filters: SearchFilters

    def stars_ok(self, stars: int | None) -> bool:
        f = self.filters
        if f.stars and (stars is None or stars not in {int(s) for s in f.stars}):
            return False
        if f.min_stars and (stars is None or stars < f.min_stars):
            return False
        return not (f.certified_only and stars is None)

    def district_ok(self, district: str) -> bool:
        return not self.filters.districts or district in {str(d) for d in self.filters.districts}

    def group_ok(self, group: str) -> bool:
        return not self.filters.groups or group in {str(g) for g in self.filters.groups}


def _buckets(name: str, counts: Counter[Any]) -> list[FacetBucket]:
    """Elasticsearch's terms order: count desc, then value; its bucket limit."""
    ordered = sorted(counts.items(), key=lambda vc: (-vc[1], vc[0]))[: FACET_SIZES[name]]
    return [FacetBucket(str(value), count) for value, count in ordered]


def _facets_and_total(
    matched: QuerySet[ProductSearchEntry],
    filters: SearchFilters,
    clauses: dict[str, Q],
    day: datetime.date,
) -> tuple[dict[str, list[FacetBucket]], int]:
    """Facet counts (each over the text matches filtered by every clause but its own)
    and the number of hits, from one query counting the matches that pass the other
    filters per (district, group, current stars)."""
    current = FilteredRelation(
        "ratings", condition=Q(ratings__valid_from__lte=day, ratings__valid_until__gte=day)
    )
    rows = (
        matched.filter(*[c for name, c in clauses.items() if name == "other"])
        .annotate(current=current)
        .values("district", "group", "current__stars")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("district", "group", "current__stars", "n")
    )
    dims = _Dimensions(filters)
    stars: Counter[int] = Counter()
    districts: Counter[str] = Counter()
    groups: Counter[str] = Counter()
    total = 0
    for district, group, current_stars, n in rows:
        stars_ok, district_ok, group_ok = (
            dims.stars_ok(current_stars),
            dims.district_ok(district),
            dims.group_ok(group),
        )
        if current_stars is not None and district_ok and group_ok:
            stars[current_stars] += n
        if stars_ok and group_ok:
            districts[district] += n
        if stars_ok and district_ok:
            groups[group] += n
        if stars_ok and district_ok and group_ok:
            total += n
    return {
        "stars": _buckets("stars", stars),
        "districts": _buckets("districts", districts),
        "groups": _buckets("groups", groups),
    }, total


# --- sorting and paging --------------------------------------------------------------


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
    if query.sort == SortBy.PRICE_ASC:
        return [
            _Key(
                "k_price",
                Coalesce(F("price_min"), Value(LONG_MAX), output_field=BigIntegerField()),
                False,
            )
        ]
    if query.sort == SortBy.PRICE_DESC:
        return [
            _Key(
                "k_price",
                Coalesce(F("price_max"), Value(LONG_MIN), output_field=BigIntegerField()),
                True,
            )
        ]
    if query.sort == SortBy.NEWEST:
        return [_Key("k_published", F("published_at"), True, _millis, _from_millis)]
    if query.sort == SortBy.STARS:
        stars = Subquery(
            _periods_on(day).order_by("-stars").values("stars")[:1], output_field=IntegerField()
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
    hits: QuerySet[ProductSearchEntry], text: _TextQuery, query: SearchQuery, size: int
) -> tuple[list[int], tuple[Any, ...] | None, int]:
    """Relevance order (score desc, units sold desc, pk asc) scored in Python over the
    hits; the cursor is (score, units_sold, pk) like Elasticsearch's sort values."""
    candidates = [
        _Candidate(*values)
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
    text = _TextQuery.parse(query.text) if query.text.strip() else None
    if text is not None:
        condition = text.match()
        matched = matched.filter(condition) if condition is not None else matched.none()
    clauses = _filter_clauses(query.filters, day)
    hits = matched.filter(*clauses.values())
    total: int | None = None
    if text is not None and query.sort == SortBy.RELEVANCE:
        ids, next_after, total = _relevance_page(hits, text, query, size)
    else:
        ids, next_after = _sorted_page(hits, query, day, size)
    facets: dict[str, list[FacetBucket]] = {}
    if query.facets:
        facets, total = _facets_and_total(matched, query.filters, clauses, day)
    return SearchResult(
        product_ids=ids,
        total=hits.count() if total is None else total,
        facets=facets,
        next_search_after=next_after,
        backend=BACKEND,
    )


# --- autocomplete --------------------------------------------------------------------


def _inputs(name: str, shop: str) -> list[str]:
    """The completion inputs of a document (``product_document``'s ``suggest``)."""
    return sorted({name.lower(), fold(name), shop.lower(), fold(shop)})


def _completion_options(key: str, size: int) -> list[tuple[str, int, str, str, str, str]]:
    """The completion suggester's options for the analysed prefix ``key``: (input, pk,
    name, slug, shop name, shop slug).

    Like Lucene's top-N search over the suggester's paths (one per document input): paths
    by weight, then input text, then document order (write order here, index order in
    Lucene); a path whose text was already seen is skipped
    (skip_duplicates), every other path counts towards ``size`` but only a document's
    first path becomes an option."""
    qs = (
        ProductSearchEntry.objects.filter(
            Q(name_prefix__startswith=key) | Q(shop_prefix__startswith=key)
        )
        .order_by("-suggest_weight", "index_order", "pk")
        .values_list(
            "pk", "suggest_weight", "name_vi", "slug", "shop_name", "shop_slug", "index_order"
        )
    )
    options: list[tuple[str, int, str, str, str, str]] = []
    texts: set[str] = set()
    documents: set[int] = set()
    accepted = 0

    def take(group: list[tuple[Any, ...]]) -> None:
        nonlocal accepted
        paths = sorted(
            ((text, order, pk), (text, pk, name, slug, shop, shop_slug))
            for pk, _, name, slug, shop, shop_slug, order in group
            for text in {i[:SUGGEST_INPUT_LENGTH] for i in _inputs(name, shop)}
            if " ".join(analyze(text)).startswith(key)
        )
        for _, path in paths:
            if accepted >= size:
                return
            if path[0] in texts:
                continue
            texts.add(path[0])
            accepted += 1
            if path[1] not in documents:
                documents.add(path[1])
                options.append(path)

    group: list[tuple[Any, ...]] = []
    offset, chunk = 0, max(size * 4, 50)
    while accepted < size:
        rows = list(qs[offset : offset + chunk])
        offset += chunk
        for row in rows:
            if group and row[1] != group[0][1]:
                take(group)
                group = []
            group.append(row)
        if len(rows) < chunk:
            take(group)
            break
    return options


def suggest(prefix: str, limit: int = 8) -> list[Suggestion]:
    """Like the completion suggester: documents with an input (product or shop name, as
    written or folded) starting with the folded prefix, by weight (units sold), then the
    matching input; one per input text (skip_duplicates), ``2 * limit`` of them. Each
    gives its product if the prefix is in the product name and its shop if the shop
    name starts with it."""
    folded = fold(prefix)
    key = " ".join(analyze(folded))
    if not key:
        return []
    seen: dict[tuple[str, str], Suggestion] = {}
    for _, _, name, slug, shop, shop_slug in _completion_options(key, limit * 2):
        if fold(name).startswith(folded) or folded in fold(name):
            seen.setdefault(("product", slug), Suggestion(name, "product", slug))
        if fold(shop).startswith(folded):
            seen.setdefault(("shop", shop_slug), Suggestion(shop, "shop", shop_slug))
    return list(seen.values())[:limit]
