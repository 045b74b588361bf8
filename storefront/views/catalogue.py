"""The catalogue and search page (``/products/``) and its autocomplete endpoint."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.views.decorators.http import require_GET

from .. import selectors_catalogue
from ..filters import parse_filter_state


def _absolute(request: HttpRequest, path: str, query: str) -> str:
    return request.build_absolute_uri(f"{path}?{query}" if query else path)


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    state = parse_filter_state(request.GET)
    if not state.errors and any(v == "" for values in request.GET.lists() for v in values[1]):
        # A form sent without JS carries its empty fields: answer with the short, shareable URL.
        return redirect(state.url(request.path))
    context = selectors_catalogue.catalogue_context(state, request.path)
    state = context["state"]
    # Canonical: the filters and page, without presentation (sort, page size).
    canonical = urlencode(
        state.with_changes(sort=state.implicit_sort, per_page=24, page=state.page).params()
    )
    context["canonical"] = _absolute(request, request.path, canonical)
    alternates = [
        (code, _absolute(request, translate_url(request.path, code), canonical))
        for code, _name in settings.LANGUAGES
    ]
    default = dict(alternates).get(settings.LANGUAGE_CODE)
    context["alternates"] = [*alternates, ("x-default", default)] if default else alternates
    context["noindex"] = (
        bool(state.errors) or state.sort != state.implicit_sort or state.per_page != 24
    )
    return render(request, "storefront/catalogue.html", context)


@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        {"suggestions": selectors_catalogue.suggestions(request.GET.get("q", ""))}
    )
    response["Cache-Control"] = "public, max-age=60"
    return response
