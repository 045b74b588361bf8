"""Helpers for the producer-side (shop staff) API tests: tokens, the five actors, a real
JPEG made by Pillow, and GraphQL multipart requests (the spec's ``operations`` + ``map``
+ files)."""

from __future__ import annotations

import io
import json
from typing import Any

import graphene
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from graphql_relay import to_global_id
from PIL import Image

from marketplace.graphql import auth
from tests.actors import FIVE_ACTORS, actor_for
from tests.support.graphql import gql

__all__ = ["FIVE_ACTORS", "actor_for", "gid", "gql", "jpeg_bytes", "multipart", "token_for"]


def token_for(user: Any) -> str | None:
    """An access token for ``user``; ``None`` for an anonymous visitor."""
    if user is None or not user.is_authenticated:
        return None
    return auth.create_token(user, auth.ACCESS, RequestFactory().get("/"))


def gid(type_name: str, pk: Any) -> str:
    return to_global_id(type_name, pk)


def jpeg_bytes(
    size: tuple[int, int] = (64, 48), color: tuple[int, int, int] = (200, 80, 40), exif: bool = True
) -> bytes:
    """A small real JPEG; with ``exif`` it carries a camera model and GPS data."""
    image = Image.new("RGB", size, color)
    buffer = io.BytesIO()
    if exif:
        info = Image.Exif()
        info[0x0110] = "OCOP Test Camera"  # Model
        info[0x8825] = {1: "N", 2: (17.0, 28.0, 0.0)}  # GPSInfo
        image.save(buffer, "JPEG", exif=info)
    else:
        image.save(buffer, "JPEG")
    return buffer.getvalue()


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


@pytest.fixture
def staff_api(monkeypatch: pytest.MonkeyPatch) -> None:
    """Serves the staff operations even before ``marketplace/graphql/schema.py`` stitches
    them in (then it is the root schema as is)."""
    from graphene_django.settings import graphene_settings

    from marketplace.graphql import schema as root
    from orders.graphql import staff_schema as orders_staff
    from shops.graphql import staff_schema as shops_staff

    graphql_schema = root.schema.graphql_schema
    mutations = graphql_schema.mutation_type.fields if graphql_schema.mutation_type else {}
    if {"productCreate", "orderFulfill"} <= set(
        mutations
    ) and "shopOrders" in graphql_schema.query_type.fields:
        return

    class Query(root.Query, orders_staff.StaffQuery, graphene.ObjectType):
        pass

    class Mutation(
        root.Mutation, shops_staff.StaffMutation, orders_staff.StaffMutation, graphene.ObjectType
    ):
        pass

    schema = graphene.Schema(
        query=Query, mutation=Mutation, types=getattr(root, "SHOPS_TYPES", None)
    )
    monkeypatch.setattr(graphene_settings, "SCHEMA", schema)


def errors_of(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(error["field"], error["code"]) for error in payload["errors"]]


def permission_denied(answer: dict[str, Any], field: str) -> bool:
    """A Saleor-style top-level permission error, and no payload."""
    errors = answer.get("errors") or []
    return (answer.get("data") or {}).get(field) is None and any(
        (error.get("extensions") or {}).get("exception", {}).get("code") == "PermissionDenied"
        for error in errors
    )
