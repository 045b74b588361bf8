"""A small helper for GraphQL tests: ``gql(client, query, variables, token=...)``
posts to ``/graphql/`` as a Saleor storefront does and returns the JSON answer."""

from __future__ import annotations

from typing import Any


def gql(
    client: Any,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    response = client.post(
        "/graphql/",
        {"query": query, "variables": variables or {}},
        content_type="application/json",
        **headers,
        **extra,
    )
    return response.json()
