"""Counting SQL queries. A page or a list is tested to run the same number of queries for
a few rows and for many (or an exact number): ``count_queries`` around any code,
``get_counted`` for a page, ``gql_counted`` for a GraphQL document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.graphql import gql

T = TypeVar("T")


def count_queries(work: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[int, T]:
    """The number of SQL queries ``work(*args, **kwargs)`` runs, and what it returns."""
    with CaptureQueriesContext(connection) as captured:
        result = work(*args, **kwargs)
    return len(captured), result


def get_counted(client: Any, url: str, params: dict[str, Any] | None = None) -> tuple[int, Any]:
    """The number of SQL queries of a successful (200) GET of ``url``, and the response."""
    count, response = count_queries(client.get, url, params or {})
    assert response.status_code == 200, (url, response.status_code)
    return count, response


def gql_counted(
    client: Any,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
    **extra: Any,
) -> tuple[int, dict[str, Any]]:
    """The number of SQL queries answering ``query`` (``tests.support.graphql.gql``), and
    the answer (errors included: the caller asserts what it expects)."""
    return count_queries(gql, client, query, variables, token=token, **extra)
