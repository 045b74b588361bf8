"""Saleor's ``*Translation`` types over our bilingual columns. A translation object is
resolved from ``(object, language code)``; ``translation(languageCode:)`` returns one for
English codes and ``null`` otherwise (our primary language, Vietnamese, is the object's
own fields)."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.common import LanguageDisplay
from marketplace.graphql.enums import language_of


class LanguageDisplayMixin:
    """``language`` and the node id of a translation (``<object id>:<language>``); a
    translation is not fetched by ``node(id:)``."""

    language = graphene.Field(LanguageDisplay, required=True, description="Translation language.")

    @staticmethod
    def resolve_language(root: tuple[Any, str], info: Any) -> str:
        return root[1]

    @staticmethod
    def resolve_id(root: tuple[Any, str], info: Any) -> str:
        obj, code = root
        key = (
            getattr(obj, "pk", None) or getattr(obj, "slug", None) or getattr(obj, "global_key", "")
        )
        return f"{key}:{code}"

    @classmethod
    def get_node(cls, info: Any, id: str) -> None:
        return None


def english(obj: Any, language_code: str) -> tuple[Any, str] | None:
    """The translation root for ``obj`` in ``language_code`` (English only)."""
    code = str(getattr(language_code, "value", language_code))
    return (obj, code) if language_of(code) == "en" else None
