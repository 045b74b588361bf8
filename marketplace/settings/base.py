"""Settings shared by every environment; everything deployment-specific comes from the
environment (see README "Configuration")."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "dev-insecure-key-change-me-in-production-0123456789")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "graphene_django",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "marketplace",
    "shops",
    "orders",
    "search",
    "livestream",
    "storefront",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "marketplace.audit_context.AuditContextMiddleware",  # request id; "from where" for audits
    "csp.middleware.CSPMiddleware",
    "marketplace.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "marketplace.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "marketplace.two_factor_middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Content-Security-Policy (django-csp) on every page: scripts only from our origin (and
# Stripe's Payment Element), no inline script — the templates have none; a page that needs
# one (GraphiQL) gives it the request's nonce. Inline style attributes are still allowed.
# Media on S3 (or CSP_EXTRA_IMG_SRC) is added to img-src.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
CSP_EXTRA_IMG_SRC = env_list("CSP_EXTRA_IMG_SRC")
CSP_IMG_SRC: list[str] = [SELF, "data:", "blob:", *CSP_EXTRA_IMG_SRC]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, "https://js.stripe.com"],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": CSP_IMG_SRC,
        "font-src": [SELF, "data:"],
        "connect-src": [SELF, "https://api.stripe.com"],
        "frame-src": ["https://js.stripe.com", "https://hooks.stripe.com"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"
ASGI_APPLICATION = "marketplace.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "marketplace" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "marketplace.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "after_login"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))

# Media: local files by default, S3-compatible store when a bucket is configured.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", "ap-southeast-1")
AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)
AWS_S3_FILE_OVERWRITE = False
AWS_DEFAULT_ACL = None
STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage"
        if AWS_STORAGE_BUCKET_NAME
        else "django.core.files.storage.FileSystemStorage",
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # files only permission-checked views hand out (producer documents): never under
    # MEDIA_URL; on S3 under private/ with a private ACL and signed URLs
    "private": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"location": "private", "default_acl": "private", "querystring_auth": True},
        }
        if AWS_STORAGE_BUCKET_NAME
        else {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
        }
    ),
}

if AWS_STORAGE_BUCKET_NAME:  # product images come from the bucket's host
    CSP_IMG_SRC.append(AWS_S3_ENDPOINT_URL or f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com")

# Upload limits for product media (Pillow checks happen in shops.media).
MEDIA_MAX_UPLOAD_BYTES = int(env("MEDIA_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
MEDIA_MAX_PIXELS = int(env("MEDIA_MAX_PIXELS", str(40_000_000)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Redis: cache, Channels layer and Celery broker when configured.
REDIS_URL = env("REDIS_URL")
# Rate-limit counters (marketplace/ratelimit.py) live in a cache of their own, so the
# page and response caches can never evict them; point RATELIMIT_REDIS_URL at a Redis
# whose maxmemory-policy is noeviction (or volatile-*) when the cache Redis evicts.
RATELIMIT_REDIS_URL = env("RATELIMIT_REDIS_URL", REDIS_URL)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": RATELIMIT_REDIS_URL,
            "KEY_PREFIX": "ratelimit",
        },
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ratelimit",
        },
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "search-sync": {"task": "search.tasks.sync_search_index", "schedule": 60},
    "ocop-certificate-renewal-reminders": {
        "task": "marketplace.tasks.send_certificate_renewal_reminders",
        "schedule": 24 * 60 * 60,
    },
    "accounts-purge-expired-refresh-tokens": {
        "task": "marketplace.tasks.purge_expired_refresh_tokens",
        "schedule": 24 * 60 * 60,
    },
    "orders-expire-unpaid": {"task": "orders.tasks.expire_unpaid_orders", "schedule": 60},
    "orders-complete-delivered": {
        "task": "orders.tasks.complete_delivered_orders",
        "schedule": 60 * 60,
    },
    # Decree 13/2023/NĐ-CP: guest and deleted accounts' orders lose their personal data
    # after ORDER_PERSONAL_DATA_RETENTION_DAYS (docs/security.md, "Personal data")
    "orders-erase-expired-personal-data": {
        "task": "orders.tasks.erase_expired_order_personal_data",
        "schedule": 24 * 60 * 60,
    },
}

# Search: Elasticsearch when configured, the database backend otherwise.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
SEARCH_BACKEND = "elasticsearch" if ELASTICSEARCH_URL else "database"
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", "ocop")
ELASTICSEARCH_TIMEOUT = float(env("ELASTICSEARCH_TIMEOUT", "5"))

# Stripe (cards only; VND is zero-decimal).
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env("STRIPE_API_BASE")

# Personal data (Decree 13/2023/NĐ-CP; docs/security.md, "Personal data"). Orders are
# accounting records and stay 10 years (Law on Accounting 88/2015/QH13, art. 41), but the
# buyer's contact and delivery data on guest and deleted accounts' orders are erased once
# the 3-year limitation period for contract claims (Civil Code 2015, art. 429) has passed.
ORDER_PERSONAL_DATA_RETENTION_DAYS = int(env("ORDER_PERSONAL_DATA_RETENTION_DAYS", "1095"))
# Who controls the personal data (shown on /privacy/) and where people exercise their rights.
PRIVACY_CONTROLLER_NAME = env(
    "PRIVACY_CONTROLLER_NAME", "Trung tâm Xúc tiến Thương mại tỉnh Quảng Trị"
)
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", "privacy@ocop.local")
# Downloads of one's own data per account per day.
PERSONAL_DATA_EXPORTS_PER_DAY = int(env("PERSONAL_DATA_EXPORTS_PER_DAY", "5"))

# The public address of the site, for links in e-mails (order tracking, receipts).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# /healthz: the public up/down answer and the details (?details, staff or this token)
# are remembered this long, so probes cannot load the dependencies
HEALTHZ_TOKEN = env("HEALTHZ_TOKEN", "")
HEALTHZ_CACHE_SECONDS = int(env("HEALTHZ_CACHE_SECONDS", "10"))
HEALTHZ_DETAILS_CACHE_SECONDS = int(env("HEALTHZ_DETAILS_CACHE_SECONDS", "30"))

# GraphQL clients: hosts allowed in redirect URLs (password reset links); unset means
# ALLOWED_HOSTS and the SITE_URL host. Reverse proxies in front of the app whose
# X-Forwarded-For is trusted (for the sign-in rate limit).
ALLOWED_CLIENT_HOSTS = env_list("ALLOWED_CLIENT_HOSTS") or None
TRUSTED_PROXY_HOPS = int(env("TRUSTED_PROXY_HOPS", "0"))
# The demo's office and admin get an authenticator with a published key (marketplace/demo.py):
# the quickstart only (marketplace/settings/dev.py turns it on); production forces it off
DEMO_AUTHENTICATOR = False

# Tokens (marketplace/graphql/auth.py, marketplace/services_tokens.py): a refresh token that
# was rotated still works once this many seconds after (two tabs refreshing at once); later
# it is a reuse and revokes its whole sign-in. Two-factor sign-in (marketplace/two_factor.py):
# the issuer shown in authenticator apps; the demo's fixed TOTP secret is only ever used by
# seed_demo under DEBUG (docs/security.md "Two-factor sign-in").
JWT_REFRESH_GRACE_SECONDS = int(env("JWT_REFRESH_GRACE_SECONDS", "30"))
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "OCOP Quảng Bình")

# Orders and payments (money in whole đồng; rates in basis points).
OCOP_COMMISSION_BP = int(env("OCOP_COMMISSION_BP", "800"))
ORDER_CARD_PAYMENT_TIMEOUT_MINUTES = int(env("ORDER_CARD_PAYMENT_TIMEOUT_MINUTES", "30"))
ORDER_BANK_TRANSFER_TIMEOUT_HOURS = int(env("ORDER_BANK_TRANSFER_TIMEOUT_HOURS", "24"))
ORDER_RETURN_WINDOW_DAYS = int(env("ORDER_RETURN_WINDOW_DAYS", "7"))
COD_MAX_FAILED_DELIVERIES = int(env("COD_MAX_FAILED_DELIVERIES", "2"))
COD_FAILURE_WINDOW_DAYS = int(env("COD_FAILURE_WINDOW_DAYS", "180"))
COD_MAX_ORDER_TOTAL = int(env("COD_MAX_ORDER_TOTAL", "10000000"))
#: a shop's default refund threshold (đồng): refunds of one shop order adding up to more
#: need the owner or a staff member granted "refund above the threshold"
SHOP_REFUND_THRESHOLD = int(env("SHOP_REFUND_THRESHOLD", "2000000"))
CHECKOUT_TTL_DAYS = int(env("CHECKOUT_TTL_DAYS", "30"))
CHECKOUT_MAX_LINE_QUANTITY = int(env("CHECKOUT_MAX_LINE_QUANTITY", "999"))
# Stock held by unpaid orders (cash on delivery, card or bank transfer not yet paid;
# orders/services/holds.py, docs/security.md "Stock holds"): units one order may hold,
# units of one variant and units in all one buyer (matched by account, e-mail, phone,
# shipping address or client IP) may hold over all their unpaid orders; how long a
# bank-transfer (VietQR) order holds its stock (it waits for the money until
# ORDER_BANK_TRANSFER_TIMEOUT_HOURS, re-checking stock when it comes later); unpaid
# orders one client address / one buyer may place per window.
STOCK_HOLD_MAX_UNITS_PER_ORDER = int(env("STOCK_HOLD_MAX_UNITS_PER_ORDER", "50"))
STOCK_HOLD_MAX_UNITS_PER_VARIANT = int(env("STOCK_HOLD_MAX_UNITS_PER_VARIANT", "20"))
STOCK_HOLD_MAX_UNITS_PER_BUYER = int(env("STOCK_HOLD_MAX_UNITS_PER_BUYER", "100"))
STOCK_HOLD_VIETQR_MINUTES = int(env("STOCK_HOLD_VIETQR_MINUTES", "30"))
STOCK_HOLD_ORDERS_PER_IP = int(env("STOCK_HOLD_ORDERS_PER_IP", "20"))
STOCK_HOLD_ORDERS_PER_BUYER = int(env("STOCK_HOLD_ORDERS_PER_BUYER", "5"))
STOCK_HOLD_ORDERS_WINDOW_MINUTES = int(env("STOCK_HOLD_ORDERS_WINDOW_MINUTES", "60"))
# The largest amount of money any form, webhook or API input may carry (integer VND; far
# above any order, far below PostgreSQL's bigint) — marketplace/bounded.py
MONEY_MAX_VND = int(env("MONEY_MAX_VND", "10000000000"))
# Webhook bodies (bank feed, Stripe) larger than this are refused with 413 before parsing
WEBHOOK_MAX_BODY_BYTES = int(env("WEBHOOK_MAX_BODY_BYTES", str(64 * 1024)))
VIETQR_BANK_BIN = env("VIETQR_BANK_BIN", "970436")
#: the demo's receiving account: production refuses to start with it
DEMO_VIETQR_ACCOUNT_NUMBER = "0011004455667"
VIETQR_ACCOUNT_NUMBER = env("VIETQR_ACCOUNT_NUMBER", DEMO_VIETQR_ACCOUNT_NUMBER)
VIETQR_ACCOUNT_NAME = env("VIETQR_ACCOUNT_NAME", "TT XUC TIEN THUONG MAI QUANG BINH")
BANK_WEBHOOK_API_KEY = env("BANK_WEBHOOK_API_KEY")
# Saleor's dummy payment app, for unmodified Saleor storefronts (demo and test only).
DUMMY_PAYMENT_GATEWAY_ENABLED = env_bool("DUMMY_PAYMENT_GATEWAY_ENABLED", False)

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "OCOP Quảng Bình <no-reply@ocop.local>")
OCOP_OFFICE_EMAIL = env("OCOP_OFFICE_EMAIL", "ocop-office@ocop.local")

GRAPHENE = {"SCHEMA": "marketplace.graphql.schema.schema"}
# anonymous catalogue queries answered from the cache this long (0 disables); any
# catalogue write invalidates them at once (marketplace/graphql/response_cache.py,
# marketplace/catalogue_version.py)
GRAPHQL_RESPONSE_CACHE_SECONDS = int(env("GRAPHQL_RESPONSE_CACHE_SECONDS", "60"))
# Whole storefront pages for visitors who are not signed in (storefront.page_cache): invalidated
# by any committed catalogue write, like the GraphQL answers; 0 disables.
STOREFRONT_PAGE_CACHE_SECONDS = int(env("STOREFRONT_PAGE_CACHE_SECONDS", "60"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # personal data (e-mails, phone numbers, secret link parts) is masked in every record
    "filters": {"personal_data": {"()": "marketplace.log_redaction.RedactPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["personal_data"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler (under DEBUG) would print its records a second time
        # beside the root's: they go to the root only
        "django": {"handlers": [], "level": env("LOG_LEVEL", "INFO"), "propagate": True},
        "celery.app.trace": {"level": env("CELERY_TRACE_LOG_LEVEL", "WARNING")},
        "stripe": {"level": env("STRIPE_LOG_LEVEL", "WARNING")},
    },
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
