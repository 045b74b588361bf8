"""Talking to the GraphQL API as a client does: ``gql`` posts a document to ``/graphql/``
(as a Saleor storefront does) and returns the JSON answer; ``multipart`` sends files by
the GraphQL multipart request spec; ``token_for`` signs a user in; ``gid`` makes a global
ID; ``errors_of`` and ``permission_denied`` read the two kinds of error."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from graphql_relay import to_global_id

from marketplace.graphql import auth


def gql(
    client: Any,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The JSON answer to ``query`` posted with ``variables``, signed in with ``token``;
    ``extra`` goes to the test client (headers such as ``HTTP_ACCEPT_LANGUAGE``)."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    response = client.post(
        "/graphql/",
        {"query": query, "variables": variables or {}},
        content_type="application/json",
        **headers,
        **extra,
    )
    return response.json()


def multipart(
    client: Any,
    query: str,
    variables: dict[str, Any],
    files: dict[str, tuple[str, bytes, str]],
    token: str | None = None,
) -> Any:
    """Posts a GraphQL multipart request: ``files`` maps a variable path
    (``variables.input.image``) to (file name, content, content type)."""
    data: dict[str, Any] = {"operations": json.dumps({"query": query, "variables": variables})}
    file_map = {}
    for index, (path, (name, content, content_type)) in enumerate(files.items()):
        file_map[str(index)] = [path]
        data[str(index)] = SimpleUploadedFile(name, content, content_type=content_type)
    data["map"] = json.dumps(file_map)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post("/graphql/", data, **headers)


def token_for(user: Any) -> str | None:
    """An access token for ``user``; ``None`` for an anonymous visitor (or no user)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return auth.create_token(user, auth.ACCESS, RequestFactory().get("/"))


def gid(type_name: str, pk: Any) -> str:
    """The global ID of object ``pk`` of GraphQL type ``type_name``, as clients see it."""
    return to_global_id(type_name, pk)


def errors_of(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    """(field, code) of each error of a mutation payload's ``errors``."""
    return [(error["field"], error["code"]) for error in payload["errors"]]


def permission_denied(answer: dict[str, Any], field: str) -> bool:
    """A Saleor-style top-level permission error, and no payload."""
    errors = answer.get("errors") or []
    return (answer.get("data") or {}).get(field) is None and any(
        (error.get("extensions") or {}).get("exception", {}).get("code") == "PermissionDenied"
        for error in errors
    )
