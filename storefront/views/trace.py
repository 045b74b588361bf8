"""Public traceability pages: per product and per variant barcode, printable QR label, QR SVG."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .. import selectors_product


def trace(request: HttpRequest, slug: str) -> HttpResponse:
    ctx = selectors_product.trace_context(slug)
    if ctx is None:
        raise Http404
    return render(request, "storefront/trace.html", ctx)


def trace_barcode(request: HttpRequest, barcode: str) -> HttpResponse:
    """The traceability page reached by a variant's barcode (what a package's QR encodes)."""
    slug = selectors_product.product_slug_for_barcode(barcode)
    ctx = selectors_product.trace_context(slug, barcode=barcode) if slug else None
    if ctx is None:
        raise Http404
    return render(request, "storefront/trace.html", ctx)


def trace_label(request: HttpRequest, slug: str) -> HttpResponse:
    ctx = selectors_product.trace_context(slug)
    if ctx is None:
        raise Http404
    return render(request, "storefront/trace_label.html", ctx)


def trace_qr(request: HttpRequest, slug: str) -> HttpResponse:
    """SVG QR code of the product's traceability URL (``?barcode=`` for one variant's)."""
    svg = selectors_product.trace_qr_svg(slug, barcode=request.GET.get("barcode") or None)
    if svg is None:
        raise Http404
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response
