"""Reads of the storefront menus (Saleor's ``Menu``/``MenuItem``): a menu's items come in
one query with their category and collection, and the tree is built in memory."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Menu, MenuItem


def menu_list(*, search: str = "", slugs: tuple[str, ...] = ()) -> QuerySet[Menu]:
    """Menus with ``item_list`` (all their items, category and collection joined) and
    ``items_count``."""
    items = MenuItem.objects.select_related("category", "collection").order_by("sort_order", "pk")
    menus = Menu.objects.annotate(items_count=Count("items")).prefetch_related(
        Prefetch("items", queryset=items, to_attr="item_list")
    )
    if search.strip():
        menus = menus.filter(Q(name__icontains=search.strip()) | Q(slug__icontains=search.strip()))
    if slugs:
        menus = menus.filter(slug__in=list(slugs))
    return menus


def menu_get(
    *, pk: int | None = None, slug: str | None = None, name: str | None = None
) -> Menu | None:
    menus = menu_list()
    if pk is not None:
        menus = menus.filter(pk=pk)
    if slug is not None:
        menus = menus.filter(slug=slug)
    if name is not None:
        menus = menus.filter(name=name)
    return menus.order_by("pk").first()


@dataclass
class MenuTree:
    """A menu's items by parent, and each item's depth (root items are level 0)."""

    children: dict[int | None, list[MenuItem]] = field(default_factory=dict)
    levels: dict[int, int] = field(default_factory=dict)
    by_id: dict[int, MenuItem] = field(default_factory=dict)

    @classmethod
    def of(cls, menu: Menu) -> MenuTree:
        cached = getattr(menu, "_tree", None)
        if cached is not None:
            return cached
        items = getattr(menu, "item_list", None)
        if items is None:
            items = list(
                MenuItem.objects.filter(menu=menu)
                .select_related("category", "collection")
                .order_by("sort_order", "pk")
            )
        tree = cls(by_id={i.pk: i for i in items})
        for item in items:
            item.menu = menu  # no query for MenuItem.menu
            tree.children.setdefault(item.parent_id, []).append(item)
        todo = [(item, 0) for item in tree.children.get(None, [])]
        while todo:
            item, level = todo.pop()
            tree.levels[item.pk] = level
            todo.extend((child, level + 1) for child in tree.children.get(item.pk, []))
        menu._tree = tree  # type: ignore[attr-defined]
        return tree


def menu_item_get(*, pk: int) -> MenuItem | None:
    item = MenuItem.objects.select_related("menu").filter(pk=pk).first()
    if item is None:
        return None
    tree = MenuTree.of(menu_get(pk=item.menu_id) or item.menu)
    return tree.by_id.get(item.pk)
