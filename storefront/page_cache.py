"""Whole-page cache of the storefront for visitors who are not signed in.

Most buyers arrive anonymous, from a livestream or a shared link, on the same few pages;
rendering each of them again for every visitor is what makes a page slow under load.
A page is stored in Django's cache (Redis in production) under its public URL (scheme,
host, path with the language prefix, query string) and the *catalogue version* it was
rendered at — the same version the GraphQL response cache uses, bumped after every
committed write to a catalogue table (products, variants, stock and reservations, media,
shops, producers, certificates, follows…), so a stored page is served only while nothing
it shows has changed. ``STOREFRONT_PAGE_CACHE_SECONDS`` (0 disables) bounds what changes
with time alone (a certificate running out at midnight, reservations expiring).

Never cached: signed-in visitors (their header and forms are theirs), anything but
GET/HEAD, a request with messages to show ("Đã thêm vào giỏ hàng"), responses other than
200, responses that set cookies other than the CSRF cookie, and query strings longer
than ``MAX_QUERY_STRING``. Click identifiers that shared links carry (``fbclid``,
``utm_*``, ``zarsrc``…) are dropped before rendering, so they neither split nor leak into
the cached page.

CSRF: a page with forms carries the visitor's CSRF token. The stored copy has it replaced
by a placeholder, and each visitor's own token is put back when the page is served, so
forms on a cached page (add to cart, follow) keep working and no token is ever shared."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import get_token

from marketplace.catalogue_version import versioned_get, versioned_put

KEY_PREFIX = "storefront:page:"
TOKEN_PLACEHOLDER = "__OCOP_CSRF_TOKEN__"
_TOKEN_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# Click identifiers that social networks, chat apps and ad platforms append to shared
# links (a livestream's link on Facebook or Zalo gets a new ``fbclid``/``zarsrc`` per
# click). They do not change the page, so they are dropped before the page is rendered or
# looked up: every click on a shared link is then the same cached page.
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|gbraid|wbraid|dclid|msclkid|ttclid|zarsrc|zalo_\w+|igshid|mc_cid|mc_eid)$"
)
# Longer query strings are rendered but never stored (no filling the cache with junk URLs).
MAX_QUERY_STRING = 512


def ttl() -> int:
    return int(getattr(settings, "STOREFRONT_PAGE_CACHE_SECONDS", 0) or 0)


def _key(request: HttpRequest) -> str:
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return KEY_PREFIX + hashlib.sha256(url.encode()).hexdigest()


def _drop_tracking_parameters(request: HttpRequest) -> None:
    query = request.META.get("QUERY_STRING", "")
    if not query or not any(_TRACKING.match(name) for name in request.GET):
        return
    kept = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        if not _TRACKING.match(name):
            kept.setlist(name, values)
    request.META["QUERY_STRING"] = kept.urlencode()
    request.GET = QueryDict(request.META["QUERY_STRING"])


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or ttl() <= 0:
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
        return False
    if request.user.is_authenticated:
        return False
    return len(messages.get_messages(request)) == 0


def _from_cache(request: HttpRequest, stored: dict[str, Any]) -> HttpResponse:
    body: str = stored["body"]
    if stored["has_token"]:
        body = body.replace(TOKEN_PLACEHOLDER, get_token(request))
    response = HttpResponse(body, content_type=stored["content_type"])
    for header, value in stored["headers"].items():
        response[header] = value
    response["X-Page-Cache"] = "hit"
    return response


def _store(key: str, version: int, response: HttpResponse) -> None:
    if (
        response.status_code != 200
        or response.streaming
        or getattr(response, "is_rendered", True) is False
    ):
        return
    if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
        return
    body = response.content.decode(response.charset)
    if TOKEN_PLACEHOLDER in body:
        return  # the page echoes the placeholder (e.g. ``?q=``): a hit would put the token there too
    match = _TOKEN_FIELD.search(body)
    if match:
        body = body.replace(match.group(1), TOKEN_PLACEHOLDER)
    headers = {
        name: value
        for name, value in response.items()
        if name.lower() in ("content-language", "x-robots-tag", "link")
    }
    versioned_put(
        key,
        version,
        {
            "body": body,
            "has_token": bool(match),
            "content_type": response["Content-Type"],
            "headers": headers,
        },
        ttl(),
    )


def cache_page_for_visitors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serves ``view`` from the page cache to visitors who are not signed in (see the
    module's docstring for what is never cached). The view itself stays unaware."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            _drop_tracking_parameters(request)
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        version, stored = versioned_get(key)
        if stored is not None:
            return _from_cache(request, stored)
        response = view(request, *args, **kwargs)
        _store(key, version, response)
        response["X-Page-Cache"] = "miss"
        return response

    return wrapped
