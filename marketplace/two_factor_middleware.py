"""Sends people who must sign in with a second factor (the OCOP office, platform admins,
payout owners on the money pages: ``services_two_factor.two_factor_required``) and whose
session has not verified one to the code page — or to set up an authenticator — before a
guarded page:

- the Django admin (its own sign-in and sign-out pages aside), the office pages (every
  URL namespace ending in ``_office``: ``orders_office``, ``shops_office``…, and every
  route under ``/office/``, such as the audit log) and the
  producer documents;
- the producer dashboard, for the office and platform admins;
- the dashboard's money pages (ledger, statements, and any payout or bank page), for
  payout owners too.

Other pages (the storefront, a buyer's account) are never guarded: a customer is never
asked, and they cost no query. Sessions verified in ``marketplace.views_two_factor``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from . import services_two_factor as two_factor
from . import views_two_factor

DASHBOARD_NAMESPACES = frozenset({"shops", "orders_dashboard"})
MONEY_PAGES = frozenset({"ledger", "statement", "statement_csv"})
OPEN_ADMIN_PAGES = frozenset({"login", "logout"})


def guarded_area(match: Any) -> str | None:
    """``"money"``, ``"staff"``, ``"dashboard"`` or ``None`` for a resolved URL."""
    namespaces = set(match.namespaces)
    name = match.url_name or ""
    if namespaces & DASHBOARD_NAMESPACES:
        if name in MONEY_PAGES or "payout" in name or "bank" in name:
            return "money"
        return "dashboard"
    if "admin" in namespaces and name in OPEN_ADMIN_PAGES:
        return None
    if "admin" in namespaces or name == "producer_document":
        return "staff"
    if any(namespace.endswith("_office") for namespace in namespaces) or (
        match.route or ""
    ).startswith("office/"):
        return "staff"
    return None


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        user = getattr(request, "user", None)
        if match is None or user is None or not user.is_authenticated:
            return None
        area = guarded_area(match)
        if area is None or views_two_factor.session_verified(request):
            return None
        if not two_factor.two_factor_required(user, payouts=area == "money"):
            return None
        return views_two_factor.second_factor_redirect(request, user)
