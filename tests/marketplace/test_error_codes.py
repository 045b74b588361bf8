"""One vocabulary for errors: every code a service raises is in its app's enum, and
GraphQL maps it onto Saleor's enums in one place (marketplace/graphql/error_codes.py);
an unknown code fails instead of silently becoming ``INVALID``."""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from marketplace.errors import CoreErrorCode, error_code_enums, is_known_error_code
from marketplace.graphql import error_codes
from marketplace.graphql.errors import errors_from
from marketplace.graphql.schema import schema
from orders.errors import OrdersErrorCode
from shops.errors import ShopsErrorCode

ROOT = Path(__file__).resolve().parents[2]
APPS = ("marketplace", "shops", "orders", "search", "storefront", "livestream")
CODE = re.compile(r"^[a-z][a-z0-9_]*$")
NOT_ERRORS = {"filter", "get", "create", "exclude", "update_or_create", "get_or_create"}


def _saleor_enum(name: str) -> set[str]:
    enum = schema.graphql_schema.get_type(name)
    assert enum is not None, name
    return set(enum.values)  # type: ignore[union-attr]


def _graphene_enum(name: str):
    from graphene import Enum

    return Enum(name, [(member, member) for member in sorted(_saleor_enum(name))])


def _codes_in_source() -> dict[str, set[str]]:
    """Every literal error code in the apps' code: ``code="…"`` keywords and literals
    passed as the ``code`` parameter of a module's own error helpers."""
    found: dict[str, set[str]] = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text())
            helpers = {
                node.name: [arg.arg for arg in node.args.args].index("code")
                for node in ast.walk(tree)
                if isinstance(node, ast.FunctionDef)
                and "code" in [arg.arg for arg in node.args.args]
            }
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = getattr(func, "id", None) or getattr(func, "attr", None)
                values = [
                    kw.value for kw in node.keywords if kw.arg == "code" and name not in NOT_ERRORS
                ]
                if name in helpers and len(node.args) > helpers[name]:
                    values.append(node.args[helpers[name]])
                for value in values:
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        if CODE.match(value.value):
                            found.setdefault(value.value, set()).add(
                                f"{path.relative_to(ROOT)}:{node.lineno}"
                            )
    return found


def test_every_app_registers_its_vocabulary():
    assert {CoreErrorCode, ShopsErrorCode, OrdersErrorCode} <= set(error_code_enums())


def test_every_code_in_the_source_is_in_a_vocabulary():
    found = _codes_in_source()
    assert len(found) > 40  # the scan sees the services' codes
    unknown = {
        code: sorted(where) for code, where in found.items() if not is_known_error_code(code)
    }
    assert unknown == {}


def test_the_mapping_names_only_real_codes_and_saleor_members():
    for enum_name, table in error_codes.ENUM_CODES.items():
        members = _saleor_enum(enum_name)
        for ours, theirs in table.items():
            assert is_known_error_code(ours), ours
            assert theirs in members, (enum_name, theirs)
    for mutation, table in error_codes.MUTATION_CODES.items():
        assert schema.graphql_schema.get_type(mutation) is not None, mutation  # its payload
        for ours in table:
            assert is_known_error_code(ours), (mutation, ours)


@pytest.mark.parametrize(
    ("code", "enum", "expected"),
    [
        ("last_variant", "ProductErrorCode", "CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT"),
        ("blank", "ProductErrorCode", "REQUIRED"),
        ("insufficient_stock", "CheckoutErrorCode", "INSUFFICIENT_STOCK"),
        ("checkout_expired", "CheckoutErrorCode", "NOT_FOUND"),
        ("invalid_quantity", "CheckoutErrorCode", "INVALID"),  # Saleor has no such member
        ("invalid_quantity", "OrderErrorCode", "INVALID_QUANTITY"),
        ("not_paid", "OrderErrorCode", "CANNOT_FULFILL_UNPAID_ORDER"),
        ("password_too_short", "AccountErrorCode", "PASSWORD_TOO_SHORT"),
    ],
)
def test_codes_map_onto_saleor(code, enum, expected):
    assert error_codes.saleor_code(code, _graphene_enum(enum)) == expected


def test_a_mutation_entry_wins():
    enum = _graphene_enum("CheckoutErrorCode")
    code = "shipping_method_not_applicable"
    assert error_codes.saleor_code(code, enum) == "SHIPPING_METHOD_NOT_APPLICABLE"
    assert (
        error_codes.saleor_code(code, enum, mutation="CheckoutDeliveryMethodUpdate")
        == "DELIVERY_METHOD_NOT_APPLICABLE"
    )


def test_a_family_enum_reads_the_checkout_table_where_it_has_the_member():
    assert (
        error_codes.saleor_code(
            "checkout_expired", _graphene_enum("TransactionInitializeErrorCode")
        )
        == "NOT_FOUND"
    )
    # PAYMENT_ERROR is not a member there: the general rules apply
    assert (
        error_codes.saleor_code("cod_not_allowed", _graphene_enum("TransactionInitializeErrorCode"))
        == "INVALID"
    )


def test_no_mutation_keeps_a_code_map_of_its_own():
    from marketplace.graphql.errors import BaseMutation

    stack, seen = list(BaseMutation.__subclasses__()), set()
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.add(cls)
        stack.extend(cls.__subclasses__())
        assert "code_map" not in vars(cls), cls


def test_an_unknown_code_fails_under_test(settings):
    settings.ERROR_CODES_STRICT = True
    exc = ValidationError({"quantity": ValidationError("x", code="made_up_code")})
    with pytest.raises(error_codes.UnknownErrorCode, match="made_up_code"):
        errors_from(exc, _graphene_enum("CheckoutErrorCode"))


def test_an_unknown_code_in_production_is_logged_and_invalid(settings, caplog):
    settings.ERROR_CODES_STRICT = False
    exc = ValidationError({"quantity": ValidationError("Sai. / Wrong.", code="made_up_code")})
    with caplog.at_level(logging.ERROR, logger="marketplace.graphql.error_codes"):
        errors = errors_from(exc, _graphene_enum("CheckoutErrorCode"))
    assert errors == [{"field": "quantity", "message": "Sai. / Wrong.", "code": "INVALID"}]
    assert "made_up_code" in caplog.text
