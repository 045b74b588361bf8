"""Consumer pages. The full storefront is its own issue; this serves the landing page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "storefront/home.html", selectors.home_context())
