"""What the catalogue types share: the ``address``, thumbnail and ``translation``
arguments, and the Vietnamese-first content fields of products, categories and
collections (``VietnameseContent``, ``ContentTranslation``)."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.common import ThumbnailFormatEnum
from marketplace.graphql.editorjs import html_to_editorjs, html_to_text
from marketplace.graphql.enums import LanguageCodeEnum
from marketplace.graphql.inputs import AddressInput

from ..translations import LanguageDisplayMixin


def address_argument() -> graphene.Argument:
    return graphene.Argument(
        AddressInput,
        description="Destination address (ignored: stock and prices do not depend on it).",
    )


def thumbnail_args() -> dict[str, Any]:
    return {
        "size": graphene.Int(
            description="Desired longest side the image in pixels. Defaults to 4096. Images are "
            "never cropped. Pass 0 to retrieve the original size (not recommended)."
        ),
        "format": graphene.Argument(
            ThumbnailFormatEnum,
            default_value="ORIGINAL",
            description="The format of the image. When not provided, format of the "
            "original image will be used.",
        ),
    }


def translation_field(type_name: Any) -> Any:
    return graphene.Field(
        type_name,
        language_code=graphene.Argument(
            LanguageCodeEnum,
            required=True,
            description="A language code to return the translation for.",
        ),
        description="Returns translated fields for the given language code.",
    )


def text_or_none(value: str | None) -> str | None:
    return value or None


def pick_assigned(items: list[Any], slug: str | None = None, limit: int | None = None) -> Any:
    if slug is not None:
        return next((a for a in items if a.attribute.slug == slug), None)
    return items[:limit] if limit else items


class ContentTranslation(LanguageDisplayMixin, graphene.ObjectType):
    """The English content of a product, category or collection (Saleor's
    ``ProductTranslation``, ``CategoryTranslation``, ``CollectionTranslation``: same fields)."""

    seo_title = graphene.String()
    seo_description = graphene.String()
    slug = graphene.String()
    name = graphene.String()
    description = graphene.JSONString()
    description_json = graphene.JSONString(
        deprecation_reason="Use the `description` field instead."
    )

    @staticmethod
    def resolve_seo_title(root: tuple[Any, str], info: Any) -> str | None:
        return text_or_none(root[0].name_en)

    @staticmethod
    def resolve_seo_description(root: tuple[Any, str], info: Any) -> str | None:
        return text_or_none(html_to_text(root[0].description_en)[:300])

    @staticmethod
    def resolve_slug(root: tuple[Any, str], info: Any) -> str:
        return root[0].slug

    @staticmethod
    def resolve_name(root: tuple[Any, str], info: Any) -> str | None:
        return text_or_none(root[0].name_en)

    @staticmethod
    def resolve_description(root: tuple[Any, str], info: Any) -> Any:
        return html_to_editorjs(root[0].description_en)

    resolve_description_json = resolve_description


class VietnameseContent:
    """Resolvers of the content fields Product, Category and Collection share: ``name``
    and the SEO fields serve the Vietnamese, the description as EditorJS JSON."""

    @staticmethod
    def resolve_seo_title(root: Any, info: Any) -> str:
        return root.name_vi

    @staticmethod
    def resolve_seo_description(root: Any, info: Any) -> str | None:
        return text_or_none(html_to_text(root.description_vi)[:300])

    @staticmethod
    def resolve_name(root: Any, info: Any) -> str:
        return root.name_vi

    @staticmethod
    def resolve_description(root: Any, info: Any) -> Any:
        return html_to_editorjs(root.description_vi)

    resolve_description_json = resolve_description
