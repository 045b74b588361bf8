"""Production settings: everything from the environment, secure defaults."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    DEMO_VIETQR_ACCOUNT_NUMBER,
    EMAIL_BACKEND,
    REDIS_URL,
    SECRET_KEY,
    SITE_URL,
    VIETQR_ACCOUNT_NUMBER,
    env,
    env_bool,
)

DEBUG = False
DEMO_AUTHENTICATOR = False  # the demo's published two-factor key never works here


def _demo_defaults() -> list[str]:
    """What a production deployment must set instead of the demo's defaults."""
    problems = []
    if SECRET_KEY.startswith("dev-insecure") or len(SECRET_KEY) < 50:
        problems.append("SECRET_KEY (a random value of 50 characters or more)")
    if not REDIS_URL:
        problems.append(
            "REDIS_URL (rate limits, caches and live rooms must be shared by every process)"
        )
    if VIETQR_ACCOUNT_NUMBER == DEMO_VIETQR_ACCOUNT_NUMBER:
        problems.append(
            "VIETQR_ACCOUNT_NUMBER, VIETQR_ACCOUNT_NAME, VIETQR_BANK_BIN (the account that "
            "receives buyers' transfers; the demo's is not yours)"
        )
    if EMAIL_BACKEND.endswith(
        ("console.EmailBackend", "locmem.EmailBackend", "dummy.EmailBackend")
    ):
        problems.append("EMAIL_BACKEND and EMAIL_HOST… (e-mails would never leave the server)")
    host = urlsplit(SITE_URL).hostname or ""
    if host in ("", "localhost", "127.0.0.1", "::1") or host.endswith(".localhost"):
        problems.append("SITE_URL (the public https address: links in e-mails and QR labels)")
    return problems


# ALLOW_DEMO_DEFAULTS=1 runs the production settings on a developer's machine (benchmarks,
# trying a deployment locally) — never in a real deployment
if (_problems := _demo_defaults()) and not env_bool("ALLOW_DEMO_DEFAULTS", False):
    raise ImproperlyConfigured(
        "Production settings refuse the demo's defaults; set: " + "; ".join(_problems)
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
