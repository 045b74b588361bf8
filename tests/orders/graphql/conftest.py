"""Fixtures shared by the GraphQL tests of this directory."""

from tests.orders.graphql.checkout_helpers import two_shops, variants  # noqa: F401 - fixtures
