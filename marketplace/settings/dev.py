"""Quickstart settings: SQLite, local media, eager tasks, in-memory channel layer, console
e-mail and the database search backend unless the environment says otherwise."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
# `make run` serves with DEBUG off; the demo's office and admin still sign in with the
# published authenticator key it prints (never in production: settings/production.py)
DEMO_AUTHENTICATOR = env_bool("DEMO_AUTHENTICATOR", True)

# Quickstart payments: cards only when STRIPE_SECRET_KEY is given (test keys); the bank
# webhook and Saleor's dummy gateway work locally.
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", "whsec_dev_secret")  # noqa: F405
BANK_WEBHOOK_API_KEY = env("BANK_WEBHOOK_API_KEY", "dev-bank-key")  # noqa: F405
DUMMY_PAYMENT_GATEWAY_ENABLED = env_bool("DUMMY_PAYMENT_GATEWAY_ENABLED", True)

# GraphiQL's browser files (/graphql/ under DEBUG), copied here by `make run` from the npm lock
# in tools/graphiql/; without them the page says what to run instead of loading them remotely.
GRAPHIQL_STATIC_DIR = BASE_DIR / "var" / "graphiql-static"  # noqa: F405
if GRAPHIQL_STATIC_DIR.is_dir():
    STATICFILES_DIRS = [*globals().get("STATICFILES_DIRS", []), ("graphiql", GRAPHIQL_STATIC_DIR)]
