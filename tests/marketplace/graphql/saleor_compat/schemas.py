"""Loading the schemas to compare: Saleor's (the contract, kept with the tests in
``reference/``), ours (live, or a running server's by introspection), and what both share."""

from __future__ import annotations

import json
import os
import urllib.request
from functools import lru_cache
from pathlib import Path
from typing import Any

from graphql import (
    DirectiveDefinitionNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    Visitor,
    build_client_schema,
    build_schema,
    extend_schema,
    get_introspection_query,
    parse,
    visit,
)

REPO_ROOT = Path(__file__).resolve().parents[4]
# a copy of the contract is kept with the tests, so a clean clone can run them anywhere
SALEOR_SDL = Path(
    os.environ.get("SALEOR_SCHEMA_SDL")
    or Path(__file__).resolve().parent / "reference" / "saleor-schema.graphql"
)
ARTIFACTS = REPO_ROOT / "test-artifacts" / "graphql"

KINDS = (
    (GraphQLObjectType, "object"),
    (GraphQLInputObjectType, "input"),
    (GraphQLInterfaceType, "interface"),
    (GraphQLUnionType, "union"),
    (GraphQLEnumType, "enum"),
    (GraphQLScalarType, "scalar"),
)

# Saleor's schema declares its own directives (@doc, @webhookEventsInfo); should a version
# use one it does not declare, it is declared here on every location before building.
_ALL_LOCATIONS = (
    "QUERY | MUTATION | SUBSCRIPTION | FIELD | FRAGMENT_DEFINITION | FRAGMENT_SPREAD | "
    "INLINE_FRAGMENT | VARIABLE_DEFINITION | SCHEMA | SCALAR | OBJECT | FIELD_DEFINITION | "
    "ARGUMENT_DEFINITION | INTERFACE | UNION | ENUM | ENUM_VALUE | INPUT_OBJECT | "
    "INPUT_FIELD_DEFINITION"
)


def kind_of(type_: GraphQLNamedType) -> str:
    for cls, name in KINDS:
        if isinstance(type_, cls):
            return name
    return type(type_).__name__


def user_types(schema: GraphQLSchema) -> dict[str, GraphQLNamedType]:
    """Named types without the introspection ones (``__Type``…)."""
    return {name: t for name, t in schema.type_map.items() if not name.startswith("__")}


def build_saleor_schema(sdl: str) -> GraphQLSchema:
    """Saleor's SDL as a schema; undeclared custom directives are declared first."""
    try:
        return build_schema(sdl)
    except (GraphQLError, TypeError):
        pass
    document = parse(sdl, no_location=True)
    declared = {
        d.name.value for d in document.definitions if isinstance(d, DirectiveDefinitionNode)
    }
    used: set[str] = set()

    class Directives(Visitor):
        def enter_directive(self, node: Any, *_: Any) -> None:
            used.add(node.name.value)

    visit(document, Directives())
    builtin = {"deprecated", "include", "skip", "specifiedBy"}
    extra = "".join(
        f"\ndirective @{name}(category: String, asyncEvents: [String], syncEvents: [String]) "
        f"repeatable on {_ALL_LOCATIONS}"
        for name in sorted(used - declared - builtin)
    )
    return build_schema(sdl + extra, assume_valid_sdl=True)


# Saleor fields that Saleor's own storefront still declares but the contract's version
# (3.24) no longer has, with the signature of Saleor's last implementation
# (saleor/graphql/checkout/mutations/checkout_line_delete.py). Added to the contract only
# when it lacks them, so what we serve for them is checked like the rest.
SALEOR_LEGACY_SDL = {
    ("Mutation", "checkoutLineDelete"): """
extend type Mutation {
  checkoutLineDelete(id: ID, token: UUID @deprecated(reason: "Use `id` instead."),
    checkoutId: ID @deprecated(reason: "Use `id` instead."), lineId: ID): CheckoutLineDelete
    @deprecated(reason: "Use `checkoutLinesDelete` instead.")
}
type CheckoutLineDelete {
  checkoutErrors: [CheckoutError!]! @deprecated(reason: "Use `errors` field instead.")
  checkout: Checkout
  errors: [CheckoutError!]!
}
""",
}


def with_legacy(schema: GraphQLSchema) -> GraphQLSchema:
    for (type_name, field_name), sdl in SALEOR_LEGACY_SDL.items():
        type_ = schema.type_map.get(type_name)
        if isinstance(type_, GraphQLObjectType) and field_name not in type_.fields:
            schema = extend_schema(schema, parse(sdl), assume_valid_sdl=True)
    return schema


@lru_cache(maxsize=1)
def saleor_schema() -> GraphQLSchema:
    """The contract: Saleor's SDL (plus ``SALEOR_LEGACY_SDL``)."""
    if not SALEOR_SDL.exists():
        raise FileNotFoundError(
            f"Saleor's schema (the API contract) is missing: {SALEOR_SDL}; "
            f"set SALEOR_SCHEMA_SDL to its path"
        )
    return with_legacy(build_saleor_schema(SALEOR_SDL.read_text(encoding="utf-8")))


def our_schema() -> GraphQLSchema:
    """The live schema (Django must be set up)."""
    from marketplace.graphql.schema import schema

    return schema.graphql_schema


def schema_from_url(url: str, timeout: float = 30) -> GraphQLSchema:
    """A running server's schema by introspection (what storefront codegen sees)."""
    body = json.dumps({"query": get_introspection_query(descriptions=False)}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (local dev server)
        payload = json.load(response)
    if payload.get("errors"):
        raise RuntimeError(f"introspection of {url} failed: {payload['errors']}")
    return build_client_schema(payload["data"])
