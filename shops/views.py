"""Producer dashboard. Every view resolves the shop through ``access_shop`` (404 for a
shop the user is not a member of) and every object through the shop-scoped selectors."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.bounded import BIGINT_MAX, query_int
from marketplace.errors import Forbidden, NotFound
from marketplace.forms_audit import AuditFilterForm
from marketplace.http import AuthenticatedHttpRequest
from marketplace.models import ProductGroup
from marketplace.permissions import is_ocop_office
from marketplace.selectors_audit import shop_audit_entry_list

from . import selectors
from .forms import CsvImportForm, ProductForm, ShopProfileForm, StockAdjustForm, VariantFormSet
from .models import Product, Shop, StockLocation
from .services import catalogue, csv_io, media, stock
from .thumbnails import thumbnail_url

P = ParamSpec("P")
AUDIT_PER_PAGE = 50


def shop_view(
    view: Callable[Concatenate[AuthenticatedHttpRequest, Shop, P], HttpResponse],
) -> Callable[Concatenate[AuthenticatedHttpRequest, str, P], HttpResponse]:
    """Login required, then the URL's ``shop_slug`` resolved to a shop of the user (404
    otherwise); the view gets ``(request, shop, ...)``."""

    @login_required
    @functools.wraps(view)
    def wrapper(
        request: AuthenticatedHttpRequest, shop_slug: str, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponse:
        try:
            shop = selectors.access_shop(user=request.user, slug=shop_slug)
            return view(request, shop, *args, **kwargs)
        except NotFound as exc:
            raise Http404 from exc

    return wrapper


def _bound(request: HttpRequest) -> tuple[Any, Any]:
    """Form data and files: bound on every POST, even an empty one (``request.POST or
    None`` would leave an empty POST unbound, so it would fail without an error)."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _errors_to_form(form: Any, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def dashboard_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    shops = list(selectors.shops_for_user(user=request.user))
    if len(shops) == 1:
        return redirect("shops:overview", shop_slug=shops[0].slug)
    return render(request, "shops/choose_shop.html", {"shops": shops}, status=200 if shops else 403)


@shop_view
def overview(request: AuthenticatedHttpRequest, shop: Shop) -> HttpResponse:
    products = selectors.dashboard_product_list(shop=shop)
    context = {
        "shop": shop,
        "product_count": products.count(),
        "published_count": products.filter(status=Product.Status.PUBLISHED).count(),
        "out_of_stock": products.filter(stock_total__lte=0).count(),
        "movements": selectors.stock_movements_for_shop(shop=shop, limit=10),
    }
    return render(request, "shops/overview.html", context)


@shop_view
def profile(request: AuthenticatedHttpRequest, shop: Shop) -> HttpResponse:
    form = ShopProfileForm(*_bound(request), instance=shop)
    if request.method == "POST" and form.is_valid():
        try:
            catalogue.shop_profile_update(actor=request.user, shop=shop, data=form.cleaned_data)
            messages.success(request, _("Đã lưu hồ sơ gian hàng."))
            return redirect("shops:profile", shop_slug=shop.slug)
        except Forbidden as exc:
            return render(
                request, "shops/forbidden.html", {"shop": shop, "reason": exc}, status=403
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
    return render(
        request,
        "shops/profile.html",
        {"shop": shop, "form": form},
        status=400 if form.errors else 200,
    )


PER_PAGE_CHOICES = (10, 25, 50, 100)


@shop_view
def product_list(request: AuthenticatedHttpRequest, shop: Shop) -> HttpResponse:
    params = request.GET
    products = selectors.dashboard_product_list(
        shop=shop,
        query=params.get("q", "").strip(),
        status=params.get("status", ""),
        product_group=params.get("group", ""),
        stock=params.get("stock", ""),
        order=params.get("order", "-created_at"),
    )
    try:
        per_page = int(params.get("per_page", 25))
    except ValueError:
        per_page = 25
    per_page = per_page if per_page in PER_PAGE_CHOICES else 25
    page = Paginator(products, per_page).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "shops/product_list.html",
        {
            "shop": shop,
            "page": page,
            "params": params,
            "querystring": query.urlencode(),
            "groups": ProductGroup.objects.filter(criteria_version="148/2023"),
            "statuses": Product.Status.choices,
            "per_page_choices": PER_PAGE_CHOICES,
        },
    )


def _variants_payload(formset) -> tuple[list[dict[str, Any]], list[int]]:
    variants, delete_ids = [], []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or (not data.get("sku") and not data.get("id")):
            continue
        if data.get("DELETE"):
            if data.get("id"):
                delete_ids.append(data["id"])
            continue
        variants.append({k: v for k, v in data.items() if k != "DELETE"})
    return variants, delete_ids


def _product_form_page(
    request: AuthenticatedHttpRequest, shop: Shop, product: Product | None
) -> HttpResponse:
    initial_variants = [
        {
            "id": v.pk,
            "name": v.name,
            "sku": v.sku,
            "barcode": "" if v.barcode_is_internal else v.barcode,
            "price": v.price,
            "compare_at_price": v.compare_at_price,
            "weight_grams": v.weight_grams,
        }
        for v in (product.variants.all() if product else [])
    ]
    data, _files = _bound(request)
    form = ProductForm(data, instance=product)
    formset = VariantFormSet(data, initial=initial_variants, prefix="variants")
    status = 200
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            variants, delete_ids = _variants_payload(formset)
            try:
                saved = catalogue.product_save(
                    actor=request.user,
                    shop=shop,
                    product=product,
                    data=form.cleaned_data,
                    variants=variants,
                    delete_variant_ids=delete_ids,
                )
                messages.success(request, _("Đã lưu sản phẩm."))
                return redirect("shops:product_edit", shop_slug=shop.slug, product_id=saved.pk)
            except ValidationError as exc:
                for key, errors in exc.message_dict.items():
                    if key.startswith("variants-") and key.count("-") >= 2:
                        _prefix, index, field = key.split("-", 2)
                        target = (
                            formset.forms[int(index)] if int(index) < len(formset.forms) else None
                        )
                        if target is not None:
                            target.add_error(field if field in target.fields else None, errors)
                            continue
                    form.add_error(key if key in form.fields else None, errors)
        status = 400
    context = {
        "shop": shop,
        "product": product,
        "form": form,
        "formset": formset,
        "media": product.media.all() if product else [],
        "certificate": selectors.product_current_certificate(product=product) if product else None,
    }
    return render(request, "shops/product_form.html", context, status=status)


@shop_view
def product_create(request: AuthenticatedHttpRequest, shop: Shop) -> HttpResponse:
    return _product_form_page(request, shop, None)


@shop_view
def product_edit(request: AuthenticatedHttpRequest, shop: Shop, product_id: int) -> HttpResponse:
    product = selectors.access_product(shop=shop, product_id=product_id)
    return _product_form_page(request, shop, product)


@shop_view
@require_POST
def product_delete(request: AuthenticatedHttpRequest, shop: Shop, product_id: int) -> HttpResponse:
    product = selectors.access_product(shop=shop, product_id=product_id)
    try:
        catalogue.product_delete(actor=request.user, product=product)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("shops:product_edit", shop_slug=shop.slug, product_id=product.pk)
    messages.success(request, _("Đã xoá sản phẩm."))
    return redirect("shops:product_list", shop_slug=shop.slug)


def _json_error(exc: ValidationError, status: int = 400) -> JsonResponse:
    return JsonResponse(
        {
            "errors": [
                {"field": field, "message": " ".join(msgs)}
                for field, msgs in exc.message_dict.items()
            ]
        },
        status=status,
    )


def _media_json(item) -> dict[str, Any]:
    return {
        "id": item.pk,
        "position": item.position,
        "alt": item.alt,
        "thumbnail": thumbnail_url(item, 256),
        "width": item.width,
        "height": item.height,
    }


@shop_view
@require_POST
def media_upload(request: AuthenticatedHttpRequest, shop: Shop, product_id: int) -> HttpResponse:
    product = selectors.access_product(shop=shop, product_id=product_id)
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse(
            {"errors": [{"field": "image", "message": _("Chưa chọn ảnh.")}]}, status=400
        )
    try:
        item = media.product_media_add(
            actor=request.user, product=product, upload=upload, alt=request.POST.get("alt", "")
        )
    except ValidationError as exc:
        return _json_error(exc)
    return JsonResponse(_media_json(item), status=201)


@shop_view
@require_POST
def media_reorder(request: AuthenticatedHttpRequest, shop: Shop, product_id: int) -> HttpResponse:
    product = selectors.access_product(shop=shop, product_id=product_id)
    try:
        ids = [int(i) for i in json.loads(request.body or b"{}").get("order", [])]
    except (ValueError, TypeError, AttributeError):
        return JsonResponse({"errors": [{"field": "order", "message": "Invalid JSON"}]}, status=400)
    try:
        items = media.product_media_reorder(actor=request.user, product=product, media_ids=ids)
    except ValidationError as exc:
        return _json_error(exc)
    return JsonResponse({"media": [_media_json(i) for i in items]})


@shop_view
@require_POST
def media_delete(request: AuthenticatedHttpRequest, shop: Shop, media_id: int) -> HttpResponse:
    item = selectors.access_media(shop=shop, media_id=media_id)
    product_id = item.product_id
    media.product_media_delete(actor=request.user, media=item)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"deleted": media_id})
    return redirect("shops:product_edit", shop_slug=shop.slug, product_id=product_id)


@shop_view
def stock_list(request: AuthenticatedHttpRequest, shop: Shop) -> HttpResponse:
    locations = list(selectors.shop_locations(shop=shop))
    location = None
    if request.GET.get("location"):
        location_id = query_int(request.GET["location"], minimum=1, maximum=BIGINT_MAX)
        if location_id is None:
            raise Http404
        try:
            location = selectors.access_location(shop=shop, location_id=location_id)
        except NotFound as exc:
            raise Http404 from exc
    stocks = selectors.shop_stock_list(shop=shop, location=location, query=request.GET.get("q", ""))
    page = Paginator(stocks, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "shops/stock_list.html",
        {
            "shop": shop,
            "page": page,
            "locations": locations,
            "location": location,
            "adjust_form": StockAdjustForm(),
            "warehouse": next(
                (loc for loc in locations if loc.kind == StockLocation.Kind.WAREHOUSE), None
            ),
            "all_variants": selectors.shop_variants(shop=shop),
            "movements": selectors.stock_movements_for_shop(shop=shop, limit=20),
        },
    )


@shop_view
@require_POST
def stock_adjust(request: AuthenticatedHttpRequest, shop: Shop) -> HttpResponse:
    form = StockAdjustForm(request.POST)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if not form.is_valid():
        if wants_json:
            return JsonResponse(
                {
                    "errors": [
                        {"field": f, "message": " ".join(map(str, e))}
                        for f, e in form.errors.items()
                    ]
                },
                status=400,
            )
        for field, field_errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else None
            messages.error(request, f"{label or field}: {' '.join(map(str, field_errors))}")
        return redirect(f"{reverse('shops:stock_list', args=[shop.slug])}")
    variant = selectors.access_variant(shop=shop, variant_id=form.cleaned_data["variant"])
    location = selectors.access_location(shop=shop, location_id=form.cleaned_data["location"])
    try:
        result = stock.stock_adjust(
            actor=request.user,
            variant=variant,
            location=location,
            delta=form.cleaned_data["delta"],
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        if wants_json:
            return _json_error(exc)
        for errors in exc.message_dict.values():
            messages.error(request, " ".join(errors))
        return redirect("shops:stock_list", shop_slug=shop.slug)
    if wants_json:
        return JsonResponse({"stock": result.pk, "quantity": result.quantity})
    messages.success(
        request,
        _("Đã cập nhật tồn kho: %(sku)s = %(qty)s") % {"sku": variant.sku, "qty": result.quantity},
    )
    return redirect("shops:stock_list", shop_slug=shop.slug)


@shop_view
def csv_import(request: AuthenticatedHttpRequest, shop: Shop) -> HttpResponse:
    form = CsvImportForm(*_bound(request))
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        report = csv_io.products_import_csv(
            actor=request.user, shop=shop, content=form.cleaned_data["file"].read()
        )
        if report.ok:
            messages.success(request, _("Đã nhập %(n)s dòng.") % {"n": report.rows})
        else:
            status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "shops/csv_import.html",
        {"shop": shop, "form": form, "report": report, "columns": csv_io.COLUMNS},
        status=status,
    )


@shop_view
def csv_export_products(request: AuthenticatedHttpRequest, shop: Shop) -> HttpResponse:
    response = HttpResponse(
        csv_io.products_export_csv(actor=request.user, shop=shop),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{shop.slug}-products.csv"'
    return response


@shop_view
def csv_export_stock(request: AuthenticatedHttpRequest, shop: Shop) -> HttpResponse:
    response = HttpResponse(
        csv_io.stock_export_csv(actor=request.user, shop=shop),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{shop.slug}-stock.csv"'
    return response


@login_required
def after_login(request: HttpRequest) -> HttpResponse:
    """Where a person lands after signing in: their shop's dashboard, the OCOP office's
    pages, or — for buyers — their orders."""
    if selectors.shops_for_user(user=request.user).exists():
        return redirect("shops:dashboard")
    if is_ocop_office(request.user):
        return redirect("orders_office:payout_list")
    return redirect("orders:account_orders")


@shop_view
def shop_audit(request: AuthenticatedHttpRequest, shop: Shop) -> HttpResponse:
    """The shop's audit entries (``marketplace.selectors_audit.shop_audit_entry_list``):
    the owner sees all, staff their own."""
    form = AuditFilterForm(request.GET)
    entries = shop_audit_entry_list(actor=request.user, shop_id=shop.pk, filters=form.filters())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "shops/audit.html",
        {
            "shop": shop,
            "form": form,
            "page": Paginator(entries, AUDIT_PER_PAGE).get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "is_owner": selectors.shop_membership_role(user=request.user, shop=shop) == "owner",
        },
    )
