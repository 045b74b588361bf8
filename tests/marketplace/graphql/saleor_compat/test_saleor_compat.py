"""Our schema against Saleor's (``reference/saleor-schema.graphql`` beside this file, a copy
of the API contract): every type and field we share with Saleor has Saleor's name,
arguments and a compatible type (rules in ``compare.py`` of this package). Counts are
printed (``-s``) and written to ``test-artifacts/graphql/compat.json`` with the notes (what
Saleor has that we lack). A mismatch fails its type's test unless ``EXCEPTIONS`` lists it
with a reason.

By hand: ``python -m tests.marketplace.graphql.saleor_compat compare`` (or ``--api URL`` for
a server)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from graphql import GraphQLScalarType, specified_scalar_types

from tests.marketplace.graphql import saleor_compat as compat

# Mismatch key -> why it is accepted. Keys as printed by the failing test:
# "Type" (kind differs), "Type.field", "Type.field(argument)", "Enum.VALUE", "Union.Member",
# "<MutationClass>:<CODE>" (error codes). A key that no longer mismatches fails
# test_exceptions_are_current: remove it then.
EXCEPTIONS: dict[str, str] = {}

# The scalars Saleor's storefront maps in its codegen config (strictScalars: true, in
# .graphqlrc.ts and src/checkout/graphql/codegen.ts): any other custom scalar fails its codegen.
STOREFRONT_SCALARS = frozenset(
    {
        "Date",
        "DateTime",
        "Day",
        "Decimal",
        "GenericScalar",
        "JSON",
        "JSONString",
        "Metadata",
        "Hour",
        "Minute",
        "PositiveInt",
        "PositiveDecimal",
        "UUID",
        "Upload",
        "WeightScalar",
        "_Any",
    }
)


def _build() -> tuple[Any, Any, compat.Report | None, BaseException | None]:
    try:
        ours, saleor = compat.our_schema(), compat.saleor_schema()
        return ours, saleor, compat.compare(ours, saleor), None
    except Exception as exc:  # reported by test_schemas_load; the other tests then skip
        return None, None, None, exc


OURS, SALEOR, REPORT, BUILD_ERROR = _build()
SHARED_TYPES = REPORT.shared_types if REPORT else []
OUR_SCALARS = (
    sorted(n for n, t in compat.user_types(OURS).items() if isinstance(t, GraphQLScalarType))
    if OURS
    else []
)


def _report() -> compat.Report:
    if REPORT is None:
        pytest.skip(f"schemas did not load: {BUILD_ERROR!r}")
    return REPORT


def test_schemas_load() -> None:
    if BUILD_ERROR is not None:
        pytest.fail(f"could not load our schema or Saleor's: {BUILD_ERROR!r}")


def test_counts() -> None:
    report = _report()
    error_codes = compat.error_code_problems(SALEOR)
    data = report.as_dict(EXCEPTIONS)
    data["error_code_problems"] = [
        {"key": m.key, "message": m.message, "excepted": EXCEPTIONS.get(m.key)} for m in error_codes
    ]
    data["exceptions"] = EXCEPTIONS
    compat.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (compat.ARTIFACTS / "compat.json").write_text(
        json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    notes = sum(len(v) for v in data["notes"].values())
    print(
        f"\nSaleor compatibility: {report.summary()}; shared enum values {report.shared_enum_values}; "
        f"mismatches {len(report.mismatches)} ({sum(m.key in EXCEPTIONS for m in report.mismatches)} excepted); "
        f"extra scalars {len(report.extra_scalars)}; notes (Saleor members we lack) {notes}; "
        f"our own types {len(report.our_only_types)} -> {compat.ARTIFACTS / 'compat.json'}"
    )
    assert "Query" in report.shared_types
    assert report.matching_fields <= report.shared_fields


@pytest.mark.parametrize("type_name", SHARED_TYPES)
def test_shared_type_matches_saleor(type_name: str) -> None:
    problems = [m for m in _report().by_type().get(type_name, []) if m.key not in EXCEPTIONS]
    if problems:
        pytest.fail(
            f"{type_name} differs from Saleor's (fix it, or add the key to EXCEPTIONS in "
            f"{__name__} with a reason):\n"
            + "\n".join(f"  [{m.key}] {m.message}" for m in problems),
            pytrace=False,
        )


@pytest.mark.parametrize("scalar", OUR_SCALARS)
def test_scalar_is_saleors(scalar: str) -> None:
    """No scalar outside Saleor's set: storefronts generate with strict scalars. No exceptions."""
    _report()
    assert scalar in compat.user_types(SALEOR), (
        f"scalar {scalar} is not one of Saleor's: use a Saleor scalar (marketplace/graphql/scalars.py) or a "
        f"built-in one (graphene's BigInt, Base64, Time… are not allowed)"
    )
    assert scalar in specified_scalar_types or scalar in STOREFRONT_SCALARS, (
        f"scalar {scalar} is not mapped by Saleor's storefront codegen (strictScalars)"
    )


def test_root_types_are_saleors() -> None:
    _report()
    assert OURS.query_type is not None
    assert OURS.query_type.name == "Query"
    if OURS.mutation_type is not None:
        assert OURS.mutation_type.name == "Mutation"
    if OURS.subscription_type is not None:
        assert OURS.subscription_type.name == "Subscription"


def test_error_codes_we_emit_are_saleors() -> None:
    """Codes our mutations can emit (the mapping table's, ``NOT_FOUND``, ``INVALID``) are in
    their error enum, and in Saleor's."""
    _report()
    problems = [m for m in compat.error_code_problems(SALEOR) if m.key not in EXCEPTIONS]
    assert not problems, "\n".join(f"[{m.key}] {m.message}" for m in problems)


def test_exceptions_are_current() -> None:
    report = _report()
    current = {m.key for m in report.mismatches} | {
        m.key for m in compat.error_code_problems(SALEOR)
    }
    stale = sorted(key for key in EXCEPTIONS if key not in current)
    assert not stale, f"EXCEPTIONS lists keys that no longer mismatch (remove them): {stale}"
    assert all(reason.strip() for reason in EXCEPTIONS.values()), "every exception needs a reason"


def test_compatibility_rules() -> None:
    """The checker itself, on a small pair of schemas."""
    from graphql import build_schema

    saleor = build_schema("""
        type Query { product(id: ID, slug: String): Product  products(first: Int): [Product!]! }
        type Product { id: ID!  name: String!  rating: Float  tags: [String!] }
        input AddressInput { city: String  country: CountryCode! }
        enum CountryCode { VN US }
        enum OrderStatus { DRAFT UNFULFILLED }
        union Problem = Stale | Invalid
        type Stale { id: ID }  type Invalid { id: ID }
        scalar JSONString
    """)
    ours = build_schema("""
        type Query {
          product(id: ID!, slug: String, shop: String!): Product
          products(first: Int, channel: String): [Product]
          status: OrderStatus  problem: Problem  country(code: CountryCode): String
        }
        type Product { id: ID!  name: String  rating: Float!  tags: String  ocop: Int }
        input AddressInput { city: String!  country: CountryCode  district: String! }
        enum CountryCode { VN }
        enum OrderStatus { DRAFT PLACED }
        union Problem = Stale | Other
        type Stale { id: ID }  type Other { id: ID }
        scalar BigInt
    """)
    report = compat.compare(ours, saleor)
    assert {m.key for m in report.mismatches} == {
        "Query.product(id)",  # we require what Saleor leaves optional
        "Query.product(shop)",  # an added argument must be optional
        "Query.products",  # [Product] where Saleor promises [Product!]!
        "Product.name",  # nullable where Saleor is non-null
        "Product.tags",  # not a list
        "AddressInput.city",  # required where Saleor is optional
        "AddressInput.district",  # an added input field must be optional
        "OrderStatus.PLACED",  # returned enum value Saleor lacks
        "Problem.Other",  # union member Saleor lacks
    }
    assert report.extra_scalars == ["BigInt"]
    assert report.missing_enum_values == {"CountryCode": ["US"], "OrderStatus": ["UNFULFILLED"]}
    assert report.missing_union_members == {"Problem": ["Invalid"]}
    assert report.missing_arguments == {}
    # Product.rating: non-null where Saleor is nullable is fine; AddressInput.country:
    # accepting null where Saleor requires a value is fine; Query.products(channel) is optional.
    assert report.shared_fields == 9  # with Stale.id
    assert report.matching_fields == 4
