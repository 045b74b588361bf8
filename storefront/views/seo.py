"""``/sitemap.xml`` and ``/robots.txt`` (one URL each, whatever the language)."""

from __future__ import annotations

from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from ..sitemaps import SITEMAPS

# Pages of a person (cart, checkout, account, orders), of staff (dashboard, office,
# admin) and machine endpoints; each also under the English prefix.
DISALLOWED = (
    "/dashboard/",
    "/office/",
    "/admin/",
    "/cart/",
    "/checkout/",
    "/account/",
    "/accounts/",
    "/orders/",
    "/graphql/",
    "/webhooks/",
    "/i18n/",
    "/products/suggest/",
)


@require_GET
@cache_control(public=True, max_age=3600)
def sitemap(request: HttpRequest) -> HttpResponse:
    return sitemap_view(request, sitemaps=SITEMAPS, template_name="storefront/sitemap.xml")


@require_GET
@cache_control(public=True, max_age=86400)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Allow: /"]
    for path in DISALLOWED:
        lines += [f"Disallow: {path}", f"Disallow: /en{path}"]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
