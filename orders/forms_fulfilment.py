"""Forms of the order pages (dashboard and buyer): they parse input only; the
fulfilment and payment services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from marketplace.money import parse_vnd

from .models import ShopOrder
from .selectors.fulfilment import PAYMENT_FILTERS, OrderFilters

CARRIERS = [
    "GHN",
    "GHTK",
    "Viettel Post",
    "VNPost",
    "J&T Express",
    "Ninja Van",
    "BEST Express",
    "SPX Express",
    "Ahamove",
    "Grab Express",
]


class OrderFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Trạng thái / Status",
        required=False,
        choices=[("", "Tất cả / All"), *ShopOrder.Status.choices],
    )
    payment = forms.ChoiceField(
        label="Thanh toán / Payment",
        required=False,
        choices=[("", "Tất cả / All"), *((k, v[0]) for k, v in PAYMENT_FILTERS.items())],
    )
    date_from = forms.DateField(
        label="Từ ngày / From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="Đến ngày / To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(
        label="Mã đơn, SĐT, tên / Number, phone, name", required=False, max_length=100
    )

    def filters(self) -> OrderFilters:
        """The valid filters (an invalid field is ignored, with its error on the form)."""
        data: dict[str, Any] = (
            self.cleaned_data
            if self.is_valid()
            else {
                k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors
            }
        )
        return OrderFilters(
            status=data.get("status") or "",
            payment=data.get("payment") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            q=data.get("q") or "",
        )


class ShipForm(forms.Form):
    carrier = forms.CharField(
        label="Đơn vị vận chuyển / Carrier",
        max_length=60,
        widget=forms.TextInput(attrs={"list": "carriers", "autocomplete": "off"}),
    )
    tracking_number = forms.CharField(label="Mã vận đơn / Tracking number", max_length=60)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Lý do / Reason", max_length=255)


class ReturnForm(ReasonForm):
    delivery_failed = forms.BooleanField(
        label="Giao không thành công (hàng chưa đến tay người mua) / Delivery failed",
        required=False,
    )
    restock = forms.BooleanField(
        label="Nhập lại kho / Put back in stock", required=False, initial=True
    )


class RefundForm(forms.Form):
    amount = forms.CharField(label="Số tiền hoàn (đ) / Amount (VND)", max_length=20)
    reason = forms.CharField(label="Lý do / Reason", max_length=255)

    def clean_amount(self) -> int:
        return parse_vnd(self.cleaned_data["amount"])
