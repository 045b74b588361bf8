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

Text (``ranking.TextQuery``), like the Elasticsearch bool/should of match queries: a product
matches when *one* field has *all* query tokens — the name as written (diacritics kept),
the folded name, the folded name with typo tolerance (AUTO:4,8 edits, first letter fixed,
adjacent transpositions count one, the field's vocabulary from ``SearchTerm``), the
folded shop name or the folded description. Relevance is Lucene's: the boosted sum of the
matching clauses, each BM25 over its terms with index-wide document frequencies and
average field lengths; ties go to units sold, then id — the Elasticsearch sort.

Filters, facets (each ignoring its own filter), sorts with their missing-value rules and
``search_after`` cursors (the sort values of the last hit, in Elasticsearch's encoding:
epoch milliseconds for dates, the long extremes for missing prices) are the same.
Autocomplete follows the completion suggester (see ``suggest``).

Modules: ``analysis`` (tokens), ``indexing`` (writes), ``ranking`` (text match and
relevance), ``facets`` (filters and facet counts), ``searching`` (sorts, pages, the
search), ``autocomplete``."""

from .analysis import analyze, edit_distance, max_edits
from .autocomplete import suggest
from .indexing import indexed_stamps, rebuild, write
from .searching import BACKEND, LONG_MAX, LONG_MIN, search

__all__ = [
    "BACKEND",
    "LONG_MAX",
    "LONG_MIN",
    "analyze",
    "edit_distance",
    "indexed_stamps",
    "max_edits",
    "rebuild",
    "search",
    "suggest",
    "write",
]
