"""The product page: gallery, variants, OCOP badge, origin, delivery, pickup points, related products."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .. import selectors_product


def product(request: HttpRequest, slug: str) -> HttpResponse:
    ctx = selectors_product.product_page_context(
        slug, url=request.build_absolute_uri(request.path), absolute=request.build_absolute_uri
    )
    if ctx is None:
        raise Http404
    return render(request, "storefront/product.html", ctx)
