"""Web sign-up of a customer: the account (``services_accounts.account_register``: e-mail,
password checked by Django's validators, an e-mail already registered is not revealed)
plus the optional phone number, in one transaction. A new account is signed in by the
link e-mailed to it (``signup_confirmation_send``), so the answer to a sign-up is the
same whether the e-mail was new or not."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import ConsentRecord
from .services_accounts import Registration, account_register, signup_confirmation_send
from .validators import normalize_phone, validate_phone

PRIVACY_CONSENT_REQUIRED = _(
    "Vui lòng đồng ý với Thông báo bảo vệ dữ liệu cá nhân để tạo tài khoản."
)


def split_full_name(full_name: str) -> tuple[str, str]:
    """A Vietnamese name, family name first: ("Nguyễn Thị Lan") → ("Thị Lan", "Nguyễn")
    as (first_name, last_name)."""
    parts = (full_name or "").split()
    if len(parts) < 2:
        return (parts[0] if parts else "", "")
    return " ".join(parts[1:]), parts[0]


@transaction.atomic
def customer_sign_up(
    *,
    email: str,
    full_name: str,
    password: str,
    phone: str = "",
    language_code: str = "vi",
    site_url: str = "",
    privacy_consent: bool = False,
    marketing_consent: bool = False,
    ip: str = "",
    user_agent: str = "",
) -> Registration:
    """Creates the customer's account. A bad phone, e-mail or password, or the privacy
    notice not accepted (``privacy_consent``), raises ``ValidationError`` (keyed by
    field) and creates nothing. The consents go on record (``ConsentRecord``, source
    ``signup_form``, with the client's address and browser)."""
    full_name = " ".join((full_name or "").split())
    errors: dict[str, ValidationError] = {}
    if not full_name:
        errors["full_name"] = ValidationError(
            "Vui lòng nhập họ tên. / Name is required.", code="required"
        )
    if not privacy_consent:
        errors["privacy_consent"] = ValidationError(PRIVACY_CONSENT_REQUIRED, code="required")
    phone = (phone or "").strip()
    if phone:
        try:
            validate_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc
    if errors:
        raise ValidationError(errors)
    first_name, last_name = split_full_name(full_name)
    registration = account_register(
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        language_code=language_code,
        site_url=site_url,
        consent_source=ConsentRecord.Source.SIGNUP_FORM,
        marketing_consent=marketing_consent,
        ip=ip,
        user_agent=user_agent,
    )
    user = registration.user
    if registration.created:
        user.full_name = full_name[:150]
        user.phone = normalize_phone(phone) if phone else ""
        user.save(update_fields=["full_name", "phone", "updated_at"])
        signup_confirmation_send(user)
    return registration
