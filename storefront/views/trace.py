"""Public traceability pages: per product and per variant barcode, printable QR label, QR SVG."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .. import selectors_product


def trace(request: HttpRequest, slug: str) -> HttpResponse:
    ctx = selectors_product.trace_context(slug)
    if ctx is None:
        raise Http404
    return render(request, "storefront/trace.html", ctx)


def trace_barcode(request: HttpRequest, barcode: str) -> HttpResponse:
    slug = selectors_product.product_slug_for_barcode(barcode)
    if slug is None:
        raise Http404
    return redirect("storefront:trace", slug=slug)


def trace_label(request: HttpRequest, slug: str) -> HttpResponse:
    ctx = selectors_product.trace_context(slug)
    if ctx is None:
        raise Http404
    return render(request, "storefront/trace_label.html", ctx)


def trace_qr(request: HttpRequest, slug: str) -> HttpResponse:
    svg = selectors_product.trace_qr_svg(slug)
    if svg is None:
        raise Http404
    return HttpResponse(svg, content_type="image/svg+xml")
