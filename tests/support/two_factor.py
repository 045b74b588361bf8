"""Two-factor sign-in in tests: the code an authenticator app would show now (at the
test's clock) and setting one up through the services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django_otp.oath import TOTP

from marketplace import services_two_factor as two_factor

#: One TOTP time step: a code is accepted once, so a second code needs the clock moved on.
STEP = timedelta(seconds=30)


def totp_code(device: Any) -> str:
    """The six digits ``device``'s authenticator app shows at the current (test) time."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def enrol(user: Any, clock: Any) -> tuple[Any, list[str]]:
    """Sets up an authenticator for ``user`` (as the set-up page does) and moves the clock
    one step on, so the next code is a fresh one; (device, recovery codes)."""
    device = two_factor.enrolment_start(user=user)
    codes = two_factor.enrolment_confirm(user=user, code=totp_code(device))
    device.refresh_from_db()
    clock.advance(STEP)
    return device, codes
