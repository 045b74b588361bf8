"""Writes for customer accounts: registration, sign-in with a rate limit on failures,
password reset by e-mail, password and profile changes, and revoking every token.

Interfaces (the GraphQL API) call these; they never touch ``request``: the caller passes
the client address and the URLs it needs. Errors are ``ValidationError``s keyed by field
with Saleor's codes in lower case (``invalid_credentials``, ``login_attempt_delayed``…)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http.request import validate_host
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from . import ratelimit
from .errors import Forbidden
from .models import ConsentRecord, User, new_jwt_token_key
from .services_privacy import account_erase, account_erase_check, signup_consents_record
from .services_tokens import user_tokens_revoke

#: A second reset e-mail for the same account is not sent within this time (Saleor's
#: ``RESET_PASSWORD_LOCK_TIME``).
PASSWORD_RESET_LOCK_SECONDS = 15 * 60

INVALID_CREDENTIALS = "Email hoặc mật khẩu không đúng. / Please, enter valid credentials."


def _error(field: str | None, message: str, code: str) -> ValidationError:
    if field is None:
        return ValidationError(message, code=code)
    return ValidationError({field: ValidationError(message, code=code)})


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def user_by_email(email: str) -> User | None:
    email = normalize_email(email)
    if not email:
        return None
    return User.objects.filter(email__iexact=email).first()


# --- sign-in ------------------------------------------------------------------------------


def _check_not_blocked(email: str, ip: str) -> None:
    minutes = ratelimit.login_delay_minutes(identifier=normalize_email(email), ip=ip)
    if minutes:
        raise _error(
            "email",
            f"Đăng nhập sai quá nhiều lần; vui lòng thử lại sau {minutes} phút. / "
            f"Too many failed sign-in attempts; try again in {minutes} minutes.",
            "login_attempt_delayed",
        )


def login_with_password(*, email: str, password: str, ip: str) -> User:
    """The user with these credentials, or ``invalid_credentials``. After
    ``LOGIN_FAILURES_PER_EMAIL_AND_IP`` failures for one e-mail from one address (or
    ``LOGIN_FAILURES_PER_IP`` from one address) within 15 minutes every attempt — even
    with the right password — gets ``login_attempt_delayed`` until the window ends
    (``marketplace.ratelimit``, shared with the sign-in page).
    A success clears the e-mail's counter for that address. An inactive account gets
    ``inactive`` only after the right password (no account probing)."""
    _check_not_blocked(email, ip)
    user = user_by_email(email)
    if user is None or not user.check_password(password):
        if user is None:
            User().set_password(password)  # same work as a wrong password: no timing oracle
        ratelimit.login_failure_record(identifier=normalize_email(email), ip=ip)
        raise _error("email", INVALID_CREDENTIALS, "invalid_credentials")
    ratelimit.login_attempts_clear(identifier=normalize_email(email), ip=ip)
    if not user.is_active:
        raise _error("email", "Tài khoản đã bị khoá. / Account inactive.", "inactive")
    return user


def login_attempts_clear(*, email: str, ip: str) -> None:
    ratelimit.login_attempts_clear(identifier=normalize_email(email), ip=ip)


def last_login_touch(user: User) -> None:
    """Records the sign-in (at most once a minute, so token refreshes stay cheap)."""
    now = timezone.now()
    if user.last_login is None or (now - user.last_login).total_seconds() > 60:
        User.objects.filter(pk=user.pk).update(last_login=now)
        user.last_login = now


# --- registration and profile ------------------------------------------------------------


def language_code_normalize(code: str | None) -> str:
    """Saleor's enum name (``EN_US``) as we store it (``en-us``); Vietnamese by default."""
    return str(code).replace("_", "-").lower() if code else "vi"


def _names(user: User, first_name: str | None, last_name: str | None) -> None:
    if first_name is not None:
        user.first_name = first_name.strip()[:150]
    if last_name is not None:
        user.last_name = last_name.strip()[:150]
    # Vietnamese order: family name first ("Nguyễn" + "Văn An")
    full = f"{user.last_name} {user.first_name}".strip()
    if full:
        user.full_name = full[:150]


PASSWORD_MESSAGES_VI = {
    "password_too_short": "Mật khẩu quá ngắn (tối thiểu {min_length} ký tự).",
    "password_too_common": "Mật khẩu quá phổ biến, dễ đoán.",
    "password_entirely_numeric": "Mật khẩu không được chỉ gồm chữ số.",
    "password_too_similar": "Mật khẩu quá giống thông tin tài khoản.",
}


def _password_clean(password: str, user: User, field: str = "password") -> None:
    """Django's password validators; each message in Vietnamese, then English."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors = []
        for error in exc.error_list:
            with translation.override("en"):
                english = " ".join(ValidationError(error.message, params=error.params).messages)
            vietnamese = PASSWORD_MESSAGES_VI.get(error.code or "", "Mật khẩu không hợp lệ.")
            vietnamese = vietnamese.format(
                **{k: v for k, v in (error.params or {}).items() if isinstance(k, str)}
            )
            errors.append(ValidationError(f"{vietnamese} / {english}", code=error.code))
        raise ValidationError({field: errors}) from None


@dataclass
class Registration:
    user: User
    created: bool


def account_register(
    *,
    email: str,
    password: str,
    first_name: str | None = None,
    last_name: str | None = None,
    language_code: str | None = None,
    site_url: str = "",
    consent_source: str = ConsentRecord.Source.API_SIGNUP,
    marketing_consent: bool = False,
    ip: str = "",
    user_agent: str = "",
) -> Registration:
    """Creates a customer account. As in Saleor, an e-mail that already has an account
    is *not* reported (that would tell anyone which addresses are registered): nothing is
    created, the answer looks the same, and the account's owner gets an e-mail saying
    someone tried to register with it. Bad e-mails and weak passwords are errors.

    A new account records its consent to the privacy notice (``consent_source``: the
    web form's ticked box, or registering through the API, whose clients cannot show
    our box) and, when given, to marketing."""
    email = normalize_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise _error(
            "email", "Email không hợp lệ. / Enter a valid email address.", "invalid"
        ) from None
    user = User(
        email=email, username=email[:150], language_code=language_code_normalize(language_code)
    )
    _names(user, first_name, last_name)
    _password_clean(password, user)
    user.set_password(password)
    existing = user_by_email(email)
    if existing is None:
        try:
            with transaction.atomic():
                if User.objects.filter(
                    username=user.username
                ).exists():  # a username that is not an e-mail
                    user.username = f"{email[:130]}-{new_jwt_token_key()}"
                user.save()
                signup_consents_record(
                    user=user,
                    marketing=marketing_consent,
                    source=consent_source,
                    ip=ip,
                    user_agent=user_agent,
                )
            return Registration(user=user, created=True)
        except IntegrityError:  # registered concurrently
            existing = user_by_email(email)
            if existing is None:
                raise
    recipient, name = existing.email, str(existing)
    # one notice per account per 15 minutes: registering someone's e-mail again and again
    # must not flood their mailbox
    if ratelimit.first_in_window(f"already-registered:{existing.pk}", PASSWORD_RESET_LOCK_SECONDS):
        transaction.on_commit(lambda: _send_already_registered(recipient, name, site_url))
    user.pk = None
    return Registration(user=user, created=False)


def _send_already_registered(recipient: str, name: str, site_url: str) -> None:
    send_mail(
        subject="[OCOP] Email này đã có tài khoản / This e-mail already has an account",
        message=(
            f"Chào {name},\n\nAi đó (có thể là bạn) vừa đăng ký tài khoản mới bằng email này, nhưng "
            f'email đã có tài khoản. Nếu quên mật khẩu, hãy dùng chức năng "Quên mật khẩu" {site_url}\n'
            f"Nếu không phải bạn, hãy bỏ qua thư này.\n\n"
            f"Hello {name}, someone (perhaps you) tried to register with this e-mail, which already has "
            f'an account. If you forgot your password, use "Forgot password". If it was not you, ignore '
            f"this message.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient],
        fail_silently=True,
    )


class _SignupTokens(PasswordResetTokenGenerator):
    """One-time sign-in links of a new account: the token covers ``last_login``, so the
    first sign-in spends it; it expires after ``PASSWORD_RESET_TIMEOUT``."""

    key_salt = "marketplace.services_accounts.signup"


signup_tokens = _SignupTokens()


def signup_confirm_url(user: User) -> str:
    """The absolute link (``SITE_URL``) that confirms ``user``'s e-mail and signs them in."""
    with translation.override(user.language_code or "vi"):
        path = reverse(
            "signup_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": signup_tokens.make_token(user),
            },
        )
    return settings.SITE_URL.rstrip("/") + path


def signup_confirmation_send(user: User) -> None:
    """E-mails the new account its confirmation link, after the transaction commits, in
    the account's language."""
    recipient, language, link = user.email, user.language_code or "vi", signup_confirm_url(user)

    def send() -> None:
        with translation.override(language):
            send_mail(
                subject=_("[OCOP] Xác nhận email để hoàn tất đăng ký"),
                message=_(
                    "Chào bạn,\n\nMở liên kết sau để xác nhận email và đăng nhập vào "
                    "tài khoản OCOP Quảng Bình của bạn:\n%(link)s\n\nNếu bạn không đăng "
                    "ký, hãy bỏ qua thư này.\n"
                )
                % {"link": link},
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[recipient],
            )

    transaction.on_commit(send)


def signup_confirm_user(*, uidb64: str, token: str) -> User | None:
    """The account a confirmation link belongs to, while the link is valid (unused and
    not expired); ``None`` otherwise."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not signup_tokens.check_token(user, token):
        return None
    return user


@transaction.atomic
def account_update(
    *,
    user: User,
    first_name: str | None = None,
    last_name: str | None = None,
    language_code: str | None = None,
) -> User:
    _names(user, first_name, last_name)
    if language_code is not None:
        user.language_code = language_code_normalize(language_code)
    user.save(update_fields=["first_name", "last_name", "full_name", "language_code", "updated_at"])
    return user


# --- passwords -----------------------------------------------------------------------------


def allowed_client_url(url: str) -> bool:
    """Whether a storefront URL may receive account links: its host must be one of
    ``ALLOWED_CLIENT_HOSTS`` (Saleor's setting; default: ``ALLOWED_HOSTS`` and the host
    of ``SITE_URL``), so a reset link never points at a stranger's site."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    allowed = getattr(settings, "ALLOWED_CLIENT_HOSTS", None)
    if allowed is None:
        allowed = [
            *settings.ALLOWED_HOSTS,
            urlsplit(getattr(settings, "SITE_URL", "")).hostname or "",
        ]
    return validate_host(parts.hostname, [host for host in allowed if host])


def _redirect_url_clean(redirect_url: str) -> None:
    if not allowed_client_url(redirect_url):
        host = urlsplit(redirect_url or "").hostname or redirect_url
        raise _error(
            "redirect_url",
            f"Địa chỉ {host} không được phép (ALLOWED_CLIENT_HOSTS). / "
            f"{host} is not allowed. Please check `ALLOWED_CLIENT_HOSTS` configuration.",
            "invalid",
        )


def password_reset_link(redirect_url: str, email: str, token: str) -> str:
    parts = urlsplit(redirect_url)
    query = [*parse_qsl(parts.query, keep_blank_values=True), ("email", email), ("token", token)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def password_reset_request(*, email: str, redirect_url: str) -> None:
    """E-mails a link ``redirect_url?email=…&token=…`` (Django's one-time password reset
    token) to an active account with this e-mail. As in Saleor 3.24 nothing tells the
    caller whether the account exists; a second request within 15 minutes sends
    nothing. Only the redirect URL is validated."""
    _redirect_url_clean(redirect_url)
    user = user_by_email(email)
    if user is None or not user.is_active:
        return
    if not ratelimit.first_in_window(f"password-reset:{user.pk}", PASSWORD_RESET_LOCK_SECONDS):
        return
    link = password_reset_link(redirect_url, user.email, default_token_generator.make_token(user))
    recipient, name = user.email, str(user)
    transaction.on_commit(lambda: _send_password_reset(recipient, name, link))


def _send_password_reset(recipient: str, name: str, link: str) -> None:
    send_mail(
        subject="[OCOP] Đặt lại mật khẩu / Reset your password",
        message=(
            f"Chào {name},\n\nĐể đặt mật khẩu mới, mở liên kết sau (dùng được một lần):\n{link}\n\n"
            f"Nếu bạn không yêu cầu, hãy bỏ qua thư này.\n\n"
            f"Hello {name}, to set a new password open this link (it works once):\n{link}\n"
            f"If you did not ask for it, ignore this message.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient],
        fail_silently=False,
    )


@transaction.atomic
def password_set_with_token(*, email: str, token: str, password: str) -> User:
    """Sets the password from a reset link. The token works once (it depends on the
    password hash) and every token issued before stops working, refresh tokens included."""
    user = user_by_email(email)
    # an unknown e-mail gets the bad-token answer (Saleor says NOT_FOUND, which would let
    # anyone test which addresses have accounts)
    if user is None or not default_token_generator.check_token(user, token):
        raise _error(
            "token", "Liên kết không hợp lệ hoặc đã hết hạn. / Invalid or expired token.", "invalid"
        )
    if not user.is_active:
        raise _error("email", "Tài khoản đã bị khoá. / Account inactive.", "inactive")
    _password_clean(password, user)
    user.set_password(password)
    user.save(update_fields=["password", "updated_at"])
    user_tokens_revoke(user=user)
    ratelimit.window_reset(f"password-reset:{user.pk}")
    return user


@transaction.atomic
def password_change(*, user: User, old_password: str | None, new_password: str) -> User:
    """Changes the signed-in user's password; every token issued before (this session's
    too) stops working, refresh tokens included."""
    if not user.is_authenticated:
        raise Forbidden("Vui lòng đăng nhập. / You need to sign in.")
    if user.has_usable_password() and not user.check_password(old_password or ""):
        raise _error(
            "old_password",
            "Mật khẩu cũ không đúng. / Old password isn't valid.",
            "invalid_password",
        )
    _password_clean(new_password, user, "new_password")
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    user_tokens_revoke(user=user)
    return user


# --- confirmation and deletion ---------------------------------------------------------------


def _purpose_tokens(purpose: str) -> PasswordResetTokenGenerator:
    """One-time tokens like the password reset's, but only valid for ``purpose``."""
    generator = PasswordResetTokenGenerator()
    generator.key_salt = f"marketplace.services_accounts.{purpose}"
    return generator


account_confirm_tokens = _purpose_tokens("account_confirm")
account_delete_tokens = _purpose_tokens("account_delete")


def account_confirm(*, email: str, token: str) -> User:
    """Saleor's e-mail confirmation. Accounts here need none (every account is confirmed
    at registration and no confirmation e-mail is sent), so this only answers the user of
    a valid confirmation token; anything else — unknown e-mail included — is ``invalid``."""
    user = user_by_email(email)
    if user is None or not account_confirm_tokens.check_token(user, token):
        raise _error(
            "token", "Liên kết xác nhận không hợp lệ. / Invalid or expired token.", "invalid"
        )
    return user


def _check_deletable(user: User) -> None:
    if user.is_superuser:
        raise _error(
            None,
            "Không thể tự xoá tài khoản quản trị. / Cannot delete a superuser's account.",
            "delete_superuser_account",
        )
    # shop and sale-point memberships through their reverse relations: the core never
    # imports the shops app
    if (
        user.is_staff
        or user.is_ocop_office
        or user.shop_memberships.exists()
        or type(user).objects.filter(pk=user.pk, sale_point_membership__isnull=False).exists()
    ):
        raise _error(
            None,
            "Tài khoản nhân viên, nhà sản xuất hoặc văn phòng OCOP do Văn phòng OCOP đóng. / "
            "Staff, producer and OCOP office accounts are closed by the OCOP office.",
            "delete_staff_account",
        )


def account_deletion_request(*, user: User, redirect_url: str) -> None:
    """E-mails the signed-in customer a one-time link ``redirect_url?token=…`` that
    deletes their account (``account_delete``)."""
    if not user.is_authenticated:
        raise Forbidden("Vui lòng đăng nhập. / You need to sign in.")
    _redirect_url_clean(redirect_url)
    _check_deletable(user)
    account_erase_check(user=user)  # orders in progress: no link that cannot work
    parts = urlsplit(redirect_url)
    query = [
        *parse_qsl(parts.query, keep_blank_values=True),
        ("token", account_delete_tokens.make_token(user)),
    ]
    link = urlunsplit(parts._replace(query=urlencode(query)))
    recipient, name = user.email, str(user)
    transaction.on_commit(
        lambda: send_mail(
            subject="[OCOP] Xác nhận xoá tài khoản / Confirm account deletion",
            message=(
                f"Chào {name},\n\nĐể xoá tài khoản, mở liên kết sau (dùng được một lần):\n{link}\n"
                f"Các đơn hàng đã đặt vẫn được lưu theo quy định kế toán.\n\n"
                f"Hello {name}, to delete your account open this link (it works once):\n{link}\n"
                f"Orders already placed are kept, as accounting rules require.\n"
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[recipient],
            fail_silently=False,
        )
    )


@transaction.atomic
def account_delete(*, user: User, token: str) -> User:
    """Deletes the signed-in customer's account with the e-mailed token: the person is
    erased (``services_privacy.account_erase``: a tombstone account, address book and
    carts emptied, orders kept for accounting; refused while orders are in progress).
    Returns the account as it was, for Saleor's payload."""
    if not user.is_authenticated:
        raise Forbidden("Vui lòng đăng nhập. / You need to sign in.")
    if not account_delete_tokens.check_token(user, token):
        raise _error(
            "token", "Liên kết không hợp lệ hoặc đã hết hạn. / Invalid or expired token.", "invalid"
        )
    _check_deletable(user)
    before = copy.copy(user)
    account_erase(user=user)
    return before
