from django.contrib import admin
from django.core.exceptions import PermissionDenied

from marketplace.permissions import is_ocop_office

from .models import (
    Category,
    ConsignmentTransfer,
    Product,
    ProductVariant,
    SalePoint,
    SalePointMembership,
    Shop,
    ShopMembership,
    Stock,
    StockLocation,
    StockMovement,
)
from .services import membership_admin  # the admin is an interface: it calls services


class ShopMembershipInline(admin.TabularInline):
    model = ShopMembership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Shop)
class ShopAdmin(admin.ModelAdmin):
    list_display = ("name", "producer", "is_active", "cod_remittance", "created_at")
    search_fields = ("name", "producer__name")
    list_filter = ("is_active", "cod_remittance")
    inlines = [ShopMembershipInline]
    raw_id_fields = ("producer",)

    def save_formset(self, request, form, formset, change):
        """Members are added, changed and removed through the service (each change is an
        audit entry); the office and platform admins only."""
        if formset.model is not ShopMembership:
            return super().save_formset(request, form, formset, change)
        if not is_ocop_office(request.user):
            raise PermissionDenied
        instances = formset.save(commit=False)
        for membership in formset.deleted_objects:
            membership_admin.shop_membership_remove(actor=request.user, membership=membership)
        for membership in instances:
            membership_admin.shop_membership_save(actor=request.user, membership=membership)
        return None


@admin.register(SalePoint)
class SalePointAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "district", "is_active")


@admin.register(SalePointMembership)
class SalePointMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "sale_point", "role")
    raw_id_fields = ("user",)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name_vi", "name_en", "slug", "product_group")
    prepopulated_fields = {"slug": ("name_vi",)}


class VariantInline(admin.TabularInline):
    model = ProductVariant
    extra = 0
    readonly_fields = ("sku", "barcode", "price")
    can_delete = False


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    """Read-mostly for platform admins; producers edit through the dashboard."""

    list_display = ("name_vi", "shop", "product_group", "status", "origin_district", "created_at")
    list_filter = ("status", "product_group", "origin_district")
    search_fields = ("name_vi", "name_en", "variants__sku", "variants__barcode")
    list_select_related = ("shop", "product_group", "origin_district")
    raw_id_fields = ("shop", "origin_district", "origin_commune", "category")
    inlines = [VariantInline]


@admin.register(StockLocation)
class StockLocationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "shop", "sale_point")
    list_filter = ("kind",)


@admin.register(Stock)
class StockAdmin(admin.ModelAdmin):
    list_display = ("variant", "location", "shop", "quantity")
    list_select_related = ("variant__product", "location", "shop")
    readonly_fields = ("variant", "location", "shop", "quantity")

    def has_add_permission(self, request):
        return False


@admin.register(StockMovement)
class StockMovementAdmin(admin.ModelAdmin):
    list_display = ("created_at", "stock", "delta", "quantity_after", "reason", "actor")
    list_filter = ("reason",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ConsignmentTransfer)
class ConsignmentTransferAdmin(admin.ModelAdmin):
    list_display = ("pk", "shop", "destination", "status", "created_at")
