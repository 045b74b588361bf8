"""Producer dashboard: the shop's orders (list with filters, detail with the actions of
the current state, packing slip). The shop comes from ``shops.views.shop_view`` (404 for
a shop the user is not in) and each order from ``access_shop_order`` (404 for another
shop's); the services check the actor again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from marketplace.bounded import query_int
from marketplace.errors import Forbidden, NotFound
from marketplace.http import AuthenticatedHttpRequest
from shops.models import Shop, ShopPower
from shops.permissions import member_powers
from shops.views import shop_view

from ..forms_fulfilment import (
    CARRIERS,
    OrderFilterForm,
    ReasonForm,
    RefundForm,
    ReturnForm,
    ShipForm,
)
from ..models import ShopOrder
from ..selectors import fulfilment as fulfilment_selectors
from ..services import fulfilment, payments

PER_PAGE_CHOICES = (25, 50, 100)
#: The power a button needs to be shown (the services check it again); the rest need
#: ``manage_orders``.
ACTION_POWERS = {"mark_paid": ShopPower.MARK_CASH_PAID, "refund": ShopPower.REFUND}


def _shop_order_or_404(shop: Shop, number: str) -> ShopOrder:
    try:
        return fulfilment_selectors.access_shop_order(shop, number)
    except NotFound as exc:
        raise Http404 from exc


@shop_view
def order_list(request: AuthenticatedHttpRequest, shop: Shop) -> HttpResponse:
    form = OrderFilterForm(request.GET or None)
    filters = form.filters() if request.GET else fulfilment_selectors.OrderFilters()
    per_page = query_int(request.GET.get("per_page"), default=PER_PAGE_CHOICES[0])
    per_page = per_page if per_page in PER_PAGE_CHOICES else PER_PAGE_CHOICES[0]
    page = Paginator(fulfilment_selectors.shop_orders_for_shop(shop, filters), per_page).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "orders/dashboard/orders.html",
        {
            "shop": shop,
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "per_page": per_page,
            "per_page_choices": PER_PAGE_CHOICES,
        },
    )


def _detail_context(
    request: AuthenticatedHttpRequest, shop: Shop, shop_order: ShopOrder, **forms: Any
) -> dict[str, Any]:
    roles = fulfilment.actor_roles(request.user, shop_order)
    powers = member_powers(actor=request.user, shop=shop)
    refundable = fulfilment.refundable_amount(shop_order)
    return {
        "shop": shop,
        "so": shop_order,
        "order": shop_order.order,
        "lines": list(shop_order.lines.all()),
        "events": list(fulfilment_selectors.shop_order_events(shop_order)),
        "refunds": list(shop_order.refunds.all()),
        "actions": [
            action
            for action in fulfilment.available_actions(shop_order, roles)
            if ACTION_POWERS.get(action, ShopPower.MANAGE_ORDERS) in powers
        ],
        "refundable": refundable,
        "refund_due": fulfilment.refund_due(shop_order),
        "return_days": settings.ORDER_RETURN_WINDOW_DAYS,
        "ship_form": forms.get("ship_form") or ShipForm(),
        "cancel_form": forms.get("cancel_form") or ReasonForm(),
        "return_form": forms.get("return_form") or ReturnForm(initial={"restock": True}),
        "refund_form": forms.get("refund_form") or RefundForm(initial={"amount": refundable or ""}),
        "carriers": CARRIERS,
    }


@shop_view
def order_detail(request: AuthenticatedHttpRequest, shop: Shop, number: str) -> HttpResponse:
    shop_order = _shop_order_or_404(shop, number)
    return render(
        request, "orders/dashboard/orders_detail.html", _detail_context(request, shop, shop_order)
    )


@shop_view
def packing_slip(request: AuthenticatedHttpRequest, shop: Shop, number: str) -> HttpResponse:
    shop_order = _shop_order_or_404(shop, number)
    return render(
        request,
        "orders/dashboard/orders_packing_slip.html",
        {
            "shop": shop,
            "so": shop_order,
            "order": shop_order.order,
            "lines": list(shop_order.lines.all()),
        },
    )


# --- Actions (POST) ----------------------------------------------------------------------------

#: An action returns its success message, or the invalid forms to show again.
Action = Callable[[AuthenticatedHttpRequest, ShopOrder], tuple[str, dict[str, forms.Form] | None]]


def _confirm(
    request: AuthenticatedHttpRequest, so: ShopOrder
) -> tuple[str, dict[str, forms.Form] | None]:
    fulfilment.shop_order_confirm(actor=request.user, shop_order=so)
    return "Đã xác nhận đơn. / Order confirmed.", None


def _pack(
    request: AuthenticatedHttpRequest, so: ShopOrder
) -> tuple[str, dict[str, forms.Form] | None]:
    fulfilment.shop_order_pack(actor=request.user, shop_order=so)
    return "Đã đóng gói. / Order packed.", None


def _ship(
    request: AuthenticatedHttpRequest, so: ShopOrder
) -> tuple[str, dict[str, forms.Form] | None]:
    form = ShipForm(request.POST)
    if not form.is_valid():
        return "", {"ship_form": form}
    fulfilment.shop_order_ship(
        actor=request.user,
        shop_order=so,
        carrier=form.cleaned_data["carrier"],
        tracking_number=form.cleaned_data["tracking_number"],
    )
    return "Đã giao cho đơn vị vận chuyển. / Order shipped.", None


def _deliver(
    request: AuthenticatedHttpRequest, so: ShopOrder
) -> tuple[str, dict[str, forms.Form] | None]:
    fulfilment.shop_order_deliver(actor=request.user, shop_order=so)
    return "Đã giao hàng. / Order delivered.", None


def _mark_paid(
    request: AuthenticatedHttpRequest, so: ShopOrder
) -> tuple[str, dict[str, forms.Form] | None]:
    fulfilment.shop_order_mark_paid(actor=request.user, shop_order=so)
    return "Đã ghi nhận thu tiền khi giao. / Cash on delivery recorded.", None


def _cancel(
    request: AuthenticatedHttpRequest, so: ShopOrder
) -> tuple[str, dict[str, forms.Form] | None]:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return "", {"cancel_form": form}
    result = fulfilment.shop_order_cancel(
        actor=request.user, shop_order=so, reason=form.cleaned_data["reason"]
    )
    if fulfilment.refund_due(result):
        messages.warning(
            request,
            "Đơn đã huỷ nhưng chưa hoàn tiền được; vui lòng thử hoàn tiền lại. / "
            "Cancelled, but the refund did not go through; please retry the refund.",
        )
    return "Đã huỷ đơn. / Order cancelled.", None


def _return(
    request: AuthenticatedHttpRequest, so: ShopOrder
) -> tuple[str, dict[str, forms.Form] | None]:
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return "", {"return_form": form}
    result = fulfilment.shop_order_return(
        actor=request.user,
        shop_order=so,
        reason=form.cleaned_data["reason"],
        delivery_failed=form.cleaned_data["delivery_failed"],
        restock=form.cleaned_data["restock"],
    )
    if fulfilment.refund_due(result):
        messages.warning(
            request,
            "Đã nhận hàng trả nhưng chưa hoàn tiền được; vui lòng thử lại. / "
            "Return recorded, but the refund did not go through; please retry.",
        )
    return "Đã ghi nhận trả hàng. / Return recorded.", None


def _refund(
    request: AuthenticatedHttpRequest, so: ShopOrder
) -> tuple[str, dict[str, forms.Form] | None]:
    form = RefundForm(request.POST)
    if not form.is_valid():
        return "", {"refund_form": form}
    payments.refund_create(
        actor=request.user,
        shop_order=so,
        amount=form.cleaned_data["amount"],
        reason=form.cleaned_data["reason"],
    )
    return "Đã hoàn tiền. / Refund issued.", None


ACTIONS: dict[str, Action] = {
    "confirm": _confirm,
    "pack": _pack,
    "ship": _ship,
    "deliver": _deliver,
    "mark_paid": _mark_paid,
    "cancel": _cancel,
    "return": _return,
    "refund": _refund,
}
#: The form an action posts, by its context name on the detail page.
FORM_OF_ACTION: dict[str, tuple[str, type[forms.Form]]] = {
    "ship": ("ship_form", ShipForm),
    "cancel": ("cancel_form", ReasonForm),
    "return": ("return_form", ReturnForm),
    "refund": ("refund_form", RefundForm),
}


@shop_view
@require_POST
def order_action(
    request: AuthenticatedHttpRequest, shop: Shop, number: str, action: str
) -> HttpResponse:
    """One POST per action; a service error is shown on the action's form (or as a
    message) on the re-rendered detail page with status 400."""
    shop_order = _shop_order_or_404(shop, number)
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    bad_forms: dict[str, forms.Form] | None
    try:
        message, bad_forms = handler(request, shop_order)
    except NotFound as exc:
        raise Http404 from exc
    except Forbidden as exc:  # a power the member was not granted: the reason, on the page
        messages.error(request, str(exc))
        context = _detail_context(request, shop, _shop_order_or_404(shop, number))
        return render(request, "orders/dashboard/orders_detail.html", context, status=403)
    except ValidationError as exc:
        bad_forms = {}
        if action in FORM_OF_ACTION:
            name, form_class = FORM_OF_ACTION[action]
            bound = form_class(request.POST)
            bound.is_valid()
            bad_forms[name] = bound
        for field, errors in exc.message_dict.items():
            if action in FORM_OF_ACTION and field in bad_forms[FORM_OF_ACTION[action][0]].fields:
                bad_forms[FORM_OF_ACTION[action][0]].add_error(field, errors)
            else:  # a state error: shown as a message, the action's form may be gone
                for error in errors:
                    messages.error(request, error)
    if bad_forms is not None:
        context = _detail_context(request, shop, _shop_order_or_404(shop, number), **bad_forms)
        context["failed_action"] = action
        return render(request, "orders/dashboard/orders_detail.html", context, status=400)
    messages.success(request, message)
    return redirect("orders_dashboard:order_detail", shop_slug=shop.slug, number=number)
