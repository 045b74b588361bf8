"""Buyer pages: order history and order detail of the signed-in buyer, and the tracking
page opened by the signed link of the order e-mail (no account). Both let the buyer
cancel a shop order that the shop has not confirmed yet."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from marketplace.errors import NotFound
from marketplace.http import AuthenticatedHttpRequest

from ..forms_fulfilment import ReasonForm
from ..models import Order, ShopOrder
from ..selectors import orders as orders_selectors
from ..services import fulfilment

ORDERS_PER_PAGE = 20
BUYER = frozenset({fulfilment.BUYER})
CANCEL_REASONS = [
    _("Đổi ý, không muốn mua nữa / Changed my mind"),
    _("Đặt nhầm sản phẩm hoặc số lượng / Ordered the wrong item or quantity"),
    _("Muốn đổi địa chỉ nhận hàng / Want to change the delivery address"),
    _("Tìm được giá tốt hơn / Found a better price"),
]


#: Carriers whose public tracking page takes the tracking number in the URL. Others: the
#: buyer sees the carrier and number (to look up on the carrier's site or app).
CARRIER_TRACKING_URLS = {
    "GHN": "https://donhang.ghn.vn/?order_code={number}",
    "GHTK": "https://i.ghtk.vn/{number}",
}


def carrier_tracking_url(carrier: str, tracking_number: str) -> str:
    """The carrier's public tracking page for a number, or "" when unknown."""
    pattern = CARRIER_TRACKING_URLS.get((carrier or "").strip().upper())
    if not pattern or not tracking_number:
        return ""
    return pattern.format(number=quote(tracking_number.strip(), safe=""))


@login_required
def order_history(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(orders_selectors.orders_of_buyer(request.user), ORDERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "orders/account/order_list.html", {"page": page})


def _order_context(
    order: Order, *, cancel_form: ReasonForm | None = None, failed: str = ""
) -> dict[str, Any]:
    """The order with, per shop order, its lines, events and whether the buyer may still
    cancel it (everything already prefetched: no further queries)."""
    events = list(order.events.all())
    parts = []
    for shop_order in order.shop_orders.all():
        parts.append(
            {
                "so": shop_order,
                "lines": list(shop_order.lines.all()),
                "carrier_url": carrier_tracking_url(shop_order.carrier, shop_order.tracking_number),
                "events": [e for e in events if e.shop_order_id in (None, shop_order.pk)],
                "can_cancel": "cancel" in fulfilment.available_actions(shop_order, BUYER),
                "cancel_form": cancel_form
                if cancel_form is not None and failed == shop_order.number
                else ReasonForm(),
            }
        )
    return {"order": order, "parts": parts, "cancel_reasons": CANCEL_REASONS}


def _part(order: Order, shop_order_number: str) -> ShopOrder:
    for shop_order in order.shop_orders.all():
        if shop_order.number == shop_order_number:
            return shop_order
    raise Http404


def _buyer_order_or_404(request: AuthenticatedHttpRequest, number: str) -> Order:
    try:
        return orders_selectors.access_order(actor=request.user, number=number)
    except NotFound as exc:
        raise Http404 from exc


@login_required
def order_detail(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    order = _buyer_order_or_404(request, number)
    context = _order_context(order)
    context["cancel_url_name"] = "orders:account_order_cancel"
    context["url_key"] = order.number
    return render(request, "orders/account/order_detail.html", context)


def _cancel(
    request: HttpRequest,
    order: Order,
    shop_order_number: str,
    *,
    actor: Any,
    order_token: Any,
    template_context: dict[str, Any],
) -> HttpResponse | None:
    """Runs the buyer's cancellation; returns the page with errors (400), or None on
    success."""
    shop_order = _part(order, shop_order_number)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            fulfilment.shop_order_cancel(
                actor=actor,
                shop_order=shop_order,
                reason=form.cleaned_data["reason"],
                order_token=order_token,
            )
        except (NotFound, PermissionDenied) as exc:
            raise Http404 from exc
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request, gettext("Đã huỷ đơn %(number)s.") % {"number": shop_order.number}
            )
            return None
    context = _order_context(order, cancel_form=form, failed=shop_order.number)
    context.update(template_context)
    return render(request, "orders/account/order_detail.html", context, status=400)


@login_required
@require_POST
def order_cancel(
    request: AuthenticatedHttpRequest, number: str, shop_order_number: str
) -> HttpResponse:
    order = _buyer_order_or_404(request, number)
    response = _cancel(
        request,
        order,
        shop_order_number,
        actor=request.user,
        order_token=None,
        template_context={"cancel_url_name": "orders:account_order_cancel", "url_key": number},
    )
    return response or redirect("orders:account_order_detail", number=number)


def _tracked_order_or_404(request: HttpRequest, signed: str) -> Order:
    """Whoever holds the signed link of the order e-mail reads the order."""
    try:
        token = orders_selectors.tracking_token_read(signed)
        return orders_selectors.access_order(actor=request.user, token=token, guest_tokens=[token])
    except NotFound as exc:
        raise Http404 from exc


def order_track(request: HttpRequest, signed: str) -> HttpResponse:
    """No account: whoever holds the signed link of the order e-mail sees the order's
    progress (the address is shortened to commune and province) and may cancel what the
    shop has not confirmed yet."""
    order = _tracked_order_or_404(request, signed)
    context = _order_context(order)
    context.update(
        {"cancel_url_name": "orders:order_track_cancel", "url_key": signed, "tracking": True}
    )
    return render(request, "orders/account/order_detail.html", context)


@require_POST
def order_track_cancel(request: HttpRequest, signed: str, shop_order_number: str) -> HttpResponse:
    order = _tracked_order_or_404(request, signed)
    response = _cancel(
        request,
        order,
        shop_order_number,
        actor=request.user,
        order_token=order.token,
        template_context={
            "cancel_url_name": "orders:order_track_cancel",
            "url_key": signed,
            "tracking": True,
        },
    )
    return response or redirect("orders:order_track", signed=signed)
