"""Admin for the orders app (shared: each area adds its block with small edits)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from marketplace.models import AdministrativeUnit
from marketplace.permissions import is_ocop_office

from .models import (
    BankTransaction,
    CommissionRule,
    Order,
    Payment,
    ShippingMethod,
    ShippingWeightBand,
    ShippingZone,
    ShopOrder,
    StripeEvent,
)
from .services import ledger as ledger_services

# --- Shipping ---------------------------------------------------------------------------


class ShippingMethodInline(admin.TabularInline):
    model = ShippingMethod
    extra = 0
    fields = (
        "name_vi",
        "name_en",
        "kind",
        "price",
        "free_above",
        "min_days",
        "max_days",
        "is_active",
    )
    show_change_link = True


@admin.register(ShippingZone)
class ShippingZoneAdmin(admin.ModelAdmin):
    list_display = ("name", "shop", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "shop__name")
    raw_id_fields = ("shop",)
    list_select_related = ("shop",)
    filter_horizontal = ("provinces", "districts")
    inlines = [ShippingMethodInline]

    def formfield_for_manytomany(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if db_field.name == "provinces":
            kwargs["queryset"] = AdministrativeUnit.objects.filter(
                generation="current", level="province"
            )
        elif db_field.name == "districts":
            kwargs["queryset"] = AdministrativeUnit.objects.filter(
                generation="former", level="district"
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ShippingWeightBandInline(admin.TabularInline):
    model = ShippingWeightBand
    extra = 0


@admin.register(ShippingMethod)
class ShippingMethodAdmin(admin.ModelAdmin):
    list_display = (
        "name_vi",
        "zone",
        "kind",
        "price",
        "free_above",
        "min_days",
        "max_days",
        "is_active",
    )
    list_filter = ("kind", "is_active")
    search_fields = ("name_vi", "name_en", "zone__name", "zone__shop__name")
    list_select_related = ("zone",)
    raw_id_fields = ("zone",)
    inlines = [ShippingWeightBandInline]


# --- Commission (orders/services/ledger.py) ----------------------------------------------


class CommissionRuleForm(forms.ModelForm):
    def clean(self) -> Any:
        cleaned = super().clean() or {}
        if (
            self.instance.pk is None
            and not cleaned.get("shop")
            and not cleaned.get("product_group")
        ):
            raise forms.ValidationError(
                "Chọn gian hàng và/hoặc nhóm sản phẩm; mức mặc định nằm trong cấu hình. / "
                "Choose a shop and/or a product group; the default rate is a setting."
            )
        return cleaned


@admin.register(CommissionRule)
class CommissionRuleAdmin(admin.ModelAdmin):
    """Office only; saves and deletes go through the ledger services (0..10000 bp, a shop
    and/or a product group). Shop and group are fixed once the rule exists."""

    form = CommissionRuleForm
    list_display = ("shop", "product_group", "rate_bp", "created_at")
    list_filter = ("product_group",)
    search_fields = ("shop__name",)
    list_select_related = ("shop", "product_group")
    raw_id_fields = ("shop",)

    def _office(self, request: Any, obj: Any = None) -> bool:
        return is_ocop_office(request.user)

    has_view_permission = has_change_permission = has_add_permission = has_delete_permission = (
        _office
    )

    def has_module_permission(self, request: Any) -> bool:
        return is_ocop_office(request.user)

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        return ("shop", "product_group") if obj is not None else ()

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        saved = ledger_services.commission_rule_set(
            actor=request.user, shop=obj.shop, product_group=obj.product_group, rate_bp=obj.rate_bp
        )
        obj.pk, obj.created_at = saved.pk, saved.created_at

    def delete_model(self, request: Any, obj: Any) -> None:
        ledger_services.commission_rule_delete(actor=request.user, rule=obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for rule in queryset:
            ledger_services.commission_rule_delete(actor=request.user, rule=rule)


# --- Orders and payments (read-only: every change goes through the services) ------------


class ReadOnlyAdmin(admin.ModelAdmin):
    """Orders, payments and bank transfers are changed only by the services (state
    machine, webhooks); the admin shows them to the platform admin and the office."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return bool(request.user.is_superuser or is_ocop_office(request.user))

    def has_module_permission(self, request: Any) -> bool:
        return self.has_view_permission(request)


class ShopOrderInline(admin.TabularInline):
    model = ShopOrder
    extra = 0
    fields = (
        "number",
        "shop",
        "status",
        "delivery_kind",
        "subtotal",
        "shipping_fee",
        "commission",
        "is_paid",
        "tracking_number",
    )
    readonly_fields = fields
    show_change_link = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = (
        "number",
        "created_at",
        "email",
        "phone",
        "payment_method",
        "status",
        "payment_status",
        "total",
    )
    list_filter = ("status", "payment_status", "payment_method", "channel")
    search_fields = ("number", "email", "phone")
    date_hierarchy = "created_at"
    inlines = [ShopOrderInline]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = (
        "pk",
        "order",
        "method",
        "status",
        "amount",
        "captured_amount",
        "refunded_amount",
        "stripe_payment_intent",
        "created_at",
    )
    list_filter = ("method", "status")
    search_fields = ("order__number", "stripe_payment_intent", "idempotency_key")
    list_select_related = ("order",)


@admin.register(BankTransaction)
class BankTransactionAdmin(ReadOnlyAdmin):
    list_display = (
        "transaction_id",
        "provider",
        "amount",
        "match",
        "needs_review",
        "order",
        "created_at",
    )
    list_filter = ("match", "needs_review", "provider")
    search_fields = ("transaction_id", "content", "order__number")
    list_select_related = ("order",)


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ("event_id", "type", "result", "processed_at", "created_at")
    list_filter = ("type",)
    search_fields = ("event_id",)
