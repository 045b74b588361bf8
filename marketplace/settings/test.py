"""Test settings: PostgreSQL and the loopback services when deploy/services.sh exported
them (make test), SQLite otherwise."""

import os
import tempfile
from pathlib import Path

from . import base
from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="ocop-test-private-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl"},
}
# on_commit never runs inside a test's transaction, so writes could not invalidate cached
# GraphQL answers: off, except in the tests of the cache itself
GRAPHQL_RESPONSE_CACHE_SECONDS = 0
HEALTHZ_CACHE_SECONDS = HEALTHZ_DETAILS_CACHE_SECONDS = 0  # test_healthz turns them on
STOREFRONT_PAGE_CACHE_SECONDS = 0  # tests that exercise it turn it on (and clear the cache)
WHITENOISE_AUTOREFRESH = True
# Tests use the database search backend unless they opt in to the real Elasticsearch node
# (tests/search, with an index prefix of their own), so no test sees another's documents.
ELASTICSEARCH_URL = ""
SEARCH_BACKEND = "database"

if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    # A runaway query fails its test instead of running on after the client gave up.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c statement_timeout=120000"  # noqa: F405

# Payments in tests: stripe-mock accepts any sk_test key; webhooks are signed with this
# secret by the tests themselves (real signatures, verified by the stripe library).
# Without stripe-mock (STRIPE_API_BASE unset) no key is set, so nothing calls the real API.
STRIPE_SECRET_KEY = "sk_test_123" if STRIPE_API_BASE else ""  # noqa: F405
STRIPE_PUBLISHABLE_KEY = "pk_test_123" if STRIPE_API_BASE else ""  # noqa: F405
STRIPE_WEBHOOK_SECRET = "whsec_test_secret"
BANK_WEBHOOK_API_KEY = "bank-test-key"
DUMMY_PAYMENT_GATEWAY_ENABLED = True

# a service code in no app's error-code enum fails the test (marketplace/graphql/error_codes.py)
ERROR_CODES_STRICT = True

# Parallel runs (make test: pytest-xdist): every worker process ("gw0", "gw1"…, in
# PYTEST_XDIST_WORKER) keeps what it writes to the shared services apart from the other
# workers'. pytest-django gives each its own test database (test_<name>_gw0…); here each gets
# its own Elasticsearch index prefix (the search tests put a random one of their own on top),
# S3 bucket, and Redis key prefixes for the Channels layer and the Celery broker. The cache
# is the process's own memory (LocMemCache above), emptied around every test.
TEST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if TEST_WORKER:
    ELASTICSEARCH_INDEX_PREFIX = f"{base.ELASTICSEARCH_INDEX_PREFIX}-{TEST_WORKER}"
    if base.AWS_STORAGE_BUCKET_NAME:
        AWS_STORAGE_BUCKET_NAME = f"{base.AWS_STORAGE_BUCKET_NAME}-{TEST_WORKER}"
    if base.REDIS_URL:
        CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {"hosts": [base.REDIS_URL], "prefix": f"asgi-{TEST_WORKER}"},
            }
        }
        CELERY_BROKER_TRANSPORT_OPTIONS = {"global_keyprefix": f"{TEST_WORKER}-"}
