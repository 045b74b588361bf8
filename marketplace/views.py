from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from .health import dependency_report
from .permissions import is_ocop_office


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = dependency_report()
    return JsonResponse(report, status=200 if report["ok"] else 503)


@login_required
def after_login(request: HttpRequest) -> HttpResponse:
    """Where a person lands after signing in: their shop's dashboard, the OCOP office's
    pages, or — for buyers — their orders."""
    from shops.selectors import shops_for_user

    if shops_for_user(user=request.user).exists():
        return redirect("shops:dashboard")
    if is_ocop_office(request.user):
        return redirect("orders_office:payout_list")
    return redirect("orders:account_orders")
