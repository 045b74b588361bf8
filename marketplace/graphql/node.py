"""The root ``node(id:)`` field: Relay's, with the id read by ``marketplace/graphql/ids.py``.

graphene's own resolver lets a malformed id (not base64, no colon), a type the schema
does not have and a key the type's lookup cannot read (``Product:x``) escape as plain
exceptions, which the view can only mask as ``INTERNAL_ERROR``. Here the first two are
the client's error (``Invalid ID: …``, code ``GRAPHQL_ERROR``) and the last finds
nothing (``null``), like an id of an object that does not exist or is not the viewer's."""

from __future__ import annotations

from typing import Any

import graphene
from django.core.exceptions import ValidationError
from graphene.relay.node import NodeField
from graphql import GraphQLError

from .ids import split_global_id


def _invalid(value: Any) -> GraphQLError:
    return GraphQLError(
        f"Invalid ID: {str(value)[:100]}.", extensions={"exception": {"code": "GRAPHQL_ERROR"}}
    )


def resolve_node(root: Any, info: Any, id: str) -> Any:
    type_name, key = split_global_id(id)
    named = info.schema.get_type(type_name) if type_name and key else None
    graphene_type = getattr(named, "graphene_type", None)
    interfaces = getattr(getattr(graphene_type, "_meta", None), "interfaces", ())
    if graphene_type is None or graphene.relay.Node not in interfaces:
        raise _invalid(id)
    get_node = getattr(graphene_type, "get_node", None)
    if get_node is None:
        return None
    try:
        return get_node(info, key)
    except (ValueError, OverflowError, ValidationError):
        # the type's lookup could not read the key (a letter for a numeric pk, a number
        # past the column's range): no object has it
        return None


class SafeNodeField(NodeField):
    """``graphene.relay.Node.Field()`` (same SDL) resolved by :func:`resolve_node`."""

    def __init__(self) -> None:
        super().__init__(graphene.relay.Node)

    def wrap_resolve(self, parent_resolver: Any) -> Any:
        return resolve_node
