"""``LanguageCodeEnum`` with the values of Saleor's schema (the API contract), so that
storefront documents declaring ``$languageCode: LanguageCodeEnum!`` validate. We serve
Vietnamese (``VI``/``VI_VN``) and English (every ``EN*``); other languages fall back to
Vietnamese."""

from __future__ import annotations

from typing import Any

import graphene

from .language_codes import LANGUAGE_CODES

LanguageCodeEnum = graphene.Enum("LanguageCodeEnum", [(code, code) for code in LANGUAGE_CODES])


def language_of(code: Any) -> str:
    """ "en" for any English code, "vi" otherwise. Takes a code string or the enum member
    graphene passes to resolvers."""
    code = getattr(code, "value", code)
    return "en" if code and str(code).upper().startswith("EN") else "vi"


class AddressTypeEnum(graphene.Enum):
    """Saleor's address kinds (account and checkout errors, default addresses)."""

    BILLING = "billing"
    SHIPPING = "shipping"


def slug_language_argument() -> graphene.Argument:
    """Saleor's ``slugLanguageCode`` argument of ``product``/``category``/``collection``/``page``."""
    return graphene.Argument(
        LanguageCodeEnum,
        description="Language code of the slug (our slugs are the same in every language).",
    )
