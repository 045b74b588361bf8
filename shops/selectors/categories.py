"""The category tree and collections (manual, or rules on stars, district and group)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce

from django.db.models import Count, Q, QuerySet

from ..models import Category, Collection, Product
from .channels import public_products
from .prefetch import product_certificate


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


def collection_q(collection: Collection) -> Q:
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
    current certificate, origin district and group, like ``collection_q``."""
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
