"""Reads of the catalogue page (``/products/``) and its autocomplete: one search, the
page's rows (``products_in_order``), and the facet labels, in a number of queries that
does not depend on the page size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from marketplace.models import AdministrativeUnit, ProductGroup
from search.product_filter import STAR_VALUES, ProductFilter, ProductSort, clean_search_text
from search.query import SearchQuery, SearchResult
from search.selectors import product_search, product_suggest

from .filters import PER_PAGE_CHOICES, SORT_PARAMS, FilterState, legal_type_choices, sort_choices
from .selectors import products_in_order

SUGGEST_LIMIT = 8
EMPTY_STATE_PRODUCTS = 5


@dataclass
class FacetOption:
    """One checkbox of the filter form."""

    param: str
    value: str
    label: str
    count: int | None
    selected: bool
    toggle_url: str


@dataclass
class PageLink:
    number: int | None  # None: a gap ("…")
    url: str = ""
    current: bool = False


def _counts(result: SearchResult, name: str) -> dict[str, int]:
    return {bucket.value: bucket.count for bucket in result.facets.get(name, [])}


def _search(state: FilterState, shop_slug: str | None) -> tuple[SearchResult, FilterState]:
    """The page's search; a page past the end shows the last page instead."""
    result = product_search(state.search_query(shop_slug=shop_slug))
    last = state.last_page(result.total)
    if state.page > last:
        state = state.with_changes(page=last)
        result = product_search(state.search_query(shop_slug=shop_slug))
    return result, state


def _page_links(state: FilterState, path: str, last: int) -> list[PageLink]:
    current = state.page
    wanted = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    links: list[PageLink] = []
    previous = 0
    for number in wanted:
        if number - previous > 1:
            links.append(PageLink(None))
        links.append(PageLink(number, state.page_url(path, number), number == current))
        previous = number
    return links


def facet_options(state: FilterState, result: SearchResult, path: str) -> dict[str, Any]:
    """The filter form's options with counts and toggle URLs, and the names used by the
    active-filter chips. Three queries at most (districts, groups, communes)."""
    english = (get_language() or "vi").startswith("en")
    star_counts = _counts(result, "stars")
    stars = [
        FacetOption(
            "stars",
            str(s),
            _("%(stars)s sao") % {"stars": s},
            star_counts.get(str(s), 0),
            s in state.filter.stars,
            state.toggle_url(path, "stars", s),
        )
        for s in STAR_VALUES
    ]

    district_counts = _counts(result, "districts")
    districts = [
        FacetOption(
            "district",
            d.code,
            d.full_name,
            district_counts.get(d.code, 0),
            d.code in state.filter.districts,
            state.toggle_url(path, "district", d.code),
        )
        for d in AdministrativeUnit.objects.filter(generation="former", level="district").order_by(
            "code"
        )
    ]

    group_counts = _counts(result, "groups")
    groups = [
        FacetOption(
            "group",
            g.code,
            (g.name_en if english and g.name_en else g.name_vi),
            group_counts.get(g.code, 0),
            g.code in state.filter.groups,
            state.toggle_url(path, "group", g.code),
        )
        for g in ProductGroup.objects.filter(criteria_version="148/2023").order_by("position")
    ]

    communes: list[FacetOption] = []
    chosen_districts, chosen_communes = state.filter.districts, state.filter.communes
    if chosen_districts or chosen_communes:
        # Current communes that absorbed a former commune of the chosen districts (plus any
        # commune already in the URL, so its chip has a name).
        rows = AdministrativeUnit.objects.filter(generation="current", level="commune")
        if chosen_districts:
            in_districts = rows.filter(
                predecessors__parent__generation="former",
                predecessors__parent__level="district",
                predecessors__parent__code__in=chosen_districts,
            )
            rows = (
                in_districts | rows.filter(code__in=chosen_communes)
                if chosen_communes
                else in_districts
            )
        else:
            rows = rows.filter(code__in=chosen_communes)
        communes = [
            FacetOption(
                "commune",
                c.code,
                c.full_name,
                None,
                c.code in chosen_communes,
                state.toggle_url(path, "commune", c.code),
            )
            for c in rows.distinct().order_by("name")
        ]

    shop_types = [
        FacetOption(
            "shop_type",
            value,
            label,
            None,
            value in state.filter.producer_types,
            state.toggle_url(path, "shop_type", value),
        )
        for value, label in legal_type_choices()
    ]

    names = {
        "district": {o.value: o.label for o in districts},
        "commune": {o.value: o.label for o in communes},
        "group": {o.value: o.label for o in groups},
    }
    return {
        "stars": stars,
        "districts": districts,
        "communes": communes,
        "groups": groups,
        "shop_types": shop_types,
        "names": names,
    }


def catalogue_context(
    state: FilterState, path: str, *, shop_slug: str | None = None
) -> dict[str, Any]:
    """Everything the catalogue template shows for ``state`` at ``path``."""
    result, state = _search(state, shop_slug)
    products = products_in_order(result.product_ids)
    last = state.last_page(result.total)
    facets = facet_options(state, result, path)
    popular = []
    if not result.total:
        popular_result = product_search(
            SearchQuery(
                filter=ProductFilter(stars=(5,)),
                sort=ProductSort.BEST_SELLING,
                page_size=EMPTY_STATE_PRODUCTS,
                facets=False,
            )
        )
        popular = products_in_order(popular_result.product_ids)
    return {
        "state": state,
        "result": result,
        "products": products,
        "total": result.total,
        "total_display": f"{result.total:,}".replace(",", "."),
        "facets": facets,
        "chips": state.chips(path, facets["names"]),
        "clear_url": state.clear_url(path),
        "page_links": _page_links(state, path, last) if last > 1 else [],
        "prev_url": state.page_url(path, state.page - 1) if state.page > 1 else "",
        "next_url": state.page_url(path, state.page + 1) if state.page < last else "",
        "last_page": last,
        # the implicit sort submits nothing, so typing words later still sorts by relevance
        "sorts": [
            (
                "" if value == state.implicit_sort else SORT_PARAMS[value],
                label,
                value == state.sort,
                state.sort_url(path, value),
            )
            for value, label in sort_choices(state)
        ],
        "per_page_links": [
            (n, n == state.per_page, state.per_page_url(path, n)) for n in PER_PAGE_CHOICES
        ],
        "canonical_path": state.url(path),
        "popular": popular,
    }


def suggestions(raw: str) -> list[dict[str, str]]:
    """Autocomplete entries for the search box: products link to their page, shops to
    theirs. Empty or blank input gives nothing; input is cleaned and cut like a search
    text (``clean_search_text``)."""
    prefix = clean_search_text(raw)
    if not prefix:
        return []
    entries = []
    for s in product_suggest(prefix, SUGGEST_LIMIT):
        try:
            url = reverse(
                "storefront:shop" if s.kind == "shop" else "storefront:product", args=[s.slug]
            )
        except NoReverseMatch:  # that page is not routed yet
            url = reverse("storefront:catalogue") + "?" + urlencode({"q": s.text})
        entries.append({"text": s.text, "kind": s.kind, "url": url})
    return entries
