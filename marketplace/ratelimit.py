"""Rate limits kept in the cache, shared by the GraphQL API and the web pages.

Sign-in: after ``LOGIN_FAILURES_PER_EMAIL_AND_IP`` failures for one account identifier
from one client address (or ``LOGIN_FAILURES_PER_IP`` from one address, whatever the
identifier: password spraying) within ``LOGIN_WINDOW_SECONDS`` every attempt from there
is refused — even with the right password, which is then not checked — until the window
ends. The window starts at the first failure. The counters are the same for
``tokenCreate`` and the sign-in page, so switching between them buys nothing.

Two-factor codes: after ``OTP_FAILURES_PER_USER`` wrong codes for one account (from any
address: a six-digit code must not be guessed from many) within the window, every code for
that account waits until the window ends.

Password reset requests: ``PASSWORD_RESET_REQUESTS_PER_IP`` per client address per
window (a reset page that sends e-mail must not be a way to flood mailboxes).

Unpaid orders (stock holds, ``orders.services.holds``): ``STOCK_HOLD_ORDERS_PER_IP`` per
client address and ``STOCK_HOLD_ORDERS_PER_BUYER`` per buyer key (account, e-mail, phone,
address) per ``STOCK_HOLD_ORDERS_WINDOW_MINUTES``.

The counters live in the ``ratelimit`` cache (Redis shared by every process in
production; never the page/response cache, which could evict them). Times are
``django.utils.timezone.now()`` (tests move it); the entries expire with their window."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

#: Failed sign-ins allowed per e-mail and client address inside the window, and per
#: client address whatever the e-mail (password spraying), before sign-in is refused.
LOGIN_FAILURES_PER_EMAIL_AND_IP = 5
LOGIN_FAILURES_PER_IP = 30
LOGIN_WINDOW_SECONDS = 15 * 60
#: Wrong two-factor codes allowed per account inside the window.
OTP_FAILURES_PER_USER = 5
#: Password reset requests (web page) per client address inside the window.
PASSWORD_RESET_REQUESTS_PER_IP = 5


def client_ip(meta: dict[str, Any]) -> str:
    """The client's address: ``REMOTE_ADDR``, or — behind ``TRUSTED_PROXY_HOPS`` reverse
    proxies — the address the outermost trusted proxy saw in ``X-Forwarded-For`` (a
    client cannot pick its own address to escape the rate limit)."""
    hops = int(getattr(settings, "TRUSTED_PROXY_HOPS", 0) or 0)
    if hops > 0:
        chain = [
            part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(chain) >= hops:
            return chain[-hops]
    return str(meta.get("REMOTE_ADDR") or "")


def _counters() -> Any:
    return caches["ratelimit"]


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _count(
    counter_key: str, block_key: str, limit: int, window: int = LOGIN_WINDOW_SECONDS
) -> None:
    """One more event; at ``limit`` events inside the window the block starts."""
    # the window starts at the first event (``add`` sets the expiry only then)
    if _counters().add(counter_key, 1, timeout=window):
        count = 1
    else:
        try:
            count = _counters().incr(counter_key)
        except ValueError:  # expired between add and incr
            _counters().set(counter_key, 1, timeout=window)
            count = 1
    if count >= limit:
        until = timezone.now() + timedelta(seconds=window)
        _counters().set(block_key, until.timestamp(), timeout=window)


def _blocked_minutes(*block_keys: str) -> int:
    """Minutes (at least 1) until every one of these blocks ends; 0 when none holds."""
    now = timezone.now().timestamp()
    until = max((_counters().get(key) or 0.0) for key in block_keys)
    if until > now:
        return max(1, round((until - now) / 60))
    return 0


# --- sign-in --------------------------------------------------------------------------------


def _login_keys(identifier: str, ip: str) -> tuple[str, str, str, str]:
    pair = _digest(f"{(identifier or '').strip().lower()}|{ip}")
    return (
        f"login:failed:pair:{pair}",
        f"login:blocked:pair:{pair}",
        f"login:failed:ip:{_digest(ip)}",
        f"login:blocked:ip:{_digest(ip)}",
    )


def login_delay_minutes(*, identifier: str, ip: str) -> int:
    """Minutes this identifier must wait before signing in from ``ip``; 0: go ahead."""
    _, pair_blocked, _, ip_blocked = _login_keys(identifier, ip)
    return _blocked_minutes(pair_blocked, ip_blocked)


def login_failure_record(*, identifier: str, ip: str) -> None:
    pair_failed, pair_blocked, ip_failed, ip_blocked = _login_keys(identifier, ip)
    _count(pair_failed, pair_blocked, LOGIN_FAILURES_PER_EMAIL_AND_IP)
    _count(ip_failed, ip_blocked, LOGIN_FAILURES_PER_IP)


def login_attempts_clear(*, identifier: str, ip: str) -> None:
    """After a success (or a new password): the identifier's count for ``ip`` starts over
    (the address's own count does not)."""
    pair_failed, pair_blocked, _, _ = _login_keys(identifier, ip)
    _counters().delete_many([pair_failed, pair_blocked])


# --- two-factor codes ------------------------------------------------------------------------


def _otp_keys(user_id: int) -> tuple[str, str]:
    return f"otp:failed:user:{user_id}", f"otp:blocked:user:{user_id}"


def otp_delay_minutes(*, user_id: int) -> int:
    """Minutes before this account may try another two-factor code; 0: go ahead."""
    return _blocked_minutes(_otp_keys(user_id)[1])


def otp_failure_record(*, user_id: int) -> None:
    _count(*_otp_keys(user_id), OTP_FAILURES_PER_USER)


def otp_attempts_clear(*, user_id: int) -> None:
    _counters().delete_many(list(_otp_keys(user_id)))


# --- password reset requests ------------------------------------------------------------------


def _password_reset_keys(ip: str) -> tuple[str, str]:
    return f"password-reset:requests:ip:{_digest(ip)}", f"password-reset:blocked:ip:{_digest(ip)}"


def password_reset_delay_minutes(*, ip: str) -> int:
    """Minutes ``ip`` must wait before asking for another reset e-mail; 0: go ahead."""
    return _blocked_minutes(_password_reset_keys(ip)[1])


def password_reset_request_record(*, ip: str) -> None:
    _count(*_password_reset_keys(ip), PASSWORD_RESET_REQUESTS_PER_IP)


# --- once per window (e-mails a request may trigger) ----------------------------------------


def first_in_window(key: str, seconds: int) -> bool:
    """``True`` the first time ``key`` is seen inside ``seconds``, then ``False`` until the
    window ends (e.g. one "already registered" notice per account per 15 minutes)."""
    return bool(_counters().add(f"once:{key}", 1, timeout=seconds))


def window_reset(key: str) -> None:
    _counters().delete(f"once:{key}")


# --- unpaid orders (stock holds) ------------------------------------------------------------


def _unpaid_order_keys(scope: str, value: str) -> tuple[str, str]:
    digest = _digest(value)
    return f"unpaid-orders:placed:{scope}:{digest}", f"unpaid-orders:blocked:{scope}:{digest}"


def unpaid_order_delay_minutes(*, ip: str, buyer_keys: list[str]) -> int:
    """Minutes before this client address or buyer (any of ``buyer_keys``: account,
    e-mail, phone, address) may place another unpaid order; 0: go ahead. Limits:
    ``STOCK_HOLD_ORDERS_PER_IP`` and ``STOCK_HOLD_ORDERS_PER_BUYER`` per
    ``STOCK_HOLD_ORDERS_WINDOW_MINUTES``."""
    blocks = [_unpaid_order_keys("buyer", key)[1] for key in buyer_keys]
    if ip:
        blocks.append(_unpaid_order_keys("ip", ip)[1])
    return _blocked_minutes(*blocks) if blocks else 0


def unpaid_order_record(*, ip: str, buyer_keys: list[str]) -> None:
    """One more unpaid order placed by this client address and buyer."""
    window = int(settings.STOCK_HOLD_ORDERS_WINDOW_MINUTES) * 60
    for key in buyer_keys:
        _count(*_unpaid_order_keys("buyer", key), int(settings.STOCK_HOLD_ORDERS_PER_BUYER), window)
    if ip:
        _count(*_unpaid_order_keys("ip", ip), int(settings.STOCK_HOLD_ORDERS_PER_IP), window)
