"""Canonical and alternate-language URLs for ``base.html`` (``{% load seo %}``).

Pages are served per language (Vietnamese at ``/…``, English at ``/en/…``), so each page
has one canonical address per language and ``hreflang`` alternates pointing at the others.
Query strings (tracking parameters, filters) are dropped: a page that wants some kept
overrides ``{% block canonical %}``."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import translate_url

register = template.Library()

OG_LOCALES = {"vi": "vi_VN", "en": "en_US"}


def _request(context: template.Context):
    return context.get("request")


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context) -> str:
    """The absolute URL of this page without its query string."""
    request = _request(context)
    return request.build_absolute_uri(request.path) if request is not None else ""


@register.simple_tag(takes_context=True)
def language_alternates(context: template.Context) -> list[tuple[str, str]]:
    """``[(hreflang, absolute URL)]``: this page in every language, then ``x-default``
    (the Vietnamese page, the site's default language)."""
    request = _request(context)
    if request is None:
        return []
    urls = [
        (code, request.build_absolute_uri(translate_url(request.path, code)))
        for code, _name in settings.LANGUAGES
    ]
    default = dict(urls).get(settings.LANGUAGE_CODE)
    return [*urls, ("x-default", default)] if default else urls


@register.simple_tag
def og_locale(language_code: str) -> str:
    return OG_LOCALES.get(language_code, "vi_VN")
