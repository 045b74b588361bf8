"""The text query of the database backend and its relevance: Lucene's BM25 over the
analysed columns, with the clause boosts of the Elasticsearch query (see the package
docstring)."""

from __future__ import annotations

import math
import operator
from collections import Counter
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.db.models import Count, Q, Sum

from ...models import ProductSearchEntry, SearchTerm
from ...text import fold
from .analysis import analyze, edit_distance, max_edits

# Clause boosts of the Elasticsearch text query and BM25 parameters.
BOOST_NAME_VI = 6.0
BOOST_PHRASE = 4.0
BOOST_NAME_FOLDED = 3.0
BOOST_FUZZY = 1.5
BOOST_SHOP = 1.5
BOOST_DESCRIPTION = 0.5
K1, B = 1.2, 0.75
MAX_EXPANSIONS = 50


TEXT_FIELDS = {  # field -> (analysed column, length column)
    "name_vi": ("name_vi_terms", "name_vi_length"),
    "name": ("name_folded", "name_length"),
    "shop": ("shop_name_folded", "shop_name_length"),
    "description": ("description_folded", "description_length"),
}


def _has_all(column: str, tokens: list[str]) -> Q:
    return reduce(operator.and_, (Q(**{f"{column}__contains": f" {t} "}) for t in tokens))


class Candidate:
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
class TextQuery:
    """The Elasticsearch text query: a bool/should of
    match name_vi (AND, boost 6), match_phrase name_vi (4), match name_folded (AND, 3),
    fuzzy match name_folded (AND, AUTO:4,8, prefix 1, 1.5), match shop_name_folded
    (AND, 1.5) and match description_folded (AND, 0.5)."""

    raw: list[str]  # tokens of the text as written (for name_vi)
    folded: list[str]  # tokens of the folded text
    expansions: dict[str, list[tuple[str, float]]]  # folded token -> (name term, similarity)

    @classmethod
    def parse(cls, text: str) -> TextQuery:
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

    def _fuzzy_terms(self, candidate: Candidate) -> list[list[tuple[str, float]]] | None:
        """Per query token, the expansions present in the candidate's name (None unless
        every token has one)."""
        found = [
            [(w, boost) for w, boost in self.expansions[t] if candidate.has("name", w)]
            for t in self.folded
        ]
        return found if found and all(found) else None

    def fields_matched(self, candidate: Candidate) -> set[str]:
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

    def score(self, candidate: Candidate, stats: dict[str, _FieldStats]) -> float:
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
