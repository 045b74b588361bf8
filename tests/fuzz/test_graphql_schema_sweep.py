"""Every root query and mutation of the schema, called with hostile arguments: malformed
ids, ids of another type or past any column, the boundaries of ``Int``, huge and negative
decimals, weights and dates at the ends of the calendar, text with NUL, unpaired
surrogates or 5 000 characters — and, in half the rounds, real ids so the call gets past
the id check. As a shop's owner (and, in two rounds, as a visitor). No answer is a 500, an
``INTERNAL_ERROR`` or the text of a Python exception, and every top-level error is coded.

The schema is read at run time, so a new field or mutation is swept without a change
here."""

from __future__ import annotations

import json
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
)

from marketplace.graphql.ids import global_id
from marketplace.graphql.schema import schema
from tests.support.graphql import gid, gql, token_for

pytestmark = pytest.mark.django_db

BAD = {
    "ID": [
        "not base64 !",
        gid("Product", "x"),
        gid("Product", "99999999999999999999999"),
        gid("Nope", 1),
        gid("ProductVariant", "-1"),
    ],
    "Int": [2147483647, -2147483648, 0, -1],
    "Float": [1e300, -1.0, 0.0],
    "String": ["ok", "a" * 5000, "\x00", "12", "\ud800", "'; drop"],
    "PositiveDecimal": ["1e30", "99999999999999999999999", 0],
    "Decimal": ["1e30", "-99999999999999999999999", "NaN"],
    "PositiveInt": [2147483647, 1],
    "WeightScalar": ["1e30", 1e300, {"unit": "TONNE", "value": 1e15}],
    "UUID": ["00000000-0000-0000-0000-000000000000"],
    "Boolean": [True, False],
    "JSON": [{"a": "\x00"}, 2**70],
    "JSONString": ['{"a": 1}', "[" * 50],
    "Date": ["9999-12-31", "0001-01-01"],
    "DateTime": ["9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+14:00"],
    "Metadata": [{"k": "v"}],
}
#: Texts of Python and database errors that must never reach a client.
LEAKS = (
    "Traceback",
    "invalid literal",
    "too large to convert",
    "out of range",
    "DataError",
    "IntegrityError",
    "psycopg",
    "sqlite",
    "has no attribute",
    "NoneType",
    "codec can't",
    "OverflowError",
    "INTERNAL_ERROR",
)
#: Rounds per field: even ones all hostile, odd ones with real ids (bounded for make test).
ROUNDS = 6


def _value(type_: Any, round_: int, path: str, valid: dict[str, str], depth: int = 0) -> Any:
    required = isinstance(type_, GraphQLNonNull)
    if required:
        type_ = type_.of_type
    if isinstance(type_, GraphQLList):
        item = _value(type_.of_type, round_, path, valid, depth + 1)
        return None if item is None else [item]
    if isinstance(type_, GraphQLEnumType):
        names = list(type_.values)
        return names[round_ % len(names)]
    if isinstance(type_, GraphQLInputObjectType):
        if depth > 3:
            return {} if required else None
        fields = {
            name: _value(field.type, round_, f"{path}.{name}", valid, depth + 1)
            for name, field in type_.fields.items()
        }
        return {name: value for name, value in fields.items() if value is not None}
    if isinstance(type_, GraphQLScalarType):
        if type_.name == "ID" and round_ % 2:
            return _valid_id(path, valid)
        choices = BAD.get(type_.name)
        return None if choices is None else choices[round_ % len(choices)]
    return None


def _valid_id(path: str, valid: dict[str, str]) -> str:
    low = path.lower()
    for key in sorted(valid, key=len, reverse=True):
        if key in low:
            return valid[key]
    return valid[""]


def _selection(type_: Any) -> str:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    if isinstance(type_, GraphQLObjectType) and "errors" in type_.fields:
        return "{ __typename errors { field message } }"
    if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
        return "{ __typename }"
    return ""


def _operations(valid: dict[str, str], rounds: int):
    graphql_schema = schema.graphql_schema
    for kind, root in (
        ("query", graphql_schema.query_type),
        ("mutation", graphql_schema.mutation_type),
    ):
        for name, field in root.fields.items():
            for round_ in range(rounds):
                variables, declarations, arguments = {}, [], []
                for arg_name, arg in field.args.items():
                    value = _value(arg.type, round_, f"{name}.{arg_name}", valid)
                    if value is None and not isinstance(arg.type, GraphQLNonNull):
                        continue
                    variables[arg_name] = value
                    declarations.append(f"${arg_name}: {arg.type}")
                    arguments.append(f"{arg_name}: ${arg_name}")
                signature = f"({', '.join(declarations)})" if declarations else ""
                call = f"({', '.join(arguments)})" if arguments else ""
                yield (
                    name,
                    f"{kind} Sweep{signature} {{ {name}{call} {_selection(field.type)} }}",
                    variables,
                )


def _valid_ids(client, catalogue) -> dict[str, str]:
    variant = catalogue.fish.variants.get()
    valid = {
        "": global_id("Product", catalogue.fish.pk),
        "product": global_id("Product", catalogue.fish.pk),
        "variant": global_id("ProductVariant", variant.pk),
        "shop": global_id("Shop", catalogue.shop.pk),
        "warehouse": global_id("Warehouse", catalogue.shop.warehouses.get().pk),
        "channel": global_id("Channel", "default-channel"),
    }
    created = gql(
        client,
        """mutation($v: ID!) { checkoutCreate(input: {channel: "default-channel",
           email: "an@example.vn", lines: [{variantId: $v, quantity: 1}]}) { checkout { id } } }""",
        {"v": valid["variant"]},
    )
    valid["checkout"] = created["data"]["checkoutCreate"]["checkout"]["id"]
    return valid


@pytest.mark.parametrize("actor", ["anonymous", "owner"])
def test_no_hostile_argument_leaks_an_error(client, catalogue, request, actor):
    """The owner's rounds reach the staff mutations; the visitor's, in fewer rounds, the
    public ones without a token."""
    token = token_for(request.getfixturevalue(actor)) if actor == "owner" else None
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    rounds = ROUNDS if token else 2
    leaks = []
    for name, query, variables in _operations(_valid_ids(client, catalogue), rounds):
        response = client.post(
            "/graphql/",
            json.dumps({"query": query, "variables": variables}),
            content_type="application/json",
            **headers,
        )
        text = response.content.decode("utf-8", "replace")
        answer = response.json()
        uncoded = [
            e for e in answer.get("errors") or [] if not e.get("extensions", {}).get("exception")
        ]
        if response.status_code >= 500 or uncoded or any(leak in text for leak in LEAKS):
            leaks.append((name, response.status_code, text[:300], json.dumps(variables)[:300]))

    assert leaks == []
