"""Autocomplete on the database backend, like Elasticsearch's completion suggester."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ...models import ProductSearchEntry
from ...query import Suggestion
from ...text import fold
from .analysis import SUGGEST_INPUT_LENGTH, analyze


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
