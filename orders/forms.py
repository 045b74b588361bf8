"""Buyer web forms for the cart and the checkout page. They only parse input (types,
required fields, a quantity a line can have); every business rule — stock, addresses,
phones, shipping methods, payment methods — is checked by ``orders.services.cart`` /
``delivery`` / ``checkout`` and the errors they raise are put back on these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from marketplace.bounded import BIGINT_MAX, query_int

from .services.checkout import CheckoutDetails, CheckoutDetailsError

# Service error keys of the address (``cart.address_clean``) → checkout form fields.
ADDRESS_FIELDS = ("full_name", "phone", "province", "commune", "district", "street")
# Errors of ``checkout_complete`` about a whole section → the field they are shown on.
SERVICE_ALIASES = {"shipping_address": "ship_full_name"}


class CartAddForm(forms.Form):
    variant_id = forms.IntegerField(
        min_value=1,
        max_value=BIGINT_MAX,
        error_messages={
            "required": _("Chưa chọn sản phẩm."),
            "invalid": _("Sản phẩm không hợp lệ."),
        },
    )
    quantity = forms.IntegerField(
        required=False,
        initial=1,
        error_messages={
            "invalid": _("Số lượng phải là số nguyên."),
        },
    )
    next = forms.CharField(required=False)

    def clean_quantity(self) -> int:
        """1 by default; a line holds 1 to ``CHECKOUT_MAX_LINE_QUANTITY`` (the storefront's
        wording of the cart's rule, code ``invalid_quantity`` as the cart service says)."""
        quantity = self.cleaned_data.get("quantity")
        quantity = 1 if quantity is None else quantity
        maximum = settings.CHECKOUT_MAX_LINE_QUANTITY
        if not 1 <= quantity <= maximum:
            raise ValidationError(
                f"Số lượng phải từ 1 đến {maximum}. / Quantity must be 1–{maximum}.",
                code="invalid_quantity",
            )
        return quantity

    def service_error(self) -> ValidationError:
        """The form's errors shaped like a service's: ``invalid`` for what is not a
        number or missing, the quantity rule's own code."""
        return ValidationError(
            {
                field: [
                    ValidationError(
                        message,
                        code="invalid_quantity" if error.code == "invalid_quantity" else "invalid",
                    )
                    for error in errors
                    for message in error.messages
                ]
                for field, errors in self.errors.as_data().items()
            }
        )


class CartLineForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("Số lượng"),
        min_value=0,  # 0 removes the line
        max_value=settings.CHECKOUT_MAX_LINE_QUANTITY,
        error_messages={
            "required": _("Nhập số lượng."),
            "invalid": _("Số lượng phải là số nguyên."),
            "max_value": _("Số lượng quá lớn."),
        },
    )


def _int_or_none(value: Any) -> int | None:
    """A submitted id: ``None`` when blank, an int when numeric; anything else (letters,
    a number past any id) is kept as a non-existent id (``0``) so the service reports it
    as unknown."""
    if value in (None, ""):
        return None
    return query_int(value, minimum=-BIGINT_MAX, maximum=BIGINT_MAX, default=0)


class CheckoutForm(forms.Form):
    """Every section of the one-page checkout. Delivery fields are added per shop of the
    cart: ``delivery_<shop id>`` = ``shipping:<method id>`` or ``pickup:<sale point id>``."""

    email = forms.CharField(
        label=_("Email"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        max_length=32,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "placeholder": "0912 345 678"}
        ),
    )
    ship_full_name = forms.CharField(
        label=_("Họ tên người nhận"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    ship_phone = forms.CharField(
        label=_("Điện thoại người nhận"),
        required=False,
        max_length=32,
        help_text=_("Để trống: dùng số liên hệ ở trên."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    ship_province = forms.CharField(label=_("Tỉnh/Thành phố"), required=False)
    ship_commune = forms.CharField(label=_("Phường/Xã"), required=False)
    ship_district = forms.CharField(label=_("Huyện cũ (nếu có)"), required=False)
    ship_street = forms.CharField(
        label=_("Số nhà, đường, thôn"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    payment_method = forms.CharField(label=_("Thanh toán"), required=False)
    note = forms.CharField(
        label=_("Ghi chú cho người bán"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # The total the buyer was shown; "Place order" stops if the real total differs. A
    # guard only: what is charged is always computed from the catalogue.
    expected_total = forms.CharField(required=False, widget=forms.HiddenInput)
    # Decree 13/2023/NĐ-CP: "Place order" needs this box ticked (saving a section does
    # not); the consent goes on record with the order (orders.services.privacy)
    privacy_consent = forms.BooleanField(
        label=_("Tôi đã đọc và đồng ý với Thông báo bảo vệ dữ liệu cá nhân"), required=False
    )

    def __init__(
        self, *args: Any, shop_ids: list[int] | tuple[int, ...] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for shop_id in shop_ids:
            self.fields[f"delivery_{shop_id}"] = forms.CharField(required=False)

    # --- what the view passes to the services ---------------------------------------

    def address_data(self) -> dict[str, Any] | None:
        """The address for ``cart.address_clean``, or ``None`` when the buyer left every
        address field blank (pickup-only orders need none)."""
        data = self.cleaned_data
        values = {key: data.get(f"ship_{key}") for key in ADDRESS_FIELDS}
        if not any(str(v or "").strip() for k, v in values.items() if k != "phone"):
            return None
        for key in ("province", "commune", "district"):
            values[key] = _int_or_none(values[key])
        if not str(values["phone"] or "").strip():
            values["phone"] = data.get("phone") or ""
        return values

    def deliveries(self) -> dict[int, tuple[str, int | None]]:
        """Per shop id: (kind, shipping method or sale point id) for every shop with a choice."""
        chosen: dict[int, tuple[str, int | None]] = {}
        for name, value in self.cleaned_data.items():
            if not name.startswith("delivery_") or not value:
                continue
            kind, _sep, raw_id = str(value).partition(":")
            chosen[int(name.removeprefix("delivery_"))] = (kind, _int_or_none(raw_id))
        return chosen

    def details(self) -> CheckoutDetails:
        """The page's sections for ``checkout_details_update`` / ``checkout_place``."""
        data = self.cleaned_data
        return CheckoutDetails(
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            shipping_address=self.address_data(),
            deliveries=self.deliveries(),
            payment_method=data.get("payment_method") or "",
            note=data.get("note") or "",
        )

    def privacy_consent_given(self) -> bool:
        """Whether the buyer ticked the privacy box; if not, the field says so."""
        if self.cleaned_data.get("privacy_consent"):
            return True
        self.add_error(
            "privacy_consent",
            forms.ValidationError(
                _("Vui lòng đồng ý với Thông báo bảo vệ dữ liệu cá nhân để đặt hàng."),
                code="required",
            ),
        )
        return False

    def shown_total(self) -> int | None:
        """The total the buyer was shown (``None`` when missing or not a number)."""
        try:
            return int(str(self.cleaned_data.get("expected_total")).strip())
        except (TypeError, ValueError):
            return None

    def add_details_errors(self, exc: CheckoutDetailsError) -> list[str]:
        """Puts each refused section's errors on its fields (the address's on the
        ``ship_`` fields, a shop's delivery on that shop's field); returns the messages
        that belong to no field."""
        loose: list[str] = []
        for refused in exc.sections:
            if refused.section == "address":
                loose.extend(self.add_service_errors(refused.error, prefix="ship_"))
            elif refused.section == "delivery":
                loose.extend(
                    self.add_service_errors(refused.error, target=f"delivery_{refused.shop_id}")
                )
            else:
                loose.extend(self.add_service_errors(refused.error))
        return loose

    def add_service_errors(
        self, exc: ValidationError, *, prefix: str = "", target: str | None = None
    ) -> list[str]:
        """Puts a service's errors on the form: on ``target`` when given, else on the
        field named by the error key (``prefix`` maps e.g. ``commune`` → ``ship_commune``);
        a delivery error naming a shop goes on that shop's field. Returns the messages
        that belong to no field (shown at the top of the page)."""
        loose: list[str] = []
        for key, errors in _error_items(exc):
            for error in errors:
                params = error.params if isinstance(error.params, dict) else {}
                field = target or SERVICE_ALIASES.get(key, f"{prefix}{key}")
                if key == "delivery" and "shop" in params:
                    field = f"delivery_{params['shop']}"
                if field in self.fields:
                    self.add_error(field, error)
                else:
                    loose.extend(error.messages)
        return loose


def _error_items(exc: ValidationError) -> list[tuple[str, list[ValidationError]]]:
    if hasattr(exc, "error_dict"):
        return list(exc.error_dict.items())
    return [("__all__", exc.error_list)]
