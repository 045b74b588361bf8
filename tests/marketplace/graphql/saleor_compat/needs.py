"""What a set of client documents (a Saleor storefront's ``.graphql`` files and the auth
SDK's operations) uses of Saleor's schema that ours lacks, by type."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    concat_ast,
    get_named_type,
    is_input_object_type,
    is_required_argument,
    is_required_input_field,
    parse,
    validate,
    visit,
)
from graphql.language import Source

from tests.marketplace.graphql.saleor_compat.compare import (
    input_compatible,
    output_compatible,
)
from tests.marketplace.graphql.saleor_compat.schemas import (
    kind_of,
)

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
