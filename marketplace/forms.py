from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .data.banks import NAPAS_BANKS
from .documents import document_kind
from .models import AdministrativeUnit, Producer, ProducerDocument
from .services import PRODUCER_FIELDS


class ProducerApplicationForm(forms.ModelForm):
    registration_document = forms.FileField(
        label=_("Giấy chứng nhận đăng ký kinh doanh (PDF/JPEG/PNG)")
    )
    food_safety_document = forms.FileField(label=_("Giấy chứng nhận ATTP (nếu có)"), required=False)

    bank_bin = forms.ChoiceField(
        label=_("Ngân hàng nhận tiền"),
        required=False,
        choices=[("", _("— Chọn ngân hàng —"))]
        + [(bin_, f"{short} — {name}") for bin_, short, name in NAPAS_BANKS],
    )

    class Meta:
        model = Producer
        # what producer_apply takes; the bank's name follows from the chosen BIN
        fields = [field for field in PRODUCER_FIELDS if field != "bank_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = AdministrativeUnit.objects.filter(
            generation="former", level="district"
        )
        self.fields["commune"].queryset = AdministrativeUnit.objects.filter(
            generation="current", level="commune", parent__code="44"
        ).order_by("name")

    def _clean_document(self, name: str):
        upload = self.cleaned_data.get(name)
        if upload:
            document_kind(upload)  # by its content, not the browser's claim (ValidationError)
        return upload

    def clean_registration_document(self):
        return self._clean_document("registration_document")

    def clean_food_safety_document(self):
        return self._clean_document("food_safety_document")

    def documents(self) -> list[tuple[str, UploadedFile]]:
        docs: list[tuple[str, UploadedFile]] = [
            (
                ProducerDocument.Kind.BUSINESS_REGISTRATION,
                self.cleaned_data["registration_document"],
            )
        ]
        if self.cleaned_data.get("food_safety_document"):
            docs.append(
                (ProducerDocument.Kind.FOOD_SAFETY, self.cleaned_data["food_safety_document"])
            )
        return docs


class ApplicantAccountForm(forms.Form):
    account_email = forms.EmailField(label=_("Email đăng nhập"))
    account_full_name = forms.CharField(label=_("Họ tên người đăng ký"), max_length=150)
    account_password = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput)

    def clean_account_password(self):
        password = self.cleaned_data["account_password"]
        validate_password(password)
        return password
