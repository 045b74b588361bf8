"""Producer dashboard: the shop's shipping zones, methods and weight bands. Every view
resolves the shop through ``shops.views.shop_view`` (404 for a shop the user is not a
member of) and every zone or method through the shop-scoped selectors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from marketplace.http import AuthenticatedHttpRequest
from marketplace.models import AdministrativeUnit
from shops.models import Shop
from shops.views import shop_view

from ..models import ShippingMethod, ShippingZone
from ..selectors import shipping as shipping_selectors
from ..services import shipping as services

BAND_EXTRA_ROWS = 3


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: AdministrativeUnit) -> str:  # type: ignore[override]
        return obj.full_name


class ShippingZoneForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Tên vùng / Zone name"), max_length=120)
    provinces = UnitChoiceField(
        label=gettext_lazy("Tỉnh/thành phố (hiện hành) / Provinces (current)"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    districts = UnitChoiceField(
        label=gettext_lazy(
            "Huyện/thị xã/thành phố cũ của Quảng Bình / Former districts of Quảng Bình"
        ),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Không chọn tỉnh và huyện nào: vùng áp dụng cho phần còn lại của Việt Nam. / "
            "No province and no district: the zone covers the rest of Vietnam."
        ),
    )
    is_active = forms.BooleanField(
        label=gettext_lazy("Đang áp dụng / Active"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provinces"].queryset = shipping_selectors.current_provinces()  # type: ignore[attr-defined]
        self.fields["districts"].queryset = shipping_selectors.former_districts()  # type: ignore[attr-defined]


class ShippingMethodForm(forms.Form):
    name_vi = forms.CharField(label=gettext_lazy("Tên (tiếng Việt) / Name (vi)"), max_length=120)
    name_en = forms.CharField(
        label=gettext_lazy("Tên (tiếng Anh) / Name (en)"), max_length=120, required=False
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Cách tính phí / Rate kind"),
        choices=ShippingMethod.Kind.choices,
        widget=forms.RadioSelect,
        initial=ShippingMethod.Kind.FLAT,
    )
    price = forms.IntegerField(
        label=gettext_lazy("Phí đồng giá (đ) / Flat fee (VND)"),
        min_value=0,
        required=False,
        help_text=gettext_lazy("Chỉ dùng cho phí đồng giá. / Flat rate only."),
    )
    free_above = forms.IntegerField(
        label=gettext_lazy("Miễn phí cho đơn từ (đ) / Free above (VND)"),
        min_value=0,
        required=False,
        help_text=gettext_lazy("Để trống nếu không miễn phí. / Leave empty for no free shipping."),
    )
    min_days = forms.IntegerField(
        label=gettext_lazy("Giao sớm nhất (ngày) / Min days"),
        min_value=0,
        max_value=services.MAX_DELIVERY_DAYS,
        initial=1,
    )
    max_days = forms.IntegerField(
        label=gettext_lazy("Giao muộn nhất (ngày) / Max days"),
        min_value=0,
        max_value=services.MAX_DELIVERY_DAYS,
        initial=3,
    )
    is_active = forms.BooleanField(
        label=gettext_lazy("Đang áp dụng / Active"), required=False, initial=True
    )


class WeightBandForm(forms.Form):
    max_grams = forms.IntegerField(
        label=gettext_lazy("Đến (g) / Up to (g)"), min_value=1, required=False
    )
    price = forms.IntegerField(
        label=gettext_lazy("Phí (đ) / Fee (VND)"), min_value=0, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("max_grams") is None) != (data.get("price") is None) and not self.errors:
            raise forms.ValidationError(
                _(
                    "Nhập cả khối lượng và phí của bậc. / Enter both the weight and the fee of a band."
                ),
                code="incomplete",
            )
        return data


WeightBandFormSet = forms.formset_factory(WeightBandForm, extra=0)


def _bound(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _add_errors(form: forms.Form, exc: ValidationError, aliases: dict[str, str]) -> list[str]:
    """Puts service errors on the form's fields; returns those that belong to no field."""
    loose: list[str] = []
    for key, errors in exc.message_dict.items():
        field = aliases.get(key, key)
        if field in form.fields:
            form.add_error(field, errors)
        elif key == NON_FIELD_ERRORS:
            form.add_error(None, errors)
        else:
            loose.extend(errors)
    return loose


@shop_view
def shipping(request: AuthenticatedHttpRequest, shop: Shop) -> HttpResponse:
    zones = list(shipping_selectors.shop_shipping_zones(shop=shop))
    return render(request, "orders/dashboard/shipping.html", {"shop": shop, "zones": zones})


@shop_view
@require_POST
def shipping_defaults(request: AuthenticatedHttpRequest, shop: Shop) -> HttpResponse:
    created = services.shipping_defaults_create(shop, actor=request.user)
    if created:
        messages.success(
            request, _("Đã tạo cấu hình vận chuyển mặc định. / Default shipping created.")
        )
    else:
        messages.info(
            request, _("Gian hàng đã có vùng vận chuyển. / The shop already has shipping zones.")
        )
    return redirect("orders_dashboard:shipping", shop_slug=shop.slug)


def _zone_page(
    request: AuthenticatedHttpRequest, shop: Shop, zone: ShippingZone | None
) -> HttpResponse:
    initial: dict[str, Any] = {"is_active": True}
    if zone is not None:
        initial = {
            "name": zone.name,
            "is_active": zone.is_active,
            "provinces": [u.pk for u in zone.provinces.all()],
            "districts": [u.pk for u in zone.districts.all()],
        }
    form = ShippingZoneForm(_bound(request), initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.shipping_zone_save(
                    actor=request.user,
                    shop=shop,
                    zone=zone,
                    name=data["name"],
                    province_ids=[u.pk for u in data["provinces"]],
                    district_ids=[u.pk for u in data["districts"]],
                    is_active=data["is_active"],
                )
            except ValidationError as exc:
                for message in _add_errors(
                    form, exc, {"province_ids": "provinces", "district_ids": "districts"}
                ):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Đã lưu vùng vận chuyển. / Shipping zone saved."))
                if zone is None:
                    return redirect(
                        "orders_dashboard:shipping_method_create",
                        shop_slug=shop.slug,
                        zone_id=saved.pk,
                    )
                return redirect("orders_dashboard:shipping", shop_slug=shop.slug)
    return render(
        request,
        "orders/dashboard/shipping_zone_form.html",
        {"shop": shop, "zone": zone, "form": form},
        status=400 if form.errors else 200,
    )


@shop_view
def shipping_zone_create(request: AuthenticatedHttpRequest, shop: Shop) -> HttpResponse:
    return _zone_page(request, shop, None)


@shop_view
def shipping_zone_edit(request: AuthenticatedHttpRequest, shop: Shop, zone_id: int) -> HttpResponse:
    return _zone_page(
        request, shop, shipping_selectors.access_shipping_zone(shop=shop, zone_id=zone_id)
    )


@shop_view
@require_POST
def shipping_zone_delete(
    request: AuthenticatedHttpRequest, shop: Shop, zone_id: int
) -> HttpResponse:
    zone = shipping_selectors.access_shipping_zone(shop=shop, zone_id=zone_id)
    services.shipping_zone_delete(actor=request.user, shop=shop, zone=zone)
    messages.success(request, _("Đã xoá vùng vận chuyển. / Shipping zone deleted."))
    return redirect("orders_dashboard:shipping", shop_slug=shop.slug)


def _bands_payload(formset: Any) -> list[tuple[int, int]]:
    return [
        (form.cleaned_data["max_grams"], form.cleaned_data["price"])
        for form in formset.forms
        if form.cleaned_data and form.cleaned_data.get("max_grams") is not None
    ]


def _method_page(
    request: AuthenticatedHttpRequest, shop: Shop, zone: ShippingZone, method: ShippingMethod | None
) -> HttpResponse:
    initial: dict[str, Any] = {
        "kind": ShippingMethod.Kind.FLAT,
        "min_days": 1,
        "max_days": 3,
        "is_active": True,
    }
    band_initial: list[dict[str, Any]] = []
    if method is not None:
        initial = {
            field: getattr(method, field)
            for field in (
                "name_vi",
                "name_en",
                "kind",
                "price",
                "free_above",
                "min_days",
                "max_days",
                "is_active",
            )
        }
        band_initial = [
            {"max_grams": b.max_grams, "price": b.price} for b in method.bands.order_by("max_grams")
        ]
        if method.kind == ShippingMethod.Kind.WEIGHT:
            initial["price"] = None  # the stored price is the lightest band's, not a flat fee
    data = _bound(request)
    form = ShippingMethodForm(data, initial=initial)
    formset = WeightBandFormSet(
        data, prefix="bands", initial=band_initial + [{} for _row in range(BAND_EXTRA_ROWS)]
    )
    band_errors: list[str] = []
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            cleaned = form.cleaned_data
            is_weight = cleaned["kind"] == ShippingMethod.Kind.WEIGHT
            try:
                saved = services.shipping_method_save(
                    actor=request.user,
                    zone=zone,
                    method=method,
                    name_vi=cleaned["name_vi"],
                    name_en=cleaned["name_en"],
                    kind=cleaned["kind"],
                    price=0 if is_weight and cleaned["price"] is None else cleaned["price"],
                    free_above=cleaned["free_above"],
                    min_days=cleaned["min_days"],
                    max_days=cleaned["max_days"],
                    bands=_bands_payload(formset) if is_weight else [],
                    is_active=cleaned["is_active"],
                )
            except ValidationError as exc:
                band_errors = _add_errors(form, exc, {})
            else:
                messages.success(
                    request, _("Đã lưu phương thức vận chuyển. / Shipping method saved.")
                )
                return redirect(
                    "orders_dashboard:shipping_method_edit", shop_slug=shop.slug, method_id=saved.pk
                )
    status = (
        400
        if (form.errors or band_errors or any(formset.errors) or formset.non_form_errors())
        else 200
    )
    return render(
        request,
        "orders/dashboard/shipping_method_form.html",
        {
            "shop": shop,
            "zone": zone,
            "method": method,
            "form": form,
            "formset": formset,
            "band_errors": band_errors,
        },
        status=status,
    )


@shop_view
def shipping_method_create(
    request: AuthenticatedHttpRequest, shop: Shop, zone_id: int
) -> HttpResponse:
    zone = shipping_selectors.access_shipping_zone(shop=shop, zone_id=zone_id)
    return _method_page(request, shop, zone, None)


@shop_view
def shipping_method_edit(
    request: AuthenticatedHttpRequest, shop: Shop, method_id: int
) -> HttpResponse:
    method = shipping_selectors.access_shipping_method(shop=shop, method_id=method_id)
    return _method_page(request, shop, method.zone, method)


@shop_view
@require_POST
def shipping_method_delete(
    request: AuthenticatedHttpRequest, shop: Shop, method_id: int
) -> HttpResponse:
    method = shipping_selectors.access_shipping_method(shop=shop, method_id=method_id)
    services.shipping_method_delete(actor=request.user, shop=shop, method=method)
    messages.success(request, _("Đã xoá phương thức vận chuyển. / Shipping method deleted."))
    return redirect("orders_dashboard:shipping", shop_slug=shop.slug)
