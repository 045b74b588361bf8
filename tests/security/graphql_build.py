"""Building the GraphQL rows: a minimal document per root field (``query``, ``mutation``)
and the profiles most rows use."""

from __future__ import annotations

from typing import Any

from tests.support.graphql import gid

from .matrix import DENY, OK, Builder, Expect, GqlRow, expect

PUBLIC = expect(OK)
SIGNED_IN = expect(OK, anonymous=DENY)
SHOP_MEMBERS = expect(DENY, staff=OK, owner=OK)
CUSTOMER_ONLY = expect(DENY, customer=OK)


def query(
    name: str,
    expected: Expect,
    selection: str = "id",
    *,
    declare: str = "",
    use: str = "",
    variables: Builder | None = None,
    note: str = "",
) -> GqlRow:
    """``query Q(<declare>) { <name>(<use>) { <selection> } }``."""
    head = f"({declare})" if declare else ""
    args = f"({use})" if use else ""
    body = f" {{ {selection} }}" if selection else ""
    document = f"query Q{head} {{ {name}{args}{body} }}"
    return GqlRow(name, "query", document, expected, variables or (lambda w: {}), note)


def mutation(
    name: str,
    expected: Expect,
    *,
    declare: str = "",
    use: str = "",
    variables: Builder | None = None,
    note: str = "",
) -> GqlRow:
    """``mutation M(<declare>) { <name>(<use>) { errors { field code } } }``."""
    head = f"({declare})" if declare else ""
    args = f"({use})" if use else ""
    document = f"mutation M{head} {{ {name}{args} {{ errors {{ field code }} }} }}"
    return GqlRow(name, "mutation", document, expected, variables or (lambda w: {}), note)


def id_of(type_name: str, attribute: str) -> Builder:
    def build(world: Any) -> dict[str, Any]:
        return {"id": gid(type_name, getattr(world, attribute).pk)}

    return build
