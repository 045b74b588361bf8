"""Vietnamese first: the language comes from the user's explicit choice (cookie set by
the language switch) or the URL, never from the browser's Accept-Language — many
Vietnamese buyers run English-language phones."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class VietnameseFirstMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


#: browser features no page of ours uses are switched off; the camera stays available to
#: our own pages (a sale point scanning barcodes), payment to Stripe's frame
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(self), display-capture=(), geolocation=(), "
    'gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(self "https://js.stripe.com"), '
    "usb=(), xr-spatial-tracking=()"
)


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every answer (the other security headers come from
    Django's SecurityMiddleware and django-csp)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
