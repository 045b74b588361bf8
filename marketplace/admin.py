"""Django admin for the OCOP office and platform admins. Writes that carry rules go
through the services (approval creates the shop; certificates derive validity)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from shops.services import onboarding  # the admin is an interface: it may call any app's services

from . import services, services_roles
from .models import (
    AdministrativeUnit,
    AuditEntry,
    ConsentRecord,
    OcopCertificate,
    Producer,
    ProducerDocument,
    ProductGroup,
    User,
)
from .permissions import is_ocop_office
from .services_tokens import user_tokens_revoke


class RevokingPasswordChangeForm(AdminPasswordChangeForm):
    """The admin's "change password": every API token of the user stops working too."""

    def save(self, commit: bool = True):  # type: ignore[no-untyped-def]
        user = super().save(commit=commit)
        if commit:
            user_tokens_revoke(user=user)
        return user


@admin.register(User)
class OcopUserAdmin(UserAdmin):
    change_password_form = RevokingPasswordChangeForm
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("OCOP", {"fields": ("full_name", "phone", "is_ocop_office", "marketing_role")}),
    )
    list_display = (
        "username",
        "email",
        "full_name",
        "is_ocop_office",
        "marketing_role",
        "is_staff",
    )
    list_filter = ("is_ocop_office", "marketing_role", "is_staff", "is_superuser")
    search_fields = ("username", "email", "full_name", "phone")

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        services_roles.user_admin_save(actor=request.user, user=obj)  # role changes audited
        if change and "is_active" in form.changed_data and not obj.is_active:
            user_tokens_revoke(user=obj)  # a deactivated account's tokens die with it


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    """Proof of consent (Decree 13/2023/NĐ-CP): read-only, never edited or deleted here."""

    list_display = ("created_at", "purpose", "granted", "source", "notice_version", "order_number")
    list_filter = ("purpose", "granted", "source", "notice_version")
    search_fields = ("=order_number", "=subject_digest")
    raw_id_fields = ("user",)

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ("full_name", "code", "level", "generation", "parent", "successor")
    list_filter = ("generation", "level")
    search_fields = ("name", "full_name", "code")
    list_select_related = ("parent", "successor")
    raw_id_fields = ("parent", "successor")


@admin.register(ProductGroup)
class ProductGroupAdmin(admin.ModelAdmin):
    list_display = ("name_vi", "name_en", "criteria_version", "code")
    list_filter = ("criteria_version",)


class ProducerDocumentInline(admin.TabularInline):
    """Documents are read through the permission-checked download view, never the
    storage's URL (they are private)."""

    model = ProducerDocument
    extra = 0
    fields = ("kind", "content_type", "uploaded_at", "download")
    readonly_fields = ("kind", "content_type", "uploaded_at", "download")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Tải về"))
    def download(self, document: ProducerDocument) -> str:
        url = reverse("producer_document", args=[document.pk])
        return format_html('<a href="{}">{}</a>', url, _("Tải về"))


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ("name", "legal_type", "tax_code", "district", "status", "created_at")
    list_filter = ("status", "legal_type", "district")
    search_fields = ("name", "tax_code", "registration_number")
    list_select_related = ("district",)
    raw_id_fields = ("commune", "applicant", "decided_by")
    readonly_fields = ("status", "decided_by", "decided_at")
    inlines = [ProducerDocumentInline]
    actions = ["approve", "suspend"]

    def has_change_permission(self, request, obj=None):
        return is_ocop_office(request.user)

    def has_view_permission(self, request, obj=None):
        return is_ocop_office(request.user)

    def has_module_permission(self, request):
        return is_ocop_office(request.user)

    def has_add_permission(self, request):
        return is_ocop_office(request.user)

    @admin.action(description="Duyệt hồ sơ (tạo gian hàng) / Approve (creates the shop)")
    def approve(self, request, queryset):
        for producer in queryset:
            onboarding.producer_approve(actor=request.user, producer=producer)
        messages.success(request, f"{queryset.count()} approved")

    @admin.action(description="Tạm ngừng / Suspend")
    def suspend(self, request, queryset):
        for producer in queryset:
            onboarding.producer_suspend(actor=request.user, producer=producer, note="admin")

    def save_model(self, request, obj, form, change):
        services.producer_save(actor=request.user, producer=obj)


class OcopCertificateForm(forms.ModelForm):
    """Shows the service's rules (star/score bands, group version, the producer's own
    products) as field errors instead of failing on save."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("producer") is None:
            return cleaned
        draft = OcopCertificate(
            **{
                f: cleaned.get(f)
                for f in ("producer", "product_group", "stars", "score", "criteria_version")
            }
        )
        try:
            services._validate_certificate(draft, list(cleaned.get("products") or []))
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                if field not in self.errors:
                    self.add_error(field, errors)
        return cleaned


@admin.register(OcopCertificate)
class OcopCertificateAdmin(admin.ModelAdmin):
    form = OcopCertificateForm
    list_display = (
        "decision_number",
        "product_name",
        "producer",
        "stars",
        "score",
        "decision_date",
        "valid_until",
        "issuing_level",
        "revoked_at",
    )
    list_filter = ("stars", "issuing_level", "criteria_version")
    search_fields = ("decision_number", "product_name", "producer__name")
    list_select_related = ("producer",)
    raw_id_fields = ("producer",)
    filter_horizontal = ("products",)
    readonly_fields = ("valid_until", "created_by", "revoked_at")

    def _office(self, request, obj=None):
        return is_ocop_office(request.user)

    has_view_permission = has_change_permission = has_add_permission = has_delete_permission = (
        _office
    )

    def has_module_permission(self, request):
        return is_ocop_office(request.user)

    def save_model(self, request, obj, form, change):
        if change:
            services.certificate_update(actor=request.user, certificate=obj)
            return
        data = {
            f: form.cleaned_data[f]
            for f in (
                "product_group",
                "product_name",
                "stars",
                "score",
                "criteria_version",
                "decision_number",
                "decision_date",
                "issuing_level",
                "issuing_body",
            )
            if f in form.cleaned_data
        }
        try:
            cert = services.certificate_issue(
                actor=request.user,
                producer=form.cleaned_data["producer"],
                products=list(form.cleaned_data.get("products") or []),
                data=data,
                evidence=form.cleaned_data.get("evidence"),
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
            raise
        obj.pk = cert.pk
        obj.valid_until = cert.valid_until

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read only, for the office and platform admins: the log is append-only (no add,
    change or delete here; the database refuses them too)."""

    list_display = (
        "created_at",
        "actor_label",
        "actor_role",
        "action",
        "shop_label",
        "target_label",
        "ip",
    )
    list_filter = ("action", "actor_role")
    search_fields = ("actor_label", "target_label", "shop_label", "request_id")
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in AuditEntry._meta.fields]
    actions = None

    def has_view_permission(self, request, obj=None):
        return is_ocop_office(request.user)

    def has_module_permission(self, request):
        return is_ocop_office(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
