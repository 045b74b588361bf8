"""Saleor-style connections: ``edges { node cursor }``, ``pageInfo``, ``totalCount``, with
``first``/``after`` and ``last``/``before`` at most 100. Cursors are opaque offsets; a
list resolver returns a queryset (already scoped and prefetched by a selector) and
``paginate`` slices it with one COUNT and one page query."""

from __future__ import annotations

import base64
from typing import Any

import graphene
from django.db.models import QuerySet
from graphql import GraphQLError

from marketplace.bounded import query_int

MAX_PAGE = 100


class CountableConnection(graphene.relay.Connection):
    class Meta:
        abstract = True

    total_count = graphene.Int(description="A total count of items in the collection.")

    @classmethod
    def __init_subclass_with_meta__(cls, strict_types: bool = True, **options: Any) -> None:
        # Saleor's shape: ``edges: [XCountableEdge!]!`` and ``node: X!``
        super().__init_subclass_with_meta__(strict_types=strict_types, **options)

    @staticmethod
    def resolve_total_count(root: Any, info: Any) -> int:
        return root.length


def connection_args() -> dict[str, Any]:
    return {
        "before": graphene.String(
            description="Return the elements in the list that come before the specified cursor."
        ),
        "after": graphene.String(
            description="Return the elements in the list that come after the specified cursor."
        ),
        "first": graphene.Int(
            description="Retrieve the first n elements from the list. Note that the system only "
            "allows fetching a maximum of 100 objects in a single query."
        ),
        "last": graphene.Int(
            description="Retrieve the last n elements from the list. Note that the system only "
            "allows fetching a maximum of 100 objects in a single query."
        ),
    }


def _cursor(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def _offset(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        kind, _, value = base64.b64decode(cursor.encode()).decode().partition(":")
        offset = query_int(value) if kind == "offset" else None
        if offset is None:  # not a number, negative, or past any page
            raise ValueError
        return offset
    except ValueError:
        raise GraphQLError(
            f"Received cursor ({cursor}) is not valid. / Con trỏ không hợp lệ."
        ) from None


def paginate(
    items: QuerySet[Any] | list[Any],
    connection_type: type[graphene.relay.Connection],
    field_name: str,
    first: int | None = None,
    last: int | None = None,
    after: str | None = None,
    before: str | None = None,
    **_: Any,
) -> Any:
    """A page of ``items`` (ordered) as ``connection_type``; Saleor's errors for missing
    or too large ``first``/``last``."""
    for name, value in (("first", first), ("last", last)):
        if value is not None and value < 0:
            raise GraphQLError(f"Argument `{name}` must be a non-negative integer.")
        if value is not None and value > MAX_PAGE:
            raise GraphQLError(
                f"Requesting {value} records on the `{field_name}` connection exceeds the "
                f"`{name}` limit of {MAX_PAGE} records."
            )
    if first is None and last is None:
        raise GraphQLError(
            f"You must provide a `first` or `last` value to properly paginate the "
            f"`{field_name}` connection."
        )
    total = items.count() if isinstance(items, QuerySet) else len(items)
    start, end = 0, total
    after_offset, before_offset = _offset(after), _offset(before)
    if after_offset is not None:
        start = max(start, after_offset + 1)
    if before_offset is not None:
        end = min(end, before_offset)
    if first is not None:
        end = min(end, start + first)
    if last is not None:
        start = max(start, end - last)
    page = list(items[start:end]) if end > start else []
    edge_type = connection_type.Edge
    edges = [edge_type(node=node, cursor=_cursor(start + i)) for i, node in enumerate(page)]
    connection = connection_type(
        edges=edges,
        page_info=graphene.relay.PageInfo(
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
            has_previous_page=start > 0,
            has_next_page=end < total,
        ),
    )
    connection.length = total
    return connection
