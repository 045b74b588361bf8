"""The buyer's bank-transfer page for a VietQR order (QR, account, amount, transfer
content, until when the goods are held and what happens after, deadline) and the JSON payment status it polls. Both are found by the order's
secret token (guests pay too); an unknown token is a 404."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from marketplace.errors import NotFound

from ..models import Order, PaymentMethod
from ..selectors.holds import order_hold_state
from ..selectors.orders import access_order
from ..services import bank


def _order(request: HttpRequest, token: uuid.UUID) -> Order:
    """The order whose payment link this is: holding the link proves holding the order
    (guests pay too)."""
    try:
        return access_order(actor=request.user, token=token, guest_tokens=[token], related=None)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def _is_paid(order: Order) -> bool:
    return order.total > 0 and order.amount_paid >= order.total


@never_cache
@require_GET
def order_payment_status(request: HttpRequest, token: uuid.UUID) -> JsonResponse:
    try:
        order = access_order(actor=request.user, token=token, guest_tokens=[token], related=None)
    except NotFound:
        return JsonResponse({"error": "Không tìm thấy đơn hàng. / Order not found."}, status=404)
    return JsonResponse(
        {
            "paid": _is_paid(order),
            "payment_status": order.payment_status,
            "amount_due": bank.order_amount_due(order),
            "status": order.status,
        }
    )


@never_cache
@require_GET
def order_pay_vietqr(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    order = _order(request, token)
    if order.payment_method != PaymentMethod.VIETQR:
        raise Http404("Đơn hàng không thanh toán bằng chuyển khoản. / Not a bank-transfer order.")
    paid = _is_paid(order)
    closed = order.status in bank.CLOSED_STATUSES
    qr_data_uri = ""
    if not paid and not closed:
        qr_data_uri = bank.vietqr_data_uri(bank.order_vietqr(order))
    return render(
        request,
        "orders/pay_vietqr.html",
        {
            "order": order,
            "paid": paid,
            "closed": closed,
            "qr_data_uri": qr_data_uri,
            "amount_due": bank.order_amount_due(order),
            "bank_name": bank.bank_name(),
            "account_number": settings.VIETQR_ACCOUNT_NUMBER,
            "account_name": settings.VIETQR_ACCOUNT_NAME,
            "transfer_content": order.number,
            "status_url": reverse("orders:payment_status", kwargs={"token": order.token}),
            "hold": order_hold_state(order, timezone.now()),
        },
    )
