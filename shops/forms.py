"""Dashboard forms: they parse and render; the services validate again and write."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from marketplace.bounded import BIGINT_MAX, QUANTITY_MAX, WEIGHT_MAX_GRAMS
from marketplace.models import AdministrativeUnit, ProductGroup

from .models import Category, Product, Shop, StockMovement
from .services.stock import ADJUSTMENT_REASONS


class ShopProfileForm(forms.ModelForm):
    class Meta:
        model = Shop
        fields = [
            "name",
            "story",
            "address",
            "phone",
            "email",
            "shipping_policy",
            "returns_policy",
            "logo",
            "banner",
        ]
        widgets = {
            "story": forms.Textarea(attrs={"rows": 6}),
            "shipping_policy": forms.Textarea(attrs={"rows": 3}),
            "returns_policy": forms.Textarea(attrs={"rows": 3}),
        }


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "name_vi",
            "name_en",
            "product_group",
            "category",
            "status",
            "description_vi",
            "description_en",
            "net_quantity",
            "ingredients",
            "shelf_life",
            "storage",
            "origin_district",
            "origin_commune",
        ]
        widgets = {
            "description_vi": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "ingredients": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product_group"].queryset = ProductGroup.objects.filter(
            criteria_version="148/2023"
        )
        self.fields["category"].queryset = Category.objects.all()
        self.fields["origin_district"].queryset = AdministrativeUnit.objects.filter(
            generation="former", level="district"
        )
        self.fields["origin_commune"].queryset = (
            AdministrativeUnit.objects.filter(
                generation="current",
                level="commune",
                predecessors__parent__generation="former",
                predecessors__parent__level="district",
            )
            .distinct()
            .order_by("name")
        )
        self.fields["product_group"].label_from_instance = lambda g: g.name_vi


class VariantForm(forms.Form):
    id = forms.IntegerField(
        required=False, min_value=1, max_value=BIGINT_MAX, widget=forms.HiddenInput
    )
    name = forms.CharField(label=_("Tên phân loại"), max_length=120, required=False)
    sku = forms.CharField(label="SKU", max_length=64)
    barcode = forms.CharField(
        label=_("Mã vạch EAN-13 (để trống: hệ thống cấp)"), max_length=13, required=False
    )
    # lower bounds only as far as bigint: the catalogue service refuses a negative value
    # with its own message
    price = forms.IntegerField(
        label=_("Giá (đ)"), min_value=-BIGINT_MAX, max_value=settings.MONEY_MAX_VND
    )
    compare_at_price = forms.IntegerField(
        label=_("Giá gốc (đ)"),
        required=False,
        min_value=-BIGINT_MAX,
        max_value=settings.MONEY_MAX_VND,
    )
    weight_grams = forms.IntegerField(
        label=_("Khối lượng (g)"),
        required=False,
        initial=0,
        min_value=-BIGINT_MAX,
        max_value=WEIGHT_MAX_GRAMS,
    )
    DELETE = forms.BooleanField(label=_("Xoá"), required=False)


VariantFormSet = forms.formset_factory(VariantForm, extra=1, can_delete=False)


class StockAdjustForm(forms.Form):
    variant = forms.IntegerField(min_value=1, max_value=BIGINT_MAX, widget=forms.HiddenInput)
    location = forms.IntegerField(min_value=1, max_value=BIGINT_MAX, widget=forms.HiddenInput)
    delta = forms.IntegerField(
        label=_("Thay đổi (+/−)"), min_value=-QUANTITY_MAX, max_value=QUANTITY_MAX
    )
    reason = forms.ChoiceField(
        label=_("Lý do"),
        choices=[("", "—")]
        + [(r.value, r.label) for r in StockMovement.Reason if r in ADJUSTMENT_REASONS],
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class CsvImportForm(forms.Form):
    MAX_BYTES = 10 * 1024 * 1024  # far above 5000 rows; the import reads the file into memory

    file = forms.FileField(label=_("Tệp CSV (UTF-8)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa 10 MB). / File too large (10 MB at most)."),
                code="file_too_large",
            )
        return upload
