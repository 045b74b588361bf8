"""Text a request may not carry: a NUL character (PostgreSQL text cannot hold it) or an
unpaired UTF-16 surrogate (``"\\ud800"`` is valid JSON, but no encoder writes it). Both
are refused for the whole request before anything runs, as a request error (HTTP 400,
``extensions.exception.code`` ``GRAPHQL_ERROR``), instead of failing inside a resolver
or a write."""

from __future__ import annotations

from typing import Any

from graphql import DocumentNode, GraphQLError, StringValueNode, Visitor, visit

from marketplace.bounded import storable_text, unstorable_text_path

CODE = "GRAPHQL_ERROR"
MESSAGE = "Text may not contain NUL characters or unpaired surrogates"


class _StringLiterals(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[StringValueNode] = []

    def enter_string_value(self, node: StringValueNode, *_args: Any) -> None:
        if not storable_text(node.value):
            self.bad.append(node)


def unstorable_text_errors(document: DocumentNode, variables: Any) -> list[GraphQLError]:
    """One error per string literal of ``document`` and for the first variable value
    that holds unstorable text; empty when all text is storable."""
    literals = _StringLiterals()
    visit(document, literals)
    errors = [
        GraphQLError(f"{MESSAGE}.", node, extensions={"exception": {"code": CODE}})
        for node in literals.bad
    ]
    path = unstorable_text_path(variables) if isinstance(variables, dict) else None
    if path is not None:
        where = "$" + ".".join(str(part) for part in path)
        errors.append(
            GraphQLError(f"Variable {where}: {MESSAGE}.", extensions={"exception": {"code": CODE}})
        )
    return errors
