"""The buyer's web cart and one-page checkout (server-rendered, works without
JavaScript), the order confirmation and the card payment page.

The cart is found by the token in the session (``checkout_token``) or, for a signed-in
buyer, as their open cart. Every write is one call of a service the API calls too
(``orders.services.cart``, ``checkout``, ``payments``), which owns its transaction and
locks; prices and totals always come from the catalogue
(``orders.selectors.cart.checkout_summary``), never from the posted form. The order
tokens a session placed are kept in ``order_tokens``: that, or being the signed-in
owner, is what lets a buyer see the confirmation and payment pages
(``orders.selectors.orders.access_order``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from marketplace import ratelimit
from marketplace.errors import NotFound
from marketplace.models import ConsentRecord, User
from marketplace.ratelimit import client_ip

from .. import stripe_gateway
from ..forms import CartAddForm, CartLineForm, CheckoutForm, _int_or_none
from ..models import Address, Checkout, DeliveryKind, Order, PaymentMethod
from ..selectors import address_book as address_book_selectors
from ..selectors import cart as cart_selectors
from ..selectors import checkout as checkout_selectors
from ..selectors import orders as orders_selectors
from ..selectors import payments as payments_selectors
from ..selectors import shipping as shipping_selectors
from ..selectors import units as units_selectors
from ..selectors.checkout import SESSION_CHECKOUT_KEY
from ..services import cart, payments
from ..services.checkout import (
    CheckoutDetailsError,
    checkout_details_update,
    checkout_place,
)
from ..services.privacy import order_consent_record

SESSION_ORDERS_KEY = "order_tokens"
MAX_SESSION_ORDERS = 20


# --- The current cart -----------------------------------------------------------------


def _user(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def current_checkout(request: HttpRequest) -> Checkout | None:
    """The buyer's open cart: the session's token, else (signed in) their most recently
    updated open cart. Keeps the session token in step."""
    user = _user(request)
    checkout = checkout_selectors.checkout_by_token(
        token=request.session.get(SESSION_CHECKOUT_KEY), user=request.user
    )
    if checkout is not None and checkout.completed_order_id:
        checkout = None
    if checkout is None and user is not None:
        checkout = checkout_selectors.open_checkout_for_user(user=user)
    _keep_in_session(request, checkout)
    return checkout


def _keep_in_session(request: HttpRequest, checkout: Checkout | None) -> None:
    if checkout is None:
        request.session.pop(SESSION_CHECKOUT_KEY, None)
    elif request.session.get(SESSION_CHECKOUT_KEY) != str(checkout.token):
        request.session[SESSION_CHECKOUT_KEY] = str(checkout.token)


def _session_orders(request: HttpRequest) -> list[str]:
    return list(request.session.get(SESSION_ORDERS_KEY, []))


def _remember_order(request: HttpRequest, order: Order) -> None:
    tokens = [t for t in _session_orders(request) if t != str(order.token)]
    request.session[SESSION_ORDERS_KEY] = [*tokens, str(order.token)][-MAX_SESSION_ORDERS:]


def _messages(exc: ValidationError) -> list[dict[str, str]]:
    """A service error as ``[{field, message, code}]`` (JSON answers)."""
    items = exc.error_dict.items() if hasattr(exc, "error_dict") else [("__all__", exc.error_list)]
    return [
        {"field": field, "message": message, "code": error.code or "invalid"}
        for field, errors in items
        for error in errors
        for message in error.messages
    ]


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


# --- Cart -----------------------------------------------------------------------------


@require_GET
def cart_view(request: HttpRequest) -> HttpResponse:
    return _render_cart(request, current_checkout(request))


def _render_cart(
    request: HttpRequest,
    checkout: Checkout | None,
    *,
    line_errors: dict[int, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    summary = cart_selectors.checkout_summary(checkout) if checkout is not None else None
    in_cart = (
        {lv.variant.pk for g in summary.groups for lv in g.lines} if summary is not None else set()
    )
    line_errors = line_errors or {}
    return render(
        request,
        "orders/cart.html",
        {
            "summary": summary,
            "line_errors": {k: v for k, v in line_errors.items() if k in in_cart},
            "other_errors": [m for k, v in line_errors.items() if k not in in_cart for m in v],
            "max_quantity": settings.CHECKOUT_MAX_LINE_QUANTITY,
        },
        status=status,
    )


def _safe_next(request: HttpRequest, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("orders:cart")


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    """Adds a variant to the cart (price from the catalogue, never the form). A new cart
    is only created when the line is valid (``cart.cart_add``)."""
    form = CartAddForm(request.POST)
    error: ValidationError | None = None
    checkout = current_checkout(request)
    if form.is_valid():
        try:
            checkout = cart.cart_add(
                user=_user(request),
                checkout=checkout,
                lines=[(form.cleaned_data["variant_id"], form.cleaned_data["quantity"])],
                language_code=(get_language() or "vi")[:8],
            )
        except ValidationError as exc:
            error = exc
    else:
        error = form.service_error()
    if error is not None:
        if _wants_json(request):
            return JsonResponse({"errors": _messages(error)}, status=400)
        for item in _messages(error):
            messages.error(request, item["message"])
        return redirect(_safe_next(request, request.POST.get("next", "")))
    assert checkout is not None
    _keep_in_session(request, checkout)
    summary = cart_selectors.checkout_summary(checkout)
    if _wants_json(request):
        variant_id = form.cleaned_data["variant_id"]
        line_quantity = next(
            (lv.quantity for g in summary.groups for lv in g.lines if lv.variant.pk == variant_id),
            0,
        )
        return JsonResponse(
            {
                "checkout": str(checkout.token),
                "quantity": summary.quantity,
                "subtotal": summary.subtotal,
                "line": {"variant_id": variant_id, "quantity": line_quantity},
            }
        )
    messages.success(request, _("Đã thêm vào giỏ hàng."))
    return redirect(_safe_next(request, form.cleaned_data.get("next") or ""))


@require_POST
def cart_line_update(request: HttpRequest, variant_id: int) -> HttpResponse:
    """Sets a line's quantity (0 removes it); errors are shown next to the line."""
    checkout = current_checkout(request)
    if checkout is None:
        raise Http404
    form = CartLineForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(
                {"quantity": [ValidationError(m) for m in form.errors.get("quantity", [])]}
            )
        cart.checkout_line_set(
            checkout=checkout, variant_id=variant_id, quantity=form.cleaned_data["quantity"]
        )
    except ValidationError as exc:
        return _render_cart(
            request,
            checkout,
            line_errors={variant_id: [m["message"] for m in _messages(exc)]},
            status=400,
        )
    messages.success(request, _("Đã cập nhật giỏ hàng."))
    return redirect("orders:cart")


@require_POST
def cart_line_remove(request: HttpRequest, variant_id: int) -> HttpResponse:
    checkout = current_checkout(request)
    if checkout is None:
        raise Http404
    try:
        cart.checkout_line_delete(checkout=checkout, variant_id=variant_id)
    except ValidationError as exc:
        return _render_cart(
            request,
            checkout,
            line_errors={variant_id: [m["message"] for m in _messages(exc)]},
            status=400,
        )
    messages.success(request, _("Đã xoá sản phẩm khỏi giỏ."))
    return redirect("orders:cart")


# --- Address pickers --------------------------------------------------------------------


@require_GET
def communes_json(request: HttpRequest) -> JsonResponse:
    """``?province=<id>`` → the province's current communes (with the former districts
    each came from) and those former districts, for the dependent selects."""
    raw = request.GET.get("province", "")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return JsonResponse(
            {
                "errors": [
                    {"field": "province", "code": "invalid", "message": _("Mã tỉnh không hợp lệ.")}
                ]
            },
            status=400,
        )
    data = units_selectors.province_communes(int(raw))
    if data is None:
        return JsonResponse(
            {
                "errors": [
                    {
                        "field": "province",
                        "code": "not_found",
                        "message": _("Không tìm thấy tỉnh/thành."),
                    }
                ]
            },
            status=404,
        )
    response = JsonResponse(
        {
            "province": {"id": data.province.pk, "name": data.province.full_name},
            "communes": [
                {"id": c.id, "name": c.name, "districts": c.districts} for c in data.communes
            ],
            "districts": [{"id": d.pk, "name": d.full_name} for d in data.districts],
        }
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


# --- Checkout page ----------------------------------------------------------------------


def _address_initial(address: Address | None) -> dict[str, Any]:
    if address is None:
        return {}
    return {
        "ship_full_name": address.full_name,
        "ship_phone": address.phone,
        "ship_province": address.province_id,
        "ship_commune": address.commune_id,
        "ship_district": address.district_id or "",
        "ship_street": address.street,
    }


def _chosen_book_address(request: HttpRequest) -> Address | None:
    """``?use_address=<id>``: one of the signed-in buyer's saved addresses to fill the
    address section with (nothing is saved until the buyer posts the page)."""
    raw = request.GET.get("use_address")
    if not raw or _user(request) is None:
        return None
    try:
        return address_book_selectors.access_address_book_entry(user=request.user, address_id=raw)
    except NotFound:
        return None


def _initial(
    request: HttpRequest,
    checkout: Checkout,
    summary: cart_selectors.CheckoutSummary,
    methods: list[str],
    cod_ok: bool,
) -> dict[str, Any]:
    user = _user(request)
    initial: dict[str, Any] = {
        "email": checkout.email or (user.email if user is not None else ""),
        "phone": checkout.phone or (user.phone if user is not None else ""),
        "note": checkout.note,
    }
    address = _chosen_book_address(request) or checkout.shipping_address
    if address is None and user is not None:
        address = Address.objects.filter(user=user, is_default=True).order_by("-pk").first()
    initial.update(_address_initial(address))
    method = checkout.payment_method
    if not method:
        method = PaymentMethod.COD.value if cod_ok and PaymentMethod.COD.value in methods else ""
    initial["payment_method"] = method
    for group in summary.groups:
        delivery = group.delivery
        if delivery is not None:
            ident = (
                delivery.shipping_method_id
                if delivery.kind == DeliveryKind.SHIPPING
                else delivery.sale_point_id
            )
            initial[f"delivery_{group.shop.pk}"] = f"{delivery.kind}:{ident}"
    return initial


def _delivery_choices(
    summary: cart_selectors.CheckoutSummary, form: CheckoutForm
) -> list[dict[str, Any]]:
    """Per shop: its lines' delivery choices (shipping options for the address, pickup at
    sale points holding all its lines), which one is selected and its errors."""
    sections = []
    for group in summary.groups:
        name = f"delivery_{group.shop.pk}"
        selected = str(form[name].value() or "")
        choices = [
            {
                "value": f"{DeliveryKind.SHIPPING}:{o.method_id}",
                "kind": "shipping",
                "name_vi": o.name_vi,
                "name_en": o.name_en,
                "fee": o.price,
                "min_days": o.min_days,
                "max_days": o.max_days,
            }
            for o in group.shipping_options
        ]
        points = shipping_selectors.pickup_points(
            shop_id=group.shop.pk, lines=[(lv.variant.pk, lv.quantity) for lv in group.lines]
        )
        choices += [
            {
                "value": f"{DeliveryKind.PICKUP}:{p.pk}",
                "kind": "pickup",
                "name_vi": p.name,
                "name_en": "",
                "address": p.address,
                "phone": p.phone,
                "fee": 0,
            }
            for p in points
        ]
        for choice in choices:
            choice["checked"] = choice["value"] == selected
        sections.append(
            {"group": group, "field": name, "choices": choices, "errors": form[name].errors}
        )
    return sections


def _error_summary(form: CheckoutForm, deliveries: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Every field error as ``{anchor, label, message}`` in page order, for the list of
    links at the top of the page (the first one is where the focus goes)."""
    shop_names = {d["field"]: d["group"].shop.name for d in deliveries}
    items = []
    for bound in form:
        for message in bound.errors:
            if bound.name in shop_names:
                label = _("Nhận hàng — %(shop)s") % {"shop": shop_names[bound.name]}
                anchor = bound.name
            elif bound.name == "payment_method":
                label, anchor = str(bound.label), "payment_method"
            else:
                label, anchor = str(bound.label or bound.name), bound.auto_id or bound.name
            items.append({"anchor": anchor, "label": label, "message": str(message)})
    return items


def _render_checkout(
    request: HttpRequest,
    checkout: Checkout,
    form: CheckoutForm | None = None,
    *,
    loose: list[str] | None = None,
    status: int = 200,
    notice: str = "",
) -> HttpResponse:
    summary = cart_selectors.checkout_summary(checkout)
    methods = cart.payment_methods_available()
    cod_ok, cod_message = payments_selectors.cod_allowed(phone=checkout.phone, total=summary.total)
    if form is None:
        form = CheckoutForm(
            initial=_initial(request, checkout, summary, methods, cod_ok),
            shop_ids=[g.shop.pk for g in summary.groups],
        )
    province_id = _int_or_none(form["ship_province"].value())
    province_data = units_selectors.province_communes(province_id)
    deliveries = _delivery_choices(summary, form)
    return render(
        request,
        "orders/checkout.html",
        {
            "checkout": checkout,
            "summary": summary,
            "form": form,
            "loose_errors": loose or [],
            "notice": notice,
            "deliveries": deliveries,
            "error_summary": _error_summary(form, deliveries),
            "saved_addresses": list(address_book_selectors.address_book(user=request.user)),
            "use_address": request.GET.get("use_address", ""),
            "payment_methods": [
                {
                    "value": m,
                    "label": PaymentMethod(m).label,
                    "disabled": m == PaymentMethod.COD and not cod_ok,
                }
                for m in methods
            ],
            "cod_ok": cod_ok,
            "cod_message": cod_message,
            "provinces": units_selectors.provinces(),
            "province_data": province_data,
            "selected": {
                key: str(form[f"ship_{key}"].value() or "")
                for key in ("province", "commune", "district")
            },
            "selected_payment": str(form["payment_method"].value() or ""),
        },
        status=status,
    )


def _order_next_url(order: Order) -> str:
    """Where a just-placed order goes: card → the card page, bank transfer → the VietQR
    page when it exists, otherwise (COD) → the confirmation."""
    confirmation = reverse("orders:checkout_confirmation", kwargs={"token": order.token})
    if order.status != Order.Status.UNCONFIRMED:
        return confirmation
    if order.payment_method == PaymentMethod.CARD:
        return reverse("orders:order_pay_card", kwargs={"token": order.token})
    if order.payment_method == PaymentMethod.VIETQR:
        return vietqr_url(order) or confirmation
    return confirmation


def vietqr_url(order: Order) -> str | None:
    """``/orders/<token>/pay/`` when the VietQR payment page is installed (another
    module adds that route), else ``None``."""
    path = f"/orders/{order.token}/pay/"
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return path if match.namespace == "orders" else None


@never_cache
@require_http_methods(["GET", "POST"])
def checkout_view(request: HttpRequest) -> HttpResponse:
    """One page in sections (contact, address, delivery per shop, payment, note, review).
    Each section's button saves the whole page and shows it again (no JavaScript
    needed); "Đặt hàng / Place order" saves it, checks the total the buyer saw and
    completes the checkout."""
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    if action == "place":
        placed = _already_placed(request)
        if placed is not None:
            return redirect(_order_next_url(placed))
    checkout = current_checkout(request)
    if checkout is None or not checkout.lines.exists():
        messages.info(request, _("Giỏ hàng đang trống."))
        return redirect("orders:cart")
    if request.method == "GET":
        return _render_checkout(request, checkout)

    shop_ids = list(checkout.lines.values_list("variant__product__shop_id", flat=True).distinct())
    form = CheckoutForm(request.POST, shop_ids=shop_ids)
    if not form.is_valid():
        return _render_checkout(request, checkout, form, status=400)
    if action == "refresh":  # no JavaScript: the province changed, show its communes
        return _render_checkout(request, checkout, form)
    if action == "place" and not form.privacy_consent_given():
        return _render_checkout(request, checkout, form, status=400)
    try:
        if action == "place":
            order = checkout_place(
                checkout=checkout,
                user=_user(request),
                details=form.details(),
                expected_total=form.shown_total(),
                client_ip=ratelimit.client_ip(request.META),
            )
        else:
            checkout_details_update(checkout=checkout, details=form.details())
    except CheckoutDetailsError as exc:
        loose = form.add_details_errors(exc)
        return _render_checkout(request, checkout, form, loose=loose, status=400)
    except ValidationError as exc:
        if "total_changed" in _codes(exc):
            return _render_checkout(
                request,
                checkout,
                notice=_("Tổng tiền đã được cập nhật. Vui lòng kiểm tra lại rồi bấm “Đặt hàng”."),
            )
        loose = form.add_service_errors(exc)
        checkout.refresh_from_db()
        return _render_checkout(request, checkout, form, loose=loose, status=400)
    except stripe_gateway.StripeUnavailable as exc:
        checkout.refresh_from_db()
        return _render_checkout(request, checkout, form, loose=[str(exc)], status=503)
    if action != "place":
        messages.success(request, _("Đã lưu."))
        return redirect(
            reverse("orders:checkout") + "#" + _next_section(action.removeprefix("save-"))
        )
    order_consent_record(
        order=order,
        source=ConsentRecord.Source.CHECKOUT_FORM,
        ip=client_ip(request.META),
        user_agent=request.headers.get("user-agent", ""),
    )
    _remember_order(request, order)
    return redirect(_order_next_url(order))


def _codes(exc: ValidationError) -> set[str | None]:
    return {e.code for errors in getattr(exc, "error_dict", {}).values() for e in errors}


def _already_placed(request: HttpRequest) -> Order | None:
    """A second "Place order" (double click, back button) for a cart this session
    already turned into an order: that order."""
    checkout = checkout_selectors.checkout_by_token(
        token=request.session.get(SESSION_CHECKOUT_KEY), user=request.user, include_completed=True
    )
    if checkout is None or not checkout.completed_order_id:
        return None
    try:
        # only this session's own order: a second click, not the signed-in owner elsewhere
        return orders_selectors.access_order(
            actor=None,
            order_id=checkout.completed_order_id,
            guest_tokens=_session_orders(request),
            related=None,
        )
    except NotFound:
        return None


SECTIONS = ("contact", "address", "delivery", "payment", "review")


def _next_section(section: str) -> str:
    if section in SECTIONS[:-1]:
        return SECTIONS[SECTIONS.index(section) + 1]
    return "review"


# --- After placing ----------------------------------------------------------------------


def _buyer_order(request: HttpRequest, token: Any) -> Order:
    """The order for its buyer: the signed-in owner or the session that placed it."""
    try:
        return orders_selectors.access_order(
            actor=request.user, token=token, guest_tokens=_session_orders(request)
        )
    except NotFound as exc:
        raise Http404(_("Không tìm thấy đơn hàng.")) from exc


@never_cache
@require_GET
def checkout_confirmation(request: HttpRequest, token: Any) -> HttpResponse:
    order = _buyer_order(request, token)
    awaiting = order.status == Order.Status.UNCONFIRMED and order.amount_paid < order.total
    response = render(
        request,
        "orders/confirmation.html",
        {
            "order": order,
            "shop_orders": list(order.shop_orders.all()),
            "awaiting_payment": awaiting,
            "pay_url": (
                reverse("orders:order_pay_card", kwargs={"token": order.token})
                if order.payment_method == PaymentMethod.CARD
                else vietqr_url(order)
            )
            if awaiting
            else None,
            "returned_from_card": request.GET.get("redirect_status", ""),
        },
    )
    if awaiting and order.payment_method == PaymentMethod.CARD:
        response["Refresh"] = "15"  # until the Stripe webhook marks it paid; no JavaScript needed
    return response


@never_cache
@require_GET
def order_pay_card(request: HttpRequest, token: Any) -> HttpResponse:
    """Stripe's Payment Element for what the order still owes; Stripe returns the buyer
    to the confirmation page, which shows "awaiting payment" until the webhook arrives."""
    order = _buyer_order(request, token)
    confirmation = reverse("orders:checkout_confirmation", kwargs={"token": order.token})
    if order.payment_method != PaymentMethod.CARD:
        raise Http404
    error = ""
    payment = None
    try:
        payment = payments.order_payment_start(order=order)
    except ValidationError:
        return redirect(confirmation)
    except stripe_gateway.StripeUnavailable as exc:
        error = str(exc)
    return render(
        request,
        "orders/pay_card.html",
        {
            "order": order,
            "payment": payment,
            "error": error,
            "client_secret": payment.client_secret if payment is not None else "",
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "return_url": request.build_absolute_uri(confirmation),
            "confirmation_url": confirmation,
        },
        status=503 if error else 200,
    )
