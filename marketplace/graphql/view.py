"""``/graphql/``: POST JSON, or multipart for file uploads (the GraphQL multipart request
spec: ``operations`` + ``map`` + files); GraphiQL in development. Authentication is only by
``Authorization: Bearer <JWT>`` — the session cookie is ignored, so the endpoint is
CSRF-exempt without risk. Depth and cost limits run as validation rules."""

from __future__ import annotations

import functools
import json
import logging
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.utils import translation
from graphene.utils.str_converters import to_camel_case
from graphene.validation import depth_limit_validator
from graphene_django.constants import MUTATION_ERRORS_FLAG
from graphene_django.settings import graphene_settings
from graphene_django.utils.utils import set_rollback
from graphene_django.views import GraphQLView, HttpError
from graphql import (
    DocumentNode,
    ExecutionContext,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)

from marketplace.errors import NotFound
from shops.graphql.pages import Query as PagesQuery
from shops.graphql.schema import CatalogueQuery
from shops.graphql.schema import Query as ShopsQuery
from storefront.graphql.schema import Query as StorefrontQuery

from . import auth, response_cache
from .input_text import unstorable_text_errors
from .limits import MAX_DEPTH, query_limit_errors

# graphql-core runs only the rules given: keep the standard ones (unknown fields, variable
# types…) and add the depth limit; the cost limit depends on the variables
# (``query_limit_errors``, per request)
VALIDATION_RULES = (*specified_rules, depth_limit_validator(max_depth=MAX_DEPTH))
# root fields whose anonymous answers may come from the response cache: the catalogue's
# (never checkouts, orders or the viewer)
CACHEABLE_ROOT_FIELDS = frozenset(
    {
        to_camel_case(name)
        for query in (CatalogueQuery, StorefrontQuery, PagesQuery, ShopsQuery)
        for name in query._meta.fields
    }
    | {"addressValidationRules", "__typename", "__schema", "__type"}
)


class _InvalidDocument(Exception):
    def __init__(self, errors: list[GraphQLError], document: DocumentNode | None = None) -> None:
        self.errors = errors
        self.document = document  # None: not even parsed


@functools.lru_cache(maxsize=512)
def valid_document(schema: GraphQLSchema, query: str) -> DocumentNode:
    """``query`` parsed and validated against ``schema``, cached by its text (validation
    of a document is pure; storefronts send the same few documents over and over).
    Raises ``_InvalidDocument`` (never cached)."""
    try:
        document = parse(query)
    except GraphQLError as error:
        raise _InvalidDocument([error]) from None
    errors = validate(schema, document, VALIDATION_RULES, graphene_settings.MAX_VALIDATION_ERRORS)
    if errors:
        raise _InvalidDocument(errors, document)
    return document


class SynchronousExecutionContext(ExecutionContext):
    """Every resolver of the schema is synchronous (a WSGI view): no value is awaited, so
    graphql-core's per-field awaitable check is skipped."""

    @staticmethod
    def is_awaitable(value: Any) -> bool:
        return False


def _catalogue_only(selection_set: Any, fragments: dict[str, FragmentDefinitionNode]) -> bool:
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value not in CACHEABLE_ROOT_FIELDS:
                return False
        elif isinstance(selection, InlineFragmentNode):
            if not _catalogue_only(selection.selection_set, fragments):
                return False
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is None or not _catalogue_only(fragment.selection_set, fragments):
                return False
    return True


def cacheable_operation(document: DocumentNode, operation_name: str | None) -> bool:
    """A query (never a mutation or subscription) asking only for catalogue root fields."""
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation != OperationType.QUERY:
        return False
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return _catalogue_only(operation.selection_set, fragments)


logger = logging.getLogger(__name__)

#: Exceptions a resolver raises on purpose, whose message is meant for the client.
EXPECTED_ERRORS = (GraphQLError, NotFound, PermissionDenied, ValidationError)
INTERNAL_ERROR = {
    "vi": "Lỗi máy chủ. Vui lòng thử lại sau (mã {id}).",
    "en": "Internal server error. Please try again later (reference {id}).",
}


def masked_error(request: HttpRequest, error: GraphQLError) -> dict[str, Any] | None:
    """An unexpected exception under a resolver (a bug, a lost connection…): logged with its
    traceback and a reference, and answered as a generic error in the request's language
    with that reference, never its own text (which can hold SQL, paths or data). ``None``
    for an error meant for the client, and always with ``DEBUG`` on."""
    original = getattr(error, "original_error", None)
    if (
        original is None
        or not error.path  # no field path: the request itself was bad (parse, validation, coercion)
        or isinstance(original, EXPECTED_ERRORS)
        or settings.DEBUG
    ):
        return None
    reference = request.META.get("HTTP_X_REQUEST_ID", "")[:64] or uuid.uuid4().hex[:12]
    logger.error(
        "GraphQL resolver error %s at %s (request %s)",
        type(original).__name__,
        ".".join(str(p) for p in error.path or ()),
        reference,
        exc_info=original,
    )
    language = "en" if (translation.get_language() or "vi").startswith("en") else "vi"
    return {
        "message": INTERNAL_ERROR[language].format(id=reference),
        "locations": [{"line": loc.line, "column": loc.column} for loc in error.locations or ()],
        "path": error.path,
        "extensions": {"exception": {"code": "INTERNAL_ERROR"}, "requestId": reference},
    }


#: Codes of the client errors raised under a resolver, by exception type (Saleor's names).
ERROR_CODES = {NotFound: "NOT_FOUND", PermissionDenied: "PermissionDenied"}


def coded_error(error: GraphQLError, formatted: dict[str, Any]) -> dict[str, Any]:
    """``formatted`` (the answer's form of ``error``) with Saleor's
    ``extensions.exception.code`` on every top-level error: its own code where it has one
    (``extensions.code`` of the query limits), ``NOT_FOUND``/``PermissionDenied`` for
    those exceptions, ``GRAPHQL_ERROR`` for anything else the client got wrong (an
    unknown field, a variable of the wrong type, an argument out of range)."""
    extensions = dict(formatted.get("extensions") or {})
    exception = dict(extensions.get("exception") or {})
    original = getattr(error, "original_error", None)
    by_type = next((c for t, c in ERROR_CODES.items() if isinstance(original, t)), None)
    exception.setdefault("code", extensions.get("code") or by_type or "GRAPHQL_ERROR")
    extensions["exception"] = exception
    return {**formatted, "extensions": extensions}


class OcopGraphQLView(GraphQLView):
    execution_context_class = SynchronousExecutionContext

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            user = auth.user_from_request(request)
        except auth.InvalidToken as exc:
            body = {
                "errors": [{"message": str(exc), "extensions": {"exception": {"code": exc.code}}}]
            }
            return HttpResponse(json.dumps(body), status=401, content_type="application/json")
        request.user = user or AnonymousUser()
        response = super().dispatch(request, *args, **kwargs)
        auth.refresh_cookie_write(request, response)
        return response

    def parse_body(self, request: HttpRequest) -> Any:
        if self.get_content_type(request) == "multipart/form-data" and "operations" in request.POST:
            return multipart_operations(request)
        return super().parse_body(request)

    def _response_cache_key(
        self, request: HttpRequest, query: Any, variables: Any, operation_name: Any
    ) -> str | None:
        """The response cache's key for an anonymous catalogue query; ``None`` when the
        request may not use the cache."""
        if (
            not response_cache.ttl()
            or "HTTP_AUTHORIZATION" in request.META
            or request.user.is_authenticated
        ):
            return None
        if not isinstance(query, str) or (
            variables is not None and not isinstance(variables, dict)
        ):
            return None
        try:
            document = valid_document(self.schema.graphql_schema, query)
        except _InvalidDocument:
            return None
        if not cacheable_operation(document, operation_name):
            return None
        return response_cache.response_key(
            query=query,
            operation_name=operation_name,
            variables=variables,
            base_url=request.build_absolute_uri("/"),
        )

    def get_response(
        self, request: HttpRequest, data: Any, show_graphiql: bool = False
    ) -> tuple[Any, int]:
        query, variables, operation_name, _ = self.get_graphql_params(request, data)
        key = (
            None
            if show_graphiql
            else self._response_cache_key(request, query, variables, operation_name)
        )
        version = 0
        if key is not None:
            version, body = response_cache.get(key)
            if body is not None:
                return body, 200
        result = self.execute_graphql_request(
            request, data, query, variables, operation_name, show_graphiql
        )
        if getattr(request, MUTATION_ERRORS_FLAG, False) is True:
            set_rollback()
        if not result:
            return None, 200
        response: dict[str, Any] = {}
        status_code = 200
        if result.errors:
            set_rollback()
            response["errors"] = [
                masked_error(request, e) or coded_error(e, self.format_error(e))
                for e in result.errors
            ]
        if result.errors and any(not getattr(e, "path", None) for e in result.errors):
            status_code = 400
        else:
            response["data"] = result.data
        body = self.json_encode(request, response, pretty=show_graphiql)
        if key is not None and not result.errors:
            response_cache.put(key, version, body)
        return body, status_code

    def execute_graphql_request(
        self,
        request: Any,
        data: Any,
        query: Any,
        variables: Any,
        operation_name: Any,
        show_graphiql: bool = False,
    ) -> Any:
        """graphene-django's, with the parsed and validated document cached by its text
        and the cost limit checked against this request's variables."""
        if not query:
            if show_graphiql:
                return None
            raise HttpError(HttpResponseBadRequest("Must provide query string."))
        if not isinstance(query, str):
            raise HttpError(HttpResponseBadRequest("The query must be a string."))
        schema = self.schema.graphql_schema
        try:
            document = valid_document(schema, query)
        except _InvalidDocument as invalid:
            limit_errors = (
                query_limit_errors(invalid.document, variables) if invalid.document else []
            )
            return ExecutionResult(data=None, errors=[*invalid.errors, *limit_errors])
        if limit_errors := query_limit_errors(document, variables):
            return ExecutionResult(data=None, errors=limit_errors)
        if text_errors := unstorable_text_errors(document, variables):
            return ExecutionResult(data=None, errors=text_errors)
        operation_ast = get_operation_ast(document, operation_name)
        if (
            request.method.lower() == "get"
            and operation_ast is not None
            and operation_ast.operation != OperationType.QUERY
        ):
            if show_graphiql:
                return None
            raise HttpError(
                HttpResponseNotAllowed(
                    ["POST"],
                    f"Can only perform a {operation_ast.operation.value} operation from a POST request.",
                )
            )
        options: dict[str, Any] = {
            "root_value": self.get_root_value(request),
            "context_value": self.get_context(request),
            "variable_values": variables,
            "operation_name": operation_name,
            "middleware": self.get_middleware(request),
            "execution_context_class": self.execution_context_class,
        }
        try:
            if (
                operation_ast is not None
                and operation_ast.operation == OperationType.MUTATION
                and (
                    graphene_settings.ATOMIC_MUTATIONS is True
                    or connection.settings_dict.get("ATOMIC_MUTATIONS", False) is True
                )
            ):
                with transaction.atomic():
                    result = execute(schema, document, **options)
                    if getattr(request, MUTATION_ERRORS_FLAG, False) is True:
                        transaction.set_rollback(True)
                return result
            return execute(schema, document, **options)
        except Exception as error:
            return ExecutionResult(errors=[error])  # type: ignore[list-item]


def _bad_request(message: str) -> HttpError:
    return HttpError(HttpResponseBadRequest(message))


def _place_file(operations: dict[str, Any], path: str, upload: Any) -> None:
    """Puts ``upload`` at a dotted ``path`` of ``operations`` (``variables.input.image``,
    ``variables.files.0``), where the client left ``null``."""
    *parents, last = path.split(".")
    target: Any = operations
    try:
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if isinstance(target, list):
            target[int(last)] = upload
        elif isinstance(target, dict):
            target[last] = upload
        else:
            raise TypeError
    except (KeyError, IndexError, ValueError, TypeError):
        raise _bad_request(f"File path {path!r} in `map` is not in `operations`.") from None


def multipart_operations(request: HttpRequest) -> dict[str, Any]:
    """The GraphQL multipart request spec (jaydenseric/graphql-multipart-request-spec):
    ``operations`` is the JSON request with ``null`` where files go, ``map`` maps each
    file field of the form to the paths it fills. Batched operations are refused (the
    view does not batch)."""
    try:
        operations = json.loads(request.POST["operations"])
        file_map = json.loads(request.POST.get("map") or "{}")
    except ValueError:
        raise _bad_request("`operations` and `map` must be JSON.") from None
    if not isinstance(operations, dict):
        raise _bad_request("`operations` must be one JSON object (batching is not supported).")
    if not isinstance(file_map, dict):
        raise _bad_request("`map` must be a JSON object.")
    for key, paths in file_map.items():
        upload = request.FILES.get(key)
        if upload is None:
            raise _bad_request(f"File {key!r} named in `map` was not sent.")
        if not isinstance(paths, list) or not all(isinstance(path, str) for path in paths):
            raise _bad_request("Each `map` entry must be a list of paths.")
        for path in paths:
            _place_file(operations, path, upload)
    return operations
