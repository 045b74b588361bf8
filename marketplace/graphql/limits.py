"""Query limits: nesting depth and an estimated cost (each field counts once, multiplied
by the ``first``/``last`` of the connections above it), so one request cannot ask for
millions of rows. Introspection queries are exempt (storefronts generate their types
from the live schema)."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from graphql import FieldNode, GraphQLError, ValidationRule
from graphql.language import (
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
)

MAX_DEPTH = 16
MAX_COST = 50_000
# the request's variables, set by the view before validation (rules do not receive them)
REQUEST_VARIABLES: ContextVar[dict[str, Any] | None] = ContextVar("graphql_variables", default=None)


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


class QueryCostRule(ValidationRule):
    """Rejects a document deeper than ``MAX_DEPTH`` or costlier than ``MAX_COST``."""

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
        self.variables = REQUEST_VARIABLES.get() or {}
        fragments = {f.name.value: f for f in self.context.document.definitions
                     if isinstance(f, FragmentDefinitionNode)}
        depth, cost = self._measure(node.selection_set, fragments, 1, 1, set())
        if depth > MAX_DEPTH:
            self.report_error(GraphQLError(
                f"Truy vấn quá sâu ({depth} > {MAX_DEPTH}). / Query is too deep: {depth} levels, the limit is "
                f"{MAX_DEPTH}.", node, extensions={"code": "QUERY_TOO_DEEP"}))
        elif cost > MAX_COST:
            self.report_error(GraphQLError(
                f"Truy vấn quá lớn (chi phí {cost} > {MAX_COST}). / Query is too expensive: cost {cost}, the "
                f"limit is {MAX_COST}.", node, extensions={"code": "QUERY_TOO_COMPLEX"}))

    def _measure(self, selection_set: Any, fragments: dict[str, Any], depth: int, multiplier: int,
                 seen: set[str]) -> tuple[int, int]:
        if selection_set is None:
            return depth - 1, 0
        deepest, cost = depth, 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.name.value.startswith("__"):
                    continue  # introspection
                size = _int_arg(selection, "first", self.variables) or _int_arg(selection, "last", self.variables)
                inner = multiplier * (size or 1)
                cost += multiplier
                d, c = self._measure(selection.selection_set, fragments, depth + 1, inner, seen)
                deepest, cost = max(deepest, d), cost + c
            elif isinstance(selection, InlineFragmentNode):
                d, c = self._measure(selection.selection_set, fragments, depth, multiplier, seen)
                deepest, cost = max(deepest, d), cost + c
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in seen or name not in fragments:
                    continue
                d, c = self._measure(fragments[name].selection_set, fragments, depth, multiplier, seen | {name})
                deepest, cost = max(deepest, d), cost + c
        return deepest, cost
