"""``/graphql/``: POST JSON, or multipart for file uploads (the GraphQL multipart request
spec: ``operations`` + ``map`` + files); GraphiQL in development. Authentication is only by
``Authorization: Bearer <JWT>`` — the session cookie is ignored, so the endpoint is
CSRF-exempt without risk. Depth and cost limits run as validation rules."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from graphene.validation import depth_limit_validator
from graphene_django.views import GraphQLView, HttpError
from graphql import specified_rules

from . import auth
from .limits import MAX_DEPTH, REQUEST_VARIABLES, QueryCostRule


class OcopGraphQLView(GraphQLView):
    # graphql-core runs only the rules given: keep the standard ones (unknown fields,
    # variable types…) and add ours
    validation_rules = (*specified_rules, depth_limit_validator(max_depth=MAX_DEPTH), QueryCostRule)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            user = auth.user_from_request(request)
        except auth.InvalidToken as exc:
            body = {"errors": [{"message": str(exc), "extensions": {"exception": {"code": exc.code}}}]}
            return HttpResponse(json.dumps(body), status=401, content_type="application/json")
        request.user = user or AnonymousUser()
        return super().dispatch(request, *args, **kwargs)

    def parse_body(self, request: HttpRequest) -> Any:
        if self.get_content_type(request) == "multipart/form-data" and "operations" in request.POST:
            return multipart_operations(request)
        return super().parse_body(request)

    def execute_graphql_request(self, request: Any, data: Any, query: Any, variables: Any, operation_name: Any,
                                show_graphiql: bool = False) -> Any:
        token = REQUEST_VARIABLES.set(variables or {})
        try:
            return super().execute_graphql_request(request, data, query, variables, operation_name, show_graphiql)
        finally:
            REQUEST_VARIABLES.reset(token)


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
