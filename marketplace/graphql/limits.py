"""Query limits: nesting depth and an estimated cost (each field counts once, multiplied
by the ``first``/``last`` of the connections above it), so one request cannot ask for
millions of rows. Introspection queries are exempt (storefronts generate their types
from the live schema)."""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, GraphQLError
from graphql.language import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
)

MAX_DEPTH = 16
MAX_COST = 50_000


def _int_arg(node: FieldNode, name: str, variables: dict[str, Any]) -> int | None:
    for argument in node.arguments or ():
        if argument.name.value != name:
            continue
        value = argument.value
        if value.kind == "variable":
            raw = variables.get(value.name.value)  # type: ignore[attr-defined]
        else:
            raw = getattr(value, "value", None)
        try:
            return int(raw) if raw is not None else None
        except (TypeError, ValueError):
            return None
    return None


def query_limit_errors(
    document: DocumentNode, variables: dict[str, Any] | None
) -> list[GraphQLError]:
    """Errors for each operation of ``document`` deeper than ``MAX_DEPTH`` or costlier than
    ``MAX_COST`` with these ``variables`` (the ``first``/``last`` they give). Runs after
    validation, per request: the rest of validation does not depend on the variables and
    is cached with the parsed document by the view."""
    variables = variables if isinstance(variables, dict) else {}
    fragments = {
        f.name.value: f for f in document.definitions if isinstance(f, FragmentDefinitionNode)
    }
    errors = []
    for node in document.definitions:
        if not isinstance(node, OperationDefinitionNode):
            continue
        depth, cost = _measure(node.selection_set, fragments, variables, 1, 1, set())
        if depth > MAX_DEPTH:
            errors.append(
                GraphQLError(
                    f"Truy vấn quá sâu ({depth} > {MAX_DEPTH}). / Query is too deep: {depth} levels, the limit is "
                    f"{MAX_DEPTH}.",
                    node,
                    extensions={"code": "QUERY_TOO_DEEP"},
                )
            )
        elif cost > MAX_COST:
            errors.append(
                GraphQLError(
                    f"Truy vấn quá lớn (chi phí {cost} > {MAX_COST}). / Query is too expensive: cost {cost}, the "
                    f"limit is {MAX_COST}.",
                    node,
                    extensions={"code": "QUERY_TOO_COMPLEX"},
                )
            )
    return errors


def _measure(
    selection_set: Any,
    fragments: dict[str, Any],
    variables: dict[str, Any],
    depth: int,
    multiplier: int,
    seen: set[str],
) -> tuple[int, int]:
    if selection_set is None:
        return depth - 1, 0
    deepest, cost = depth, 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value.startswith("__"):
                continue  # introspection
            size = _int_arg(selection, "first", variables) or _int_arg(selection, "last", variables)
            inner = multiplier * (size or 1)
            cost += multiplier
            d, c = _measure(selection.selection_set, fragments, variables, depth + 1, inner, seen)
            deepest, cost = max(deepest, d), cost + c
        elif isinstance(selection, InlineFragmentNode):
            d, c = _measure(selection.selection_set, fragments, variables, depth, multiplier, seen)
            deepest, cost = max(deepest, d), cost + c
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in seen or name not in fragments:
                continue
            d, c = _measure(
                fragments[name].selection_set,
                fragments,
                variables,
                depth,
                multiplier,
                seen | {name},
            )
            deepest, cost = max(deepest, d), cost + c
    return deepest, cost
