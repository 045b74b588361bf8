"""The OCOP office's page of suspicious stock holds: unpaid orders holding stock, grouped
by e-mail, phone, shipping address, client address or variant, largest first, and
cancelling one of them (its stock goes back on sale). Login required, then office only
(403 for anyone else)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from marketplace.http import AuthenticatedHttpRequest
from marketplace.views_office import office_view

from ..selectors import holds as holds_selectors
from ..services import holds_office

GROUPING_LABELS = {
    "email": gettext_lazy("Theo e-mail"),
    "phone": gettext_lazy("Theo số điện thoại"),
    "address": gettext_lazy("Theo địa chỉ giao hàng"),
    "ip": gettext_lazy("Theo địa chỉ IP"),
    "variant": gettext_lazy("Theo sản phẩm"),
}


class HoldCancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Lý do huỷ"), max_length=255)


@office_view
def stock_holds(request: AuthenticatedHttpRequest) -> HttpResponse:
    by = request.GET.get("by", "email")
    if by not in holds_selectors.GROUPINGS:
        by = "email"
    now = timezone.now()
    groups = holds_selectors.suspicious_holds(actor=request.user, now=now, by=by)
    return render(
        request,
        "orders/office/stock_holds.html",
        {
            "groups": groups,
            "by": by,
            "groupings": list(GROUPING_LABELS.items()),
            "now": now,
            "cancel_form": HoldCancelForm(),
        },
    )


@office_view
@require_POST
def stock_hold_cancel(request: AuthenticatedHttpRequest, order_id: int) -> HttpResponse:
    order = holds_selectors.access_order_for_office(actor=request.user, order_id=order_id)
    form = HoldCancelForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        holds_office.order_hold_cancel(
            actor=request.user, order=order, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            messages.error(request, f"{order.number}: " + " ".join(errors))
    else:
        messages.success(
            request, _("Đã huỷ đơn %(number)s; hàng được mở bán lại.") % {"number": order.number}
        )
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect(reverse("orders_office:stock_holds"))
