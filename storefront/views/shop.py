"""Shop list (``/shops/``), shop page (``/shops/<slug>/``) and follow/unfollow (POST)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.views.decorators.http import require_GET, require_POST

from shops.services.follow import shop_follow as follow
from shops.services.follow import shop_unfollow as unfollow

from .. import selectors_shop
from ..filters import DEFAULT_PER_PAGE, parse_filter_state


def _active_shop(slug: str):
    shop = selectors_shop.shop_for_page(slug=slug)
    if shop is None:
        raise Http404
    return shop


def _seo_links(request: HttpRequest, query: str) -> tuple[str, list[tuple[str, str]]]:
    def absolute(path: str) -> str:
        return request.build_absolute_uri(f"{path}?{query}" if query else path)

    alternates = [
        (code, absolute(translate_url(request.path, code))) for code, _name in settings.LANGUAGES
    ]
    default = dict(alternates).get(settings.LANGUAGE_CODE)
    return absolute(request.path), [*alternates, ("x-default", default)] if default else alternates


@require_GET
def shop_list(request: HttpRequest) -> HttpResponse:
    page = selectors_shop.shop_list_page(page=request.GET.get("page"))
    query = urlencode({"page": page.number}) if page.number > 1 else ""
    canonical, alternates = _seo_links(request, query)
    return render(
        request,
        "storefront/shop_list.html",
        {"page": page, "shops": page.object_list, "canonical": canonical, "alternates": alternates},
    )


@require_GET
def shop(request: HttpRequest, slug: str) -> HttpResponse:
    shop = _active_shop(slug)
    state = parse_filter_state(request.GET)
    context = selectors_shop.shop_page_context(
        shop=shop, state=state, path=request.path, user=request.user
    )
    state = context["state"]
    # Canonical: the filters and page, without presentation (sort, page size).
    query = urlencode(
        state.with_changes(
            sort=state.implicit_sort, per_page=DEFAULT_PER_PAGE, page=state.page
        ).params()
    )
    context["canonical"], context["alternates"] = _seo_links(request, query)
    logo = request.build_absolute_uri(shop.logo.url) if shop.logo else ""
    context["shop_json_ld"] = selectors_shop.shop_json_ld(
        shop, url=request.build_absolute_uri(request.path), logo_url=logo
    )
    context["noindex"] = (
        bool(state.errors)
        or state.sort != state.implicit_sort
        or state.per_page != DEFAULT_PER_PAGE
    )
    return render(request, "storefront/shop.html", context)


@require_POST
def shop_follow(request: HttpRequest, slug: str) -> HttpResponse:
    """Follows (or, with ``action=unfollow``, unfollows) the shop, then back to its page.
    Anonymous buyers are sent to sign in and come back to the shop page."""
    shop = _active_shop(slug)
    shop_url = reverse("storefront:shop", args=[shop.slug])
    if not request.user.is_authenticated:
        return redirect_to_login(shop_url)
    if request.POST.get("action") == "unfollow":
        unfollow(user=request.user, shop=shop)
    else:
        follow(user=request.user, shop=shop)
    return redirect(f"{shop_url}#follow")
