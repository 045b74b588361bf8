"""The home page: featured 4–5★ products, districts and product groups with counts, new products, shops."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import selectors_home


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "storefront/home.html", selectors_home.home_context())
