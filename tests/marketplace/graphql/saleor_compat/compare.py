"""Compatibility of our GraphQL schema with Saleor's (the API contract).

Two tools, used by ``tests/marketplace/graphql/saleor_compat/test_saleor_compat.py`` and ``tools/storefront_codegen.sh``:

* ``compare(ours, saleor)``: every type both schemas have (object, input, enum, interface,
  union, scalar) is checked member by member. A field we have that Saleor has must take
  Saleor's arguments with compatible types and return a compatible type; the result is a
  ``Report`` of counts, mismatches (each with a stable key, usable in an exceptions list)
  and notes (what Saleor has that we lack: fine, but a client may ask for it).
* ``document_needs(ours, saleor, documents)``: what a set of GraphQL documents (a Saleor
  storefront's ``.graphql`` files) uses of Saleor's schema that ours lacks, by type.

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

Run ``python -m tests.marketplace.graphql.saleor_compat.compare --help`` (from the repo root) for the command line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.request
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from graphql import (
    DirectiveDefinitionNode,
    DocumentNode,
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    build_client_schema,
    build_schema,
    concat_ast,
    extend_schema,
    get_introspection_query,
    get_named_type,
    is_input_object_type,
    is_list_type,
    is_non_null_type,
    is_required_argument,
    is_required_input_field,
    parse,
    validate,
    visit,
)
from graphql.language import Source

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


# ---------------------------------------------------------------------------------------
# Loading schemas


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

    ``BaseMutation`` emits ``code_map`` values, ``NOT_FOUND`` (for ``NotFound``) and ``INVALID``
    (fallback) besides service codes already filtered by the enum."""
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
        emitted = set(getattr(cls, "code_map", {}).values())
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


# ---------------------------------------------------------------------------------------
# What client documents need


def signature(f: GraphQLField | GraphQLInputField, name: str) -> str:
    args = getattr(f, "args", None) or {}
    arg_text = f"({', '.join(f'{a}: {v.type}' for a, v in args.items())})" if args else ""
    return f"{name}{arg_text}: {f.type}"


@dataclass
class Needs:
    """Coordinates of Saleor's schema used by documents, each with the files using it."""

    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    fields: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    arguments: dict[tuple[str, str, str], set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )
    input_fields: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    sent_types: dict[str, set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )  # via variables
    operations: dict[str, str] = field(
        default_factory=dict
    )  # "mutation checkoutLineDelete" -> file


class _Collector(Visitor):
    def __init__(self, needs: Needs, type_info: TypeInfo, label: str) -> None:
        super().__init__()
        self.needs, self.type_info, self.label = needs, type_info, label
        self.field_names: list[str] = []

    def enter_operation_definition(self, node: Any, *_: Any) -> None:
        op_name = node.name.value if node.name else "<anonymous>"
        self.needs.operations[f"{node.operation.value} {op_name}"] = self.label

    def enter_field(self, node: Any, *_: Any) -> None:
        self.field_names.append(node.name.value)
        parent, fdef = self.type_info.get_parent_type(), self.type_info.get_field_def()
        if parent is None or fdef is None or node.name.value.startswith("__"):
            return
        self.needs.types[parent.name].add(self.label)
        self.needs.fields[(parent.name, node.name.value)].add(self.label)
        self.needs.types[get_named_type(fdef.type).name].add(self.label)

    def leave_field(self, node: Any, *_: Any) -> None:
        self.field_names.pop()

    def enter_argument(self, node: Any, *_: Any) -> None:
        if self.type_info.get_directive() is not None:
            return
        parent, fdef = self.type_info.get_parent_type(), self.type_info.get_field_def()
        if parent is None or fdef is None or self.type_info.get_argument() is None:
            return
        self.needs.arguments[(parent.name, self.field_names[-1], node.name.value)].add(self.label)

    def enter_object_field(self, node: Any, *_: Any) -> None:
        parent = self.type_info.get_parent_input_type()
        named = get_named_type(parent) if parent is not None else None
        if named is not None and is_input_object_type(named):
            self.needs.input_fields[(named.name, node.name.value)].add(self.label)
            self.needs.types[named.name].add(self.label)

    def enter_variable_definition(self, node: Any, *_: Any) -> None:
        named = get_named_type(self.type_info.get_input_type())
        if named is not None:
            self.needs.types[named.name].add(self.label)
            self.needs.sent_types[named.name].add(self.label)

    def enter_inline_fragment(self, node: Any, *_: Any) -> None:
        if node.type_condition is not None:
            self.needs.types[node.type_condition.name.value].add(self.label)

    def enter_fragment_definition(self, node: Any, *_: Any) -> None:
        self.needs.types[node.type_condition.name.value].add(self.label)


def collect_needs(saleor: GraphQLSchema, documents: Iterable[tuple[str, str]]) -> Needs:
    needs = Needs()
    for label, text in documents:
        document = parse(Source(text, label))
        type_info = TypeInfo(saleor)
        visit(document, TypeInfoVisitor(type_info, _Collector(needs, type_info, label)))
    # Input types reachable from what variables send: the application fills them in code,
    # so every field of them may be sent.
    pending = list(needs.sent_types)
    while pending:
        name = pending.pop()
        type_ = saleor.type_map.get(name)
        if isinstance(type_, GraphQLInputObjectType):
            for fname, f in type_.fields.items():
                inner = get_named_type(f.type).name
                needs.input_fields[(name, fname)] |= needs.sent_types[name]
                if inner not in needs.sent_types:
                    needs.sent_types[inner] |= needs.sent_types[name]
                    needs.types[inner] |= needs.sent_types[name]
                    pending.append(inner)
    return needs


@dataclass
class TypeGap:
    name: str
    kind: str
    status: str  # "missing" | "kind" | "partial"
    lines: list[str] = field(default_factory=list)
    files: set[str] = field(default_factory=set)


def _files(labels: Iterable[str]) -> str:
    names = sorted({Path(label).name for label in labels})
    shown = ", ".join(names[:6])
    return shown + (f" (+{len(names) - 6})" if len(names) > 6 else "")


def gaps(ours: GraphQLSchema, saleor: GraphQLSchema, needs: Needs) -> list[TypeGap]:
    """What ``needs`` asks of Saleor's schema that ours lacks or serves incompatibly."""
    result: list[TypeGap] = []
    for name in sorted(needs.types):
        theirs = saleor.type_map.get(name)
        if theirs is None or name.startswith("__"):
            continue
        mine: Any = ours.type_map.get(name)
        kind = kind_of(theirs)
        files = needs.types[name]
        gap = TypeGap(name, kind, "partial", files=set(files))
        if mine is None:
            gap.status = "missing"
        elif kind_of(mine) != kind:
            gap.status = "kind"
            gap.lines.append(f"ours is {kind_of(mine)}, Saleor's is {kind}")
            result.append(gap)
            continue
        if isinstance(theirs, (GraphQLObjectType, GraphQLInterfaceType)):
            field_names = sorted({f for (t, f) in needs.fields if t == name})
            for fname in field_names:
                sf = theirs.fields[fname]
                used_args = sorted({a for (t, f, a) in needs.arguments if t == name and f == fname})
                of = mine.fields.get(fname) if mine is not None else None
                where = _files(needs.fields[(name, fname)])
                if of is None:
                    args = f" — arguments used: {', '.join(used_args)}" if used_args else ""
                    gap.lines.append(f"`{signature(sf, fname)}`{args} · {where}")
                    continue
                problems = []
                if not output_compatible(of.type, sf.type):
                    problems.append(f"returns {of.type}, Saleor's {sf.type}")
                for arg in used_args:
                    if arg not in of.args:
                        problems.append(f"argument `{arg}: {sf.args[arg].type}` missing")
                    elif not input_compatible(of.args[arg].type, sf.args[arg].type):
                        problems.append(
                            f"argument `{arg}`: ours {of.args[arg].type}, Saleor's {sf.args[arg].type}"
                        )
                for arg, a in of.args.items():
                    if is_required_argument(a) and arg not in used_args:
                        problems.append(
                            f"our argument `{arg}` is required but the documents do not send it"
                        )
                if problems:
                    gap.lines.append(f"`{fname}`: " + "; ".join(problems) + f" · {where}")
        elif isinstance(theirs, GraphQLInputObjectType):
            for fname, sf in theirs.fields.items():
                if (name, fname) not in needs.input_fields:
                    continue
                of = mine.fields.get(fname) if mine is not None else None
                req = " (required)" if is_required_input_field(sf) else ""
                if of is None:
                    gap.lines.append(f"`{fname}: {sf.type}`{req}")
                elif not input_compatible(of.type, sf.type):
                    gap.lines.append(f"`{fname}`: ours {of.type}, Saleor's {sf.type}")
            if mine is not None:
                for fname, of in mine.fields.items():
                    if fname not in theirs.fields and is_required_input_field(of):
                        gap.lines.append(f"our `{fname}` is required; Saleor clients never send it")
        elif isinstance(theirs, GraphQLEnumType):
            have = set(mine.values) if isinstance(mine, GraphQLEnumType) else set()
            lacking = [v for v in theirs.values if v not in have]
            if lacking and (mine is None or name in needs.sent_types):
                shown = ", ".join(lacking[:40]) + (
                    f" … (+{len(lacking) - 40})" if len(lacking) > 40 else ""
                )
                gap.lines.append(("values: " if mine is None else "values lacking: ") + shown)
        elif isinstance(theirs, GraphQLUnionType):
            have = {t.name for t in mine.types} if isinstance(mine, GraphQLUnionType) else set()
            used = {t.name for t in theirs.types if t.name in needs.types}
            lacking = sorted(used - have)
            if lacking or mine is None:
                gap.lines.append(
                    "members used: " + ", ".join(sorted(used))
                    if mine is None
                    else "members lacking: " + ", ".join(lacking)
                )
        if gap.status == "missing" or gap.lines:
            result.append(gap)
    return result


def validation_errors(
    schema: GraphQLSchema, documents: list[tuple[str, str]]
) -> list[GraphQLError]:
    if not documents:
        return []
    merged: DocumentNode = concat_ast([parse(Source(text, label)) for label, text in documents])
    return validate(schema, merged)


def storefront_documents(root: Path) -> dict[str, list[tuple[str, str]]]:
    """Saleor storefront's codegen projects (``.graphqlrc.ts`` and the checkout's config)."""
    projects = {
        "generate (src/graphql)": sorted((root / "src" / "graphql").rglob("*.graphql")),
        "generate:checkout (src/checkout/graphql)": sorted(
            (root / "src" / "checkout" / "graphql").rglob("*.graphql")
        ),
    }
    result = {
        name: [(str(p.relative_to(root)), p.read_text(encoding="utf-8")) for p in paths]
        for name, paths in projects.items()
    }
    result["@saleor/auth-sdk (runtime, not generated)"] = [("@saleor/auth-sdk", AUTH_SDK_DOCUMENT)]
    return result


# The operations of @saleor/auth-sdk 1.0.3 the storefront signs in with (src/lib/auth/server.ts).
AUTH_SDK_DOCUMENT = """
fragment AccountErrorFragment on AccountError { code field message }
mutation refreshToken($refreshToken: String!) {
  tokenRefresh(refreshToken: $refreshToken) { token errors { ...AccountErrorFragment } }
}
mutation tokenCreate($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token refreshToken errors { message field code } }
}
mutation passwordReset($email: String!, $password: String!, $token: String!) {
  setPassword(email: $email, password: $password, token: $token) {
    token refreshToken errors { message field code }
  }
}
"""


def needs_markdown(
    ours: GraphQLSchema,
    saleor: GraphQLSchema,
    projects: dict[str, list[tuple[str, str]]],
    source: str,
) -> str:
    all_docs = [doc for docs in projects.values() for doc in docs]
    needs = collect_needs(saleor, all_docs)
    found = gaps(ours, saleor, needs)
    out = [f"## What the documents need that `{source}` lacks", ""]
    for project, docs in projects.items():
        ours_errors = validation_errors(ours, docs)
        saleor_errors = validation_errors(saleor, docs)
        out.append(
            f"- {project}: {len(docs)} documents; validation errors against ours "
            f"{len(ours_errors)}, against Saleor's schema {len(saleor_errors)}"
        )
        out.extend(f"  - against Saleor: {e.message}" for e in saleor_errors[:5])
    missing = [g for g in found if g.status == "missing"]
    partial = [g for g in found if g.status != "missing"]
    out += [
        "",
        f"{len(missing)} types missing, {len(partial)} types present but lacking something; "
        f"{len(needs.fields)} fields and {len(needs.arguments)} arguments used in all.",
        "",
    ]
    for title, group in (
        ("Types present in our schema but lacking fields/arguments/values", partial),
        ("Types missing from our schema", missing),
    ):
        out += [f"### {title}", ""]
        if not group:
            out += ["(none)", ""]
        for kind in ("object", "interface", "union", "input", "enum", "scalar"):
            for gap in (g for g in group if g.kind == kind):
                out.append(
                    f"#### {gap.name} ({gap.kind}{', ' + gap.status if gap.status == 'kind' else ''})"
                    f" — used by {_files(gap.files)}"
                )
                out.extend(f"- {line}" for line in gap.lines)
                out.append("")
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------------------------------
# Command line


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()


def _load_ours(api: str | None) -> tuple[GraphQLSchema, str]:
    if api:
        return schema_from_url(api), api
    _setup_django()
    return our_schema(), "marketplace.graphql.schema.schema"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.marketplace.graphql.saleor_compat.compare",
        description=__doc__.split("\n\n")[0],
    )
    sub = parser.add_subparsers(dest="command", required=True)
    cmp_parser = sub.add_parser(
        "compare", help="compare our schema with Saleor's; print counts and mismatches"
    )
    needs_parser = sub.add_parser(
        "needs", help="what a Saleor storefront checkout's documents need that we lack"
    )
    needs_parser.add_argument("storefront", type=Path, help="path of a saleor/storefront checkout")
    needs_parser.add_argument(
        "--out", type=Path, help="write the Markdown list there (default: stdout)"
    )
    for p in (cmp_parser, needs_parser):
        p.add_argument(
            "--api", help="introspect this running /graphql/ URL instead of importing the schema"
        )
    args = parser.parse_args(argv)
    ours, source = _load_ours(args.api)
    saleor = saleor_schema()
    if args.command == "compare":
        report = compare(ours, saleor)
        print(report.summary())
        for m in report.mismatches:
            print(f"MISMATCH {m.key}: {m.message}")
        for name in report.extra_scalars:
            print(f"EXTRA SCALAR {name}")
        return 1 if report.mismatches or report.extra_scalars else 0
    text = needs_markdown(ours, saleor, storefront_documents(args.storefront), source)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
