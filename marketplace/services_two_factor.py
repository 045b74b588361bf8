"""Two-factor sign-in (TOTP, django-otp) and its recovery codes.

Who must use it (``two_factor_required``): the OCOP office, platform admins (superusers)
and the owners of a shop whose producer has bank details for payouts. Anyone else may turn
it on. A person has at most one confirmed authenticator (``TOTPDevice`` named
``authenticator``) and one set of ``RECOVERY_CODES`` single-use recovery codes
(``StaticDevice`` named ``recovery``); a recovery code works wherever a code is asked for,
once. Wrong codes count per account in ``marketplace.ratelimit`` (``OTP_FAILURES_PER_USER``
in 15 minutes, then every code waits), on top of django-otp's own throttling.

Interfaces call these; the web session's "verified" mark and the pending sign-in live in
``marketplace.views_two_factor``."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import ratelimit
from .errors import CoreErrorCode
from .models import User

AUTHENTICATOR = "authenticator"
RECOVERY = "recovery"
RECOVERY_CODES = 10


def is_payout_owner(user: User) -> bool:
    """Owns a shop whose producer has a bank account for payouts (through the reverse
    relations: the core never imports the shops app)."""
    return (
        user.shop_memberships.filter(role="owner")
        .exclude(shop__producer__bank_account_number="")
        .exists()
    )


def two_factor_required(user: User, *, payouts: bool = True) -> bool:
    """Whether ``user`` must sign in with a second factor: the office and platform admins
    always; payout owners when ``payouts`` (one query; the role flags cost none)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.is_ocop_office:
        return True
    return payouts and is_payout_owner(user)


def authenticator(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator, if they set one up."""
    return TOTPDevice.objects.filter(user=user, name=AUTHENTICATOR, confirmed=True).first()


def has_two_factor(user: User) -> bool:
    return bool(user.is_authenticated) and authenticator(user) is not None


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY).count()


# --- enrolment ----------------------------------------------------------------------------


@transaction.atomic
def enrolment_start(*, user: User) -> TOTPDevice:
    """The authenticator being set up: an unconfirmed TOTP device with a new random key
    (the page shows it as a QR code), replacing any earlier unconfirmed one. Refused while
    one is confirmed (regenerate codes or disable first)."""
    if authenticator(user) is not None:
        raise ValidationError(
            {
                "code": ValidationError(
                    _("Xác thực hai lớp đã được bật."), code=CoreErrorCode.INVALID
                )
            }
        )
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def pending_authenticator(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, name=AUTHENTICATOR, confirmed=False).first()


@transaction.atomic
def enrolment_confirm(*, user: User, code: str) -> list[str]:
    """Confirms the authenticator being set up with one of its codes; returns the new
    recovery codes (shown once: only they are stored, and each works once)."""
    _check_not_delayed(user)
    device = pending_authenticator(user)
    if device is None:
        raise ValidationError(
            {
                "code": ValidationError(
                    _("Hãy bắt đầu thiết lập lại: mã QR đã hết hiệu lực."),
                    code=CoreErrorCode.INVALID,
                )
            }
        )
    if not device.verify_token(_clean(code)):
        _failure(user)
    ratelimit.otp_attempts_clear(user_id=user.pk)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return _recovery_codes_create(user)


def _recovery_codes_create(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user, name=RECOVERY).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user: User, code: str) -> list[str]:
    """New recovery codes (the old ones stop working), after a current code."""
    verify(user=user, code=code)
    return _recovery_codes_create(user)


@transaction.atomic
def two_factor_disable(*, user: User, code: str) -> None:
    """Turns two-factor sign-in off after a current code; refused (``two_factor_required``)
    for whom it is required."""
    if two_factor_required(user):
        raise ValidationError(
            {
                "code": ValidationError(
                    _("Tài khoản của bạn bắt buộc dùng xác thực hai lớp; không thể tắt."),
                    code=CoreErrorCode.TWO_FACTOR_REQUIRED,
                )
            }
        )
    verify(user=user, code=code)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def demo_authenticator_install(*, user: User, key_hex: str) -> TOTPDevice:
    """The demo's authenticator with a published key (``marketplace.demo``), so the demo's
    office and admin can sign in: only under ``DEBUG`` — never in production — and only
    for someone who has none."""
    if not settings.DEMO_AUTHENTICATOR:
        raise ImproperlyConfigured("the demo's published TOTP key is for the quickstart only")
    device = authenticator(user)
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=AUTHENTICATOR, key=key_hex, confirmed=True
        )
    return device


# --- verification -------------------------------------------------------------------------


def _clean(code: str | None) -> str:
    return "".join((code or "").split()).lower()


def _check_not_delayed(user: User) -> None:
    minutes = ratelimit.otp_delay_minutes(user_id=user.pk)
    if minutes:
        raise ValidationError(
            {
                "code": ValidationError(
                    _("Nhập sai mã quá nhiều lần; vui lòng thử lại sau %(minutes)d phút.")
                    % {"minutes": minutes},
                    code=CoreErrorCode.OTP_ATTEMPT_DELAYED,
                )
            }
        )


def _failure(user: User) -> None:
    ratelimit.otp_failure_record(user_id=user.pk)
    raise ValidationError(
        {"code": ValidationError(_("Mã xác thực không đúng."), code=CoreErrorCode.OTP_INVALID)}
    )


def verify(*, user: User, code: str | None) -> None:
    """Accepts a current code of the user's authenticator (each code once) or one of their
    recovery codes (spent); ``otp_invalid`` otherwise, and ``otp_attempt_delayed`` once too
    many wrong codes were tried."""
    _check_not_delayed(user)
    code = _clean(code)
    device = authenticator(user)
    # six digits go to the authenticator, anything else to the recovery codes (a recovery
    # code must not count as a wrong code in the authenticator's own throttle)
    looks_like_totp = device is not None and code.isdigit() and len(code) == device.digits
    accepted = looks_like_totp and device is not None and device.verify_token(code)
    if not accepted and code and not looks_like_totp:
        recovery = StaticDevice.objects.filter(user=user, name=RECOVERY).first()
        accepted = recovery is not None and recovery.verify_token(code)
    if not accepted:
        _failure(user)
    ratelimit.otp_attempts_clear(user_id=user.pk)


def sign_in_check(*, user: User, code: str | None, field: str = "otp_code") -> None:
    """The second step of a sign-in by password that cannot show a page (GraphQL
    ``tokenCreate``): a user with an authenticator must give a code (``otp_required``,
    ``otp_invalid``); a user who must have one and has not set it up is refused
    (``two_factor_enrolment_required``: set it up on the website first) — the office and
    platform admins; payout owners are asked on the website's money pages, which the API
    does not have."""
    if authenticator(user) is None:
        if two_factor_required(user, payouts=False):
            raise ValidationError(
                {
                    "email": ValidationError(
                        _(
                            "Tài khoản này phải đăng nhập hai lớp; hãy thiết lập ứng dụng "
                            "xác thực trên trang web trước."
                        ),
                        code=CoreErrorCode.TWO_FACTOR_ENROLMENT_REQUIRED,
                    )
                }
            )
        return
    if not _clean(code):
        raise ValidationError(
            {
                field: ValidationError(
                    _("Nhập mã từ ứng dụng xác thực (hoặc một mã khôi phục)."),
                    code=CoreErrorCode.OTP_REQUIRED,
                )
            }
        )
    try:
        verify(user=user, code=code)
    except ValidationError as exc:
        raise ValidationError({field: exc.error_dict["code"]}) from None
