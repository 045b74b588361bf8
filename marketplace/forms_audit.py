"""The audit log's filter form (office)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AuditAction, AuditFamily
from .selectors_audit import AuditFilters


class AuditFilterForm(forms.Form):
    shop = forms.CharField(label=_("Gian hàng"), required=False, max_length=100)
    actor = forms.CharField(label=_("Người thực hiện"), required=False, max_length=100)
    family = forms.ChoiceField(
        label=_("Nhóm"), required=False, choices=[("", "—"), *AuditFamily.choices]
    )
    action = forms.ChoiceField(
        label=_("Thao tác"), required=False, choices=[("", "—"), *AuditAction.choices]
    )
    date_from = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filters(self) -> AuditFilters:
        """The valid filters (an invalid field is left out)."""
        self.is_valid()
        data = self.cleaned_data
        return AuditFilters(
            shop=data.get("shop") or "",
            actor=data.get("actor") or "",
            family=data.get("family") or "",
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
