"""The storefront's navigation in Saleor's API: ``menu``/``menus`` over
``storefront.models.Menu``. The root schema puts these fields between the catalogue's and
the CMS pages'."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLError

from marketplace.graphql.connection import connection_args, paginate
from shops.graphql.filters import decode_id
from storefront.selectors_menus import menu_get, menu_list

from .inputs import (
    MenuFilterInput,
    MenuSortingInput,
)
from .types import Menu, MenuCountableConnection


def resolve_menu(
    info: Any, *, id: str | None = None, name: str | None = None, slug: str | None = None, **_: Any
) -> Any:
    if id is None and name is None and slug is None:
        raise GraphQLError("Argument 'id', 'name' or 'slug' is required.")
    pk = None
    if id is not None:
        pk = decode_id(id, "Menu")
        if pk is None:
            return None
    return menu_get(pk=pk, slug=slug, name=name)


def resolve_menus(
    info: Any,
    *,
    filter: dict[str, Any] | None = None,
    sort_by: dict[str, Any] | None = None,
    **page: Any,
) -> Any:
    filter = filter or {}
    slugs = tuple(filter.get("slugs") or ()) + tuple(filter.get("slug") or ())
    menus = menu_list(search=filter.get("search") or "", slugs=slugs)
    if filter.get("metadata"):
        menus = menus.none()
    field = getattr((sort_by or {}).get("field"), "value", (sort_by or {}).get("field"))
    descending = (
        getattr((sort_by or {}).get("direction"), "value", (sort_by or {}).get("direction"))
        == "DESC"
    )
    column = "items_count" if field == "ITEMS_COUNT" else "name"
    menus = menus.order_by(f"-{column}" if descending else column, "pk")
    return paginate(menus, MenuCountableConnection, "menus", **page)


class Query(graphene.ObjectType):
    menu = graphene.Field(
        Menu,
        channel=graphene.String(),
        id=graphene.ID(),
        name=graphene.String(),
        slug=graphene.String(),
    )
    menus = graphene.Field(
        MenuCountableConnection,
        channel=graphene.String(),
        sort_by=graphene.Argument(MenuSortingInput),
        filter=graphene.Argument(MenuFilterInput),
        **connection_args(),
    )

    @staticmethod
    def resolve_menu(root: Any, info: Any, **kwargs: Any) -> Any:
        return resolve_menu(info, **kwargs)

    @staticmethod
    def resolve_menus(root: Any, info: Any, **kwargs: Any) -> Any:
        return resolve_menus(info, **kwargs)
