"""Public catalogue reads shared by the GraphQL API (and usable by any storefront):
channels, the products a viewer may see, product lists with filters / sorting / text
search, and the prefetching that loads a page of products with everything a storefront
shows (variants with channel stock, first media, category, shop and producer, current
OCOP certificate, product group, origin units) in a constant number of queries.

Visibility: lists show published products of active shops only. A shop's own staff
(``ShopMembership``) also reach their unpublished products by id or slug — never another
shop's. Channels: ``default-channel`` sells from each shop's warehouse; every sale point
is a channel ``sale-point-<code>`` selling what it holds on consignment."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import reduce
from typing import Any, overload

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from marketplace.models import AdministrativeUnit, OcopCertificate, ProductGroup
from search.query import MAX_PAGE_SIZE, SearchFilters, SearchQuery, SortBy
from search.selectors import product_search

from .models import (
    Category,
    Collection,
    Product,
    ProductMedia,
    ProductVariant,
    SalePoint,
    Shop,
    ShopMembership,
    Stock,
    StockLocation,
)
from .selectors import ocop_rating_annotations, reserved_quantity

DEFAULT_CHANNEL = "default-channel"
SALE_POINT_PREFIX = "sale-point-"
CURRENT_CRITERIA = ProductGroup.CriteriaVersion.D148_2023
#: With a text search that the search backend cannot answer alone (filters or a sort it
#: does not know), this many best matches are taken from it and filtered in the database.
SEARCH_CANDIDATES = 500


# --- channels ------------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelInfo:
    """A sales channel: the online store, or one sale point (``location_id`` is where its
    stock is)."""

    slug: str
    name: str
    is_active: bool = True
    sale_point_id: int | None = None
    location_id: int | None = None

    @property
    def is_default(self) -> bool:
        return self.sale_point_id is None


DEFAULT = ChannelInfo(slug=DEFAULT_CHANNEL, name="Chợ OCOP trực tuyến / OCOP online marketplace")


def _sale_point_channel(point: SalePoint) -> ChannelInfo:
    location = getattr(point, "location", None)
    return ChannelInfo(
        slug=point.channel_slug,
        name=point.name,
        is_active=point.is_active,
        sale_point_id=point.pk,
        location_id=location.pk if location else None,
    )


def channel_list() -> list[ChannelInfo]:
    """The online store, then every sale point (one query)."""
    points = SalePoint.objects.select_related("location").order_by("level", "name")
    return [DEFAULT, *(_sale_point_channel(p) for p in points)]


def channel_info(slug: str | None) -> ChannelInfo | None:
    """The channel ``slug`` (``None``: the online store); ``None`` when unknown."""
    if not slug or slug == DEFAULT_CHANNEL:
        return DEFAULT
    if not slug.startswith(SALE_POINT_PREFIX):
        return None
    point = (
        SalePoint.objects.select_related("location")
        .filter(code=slug[len(SALE_POINT_PREFIX) :])
        .first()
    )
    return _sale_point_channel(point) if point else None


# --- who sees what -------------------------------------------------------------------


def member_shop_ids(user: Any) -> list[int]:
    if not user or not getattr(user, "is_authenticated", False):
        return []
    return list(ShopMembership.objects.filter(user=user).values_list("shop_id", flat=True))


def _public_q() -> Q:
    return Q(status=Product.Status.PUBLISHED, shop__is_active=True)


def _channel_q(channel: ChannelInfo) -> Q:
    if channel.is_default:
        return Q()
    return Q(
        Exists(
            Stock.objects.filter(location_id=channel.location_id, variant__product=OuterRef("pk"))
        )
    )


def public_products(*, channel: ChannelInfo = DEFAULT) -> QuerySet[Product]:
    """Published products of active shops, in ``channel`` (a sale point: what it holds)."""
    return Product.objects.filter(_public_q() & _channel_q(channel))


def viewer_products(*, user: Any, channel: ChannelInfo = DEFAULT) -> QuerySet[Product]:
    """What ``user`` may open one by one: the public products, plus every product of the
    shops they work for (drafts included)."""
    own = member_shop_ids(user)
    visible = _public_q() & _channel_q(channel)
    if own:
        visible |= Q(shop_id__in=own)
    return Product.objects.filter(visible)


def viewer_variants(*, user: Any, channel: ChannelInfo = DEFAULT) -> QuerySet[ProductVariant]:
    """Active variants of products ``user`` may see (all variants for their own shops)."""
    own = member_shop_ids(user)
    visible = Q(is_active=True, product__in=public_products(channel=channel))
    if own:
        visible |= Q(product__shop_id__in=own)
    return ProductVariant.objects.filter(visible)


# --- prefetching ---------------------------------------------------------------------


def stock_queryset() -> QuerySet[Stock]:
    return Stock.objects.annotate(reserved=reserved_quantity()).select_related("location")


def variant_prefetch_queryset() -> QuerySet[ProductVariant]:
    """Active variants in position order, each with ``stock_list`` (stocks with their
    location and ``reserved`` quantity)."""
    return (
        ProductVariant.objects.filter(is_active=True)
        .order_by("position", "id")
        .prefetch_related(Prefetch("stocks", queryset=stock_queryset(), to_attr="stock_list"))
    )


def with_storefront_data(
    products: QuerySet[Product], *, day: datetime.date | None = None
) -> QuerySet[Product]:
    """``products`` loading, per page, in five queries whatever its size: the rows with
    category, shop, producer, product group and origin units; ``variant_list`` (active,
    with ``stock_list``); ``media_list``; ``current_certificates`` (valid on ``day``, best
    first)."""
    day = day or timezone.localdate()
    certificates = (
        OcopCertificate.objects.valid_on(day)
        .select_related("product_group")
        .order_by("-stars", "-decision_date", "-pk")
    )
    return products.select_related(
        "category",
        "shop__producer__district",
        "shop__producer__commune",
        "product_group",
        "origin_district",
        "origin_commune",
    ).prefetch_related(
        Prefetch("variants", queryset=variant_prefetch_queryset(), to_attr="variant_list"),
        Prefetch(
            "media", queryset=ProductMedia.objects.order_by("position", "id"), to_attr="media_list"
        ),
        Prefetch("certificates", queryset=certificates, to_attr="current_certificates"),
    )


def with_listing_data(
    products: QuerySet[Product], *, day: datetime.date | None = None
) -> QuerySet[Product]:
    """``with_storefront_data`` for pages of many products: the same attributes, but the
    shop (with its producer and the producer's units) and the origin units are loaded once
    per distinct row (a page holds few shops and places) instead of being joined into, and
    built again for, every product row. Eight queries per page whatever its size."""
    day = day or timezone.localdate()
    certificates = (
        OcopCertificate.objects.valid_on(day)
        .select_related("product_group")
        .order_by("-stars", "-decision_date", "-pk")
    )
    return products.select_related("category", "product_group").prefetch_related(
        Prefetch(
            "shop", queryset=Shop.objects.select_related("producer__district", "producer__commune")
        ),
        "origin_district",
        "origin_commune",
        Prefetch("variants", queryset=variant_prefetch_queryset(), to_attr="variant_list"),
        Prefetch(
            "media", queryset=ProductMedia.objects.order_by("position", "id"), to_attr="media_list"
        ),
        Prefetch("certificates", queryset=certificates, to_attr="current_certificates"),
    )


def with_variant_data(variants: QuerySet[ProductVariant]) -> QuerySet[ProductVariant]:
    """Variants loading, per page, their product and shop (joined), ``stock_list`` and
    their product's ``media_list`` in a constant number of queries."""
    return variants.select_related("product__shop").prefetch_related(
        Prefetch("stocks", queryset=stock_queryset(), to_attr="stock_list"),
        Prefetch(
            "product__media",
            queryset=ProductMedia.objects.order_by("position", "id"),
            to_attr="media_list",
        ),
    )


def products_in_order(
    ids: Sequence[int], *, base: QuerySet[Product] | None = None
) -> list[Product]:
    """The products ``ids`` (those present in ``base``), prefetched, in the order given."""
    queryset = with_listing_data(
        (base if base is not None else Product.objects.all()).filter(pk__in=list(ids))
    )
    by_pk = {p.pk: p for p in queryset}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def product_variants(product: Product) -> list[ProductVariant]:
    """The product's active variants (prefetched when loaded by ``with_storefront_data``)."""
    prefetched = getattr(product, "variant_list", None)
    if prefetched is not None:
        return prefetched
    variants = list(variant_prefetch_queryset().filter(product=product))
    product.variant_list = variants  # type: ignore[attr-defined]
    return variants


def product_media(product: Product) -> list[ProductMedia]:
    prefetched = getattr(product, "media_list", None)
    if prefetched is None:
        prefetched = list(ProductMedia.objects.filter(product=product).order_by("position", "id"))
        product.media_list = prefetched  # type: ignore[attr-defined]
    return prefetched


def product_certificate(
    product: Product, *, day: datetime.date | None = None
) -> OcopCertificate | None:
    """The product's best certificate in force (stars, then newest decision)."""
    prefetched = getattr(product, "current_certificates", None)
    if prefetched is None:
        day = day or timezone.localdate()
        prefetched = list(
            OcopCertificate.objects.valid_on(day)
            .filter(products=product)
            .select_related("product_group")
            .order_by("-stars", "-decision_date", "-pk")[:1]
        )
        product.current_certificates = prefetched  # type: ignore[attr-defined]
    return prefetched[0] if prefetched else None


def variant_stocks(variant: ProductVariant) -> list[Stock]:
    prefetched = getattr(variant, "stock_list", None)
    if prefetched is None:
        prefetched = list(stock_queryset().filter(variant=variant))
        variant.stock_list = prefetched  # type: ignore[attr-defined]
    return prefetched


def _in_channel(stock: Stock, channel: ChannelInfo, shop_id: int) -> bool:
    location: StockLocation = stock.location
    if channel.is_default:
        return location.kind == StockLocation.Kind.WAREHOUSE and location.shop_id == shop_id
    return location.pk == channel.location_id


def variant_quantity_available(
    variant: ProductVariant, *, channel: ChannelInfo, shop_id: int
) -> int:
    """Units on hand minus active reservations at the channel's location(s): the shop's
    warehouse for the online store, the sale point for its channel. Never negative."""
    total = sum(
        s.quantity - getattr(s, "reserved", 0)
        for s in variant_stocks(variant)
        if _in_channel(s, channel, shop_id)
    )
    return max(total, 0)


def variant_in_channel(variant: ProductVariant, *, channel: ChannelInfo, shop_id: int) -> bool:
    """Sold in the channel: always online; at a sale point, when it holds the variant."""
    return channel.is_default or any(
        _in_channel(s, channel, shop_id) for s in variant_stocks(variant)
    )


@dataclass(frozen=True)
class VariantPrice:
    """Integer VND. ``undiscounted`` is the compare-at price when it is above the price."""

    price: int
    undiscounted: int

    @property
    def on_sale(self) -> bool:
        return self.undiscounted > self.price


def variant_price(variant: ProductVariant) -> VariantPrice:
    compare = variant.compare_at_price or 0
    return VariantPrice(price=variant.price, undiscounted=max(compare, variant.price))


@dataclass(frozen=True)
class ProductPricing:
    price_range: tuple[int, int]
    undiscounted_range: tuple[int, int]

    @property
    def on_sale(self) -> bool:
        return self.price_range[0] < self.undiscounted_range[0]

    @property
    def discount(self) -> int:
        return max(self.undiscounted_range[0] - self.price_range[0], 0)


def product_pricing(product: Product, *, channel: ChannelInfo = DEFAULT) -> ProductPricing | None:
    """Price ranges over the variants sold in ``channel``; ``None`` without any."""
    shop_id = product.shop_id
    prices = [
        variant_price(v)
        for v in product_variants(product)
        if variant_in_channel(v, channel=channel, shop_id=shop_id)
    ]
    if not prices:
        return None
    return ProductPricing(
        price_range=(min(p.price for p in prices), max(p.price for p in prices)),
        undiscounted_range=(
            min(p.undiscounted for p in prices),
            max(p.undiscounted for p in prices),
        ),
    )


def product_is_sellable(product: Product) -> bool:
    return product.status == Product.Status.PUBLISHED and product.shop.is_active


def product_in_stock(product: Product, *, channel: ChannelInfo = DEFAULT) -> bool:
    shop_id = product.shop_id
    return any(
        variant_quantity_available(v, channel=channel, shop_id=shop_id) > 0
        for v in product_variants(product)
    )


# --- categories and collections --------------------------------------------------------


@dataclass
class CategoryTree:
    """All categories (few), loaded in one query: parents, children and depth from memory."""

    by_id: dict[int, Category]
    children: dict[int | None, list[Category]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> CategoryTree:
        categories = list(Category.objects.order_by("name_vi", "pk"))
        tree = cls(by_id={c.pk: c for c in categories})
        for category in categories:
            tree.children.setdefault(category.parent_id, []).append(category)
        return tree

    def level(self, category: Category) -> int:
        depth, parent_id = 0, category.parent_id
        while parent_id is not None and parent_id in self.by_id and depth < 50:
            depth += 1
            parent_id = self.by_id[parent_id].parent_id
        return depth

    def ancestors(self, category: Category) -> list[Category]:
        """Root first."""
        result: list[Category] = []
        parent_id = category.parent_id
        while parent_id is not None and parent_id in self.by_id and len(result) < 50:
            result.insert(0, self.by_id[parent_id])
            parent_id = self.by_id[parent_id].parent_id
        return result

    def descendant_ids(self, category_id: int) -> set[int]:
        found, todo = {category_id}, [category_id]
        while todo:
            for child in self.children.get(todo.pop(), []):
                if child.pk not in found:
                    found.add(child.pk)
                    todo.append(child.pk)
        return found


def collection_list(*, include_unpublished: bool = False) -> QuerySet[Collection]:
    qs = Collection.objects.all()
    return qs if include_unpublished else qs.filter(is_published=True)


def _collection_q(collection: Collection) -> Q:
    if collection.kind == Collection.Kind.MANUAL:
        through = Collection.products.through
        return Q(pk__in=through.objects.filter(collection_id=collection.pk).values("product_id"))
    parts = [Q()]
    if collection.stars_min is not None:
        parts.append(Q(ocop_stars__gte=collection.stars_min))
    if collection.stars_max is not None:
        parts.append(Q(ocop_stars__lte=collection.stars_max))
    if collection.district_id is not None:
        parts.append(Q(origin_district_id=collection.district_id))
    if collection.product_group_id is not None:
        parts.append(Q(product_group_id=collection.product_group_id))
    # no rule: every product (an empty ``Q()`` would vanish from an OR of collections)
    return reduce(lambda a, b: a & b, parts) if len(parts) > 1 else Q(pk__isnull=False)


# --- product lists ---------------------------------------------------------------------


@dataclass(frozen=True)
class ProductListFilters:
    """Conditions on the listed products (all combine with AND; inside one tuple, OR).
    ``all_of`` / ``any_of`` nest further filter sets (Saleor's ``where`` AND / OR)."""

    search: str = ""
    ids: tuple[int, ...] | None = None
    slugs: tuple[str, ...] | None = None
    names: tuple[str, ...] | None = None
    categories: tuple[int, ...] | None = None  # with their subcategories
    has_category: bool | None = None
    collections: tuple[int, ...] | None = None
    price_min: int | None = None  # some active variant's price in the range
    price_max: int | None = None
    minimal_price_min: int | None = None  # the lowest active variant price in the range
    minimal_price_max: int | None = None
    in_stock: bool | None = None  # in the channel, net of reservations
    published: bool | None = None
    published_from: datetime.datetime | None = None
    updated_from: datetime.datetime | None = None
    updated_to: datetime.datetime | None = None
    stars: tuple[int, ...] = ()  # current OCOP stars, any of
    stars_min: int | None = None
    districts: tuple[str, ...] = ()  # former district codes or slugs
    communes: tuple[str, ...] = ()  # current commune codes or slugs
    groups: tuple[str, ...] = ()  # product group codes
    shops: tuple[str, ...] = ()  # shop slugs
    producer_types: tuple[str, ...] = ()
    all_of: tuple[ProductListFilters, ...] = ()
    any_of: tuple[ProductListFilters, ...] = ()
    nothing: bool = False  # a condition no product can meet (e.g. an id of another type)

    def without_search(self) -> ProductListFilters:
        return replace(self, search="")

    def is_empty(self) -> bool:
        return self == ProductListFilters()


class Sort:
    """Sort keys of ``product_list`` (``rank`` is the text-search relevance)."""

    NAME, PRICE, CREATED, UPDATED, PUBLISHED, RATING, GROUP, RANK = (
        "name",
        "price",
        "created",
        "updated",
        "published",
        "rating",
        "group",
        "rank",
    )


def _refers_to(use: Any, name: str) -> bool:
    """Whether a condition (``Q``) or an expression (an order) names the field ``name``."""
    if isinstance(use, Q):
        return any(_refers_to(child, name) for child in use.children)
    if isinstance(use, tuple):  # (lookup, value) of a Q
        return str(use[0]).split("__")[0] == name
    if isinstance(use, F):
        return str(use.name).split("__")[0] == name  # type: ignore[attr-defined]
    if isinstance(use, Subquery):  # its own query's fields, not ours
        return False
    if hasattr(use, "get_source_expressions"):
        return any(_refers_to(part, name) for part in use.get_source_expressions())
    return False


def _annotated(products: QuerySet[Product], *uses: Any) -> QuerySet[Product]:
    """``ocop_stars`` (current best stars) and ``min_price`` (lowest active variant price),
    each only when one of ``uses`` (the list's conditions and order) refers to it: they are
    correlated subqueries the database would otherwise compute for every row."""

    def used(name: str) -> bool:
        return any(_refers_to(use, name) for use in uses)

    annotations: dict[str, Any] = {}
    if used("ocop_stars"):
        annotations["ocop_stars"] = ocop_rating_annotations()["ocop_stars"]
    if used("min_price"):
        cheapest = ProductVariant.objects.filter(product=OuterRef("pk"), is_active=True).order_by(
            "price"
        )
        annotations["min_price"] = Subquery(
            cheapest.values("price")[:1], output_field=IntegerField()
        )
    return products.annotate(**annotations) if annotations else products


def _available_stock(channel: ChannelInfo) -> QuerySet[Stock]:
    stocks = Stock.objects.filter(variant__product=OuterRef("pk"), variant__is_active=True)
    if channel.is_default:
        stocks = stocks.filter(
            location__kind=StockLocation.Kind.WAREHOUSE, location__shop=OuterRef("shop_id")
        )
    else:
        stocks = stocks.filter(location_id=channel.location_id)
    return stocks.annotate(held=reserved_quantity()).filter(quantity__gt=F("held"))


def _unit_q(prefix: str, values: tuple[str, ...]) -> Q:
    return Q(**{f"{prefix}__code__in": list(values)}) | Q(**{f"{prefix}__slug__in": list(values)})


def _filters_q(filters: ProductListFilters, channel: ChannelInfo, context: _QueryContext) -> Q:  # noqa: C901
    """The database condition of ``filters`` (text search excluded: see ``product_list``)."""
    if filters.nothing:
        return Q(pk__in=[])
    parts: list[Q] = []
    if filters.ids is not None:
        parts.append(Q(pk__in=list(filters.ids)))
    if filters.slugs is not None:
        parts.append(Q(slug__in=list(filters.slugs)))
    if filters.names is not None:
        parts.append(Q(name_vi__in=list(filters.names)))
    if filters.categories is not None:
        ids: set[int] = set()
        for category_id in filters.categories:
            ids |= context.tree().descendant_ids(category_id)
        parts.append(Q(category_id__in=sorted(ids)))
    if filters.has_category is not None:
        parts.append(Q(category__isnull=not filters.has_category))
    if filters.collections is not None:
        collections = context.collections(filters.collections)
        parts.append(
            reduce(lambda a, b: a | b, (_collection_q(c) for c in collections), Q(pk__in=[]))
        )
    if filters.price_min is not None or filters.price_max is not None:
        variants = ProductVariant.objects.filter(product=OuterRef("pk"), is_active=True)
        if filters.price_min is not None:
            variants = variants.filter(price__gte=filters.price_min)
        if filters.price_max is not None:
            variants = variants.filter(price__lte=filters.price_max)
        parts.append(Q(Exists(variants)))
    if filters.minimal_price_min is not None:
        parts.append(Q(min_price__gte=filters.minimal_price_min))
    if filters.minimal_price_max is not None:
        parts.append(Q(min_price__lte=filters.minimal_price_max))
    if filters.in_stock is not None:
        available = Q(Exists(_available_stock(channel)))
        parts.append(available if filters.in_stock else ~available)
    if filters.published is not None:
        published = Q(status=Product.Status.PUBLISHED)
        parts.append(published if filters.published else ~published)
    if filters.published_from is not None:
        parts.append(Q(published_at__gte=filters.published_from))
    if filters.updated_from is not None:
        parts.append(Q(updated_at__gte=filters.updated_from))
    if filters.updated_to is not None:
        parts.append(Q(updated_at__lte=filters.updated_to))
    if filters.stars:
        parts.append(Q(ocop_stars__in=list(filters.stars)))
    if filters.stars_min is not None:
        parts.append(Q(ocop_stars__gte=filters.stars_min))
    if filters.districts:
        parts.append(_unit_q("origin_district", filters.districts))
    if filters.communes:
        parts.append(_unit_q("origin_commune", filters.communes))
    if filters.groups:
        parts.append(Q(product_group__code__in=list(filters.groups)))
    if filters.shops:
        parts.append(Q(shop__slug__in=list(filters.shops)))
    if filters.producer_types:
        parts.append(Q(shop__producer__legal_type__in=list(filters.producer_types)))
    for nested in filters.all_of:
        parts.append(_filters_q(nested, channel, context))
    if filters.any_of:
        parts.append(
            reduce(lambda a, b: a | b, (_filters_q(n, channel, context) for n in filters.any_of))
        )
    return reduce(lambda a, b: a & b, parts, Q())


@dataclass
class _QueryContext:
    """Lookups a filter needs (loaded once per list)."""

    _tree: CategoryTree | None = None
    _collections: dict[int, Collection] = field(default_factory=dict)

    def tree(self) -> CategoryTree:
        if self._tree is None:
            self._tree = CategoryTree.load()
        return self._tree

    def collections(self, ids: Iterable[int]) -> list[Collection]:
        missing = [pk for pk in ids if pk not in self._collections]
        if missing:
            self._collections.update({c.pk: c for c in Collection.objects.filter(pk__in=missing)})
        return [self._collections[pk] for pk in ids if pk in self._collections]


def nested_filters(filters: ProductListFilters) -> Iterable[ProductListFilters]:
    """``filters`` and every filter set nested in it."""
    yield filters
    for nested in (*filters.all_of, *filters.any_of):
        yield from nested_filters(nested)


def _order_by(sort: str | None, descending: bool) -> list[Any]:
    def key(expression: Any) -> Any:
        return expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)

    columns = {
        Sort.NAME: [key(F("name_vi")), key(F("slug"))],
        Sort.PRICE: [key(F("min_price"))],
        Sort.CREATED: [key(F("created_at"))],
        Sort.UPDATED: [key(F("updated_at"))],
        Sort.PUBLISHED: [key(Coalesce(F("published_at"), F("created_at")))],
        Sort.RATING: [key(F("ocop_stars"))],
        Sort.GROUP: [key(F("product_group__position"))],
    }.get(sort or "", [F("created_at").desc()])
    return [*columns, F("pk").desc() if descending or sort is None else F("pk").asc()]


# The search backend's filters and sorts that mean the same as ours.
_SEARCH_SORTS = {
    (Sort.RANK, True): SortBy.RELEVANCE,
    (None, False): SortBy.RELEVANCE,
    (None, True): SortBy.RELEVANCE,
    (Sort.PRICE, False): SortBy.PRICE_ASC,
    (Sort.PRICE, True): SortBy.PRICE_DESC,
    (Sort.PUBLISHED, True): SortBy.NEWEST,
    (Sort.RATING, True): SortBy.STARS,
}


def _search_filters(filters: ProductListFilters) -> SearchFilters | None:
    """The search backend's filters for ``filters``, or ``None`` when it cannot express
    them all (those lists are filtered in the database instead)."""
    unsupported = (
        filters.ids,
        filters.slugs,
        filters.names,
        filters.categories,
        filters.has_category,
        filters.collections,
        filters.minimal_price_min,
        filters.minimal_price_max,
        filters.in_stock,
        filters.published_from,
        filters.updated_from,
        filters.updated_to,
    )
    if (
        any(value is not None for value in unsupported)
        or filters.all_of
        or filters.any_of
        or filters.nothing
    ):
        return None
    if filters.published is False:
        return None
    if any(not d.isdigit() for d in filters.districts) or any(
        not c.isdigit() for c in filters.communes
    ):
        return None  # slugs: the index keys units by code
    return SearchFilters(
        stars=tuple(filters.stars),
        min_stars=filters.stars_min,
        districts=filters.districts,
        communes=filters.communes,
        groups=filters.groups,
        shops=filters.shops,
        producer_types=filters.producer_types,
        price_min=filters.price_min,
        price_max=filters.price_max,
    )


class SearchWindow(Sequence[Product]):
    """A text search answered by the search backend, sliced like a list: ``len`` is the
    hit count, a slice runs the one or two backend pages covering it and loads those
    products (prefetched) in rank order."""

    def __init__(self, query: SearchQuery, load: Callable[[list[int]], list[Product]]):
        self.query, self.load = query, load
        self._total: int | None = None

    def _page(self, page: int, size: int) -> list[int]:
        result = product_search(replace(self.query, page=page, page_size=size, facets=False))
        self._total = result.total
        return result.product_ids

    def __len__(self) -> int:
        if self._total is None:
            self._page(1, 1)
        return self._total or 0

    @overload
    def __getitem__(self, index: int) -> Product: ...

    @overload
    def __getitem__(self, index: slice) -> list[Product]: ...

    def __getitem__(self, index: int | slice) -> Product | list[Product]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else len(self)
        size = min(stop - start, MAX_PAGE_SIZE)
        if size <= 0:
            return []
        first_page = start // size + 1
        ids = self._page(first_page, size)
        offset = start - (first_page - 1) * size
        if offset:
            ids = ids + self._page(first_page + 1, size)
        return self.load(ids[offset : offset + size])


def _search_candidates(query: SearchQuery, limit: int = SEARCH_CANDIDATES) -> list[int]:
    """Up to ``limit`` best matches of a text search, best first (cursor paging)."""
    ids: list[int] = []
    cursor = None
    while len(ids) < limit:
        result = product_search(
            replace(query, page=1, page_size=MAX_PAGE_SIZE, search_after=cursor, facets=False)
        )
        ids.extend(result.product_ids)
        cursor = result.next_search_after
        if not cursor or not result.product_ids:
            break
    return ids[:limit]


def product_list(
    *,
    filters: ProductListFilters = ProductListFilters(),
    channel: ChannelInfo = DEFAULT,
    sort: str | None = None,
    descending: bool = False,
    base: QuerySet[Product] | None = None,
) -> QuerySet[Product] | SearchWindow:
    """The public products matching ``filters`` in ``channel``, sorted, ready to slice
    (each page prefetched by ``with_storefront_data``). Text search (``filters.search``)
    goes through ``search.selectors.product_search``: answered by the backend alone when
    it knows every filter and the sort (exact paging and totals), otherwise its best
    ``SEARCH_CANDIDATES`` matches are filtered and sorted in the database. Without a
    text, the database answers. ``base`` narrows the products further (a shop's)."""
    products = public_products(channel=channel)
    if base is not None:
        products = products.filter(pk__in=base.values("pk"))
    context = _QueryContext()
    searches = {f.search.strip() for f in nested_filters(filters) if f.search.strip()}
    text = " ".join(sorted(searches))
    if text:
        search_filters = _search_filters(filters.without_search())
        search_sort = _SEARCH_SORTS.get((sort, descending))
        if (
            search_filters is not None
            and search_sort is not None
            and channel.is_default
            and base is None
        ):
            query = SearchQuery(text=text, filters=search_filters, sort=search_sort)
            return SearchWindow(query, lambda ids: products_in_order(ids, base=products))
        ranked = _search_candidates(SearchQuery(text=text, sort=SortBy.RELEVANCE))
        products = products.filter(pk__in=ranked)
        if sort in (None, Sort.RANK):
            rank = Case(
                *[When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)],
                default=Value(len(ranked)),
                output_field=IntegerField(),
            )
            condition = _filters_q(_strip_search(filters), channel, context)
            products = _annotated(products, condition).annotate(search_rank=rank).filter(condition)
            # rank 0 is the best match: RANK DESC (Saleor's "most relevant first") is ascending here
            least_relevant_first = sort == Sort.RANK and not descending
            by_rank = F("search_rank").desc() if least_relevant_first else F("search_rank").asc()
            return with_listing_data(products.order_by(by_rank, "pk"))
    products, order = _database_list(products, filters, channel, sort, descending, context)
    return with_listing_data(products.order_by(*order))


def _database_list(
    products: QuerySet[Product],
    filters: ProductListFilters,
    channel: ChannelInfo,
    sort: str | None,
    descending: bool,
    context: _QueryContext,
) -> tuple[QuerySet[Product], list[Any]]:
    """``products`` narrowed by ``filters`` (no text search) and the order of the list."""
    condition = _filters_q(_strip_search(filters), channel, context)
    order = _order_by(sort if sort != Sort.RANK else None, descending)
    return _annotated(products, condition, *order).filter(condition), order


def _strip_search(filters: ProductListFilters) -> ProductListFilters:
    return replace(
        filters,
        search="",
        all_of=tuple(_strip_search(f) for f in filters.all_of),
        any_of=tuple(_strip_search(f) for f in filters.any_of),
    )


# --- the first page of many parents' product lists at once ------------------------------


class ProductPage(Sequence[Product]):
    """The head of one parent's product list — its first products, in the list's order —
    and the list's ``total``. It slices like the whole list as long as a slice stays within
    the head, which is all a first page (``paginate(first=…)``) reads."""

    def __init__(self, products: list[Product], total: int):
        self.products, self.total = products, total

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, index: int) -> Product: ...

    @overload
    def __getitem__(self, index: slice) -> list[Product]: ...

    def __getitem__(self, index: int | slice) -> Product | list[Product]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop = (
            index.start or 0,
            min(self.total, self.total if index.stop is None else index.stop),
        )
        if stop > len(self.products):
            raise IndexError("Only the head of the list is loaded.")
        return self.products[start:stop]


#: A parent's share of the partitions: whether a partition key (a tuple) belongs to it.
Member = Callable[[tuple[Any, ...]], bool]


def _key_in(ids: Iterable[Any]) -> Member:
    """A parent made of the partitions ``ids`` (a one-column key)."""
    wanted = frozenset(ids)
    return lambda key: key[0] in wanted


def _product_heads(
    *,
    filters: ProductListFilters,
    channel: ChannelInfo,
    sort: str | None,
    descending: bool,
    first: int,
    keys: dict[str, Any],
    narrow: Q,
    members: dict[int, Member],
    tree: CategoryTree | None = None,
) -> dict[int, tuple[list[int], int]]:
    """The ids of the first ``first`` products, and the total, of the list
    ``product_list(filters=…)`` would give for each parent of ``members``, in one query
    whatever the number of parents: it partitions the public products matching ``filters``
    and ``narrow`` by ``keys`` (name → expression; a parent's products are the union of
    some partitions) and keeps each partition's first ``first`` (``ROW_NUMBER() OVER
    (PARTITION BY … ORDER BY <the list's order>)``), with the partition's size (``COUNT(*)
    OVER (PARTITION BY …)``) and the row's rank in the whole list (``ROW_NUMBER() OVER
    (ORDER BY …)``), so that the database's own order merges a parent's partitions. No
    text search (``product_list`` answers those); ``_pages`` loads the products."""
    context = _QueryContext(_tree=tree)
    products, order = _database_list(
        public_products(channel=channel), filters, channel, sort, descending, context
    )
    names = list(keys)
    partition = [F(name) for name in names]
    rows = (
        products.annotate(**keys)
        .filter(narrow)
        .annotate(
            nested_rank=Window(RowNumber(), partition_by=partition, order_by=order),
            nested_total=Window(Count("pk"), partition_by=partition),
            list_rank=Window(RowNumber(), order_by=order),
        )
        .filter(nested_rank__lte=max(first, 1))
        .order_by()
        .values_list("pk", "list_rank", "nested_total", *names)
    )
    heads: dict[tuple[Any, ...], list[tuple[int, int]]] = {}
    totals: dict[tuple[Any, ...], int] = {}
    for pk, rank, total, *key in rows:
        heads.setdefault(tuple(key), []).append((rank, pk))
        totals[tuple(key)] = total
    chosen: dict[int, tuple[list[int], int]] = {}
    for parent, member in members.items():
        parts = [key for key in heads if member(key)]
        ranked = sorted({entry for key in parts for entry in heads[key]})
        ids = list(dict.fromkeys(pk for _, pk in ranked))[:first]
        chosen[parent] = (ids, sum(totals[key] for key in parts))
    return chosen


def _pages(chosen: dict[int, tuple[list[int], int]]) -> dict[int, ProductPage]:
    """Every parent's ``ProductPage``: all their products in one query (and the prefetches
    of ``with_listing_data``)."""
    wanted = {pk for ids, _ in chosen.values() for pk in ids}
    loaded = (
        {p.pk: p for p in with_listing_data(Product.objects.filter(pk__in=sorted(wanted)))}
        if wanted
        else {}
    )
    return {
        parent: ProductPage([loaded[pk] for pk in ids if pk in loaded], total)
        for parent, (ids, total) in chosen.items()
    }


def shop_product_pages(
    shop_ids: Iterable[int],
    *,
    filters: ProductListFilters = ProductListFilters(),
    channel: ChannelInfo = DEFAULT,
    sort: str | None = None,
    descending: bool = False,
    first: int,
) -> dict[int, ProductPage]:
    """Each shop's first page of ``product_list(filters=<filters and the shop>)``."""
    ids = sorted(set(shop_ids))
    return _pages(
        _product_heads(
            filters=filters,
            channel=channel,
            sort=sort,
            descending=descending,
            first=first,
            keys={"nested_shop": F("shop_id")},
            narrow=Q(shop_id__in=ids),
            members={pk: _key_in([pk]) for pk in ids},
        )
    )


def category_product_pages(
    category_ids: Iterable[int],
    *,
    tree: CategoryTree,
    filters: ProductListFilters = ProductListFilters(),
    channel: ChannelInfo = DEFAULT,
    sort: str | None = None,
    descending: bool = False,
    first: int,
) -> dict[int, ProductPage]:
    """Each category's first page of ``product_list`` (its subcategories' products
    included): partitions by the product's own category, merged per category."""
    within = {pk: frozenset(tree.descendant_ids(pk)) for pk in set(category_ids)}
    everything = sorted(set().union(*within.values())) if within else []
    return _pages(
        _product_heads(
            filters=filters,
            channel=channel,
            sort=sort,
            descending=descending,
            first=first,
            keys={"nested_category": F("category_id")},
            narrow=Q(category_id__in=everything),
            members={pk: _key_in(ids) for pk, ids in within.items()},
            tree=tree,
        )
    )


def _rule_member(collection: Collection, dimensions: list[str]) -> Member:
    """Whether a partition (its values of ``dimensions``) meets the collection's rules,
    as ``_collection_q`` (no stars: no certificate in force, never within a range)."""

    def member(key: tuple[Any, ...]) -> bool:
        values = dict(zip(dimensions, key, strict=False))
        stars = values.get("stars")
        if collection.stars_min is not None and (stars is None or stars < collection.stars_min):
            return False
        if collection.stars_max is not None and (stars is None or stars > collection.stars_max):
            return False
        if collection.district_id is not None and values.get("district") != collection.district_id:
            return False
        return (
            collection.product_group_id is None
            or values.get("group") == collection.product_group_id
        )

    return member


def collection_product_pages(
    collections: Iterable[Collection],
    *,
    filters: ProductListFilters = ProductListFilters(),
    channel: ChannelInfo = DEFAULT,
    sort: str | None = None,
    descending: bool = False,
    first: int,
) -> dict[int, ProductPage]:
    """Each collection's first page of ``product_list``: manual collections partition by
    their membership rows, rule collections by the product's values of the rules in use
    (current stars, origin district, group), merged per collection. Two partitioned
    queries when the collections are of both kinds, then one load of all their products."""
    manual: list[Collection] = []
    rules: list[Collection] = []
    for collection in {c.pk: c for c in collections}.values():
        (manual if collection.kind == Collection.Kind.MANUAL else rules).append(collection)
    chosen: dict[int, tuple[list[int], int]] = {}
    common: dict[str, Any] = {
        "filters": filters,
        "channel": channel,
        "sort": sort,
        "descending": descending,
        "first": first,
    }
    if manual:
        ids = sorted(c.pk for c in manual)
        chosen.update(
            _product_heads(
                **common,
                keys={"nested_collection": F("collections")},
                narrow=Q(nested_collection__in=ids),
                members={pk: _key_in([pk]) for pk in ids},
            )
        )
    if rules:
        expressions = {
            "stars": ocop_rating_annotations()["ocop_stars"]
            if any(c.stars_min is not None or c.stars_max is not None for c in rules)
            else None,
            "district": F("origin_district_id")
            if any(c.district_id is not None for c in rules)
            else None,
            "group": F("product_group_id")
            if any(c.product_group_id is not None for c in rules)
            else None,
        }
        dimensions = [name for name, expression in expressions.items() if expression is not None]
        keys = {f"nested_{name}": expressions[name] for name in dimensions} or {
            "nested_all": Value(1, output_field=IntegerField())
        }
        # the rules on stars read ``ocop_stars``: here the partition key ``nested_stars``
        condition = _renamed(
            reduce(lambda a, b: a | b, (_collection_q(c) for c in rules)),
            "ocop_stars",
            "nested_stars",
        )
        chosen.update(
            _product_heads(
                **common,
                keys=keys,
                narrow=condition,
                members={c.pk: _rule_member(c, dimensions) for c in rules},
            )
        )
    return _pages(chosen)


def _renamed(condition: Q, old: str, new: str) -> Q:
    """``condition`` with its lookups on the field ``old`` made on ``new``."""
    renamed = Q(_connector=condition.connector, _negated=condition.negated)
    for child in condition.children:
        if isinstance(child, Q):
            renamed.children.append(_renamed(child, old, new))
        elif isinstance(child, tuple) and str(child[0]).split("__")[0] == old:
            renamed.children.append((new + str(child[0])[len(old) :], child[1]))
        else:
            renamed.children.append(child)
    return renamed


# --- shops, districts, product groups ---------------------------------------------------


@dataclass(frozen=True)
class ShopListFilters:
    districts: tuple[str, ...] = ()  # former district codes or slugs
    groups: tuple[str, ...] = ()  # shops with a public product of one of these groups
    search: str = ""


def public_shops() -> QuerySet[Shop]:
    return Shop.objects.filter(is_active=True)


def shop_list(*, filters: ShopListFilters = ShopListFilters()) -> QuerySet[Shop]:
    shops = public_shops().select_related("producer__district", "producer__commune")
    if filters.districts:
        shops = shops.filter(_unit_q("producer__district", filters.districts))
    if filters.groups:
        shops = shops.filter(
            Exists(
                public_products().filter(
                    shop=OuterRef("pk"), product_group__code__in=list(filters.groups)
                )
            )
        )
    if filters.search.strip():
        text = filters.search.strip()
        shops = shops.filter(
            Q(name__icontains=text) | Q(producer__name__icontains=text) | Q(slug__icontains=text)
        )
    return shops.order_by("name", "pk")


def public_shop(*, slug: str) -> Shop | None:
    return (
        public_shops()
        .select_related("producer__district", "producer__commune")
        .filter(slug=slug)
        .first()
    )


def shop_certificates(shop: Shop, *, day: datetime.date | None = None) -> list[OcopCertificate]:
    """The shop's producer's certificates in force, best first."""
    day = day or timezone.localdate()
    prefetched = getattr(shop, "current_certificates", None)
    if prefetched is None:
        prefetched = list(
            OcopCertificate.objects.valid_on(day)
            .filter(producer_id=shop.producer_id)
            .select_related("product_group")
            .order_by("-stars", "-decision_date", "-pk")
        )
        shop.current_certificates = prefetched  # type: ignore[attr-defined]
    return prefetched


def _count_public(column: str) -> Coalesce:
    counts = (
        public_products()
        .filter(**{column: OuterRef("pk")})
        .order_by()
        .values(column)
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def district_list() -> QuerySet[AdministrativeUnit]:
    """Quảng Bình's former districts with ``product_count`` and ``shop_count`` (public)."""
    shops = (
        public_shops()
        .filter(producer__district=OuterRef("pk"))
        .order_by()
        .values("producer__district")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        AdministrativeUnit.objects.filter(
            generation=AdministrativeUnit.Generation.FORMER,
            level=AdministrativeUnit.Level.DISTRICT,
        )
        .annotate(
            product_count=_count_public("origin_district"),
            shop_count=Coalesce(Subquery(shops, output_field=IntegerField()), Value(0)),
        )
        .order_by("code")
    )


def product_group_list() -> QuerySet[ProductGroup]:
    """The OCOP product groups of Decision 148/2023 with ``product_count`` (public)."""
    return (
        ProductGroup.objects.filter(criteria_version=CURRENT_CRITERIA)
        .annotate(product_count=_count_public("product_group"))
        .order_by("position", "pk")
    )


def category_product_counts(tree: CategoryTree) -> dict[int, int]:
    """Public products per category, subcategories included (one query)."""
    direct = dict(
        public_products()
        .exclude(category=None)
        .order_by()
        .values("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    return {pk: sum(direct.get(d, 0) for d in tree.descendant_ids(pk)) for pk in tree.by_id}


def certificates_by_shop(
    shop_ids: Iterable[int], *, day: datetime.date | None = None
) -> dict[int, list[OcopCertificate]]:
    """Certificates in force of each shop's producer, best first (one query)."""
    day = day or timezone.localdate()
    ids = list(shop_ids)
    result: dict[int, list[OcopCertificate]] = {pk: [] for pk in ids}
    certificates = (
        OcopCertificate.objects.valid_on(day)
        .filter(producer__shop__in=ids)
        .select_related("product_group")
        .annotate(shop_id=F("producer__shop"))
        .order_by("-stars", "-decision_date", "-pk")
    )
    for certificate in certificates:
        result[certificate.shop_id].append(certificate)  # type: ignore[attr-defined]
    return result


def manual_collection_ids(product_ids: Iterable[int]) -> dict[int, set[int]]:
    """product id → ids of the manual collections listing it (one query)."""
    result: dict[int, set[int]] = {}
    through = Collection.products.through
    for product_id, collection_id in through.objects.filter(
        product_id__in=list(product_ids)
    ).values_list("product_id", "collection_id"):
        result.setdefault(product_id, set()).add(collection_id)
    return result


def collection_has(collection: Collection, product: Product, manual_ids: set[int]) -> bool:
    """Whether ``product`` (prefetched by ``with_storefront_data``) is in ``collection``;
    ``manual_ids`` are the manual collections listing it. The rules read the product's
    current certificate, origin district and group, like ``_collection_q``."""
    if collection.kind == Collection.Kind.MANUAL:
        return collection.pk in manual_ids
    certificate = product_certificate(product)
    stars = certificate.stars if certificate else None
    if collection.stars_min is not None and (stars is None or stars < collection.stars_min):
        return False
    if collection.stars_max is not None and (stars is None or stars > collection.stars_max):
        return False
    if collection.district_id is not None and product.origin_district_id != collection.district_id:
        return False
    return (
        collection.product_group_id is None
        or product.product_group_id == collection.product_group_id
    )
