"""The address book form: it only parses input; ``orders.services.address_book`` (through
``cart.address_clean``) checks the province, commune, former district and phone, and
its errors are put back on these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import _int_or_none

FIELDS = ("full_name", "phone", "province", "commune", "district", "street")


class AddressBookForm(forms.Form):
    full_name = forms.CharField(
        label=_("Họ tên người nhận"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=32,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "placeholder": "0912 345 678"}
        ),
    )
    province = forms.CharField(label=_("Tỉnh/Thành phố"), required=False)
    commune = forms.CharField(label=_("Phường/Xã"), required=False)
    district = forms.CharField(label=_("Huyện cũ (nếu có)"), required=False)
    street = forms.CharField(
        label=_("Số nhà, đường, thôn"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    make_default = forms.BooleanField(label=_("Đặt làm địa chỉ mặc định"), required=False)

    def address_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        values: dict[str, Any] = {key: data.get(key) for key in FIELDS}
        for key in ("province", "commune", "district"):
            values[key] = _int_or_none(values[key])
        return values

    def add_service_errors(self, exc: Any) -> None:
        items = exc.error_dict.items() if hasattr(exc, "error_dict") else [(None, exc.error_list)]
        for key, errors in items:
            self.add_error(key if key in self.fields else None, errors)
