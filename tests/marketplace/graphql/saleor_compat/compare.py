"""The comparison of our schema with Saleor's, type by type.

Compatibility rules (Saleor clients are the judge):

* output (object/interface fields): same named type; we may be non-null where Saleor is
  nullable, never nullable where Saleor is non-null; lists stay lists;
* input (arguments, input object fields): the reverse: we may accept null where Saleor
  requires a value, never require what Saleor leaves optional; arguments/input fields we
  add must be optional;
* enums: values we have must be Saleor's when the enum is returned to clients (outputs,
  error codes: a Saleor client's generated types know only Saleor's values); values of an
  input-only enum we add are harmless. Saleor values we lack are notes;
* unions: our members must be Saleor's members (a client switches on ``__typename``);
* scalars: no scalar outside Saleor's set (storefronts generate with strict scalars).

"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
    is_list_type,
    is_non_null_type,
    is_required_argument,
    is_required_input_field,
)

from tests.marketplace.graphql.saleor_compat.schemas import (
    kind_of,
    user_types,
)

# ---------------------------------------------------------------------------------------
# Type compatibility


def output_compatible(ours: Any, theirs: Any) -> bool:
    """Can a Saleor client that expects ``theirs`` read ``ours``?"""
    if is_non_null_type(theirs):
        return is_non_null_type(ours) and output_compatible(ours.of_type, theirs.of_type)
    if is_non_null_type(ours):
        return output_compatible(ours.of_type, theirs)
    if is_list_type(theirs) or is_list_type(ours):
        return (
            is_list_type(theirs)
            and is_list_type(ours)
            and output_compatible(ours.of_type, theirs.of_type)
        )
    return bool(ours.name == theirs.name)


def input_compatible(ours: Any, theirs: Any) -> bool:
    """Do we accept every value a Saleor client may send for ``theirs``?"""
    if is_non_null_type(ours):
        return is_non_null_type(theirs) and input_compatible(ours.of_type, theirs.of_type)
    if is_non_null_type(theirs):
        return input_compatible(ours, theirs.of_type)
    if is_list_type(theirs) or is_list_type(ours):
        return (
            is_list_type(theirs)
            and is_list_type(ours)
            and input_compatible(ours.of_type, theirs.of_type)
        )
    return bool(ours.name == theirs.name)


def output_types(schema: GraphQLSchema) -> set[str]:
    """Names of the types a client can receive (reachable from output fields)."""
    result: set[str] = set()
    for type_ in user_types(schema).values():
        if isinstance(type_, (GraphQLObjectType, GraphQLInterfaceType)):
            for f in type_.fields.values():
                result.add(get_named_type(f.type).name)
    return result


# ---------------------------------------------------------------------------------------
# The comparison


@dataclass(frozen=True)
class Mismatch:
    key: str  # "Type" (kind) | "Type.field" | "Type.field(arg)" | "Enum.VALUE" | "Union.Member"
    type_name: str
    message: str


@dataclass
class Report:
    shared_types: list[str] = field(default_factory=list)
    shared_fields: int = 0
    matching_fields: int = 0
    shared_enum_values: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    extra_scalars: list[str] = field(default_factory=list)
    # Notes: allowed, listed for the record (what a Saleor client might ask for in vain).
    missing_enum_values: dict[str, list[str]] = field(default_factory=dict)
    missing_fields: dict[str, list[str]] = field(default_factory=dict)
    missing_arguments: dict[str, list[str]] = field(default_factory=dict)
    missing_union_members: dict[str, list[str]] = field(default_factory=dict)
    missing_interfaces: dict[str, list[str]] = field(default_factory=dict)
    our_only_types: list[str] = field(default_factory=list)

    def by_type(self) -> dict[str, list[Mismatch]]:
        result: dict[str, list[Mismatch]] = defaultdict(list)
        for m in self.mismatches:
            result[m.type_name].append(m)
        return dict(result)

    def summary(self) -> str:
        return (
            f"shared types {len(self.shared_types)}, shared fields {self.shared_fields}, "
            f"matching {self.matching_fields}"
        )

    def as_dict(self, exceptions: dict[str, str] | None = None) -> dict[str, Any]:
        exceptions = exceptions or {}
        return {
            "shared_types": len(self.shared_types),
            "shared_fields": self.shared_fields,
            "matching": self.matching_fields,
            "shared_enum_values": self.shared_enum_values,
            "mismatches": [
                {"key": m.key, "message": m.message, "excepted": exceptions.get(m.key)}
                for m in self.mismatches
            ],
            "extra_scalars": self.extra_scalars,
            "shared_type_names": self.shared_types,
            "our_only_types": self.our_only_types,
            "notes": {
                "missing_enum_values": self.missing_enum_values,
                "missing_fields": self.missing_fields,
                "missing_arguments": self.missing_arguments,
                "missing_union_members": self.missing_union_members,
                "missing_interfaces": self.missing_interfaces,
            },
        }


def _compare_arguments(
    report: Report,
    type_name: str,
    field_name: str,
    ours: dict[str, GraphQLArgument],
    theirs: dict[str, GraphQLArgument],
) -> bool:
    ok = True
    for name, arg in ours.items():
        key = f"{type_name}.{field_name}({name})"
        if name in theirs:
            if not input_compatible(arg.type, theirs[name].type):
                ok = False
                report.mismatches.append(
                    Mismatch(
                        key,
                        type_name,
                        (
                            f"argument {key}: ours {arg.type}, Saleor's {theirs[name].type} (we must accept what "
                            f"Saleor accepts and require only what Saleor requires)"
                        ),
                    )
                )
        elif is_required_argument(arg):
            ok = False
            report.mismatches.append(
                Mismatch(
                    key,
                    type_name,
                    (
                        f"argument {key}: ours is required ({arg.type}) but Saleor has no such argument; "
                        f"an added argument must be optional"
                    ),
                )
            )
    lacking = [n for n in theirs if n not in ours]
    if lacking:
        report.missing_arguments[f"{type_name}.{field_name}"] = lacking
    return ok


def _compare_fields(report: Report, name: str, ours: Any, theirs: Any) -> None:
    for field_name, our_field in ours.fields.items():
        their_field = theirs.fields.get(field_name)
        if their_field is None:
            continue
        report.shared_fields += 1
        key = f"{name}.{field_name}"
        ok = True
        if isinstance(our_field, GraphQLField):
            if not output_compatible(our_field.type, their_field.type):
                ok = False
                report.mismatches.append(
                    Mismatch(
                        key,
                        name,
                        (
                            f"field {key}: ours returns {our_field.type}, Saleor's {their_field.type} (same named "
                            f"type; non-null only where Saleor is non-null or stricter)"
                        ),
                    )
                )
            ok = (
                _compare_arguments(report, name, field_name, our_field.args, their_field.args)
                and ok
            )
        else:
            if not input_compatible(our_field.type, their_field.type):
                ok = False
                report.mismatches.append(
                    Mismatch(
                        key,
                        name,
                        (
                            f"input field {key}: ours {our_field.type}, Saleor's {their_field.type} (we must accept "
                            f"what Saleor accepts and require only what Saleor requires)"
                        ),
                    )
                )
        report.matching_fields += ok
    if isinstance(ours, GraphQLInputObjectType):
        for field_name, our_field in ours.fields.items():
            if field_name not in theirs.fields and is_required_input_field(our_field):
                report.mismatches.append(
                    Mismatch(
                        f"{name}.{field_name}",
                        name,
                        (
                            f"input field {name}.{field_name}: required ({our_field.type}) but Saleor has no such "
                            f"field; Saleor clients never send it, an added input field must be optional"
                        ),
                    )
                )
    lacking = [f for f in theirs.fields if f not in ours.fields]
    if lacking:
        report.missing_fields[name] = lacking
    if isinstance(ours, (GraphQLObjectType, GraphQLInterfaceType)):
        our_interfaces = {i.name for i in ours.interfaces}
        lacking_interfaces = [i.name for i in theirs.interfaces if i.name not in our_interfaces]
        if lacking_interfaces:
            report.missing_interfaces[name] = lacking_interfaces


def compare(ours: GraphQLSchema, saleor: GraphQLSchema) -> Report:
    report = Report()
    our_types, their_types = user_types(ours), user_types(saleor)
    returned = output_types(ours)
    report.extra_scalars = sorted(
        n for n, t in our_types.items() if isinstance(t, GraphQLScalarType) and n not in their_types
    )
    report.our_only_types = sorted(n for n in our_types if n not in their_types)
    for name in sorted(our_types):
        theirs = their_types.get(name)
        if theirs is None:
            continue
        report.shared_types.append(name)
        our_type = our_types[name]
        if kind_of(our_type) != kind_of(theirs):
            report.mismatches.append(
                Mismatch(
                    name,
                    name,
                    (f"type {name}: ours is {kind_of(our_type)}, Saleor's is {kind_of(theirs)}"),
                )
            )
            continue
        if isinstance(our_type, (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType)):
            _compare_fields(report, name, our_type, theirs)
        elif isinstance(our_type, GraphQLEnumType):
            assert isinstance(theirs, GraphQLEnumType)
            shared = [v for v in our_type.values if v in theirs.values]
            report.shared_enum_values += len(shared)
            if name in returned:
                for value in our_type.values:
                    if value not in theirs.values:
                        report.mismatches.append(
                            Mismatch(
                                f"{name}.{value}",
                                name,
                                (
                                    f"enum {name}: value {value} is not Saleor's and the enum is returned to clients "
                                    f"(their generated types know only Saleor's values)"
                                ),
                            )
                        )
            lacking = [v for v in theirs.values if v not in our_type.values]
            if lacking:
                report.missing_enum_values[name] = lacking
        elif isinstance(our_type, GraphQLUnionType):
            assert isinstance(theirs, GraphQLUnionType)
            their_members = {t.name for t in theirs.types}
            for member in our_type.types:
                if member.name not in their_members:
                    report.mismatches.append(
                        Mismatch(
                            f"{name}.{member.name}",
                            name,
                            (f"union {name}: member {member.name} is not in Saleor's union"),
                        )
                    )
            our_members = {t.name for t in our_type.types}
            lacking = sorted(their_members - our_members)
            if lacking:
                report.missing_union_members[name] = lacking
    return report


def error_code_problems(saleor: GraphQLSchema) -> list[Mismatch]:
    """Codes our mutations can emit that their error enum (or Saleor's) lacks.

    ``BaseMutation`` emits the codes of the one mapping table
    (``marketplace/graphql/error_codes.py``: the enum's and the mutation's entries),
    ``NOT_FOUND`` (for ``NotFound``) and ``INVALID`` (fallback) besides service codes
    already filtered by the enum."""
    from marketplace.graphql.error_codes import ENUM_CODES, ENUM_FAMILIES, MUTATION_CODES
    from marketplace.graphql.errors import BaseMutation

    problems: list[Mismatch] = []
    seen: set[type] = set()
    stack: list[type] = list(BaseMutation.__subclasses__())
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.add(cls)
        stack.extend(cls.__subclasses__())
        error_type = getattr(getattr(cls, "_meta", None), "error_type", None)
        if error_type is None:
            continue
        enum = error_type._meta.fields["code"].type
        while hasattr(enum, "of_type"):
            enum = enum.of_type
        enum_name = enum._meta.name
        ours = {member.name for member in enum}
        theirs_type = saleor.type_map.get(enum_name)
        theirs = set(theirs_type.values) if isinstance(theirs_type, GraphQLEnumType) else set()
        table = {
            **(ENUM_CODES.get(enum_name) or ENUM_CODES.get(ENUM_FAMILIES.get(enum_name, ""), {})),
            **MUTATION_CODES.get(cls.__name__, {}),
        }
        # a family's entries the enum lacks are skipped when mapping (never emitted)
        emitted = {v for v in table.values() if enum_name not in ENUM_FAMILIES or v in ours}
        emitted |= {code for code in ("NOT_FOUND", "INVALID") if code in theirs}
        for code in sorted(emitted):
            key = f"{cls.__name__}:{code}"
            if code not in ours:
                problems.append(
                    Mismatch(
                        key,
                        enum_name,
                        (
                            f"{cls.__module__}.{cls.__name__} can emit {code} but {enum_name} lacks it"
                        ),
                    )
                )
            elif theirs and code not in theirs:
                problems.append(
                    Mismatch(
                        key,
                        enum_name,
                        (
                            f"{cls.__module__}.{cls.__name__} emits {code}, not a Saleor {enum_name} value"
                        ),
                    )
                )
    return problems
