"""The catalogue's GET parameters ↔ a ``SearchQuery``, shared by the catalogue and the
shop page. Parsing never fails: a bad value is dropped (and reported in
``FilterState.errors``), so any URL a buyer shares renders a page. ``FilterState``
rebuilds canonical URLs for facet links, sorts, pagination and "remove this filter" chips.

GET parameters (the storefront URL contract): ``q``, ``stars`` (3/4/5), ``district``
(former district code), ``commune`` (current commune code), ``group`` (product group code),
``shop_type`` (``Producer.LegalType``), ``price_min``, ``price_max`` (VND), ``in_stock=1``,
``sort``, ``page``, ``per_page`` (12/24/48); list parameters repeat."""

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
from search.query import SearchFilters, SearchQuery, SortBy

MAX_QUERY_LENGTH = 100
MAX_VALUES = 20  # per repeatable parameter
MAX_PRICE = 1_000_000_000
STAR_VALUES = (5, 4, 3)
PER_PAGE_CHOICES = (12, 24, 48)
DEFAULT_PER_PAGE = 24
MAX_RESULT_WINDOW = 10_000  # deepest result reachable by page number (Elasticsearch's window)
LIST_PARAMS = ("stars", "district", "commune", "group", "shop_type")
_CODE = re.compile(r"^[0-9A-Za-z_-]{1,40}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Chip:
    """One active filter, with the URL of the same page without it."""

    param: str
    value: str
    label: str
    remove_url: str


@dataclass(frozen=True)
class FilterState:
    q: str = ""
    stars: tuple[int, ...] = ()
    district: tuple[str, ...] = ()
    commune: tuple[str, ...] = ()
    group: tuple[str, ...] = ()
    shop_type: tuple[str, ...] = ()
    price_min: int | None = None
    price_max: int | None = None
    in_stock: bool = False
    sort: SortBy = SortBy.NEWEST
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    default_sort: SortBy = SortBy.NEWEST
    errors: tuple[str, ...] = field(default=(), compare=False)

    # --- reading -------------------------------------------------------------------

    @property
    def has_filters(self) -> bool:
        """Any filter besides the text query (which has its own box)."""
        return bool(
            self.stars
            or self.district
            or self.commune
            or self.group
            or self.shop_type
            or self.price_min is not None
            or self.price_max is not None
            or self.in_stock
        )

    @property
    def implicit_sort(self) -> SortBy:
        """The sort used when none is asked: relevance with a text query, else the page's default."""
        return SortBy.RELEVANCE if self.q else self.default_sort

    def selected(self, param: str, value: object) -> bool:
        return str(value) in {str(v) for v in getattr(self, param)}

    # --- URLs ----------------------------------------------------------------------

    def params(self, *, page: bool = True) -> list[tuple[str, str]]:
        """GET pairs in a fixed order, defaults left out (one URL per state)."""
        pairs: list[tuple[str, str]] = []
        if self.q:
            pairs.append(("q", self.q))
        for name in LIST_PARAMS:
            pairs.extend((name, str(v)) for v in getattr(self, name))
        if self.price_min is not None:
            pairs.append(("price_min", str(self.price_min)))
        if self.price_max is not None:
            pairs.append(("price_max", str(self.price_max)))
        if self.in_stock:
            pairs.append(("in_stock", "1"))
        if self.sort != self.implicit_sort:
            pairs.append(("sort", self.sort.value))
        if self.per_page != DEFAULT_PER_PAGE:
            pairs.append(("per_page", str(self.per_page)))
        if page and self.page > 1:
            pairs.append(("page", str(self.page)))
        return pairs

    def url(self, path: str = "") -> str:
        query = urlencode(self.params())
        return f"{path}?{query}" if query else (path or "?")

    def with_changes(self, **changes: object) -> FilterState:
        """A new state; changing anything but ``page`` goes back to page 1."""
        if "page" not in changes:
            changes["page"] = 1
        if "stars" in changes:
            changes["stars"] = tuple(sorted(changes["stars"], reverse=True))  # type: ignore[call-overload]
        state = replace(self, errors=(), **changes)  # type: ignore[arg-type]
        if state.sort == SortBy.RELEVANCE and not state.q:
            state = replace(state, sort=state.default_sort)
        return state

    def toggle_url(self, path: str, param: str, value: object) -> str:
        """URL of this page with ``value`` added to / removed from the list ``param``."""
        current = getattr(self, param)
        typed = int(value) if param == "stars" else str(value)  # type: ignore[call-overload]
        new = tuple(v for v in current if v != typed) if typed in current else (*current, typed)
        changes: dict[str, object] = {param: new}
        if param == "district" and typed in current:
            changes["commune"] = ()  # communes were chosen inside the district being removed
        return self.with_changes(**changes).url(path)

    def page_url(self, path: str, page: int) -> str:
        return self.with_changes(page=page).url(path)

    def sort_url(self, path: str, sort: SortBy) -> str:
        return self.with_changes(sort=sort).url(path)

    def per_page_url(self, path: str, per_page: int) -> str:
        return self.with_changes(per_page=per_page).url(path)

    def clear_url(self, path: str) -> str:
        """Every filter removed; the text query, sort and page size stay."""
        return FilterState(
            q=self.q, sort=self.sort, per_page=self.per_page, default_sort=self.default_sort
        ).url(path)

    def chips(self, path: str, names: Mapping[str, Mapping[str, str]] | None = None) -> list[Chip]:
        """The active filters as removable chips. ``names`` maps a list parameter to
        {value: display name} (districts, communes, groups); unknown values show as is."""
        names = names or {}
        chips: list[Chip] = []
        if self.q:
            chips.append(Chip("q", self.q, f"“{self.q}”", self.with_changes(q="").url(path)))
        for stars in self.stars:
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
            for value in getattr(self, param):
                chips.append(
                    Chip(
                        param, value, labels.get(value, value), self.toggle_url(path, param, value)
                    )
                )
        if self.price_min is not None:
            chips.append(
                Chip(
                    "price_min",
                    str(self.price_min),
                    _("Từ %(price)s") % {"price": format_vnd(self.price_min)},
                    self.with_changes(price_min=None).url(path),
                )
            )
        if self.price_max is not None:
            chips.append(
                Chip(
                    "price_max",
                    str(self.price_max),
                    _("Đến %(price)s") % {"price": format_vnd(self.price_max)},
                    self.with_changes(price_max=None).url(path),
                )
            )
        if self.in_stock:
            chips.append(
                Chip("in_stock", "1", _("Còn hàng"), self.with_changes(in_stock=False).url(path))
            )
        return chips

    # --- search --------------------------------------------------------------------

    def search_query(
        self, *, shop_slug: str | None = None, page: int | None = None, facets: bool = True
    ) -> SearchQuery:
        filters = SearchFilters(
            stars=self.stars,
            districts=self.district,
            communes=self.commune,
            groups=self.group,
            shops=(shop_slug,) if shop_slug else (),
            producer_types=self.shop_type,
            price_min=self.price_min,
            price_max=self.price_max,
            in_stock=True if self.in_stock else None,
        )
        return SearchQuery(
            text=self.q,
            filters=filters,
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


def clean_text(raw: str) -> str:
    text = _CONTROL.sub(" ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def parse_filter_state(params: QueryDict, *, default_sort: SortBy = SortBy.NEWEST) -> FilterState:
    """Reads the contract's GET parameters; invalid values are dropped and described in
    ``errors`` (for a discreet notice), never raised."""
    errors: list[str] = []

    def bad(name: str) -> None:
        message = _("Đã bỏ qua giá trị không hợp lệ của “%(name)s”.") % {"name": name}
        if message not in errors:
            errors.append(message)

    q = clean_text(params.get("q", ""))

    stars: list[int] = []
    for value in _values(params, "stars"):
        if value in {str(s) for s in STAR_VALUES}:
            stars.append(int(value))
        else:
            bad("stars")

    def codes(name: str, allowed: set[str] | None = None) -> tuple[str, ...]:
        kept: list[str] = []
        for value in _values(params, name):
            if (
                _CODE.match(value)
                and (allowed is None or value in allowed)
                and len(kept) < MAX_VALUES
            ):
                kept.append(value)
            else:
                bad(name)
        return tuple(kept)

    district = codes("district")
    commune = codes("commune")
    group = codes("group")
    shop_type = codes("shop_type", set(Producer.LegalType.values))

    prices: dict[str, int | None] = {}
    for name in ("price_min", "price_max"):
        try:
            amount = _int(params.get(name))
        except ValueError:
            amount = None
            bad(name)
        if amount is not None and not 0 <= amount <= MAX_PRICE:
            amount = None
            bad(name)
        prices[name] = amount
    price_min, price_max = prices["price_min"], prices["price_max"]
    if price_min is not None and price_max is not None and price_min > price_max:
        price_min, price_max = price_max, price_min

    in_stock = params.get("in_stock", "") in {"1", "true", "on", "yes"}

    try:
        per_page = _int(params.get("per_page"))
    except ValueError:
        per_page = None
        bad("per_page")
    if per_page is not None and per_page not in PER_PAGE_CHOICES:
        bad("per_page")
        per_page = None
    per_page = per_page or DEFAULT_PER_PAGE

    try:
        page = _int(params.get("page"))
    except ValueError:
        page = 1
        bad("page")
    if page is None:
        page = 1
    elif page < 1:
        page = 1
        bad("page")
    page = min(page, max_page(per_page))

    implicit = SortBy.RELEVANCE if q else default_sort
    raw_sort = params.get("sort", "").strip()
    try:
        sort = SortBy(raw_sort) if raw_sort else implicit
    except ValueError:
        sort = implicit
        bad("sort")
    if sort == SortBy.RELEVANCE and not q:
        sort = default_sort

    return FilterState(
        q=q,
        stars=tuple(sorted(stars, reverse=True)),
        district=district,
        commune=commune,
        group=group,
        shop_type=shop_type,
        price_min=price_min,
        price_max=price_max,
        in_stock=in_stock,
        sort=sort,
        page=page,
        per_page=per_page,
        default_sort=default_sort,
        errors=tuple(errors),
    )


def search_query_from_params(
    params: QueryDict,
    *,
    shop_slug: str | None = None,
    default_sort: SortBy = SortBy.NEWEST,
) -> tuple[SearchQuery, FilterState]:
    """The ``SearchQuery`` and ``FilterState`` of a catalogue (or shop page) request.
    ``shop_slug`` restricts the search to one shop (the shop page)."""
    state = parse_filter_state(params, default_sort=default_sort)
    return state.search_query(shop_slug=shop_slug), state


def sort_choices(state: FilterState) -> list[tuple[SortBy, str]]:
    """Sorts offered on the page (relevance only with a text query)."""
    choices = [
        (SortBy.RELEVANCE, _("Liên quan nhất")),
        (SortBy.NEWEST, _("Mới nhất")),
        (SortBy.BEST_SELLING, _("Bán chạy")),
        (SortBy.STARS, _("Sao OCOP cao nhất")),
        (SortBy.PRICE_ASC, _("Giá thấp đến cao")),
        (SortBy.PRICE_DESC, _("Giá cao đến thấp")),
    ]
    return [(value, label) for value, label in choices if value != SortBy.RELEVANCE or state.q]
