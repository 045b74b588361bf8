"""Saleor's navigation types: ``Menu`` and ``MenuItem`` (from ``storefront.models``). Menu
items link to categories, collections or URLs; ``MenuItem.page`` is always null (we
publish no CMS pages: ``shops.graphql.pages``)."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.connection import CountableConnection
from marketplace.graphql.enums import LanguageCodeEnum
from marketplace.graphql.metadata import ObjectWithMetadata
from shops import models as shop_models
from shops.graphql.pages import Page
from shops.graphql.translations import LanguageDisplayMixin, english
from shops.graphql.types import Category, Collection
from storefront import models
from storefront.selectors_menus import MenuTree, menu_get, menu_item_get


class MenuItemTranslation(LanguageDisplayMixin, graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    name = graphene.String(required=True)

    @staticmethod
    def resolve_name(root: tuple[models.MenuItem, str], info: Any) -> str:
        return root[0].name_en or root[0].name_vi


class Menu(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata)
        description = (
            "Represents a single menu - an object that is used to help navigate through the store."
        )

    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    items = graphene.List(graphene.NonNull(lambda: MenuItem))

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, models.Menu)

    @classmethod
    def get_node(cls, info: Any, id: str) -> models.Menu | None:
        return menu_get(pk=int(id)) if str(id).isdigit() else None

    @staticmethod
    def resolve_items(root: models.Menu, info: Any) -> list[models.MenuItem]:
        return MenuTree.of(root).children.get(None, [])


class MenuItem(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata)
        description = "Represents a single item of the related menu. Can store categories, collection or pages."

    name = graphene.String(required=True)
    menu = graphene.Field(Menu, required=True)
    parent = graphene.Field(lambda: MenuItem)
    category = graphene.Field(Category)
    collection = graphene.Field(Collection)
    page = graphene.Field(lambda: Page)
    level = graphene.Int(required=True)
    children = graphene.List(graphene.NonNull(lambda: MenuItem))
    url = graphene.String(description="URL to the menu item.")
    translation = graphene.Field(
        MenuItemTranslation,
        language_code=graphene.Argument(
            LanguageCodeEnum,
            required=True,
            description="A language code to return the translation for menu item.",
        ),
    )

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, models.MenuItem)

    @classmethod
    def get_node(cls, info: Any, id: str) -> models.MenuItem | None:
        return menu_item_get(pk=int(id)) if str(id).isdigit() else None

    @staticmethod
    def resolve_name(root: models.MenuItem, info: Any) -> str:
        return root.name_vi

    @staticmethod
    def resolve_parent(root: models.MenuItem, info: Any) -> models.MenuItem | None:
        return MenuTree.of(root.menu).by_id.get(root.parent_id) if root.parent_id else None

    @staticmethod
    def resolve_category(root: models.MenuItem, info: Any) -> shop_models.Category | None:
        return root.category

    @staticmethod
    def resolve_collection(root: models.MenuItem, info: Any) -> shop_models.Collection | None:
        collection = root.collection
        return collection if collection is not None and collection.is_published else None

    @staticmethod
    def resolve_page(root: models.MenuItem, info: Any) -> None:
        return None

    @staticmethod
    def resolve_level(root: models.MenuItem, info: Any) -> int:
        return MenuTree.of(root.menu).levels.get(root.pk, 0)

    @staticmethod
    def resolve_children(root: models.MenuItem, info: Any) -> list[models.MenuItem]:
        return MenuTree.of(root.menu).children.get(root.pk, [])

    @staticmethod
    def resolve_url(root: models.MenuItem, info: Any) -> str | None:
        return root.url or None

    @staticmethod
    def resolve_translation(root: models.MenuItem, info: Any, language_code: str) -> Any:
        return english(root, language_code)


class MenuCountableConnection(CountableConnection):
    class Meta:
        node = Menu
