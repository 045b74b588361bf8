"""Saleor's custom scalars, defined once here with Saleor's exact names (storefronts
generate strict types from our live schema, so we add no scalar outside Saleor's set)."""

from __future__ import annotations

import decimal
from typing import Any

import graphene
from graphql import GraphQLError, Undefined
from graphql.language import ast


class Upload(graphene.Scalar):
    """Variables of this type represent a file upload sent as a multipart request (the
    GraphQL multipart request spec): the view puts the uploaded file at the variable's
    path, and the resolver receives Django's ``UploadedFile``."""

    @staticmethod
    def serialize(value: Any) -> Any:
        return None

    @staticmethod
    def parse_value(value: Any) -> Any:
        return value

    @staticmethod
    def parse_literal(node: Any, _variables: Any = None) -> Any:
        # a file cannot be written inline in a document
        return Undefined


class PositiveDecimal(graphene.Scalar):
    """Positive Decimal scalar implementation. Should be used in places where value must
    be positive."""

    @staticmethod
    def serialize(value: Any) -> Any:
        return float(value) if value is not None else None

    @staticmethod
    def _parse(value: Any) -> decimal.Decimal:
        try:
            number = decimal.Decimal(str(value))
        except (decimal.InvalidOperation, ValueError, TypeError):
            raise GraphQLError(f"PositiveDecimal cannot represent value: {value!r}") from None
        if not number.is_finite() or number < 0:
            raise GraphQLError(f"PositiveDecimal cannot represent value: {value!r} (must be ≥ 0)")
        return number

    @classmethod
    def parse_value(cls, value: Any) -> decimal.Decimal:
        return cls._parse(value)

    @classmethod
    def parse_literal(cls, node: Any, _variables: Any = None) -> Any:
        if isinstance(node, (ast.IntValueNode, ast.FloatValueNode, ast.StringValueNode)):
            return cls._parse(node.value)
        return Undefined


#: Weight units Saleor accepts, in grams.
WEIGHT_UNITS_IN_GRAMS = {
    "G": decimal.Decimal(1),
    "KG": decimal.Decimal(1000),
    "LB": decimal.Decimal("453.59237"),
    "OZ": decimal.Decimal("28.349523125"),
    "TONNE": decimal.Decimal(1_000_000),
}


class WeightScalar(graphene.Scalar):
    """A weight: a number in the default unit (kilograms, Saleor's default) or an object
    ``{"unit": "G", "value": 500}``. Parsed to whole grams; serialized as kilograms."""

    @staticmethod
    def serialize(value: Any) -> Any:
        return None if value is None else float(decimal.Decimal(value) / 1000)

    @staticmethod
    def _grams(value: Any, unit: str = "KG") -> int:
        factor = WEIGHT_UNITS_IN_GRAMS.get(str(unit).upper())
        try:
            number = decimal.Decimal(str(value))
        except (decimal.InvalidOperation, ValueError, TypeError):
            number = decimal.Decimal("NaN")
        if factor is None or not number.is_finite() or number < 0:
            raise GraphQLError(f"Unsupported value: {value!r} {unit}")
        return int((number * factor).to_integral_value(rounding=decimal.ROUND_HALF_UP))

    @classmethod
    def parse_value(cls, value: Any) -> int:
        if isinstance(value, dict):
            return cls._grams(value.get("value"), value.get("unit", "KG"))
        return cls._grams(value)

    @classmethod
    def parse_literal(cls, node: Any, _variables: Any = None) -> Any:
        if isinstance(node, ast.ObjectValueNode):
            fields = {f.name.value: getattr(f.value, "value", None) for f in node.fields}
            return cls._grams(fields.get("value"), fields.get("unit") or "KG")
        if isinstance(node, (ast.IntValueNode, ast.FloatValueNode, ast.StringValueNode)):
            return cls._grams(node.value)
        return Undefined


class PositiveInt(graphene.Scalar):
    """Positive Integer scalar implementation. Should be used in places where value must
    be positive (greater than 0)."""

    @staticmethod
    def serialize(value: Any) -> Any:
        return None if value is None else int(value)

    @staticmethod
    def _parse(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise GraphQLError(f"PositiveInt cannot represent value: {value!r} (must be > 0)")
        return value

    @classmethod
    def parse_value(cls, value: Any) -> int:
        return cls._parse(value)

    @classmethod
    def parse_literal(cls, node: Any, _variables: Any = None) -> Any:
        if isinstance(node, ast.IntValueNode):
            return cls._parse(int(node.value))
        return Undefined


def _json_literal(node: Any) -> Any:
    if isinstance(node, ast.ObjectValueNode):
        return {f.name.value: _json_literal(f.value) for f in node.fields}
    if isinstance(node, ast.ListValueNode):
        return [_json_literal(v) for v in node.values]
    if isinstance(node, ast.IntValueNode):
        return int(node.value)
    if isinstance(node, ast.FloatValueNode):
        return float(node.value)
    if isinstance(node, (ast.StringValueNode, ast.BooleanValueNode, ast.EnumValueNode)):
        return node.value
    return None


class JSON(graphene.Scalar):
    """Any JSON value (Saleor's ``JSON`` scalar, not the string-encoded ``JSONString``)."""

    @staticmethod
    def serialize(value: Any) -> Any:
        return value

    @staticmethod
    def parse_value(value: Any) -> Any:
        return value

    @staticmethod
    def parse_literal(node: Any, _variables: Any = None) -> Any:
        return _json_literal(node)


class Metadata(graphene.Scalar):
    """Metadata is a map of key-value pairs, both keys and values are ``String``."""

    @staticmethod
    def serialize(value: Any) -> Any:
        return {str(k): str(v) for k, v in (value or {}).items()}

    @staticmethod
    def parse_value(value: Any) -> Any:
        if not isinstance(value, dict):
            raise GraphQLError("Metadata must be an object of strings.")
        return {str(k): str(v) for k, v in value.items()}

    @staticmethod
    def parse_literal(node: Any, _variables: Any = None) -> Any:
        if isinstance(node, ast.ObjectValueNode):
            return {f.name.value: str(_json_literal(f.value)) for f in node.fields}
        return Undefined
