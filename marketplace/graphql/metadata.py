"""Saleor's metadata shapes, shared by every type that implements ``ObjectWithMetadata``
(``MetadataItem`` and the interface; ``MetadataInput`` is in ``inputs``). We keep no metadata yet: the
public lists are empty and the private ones are empty for everyone (nothing to hide), so
storefront documents that ask for ``metadata``/``metafield`` validate and get nothing.
A type opts in with ``class Meta: interfaces = (graphene.relay.Node, ObjectWithMetadata)``;
objects may carry ``metadata`` / ``private_metadata`` dicts to serve real values."""

from __future__ import annotations

from typing import Any

import graphene

try:  # Saleor's ``Metadata`` scalar lives in scalars.py (added by the catalogue work)
    from .scalars import Metadata as _Metadata

    Metadata: Any = _Metadata
except ImportError:  # pragma: no cover - until the scalar exists
    Metadata = None


class MetadataItem(graphene.ObjectType):
    key = graphene.String(required=True, description="Key of a metadata item.")
    value = graphene.String(required=True, description="Value of a metadata item.")


def _public(root: Any) -> dict[str, str]:
    value = getattr(root, "metadata", None)
    return dict(value) if isinstance(value, dict) else {}


def _private(root: Any) -> dict[str, str]:
    value = getattr(root, "private_metadata", None)
    return dict(value) if isinstance(value, dict) else {}


def _items(data: dict[str, str]) -> list[MetadataItem]:
    return [MetadataItem(key=k, value=v) for k, v in sorted(data.items())]


def _pick(data: dict[str, str], keys: list[str] | None) -> dict[str, str]:
    return data if keys is None else {k: v for k, v in data.items() if k in keys}


_metafields = (
    {}
    if Metadata is None
    else {
        "private_metafields": graphene.Field(
            Metadata,
            keys=graphene.List(graphene.NonNull(graphene.String)),
            description="Private metadata. Requires staff permissions to access.",
        ),
        "metafields": graphene.Field(
            Metadata,
            keys=graphene.List(graphene.NonNull(graphene.String)),
            description="Public metadata.",
        ),
    }
)


class ObjectWithMetadata(graphene.Interface):
    private_metadata = graphene.Field(
        graphene.NonNull(graphene.List(graphene.NonNull(MetadataItem))),
        description="List of private metadata items. Requires staff permissions to access.",
    )
    private_metafield = graphene.String(
        key=graphene.String(required=True), description="A single key from private metadata."
    )
    metadata = graphene.Field(
        graphene.NonNull(graphene.List(graphene.NonNull(MetadataItem))),
        description="List of public metadata items. Can be accessed without permissions.",
    )
    metafield = graphene.String(
        key=graphene.String(required=True), description="A single key from public metadata."
    )
    locals().update(_metafields)

    @staticmethod
    def resolve_private_metadata(root: Any, info: Any) -> list[MetadataItem]:
        return _items(_private(root))

    @staticmethod
    def resolve_private_metafield(root: Any, info: Any, key: str) -> str | None:
        return _private(root).get(key)

    @staticmethod
    def resolve_private_metafields(
        root: Any, info: Any, keys: list[str] | None = None
    ) -> dict[str, str]:
        return _pick(_private(root), keys)

    @staticmethod
    def resolve_metadata(root: Any, info: Any) -> list[MetadataItem]:
        return _items(_public(root))

    @staticmethod
    def resolve_metafield(root: Any, info: Any, key: str) -> str | None:
        return _public(root).get(key)

    @staticmethod
    def resolve_metafields(root: Any, info: Any, keys: list[str] | None = None) -> dict[str, str]:
        return _pick(_public(root), keys)
