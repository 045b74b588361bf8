"""The catalogue's GET parameters ↔ the one ``ProductFilter`` (``search.product_filter``)
with the page's sort and page, shared by the catalogue and the shop page. Parsing never
fails: a bad value is dropped (and reported in ``FilterState.errors``), so any URL a buyer
shares renders a page; the values are checked by ``ProductFilter.clean``. ``FilterState``
rebuilds canonical URLs for facet links, sorts, pagination and "remove this filter" chips.

GET parameters (the storefront URL contract) and the filter condition each sets: ``q``
(``search``), ``stars`` (3/4/5), ``district`` (former district code: ``districts``),
``commune`` (current commune code: ``communes``), ``group`` (product group code:
``groups``), ``shop_type`` (``Producer.LegalType``: ``producer_types``), ``price_min``,
``price_max`` (VND), ``in_stock=1``; ``sort`` (``SORTS``), ``page``, ``per_page``
(12/24/48); list parameters repeat."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _

from marketplace.models import Producer
from marketplace.money import format_vnd
from search.product_filter import MAX_VALUES, ProductFilter, ProductSort
from search.query import SearchQuery

PER_PAGE_CHOICES = (12, 24, 48)
DEFAULT_PER_PAGE = 24
MAX_RESULT_WINDOW = 10_000  # deepest result reachable by page number (Elasticsearch's window)
#: The list parameters and the ``ProductFilter`` condition each sets, in URL order.
LIST_PARAMS = {
    "stars": "stars",
    "district": "districts",
    "commune": "communes",
    "group": "groups",
    "shop_type": "producer_types",
}
#: Every filter parameter and its condition, in URL order.
FILTER_PARAMS = {
    "q": "search",
    **LIST_PARAMS,
    "price_min": "price_min",
    "price_max": "price_max",
    "in_stock": "in_stock",
}
#: The ``sort`` parameter's values.
SORTS = {
    "relevance": ProductSort.RELEVANCE,
    "newest": ProductSort.NEWEST,
    "best_selling": ProductSort.BEST_SELLING,
    "stars": ProductSort.STARS,
    "price_asc": ProductSort.PRICE_ASC,
    "price_desc": ProductSort.PRICE_DESC,
}
SORT_PARAMS = {sort: name for name, sort in SORTS.items()}


@dataclass(frozen=True)
class Chip:
    """One active filter, with the URL of the same page without it."""

    param: str
    value: str
    label: str
    remove_url: str


@dataclass(frozen=True)
class FilterState:
    """A catalogue page's filter, sort, page and page size, and the URLs of its links."""

    filter: ProductFilter = field(default_factory=ProductFilter)
    sort: ProductSort = ProductSort.NEWEST
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    default_sort: ProductSort = ProductSort.NEWEST
    errors: tuple[str, ...] = field(default=(), compare=False)

    # --- reading -------------------------------------------------------------------

    @property
    def has_filters(self) -> bool:
        """Any filter besides the text query (which has its own box)."""
        return bool(self.filter.conditions() - {"search"})

    @property
    def implicit_sort(self) -> ProductSort:
        """The sort used when none is asked: relevance with a text query, else the page's default."""
        return ProductSort.RELEVANCE if self.filter.search else self.default_sort

    def values(self, param: str) -> tuple[Any, ...]:
        """The values of the list parameter ``param``."""
        return getattr(self.filter, LIST_PARAMS[param])

    def selected(self, param: str, value: object) -> bool:
        return str(value) in {str(v) for v in self.values(param)}

    # --- URLs ----------------------------------------------------------------------

    def params(self, *, page: bool = True) -> list[tuple[str, str]]:
        """GET pairs in a fixed order, defaults left out (one URL per state)."""
        pairs: list[tuple[str, str]] = []
        if self.filter.search:
            pairs.append(("q", self.filter.search))
        for name in LIST_PARAMS:
            pairs.extend((name, str(v)) for v in self.values(name))
        if self.filter.price_min is not None:
            pairs.append(("price_min", str(self.filter.price_min)))
        if self.filter.price_max is not None:
            pairs.append(("price_max", str(self.filter.price_max)))
        if self.filter.in_stock:
            pairs.append(("in_stock", "1"))
        if self.sort != self.implicit_sort:
            pairs.append(("sort", SORT_PARAMS[self.sort]))
        if self.per_page != DEFAULT_PER_PAGE:
            pairs.append(("per_page", str(self.per_page)))
        if page and self.page > 1:
            pairs.append(("page", str(self.page)))
        return pairs

    def url(self, path: str = "") -> str:
        query = urlencode(self.params())
        return f"{path}?{query}" if query else (path or "?")

    def with_changes(self, **changes: Any) -> FilterState:
        """A new state; ``changes`` name GET parameters (``q``, ``stars``, ``district`` …,
        ``in_stock`` a bool) or ``sort``, ``page``, ``per_page``. Changing anything but
        ``page`` goes back to page 1."""
        if "page" not in changes:
            changes["page"] = 1
        if "stars" in changes:
            changes["stars"] = tuple(sorted(changes["stars"], reverse=True))
        if "in_stock" in changes:
            changes["in_stock"] = True if changes["in_stock"] else None
        conditions = {FILTER_PARAMS[k]: changes.pop(k) for k in list(changes) if k in FILTER_PARAMS}
        state = replace(self, filter=replace(self.filter, **conditions), errors=(), **changes)
        if state.sort == ProductSort.RELEVANCE and not state.filter.search:
            state = replace(state, sort=state.default_sort)
        return state

    def toggle_url(self, path: str, param: str, value: object) -> str:
        """URL of this page with ``value`` added to / removed from the list ``param``."""
        current = self.values(param)
        typed = int(value) if param == "stars" else str(value)  # type: ignore[call-overload]
        new = tuple(v for v in current if v != typed) if typed in current else (*current, typed)
        changes: dict[str, object] = {param: new}
        if param == "district" and typed in current:
            changes["commune"] = ()  # communes were chosen inside the district being removed
        return self.with_changes(**changes).url(path)

    def page_url(self, path: str, page: int) -> str:
        return self.with_changes(page=page).url(path)

    def sort_url(self, path: str, sort: ProductSort) -> str:
        return self.with_changes(sort=sort).url(path)

    def per_page_url(self, path: str, per_page: int) -> str:
        return self.with_changes(per_page=per_page).url(path)

    def clear_url(self, path: str) -> str:
        """Every filter removed; the text query, sort and page size stay."""
        return FilterState(
            filter=ProductFilter(search=self.filter.search),
            sort=self.sort,
            per_page=self.per_page,
            default_sort=self.default_sort,
        ).url(path)

    def chips(self, path: str, names: Mapping[str, Mapping[str, str]] | None = None) -> list[Chip]:
        """The active filters as removable chips. ``names`` maps a list parameter to
        {value: display name} (districts, communes, groups); unknown values show as is."""
        names = names or {}
        chips: list[Chip] = []
        text, price_min, price_max = (
            self.filter.search,
            self.filter.price_min,
            self.filter.price_max,
        )
        if text:
            chips.append(Chip("q", text, f"“{text}”", self.with_changes(q="").url(path)))
        for stars in self.filter.stars:
            chips.append(
                Chip(
                    "stars",
                    str(stars),
                    _("%(stars)s sao") % {"stars": stars},
                    self.toggle_url(path, "stars", stars),
                )
            )
        shop_types = dict(legal_type_choices())
        for param in ("district", "commune", "group", "shop_type"):
            labels = shop_types if param == "shop_type" else names.get(param, {})
            for value in self.values(param):
                chips.append(
                    Chip(
                        param, value, labels.get(value, value), self.toggle_url(path, param, value)
                    )
                )
        if price_min is not None:
            chips.append(
                Chip(
                    "price_min",
                    str(price_min),
                    _("Từ %(price)s") % {"price": format_vnd(price_min)},
                    self.with_changes(price_min=None).url(path),
                )
            )
        if price_max is not None:
            chips.append(
                Chip(
                    "price_max",
                    str(price_max),
                    _("Đến %(price)s") % {"price": format_vnd(price_max)},
                    self.with_changes(price_max=None).url(path),
                )
            )
        if self.filter.in_stock:
            chips.append(
                Chip("in_stock", "1", _("Còn hàng"), self.with_changes(in_stock=False).url(path))
            )
        return chips

    # --- search --------------------------------------------------------------------

    def search_query(
        self, *, shop_slug: str | None = None, page: int | None = None, facets: bool = True
    ) -> SearchQuery:
        """The page's search; ``shop_slug`` restricts it to one shop (the shop page)."""
        return SearchQuery(
            filter=replace(self.filter, shops=(shop_slug,)) if shop_slug else self.filter,
            sort=self.sort,
            page=page or self.page,
            page_size=self.per_page,
            facets=facets,
        )

    def last_page(self, total: int) -> int:
        pages = max(1, -(-total // self.per_page))
        return min(pages, max_page(self.per_page))


def max_page(per_page: int) -> int:
    return max(1, MAX_RESULT_WINDOW // per_page)


def legal_type_choices() -> list[tuple[str, str]]:
    """``Producer.LegalType`` with labels in the active language (the model's labels
    carry both languages as "Vietnamese / English")."""
    labels: dict[str, Any] = {
        Producer.LegalType.COOPERATIVE: _("Hợp tác xã"),
        Producer.LegalType.ENTERPRISE: _("Doanh nghiệp"),
        Producer.LegalType.COOPERATIVE_GROUP: _("Tổ hợp tác"),
        Producer.LegalType.HOUSEHOLD: _("Hộ kinh doanh"),
    }
    return [(value, str(labels.get(value, label))) for value, label in Producer.LegalType.choices]


# --- parsing -------------------------------------------------------------------------


def _values(params: QueryDict, name: str) -> list[str]:
    """The distinct values of ``name``, at most ``MAX_VALUES * 2`` of them (more than a
    parameter may keep, so the excess is still reported)."""
    seen: list[str] = []
    for raw in params.getlist(name)[: MAX_VALUES * 2]:
        for part in str(raw).split(","):
            value = part.strip()
            if value and value not in seen:
                seen.append(value)
                if len(seen) >= MAX_VALUES * 2:
                    return seen
    return seen


def _int(raw: str | None) -> int | None:
    if raw is None or raw.strip() == "":
        return None
    text = raw.strip().replace(".", "").replace(" ", "")
    if not re.fullmatch(r"-?\d{1,15}", text):
        raise ValueError(raw)
    return int(text)


def parse_filter_state(
    params: QueryDict, *, default_sort: ProductSort = ProductSort.NEWEST
) -> FilterState:
    """Reads the contract's GET parameters; invalid values are dropped and described in
    ``errors`` (for a discreet notice, in the parameters' order), never raised."""
    bad: set[str] = set()

    prices: dict[str, int | None] = {}
    for name in ("price_min", "price_max"):
        try:
            prices[name] = _int(params.get(name))
        except ValueError:
            prices[name] = None
            bad.add(name)
    product_filter, invalid = ProductFilter.clean(
        search=params.get("q", ""),
        stars=_values(params, "stars"),
        districts=_values(params, "district"),
        communes=_values(params, "commune"),
        groups=_values(params, "group"),
        producer_types=_values(params, "shop_type"),
        price_min=prices["price_min"],
        price_max=prices["price_max"],
        in_stock=params.get("in_stock", "") in {"1", "true", "on", "yes"},
    )
    bad |= {param for param, field in FILTER_PARAMS.items() if field in invalid}

    try:
        per_page = _int(params.get("per_page"))
    except ValueError:
        per_page = None
        bad.add("per_page")
    if per_page is not None and per_page not in PER_PAGE_CHOICES:
        bad.add("per_page")
        per_page = None
    per_page = per_page or DEFAULT_PER_PAGE

    try:
        page = _int(params.get("page"))
    except ValueError:
        page = 1
        bad.add("page")
    if page is None:
        page = 1
    elif page < 1:
        page = 1
        bad.add("page")
    page = min(page, max_page(per_page))

    implicit = ProductSort.RELEVANCE if product_filter.search else default_sort
    raw_sort = params.get("sort", "").strip()
    sort = SORTS.get(raw_sort, implicit) if raw_sort else implicit
    if raw_sort and raw_sort not in SORTS:
        bad.add("sort")
    if sort == ProductSort.RELEVANCE and not product_filter.search:
        sort = default_sort

    order = [*FILTER_PARAMS, "per_page", "page", "sort"]
    return FilterState(
        filter=product_filter,
        sort=sort,
        page=page,
        per_page=per_page,
        default_sort=default_sort,
        errors=tuple(
            _("Đã bỏ qua giá trị không hợp lệ của “%(name)s”.") % {"name": name}
            for name in order
            if name in bad
        ),
    )


def search_query_from_params(
    params: QueryDict,
    *,
    shop_slug: str | None = None,
    default_sort: ProductSort = ProductSort.NEWEST,
) -> tuple[SearchQuery, FilterState]:
    """The ``SearchQuery`` and ``FilterState`` of a catalogue (or shop page) request.
    ``shop_slug`` restricts the search to one shop (the shop page)."""
    state = parse_filter_state(params, default_sort=default_sort)
    return state.search_query(shop_slug=shop_slug), state


def sort_choices(state: FilterState) -> list[tuple[ProductSort, str]]:
    """Sorts offered on the page (relevance only with a text query)."""
    choices = [
        (ProductSort.RELEVANCE, _("Liên quan nhất")),
        (ProductSort.NEWEST, _("Mới nhất")),
        (ProductSort.BEST_SELLING, _("Bán chạy")),
        (ProductSort.STARS, _("Sao OCOP cao nhất")),
        (ProductSort.PRICE_ASC, _("Giá thấp đến cao")),
        (ProductSort.PRICE_DESC, _("Giá cao đến thấp")),
    ]
    return [
        (value, label)
        for value, label in choices
        if value != ProductSort.RELEVANCE or state.filter.search
    ]
