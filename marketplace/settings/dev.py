"""Quickstart settings: SQLite, local media, eager tasks, in-memory channel layer, console
e-mail and the database search backend unless the environment says otherwise."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)

# Quickstart payments: cards only when STRIPE_SECRET_KEY is given (test keys); the bank
# webhook and Saleor's dummy gateway work locally.
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", "whsec_dev_secret")  # noqa: F405
BANK_WEBHOOK_API_KEY = env("BANK_WEBHOOK_API_KEY", "dev-bank-key")  # noqa: F405
DUMMY_PAYMENT_GATEWAY_ENABLED = env_bool("DUMMY_PAYMENT_GATEWAY_ENABLED", True)
