"""``/graphql/``: POST JSON (GraphiQL in development). Authentication is only by
``Authorization: Bearer <JWT>`` — the session cookie is ignored, so the endpoint is
CSRF-exempt without risk. Depth and cost limits run as validation rules."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from graphene.validation import depth_limit_validator
from graphene_django.views import GraphQLView

from . import auth
from .limits import MAX_DEPTH, REQUEST_VARIABLES, QueryCostRule


class OcopGraphQLView(GraphQLView):
    validation_rules = (depth_limit_validator(max_depth=MAX_DEPTH), QueryCostRule)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            user = auth.user_from_request(request)
        except auth.InvalidToken as exc:
            body = {"errors": [{"message": str(exc), "extensions": {"exception": {"code": exc.code}}}]}
            return HttpResponse(json.dumps(body), status=401, content_type="application/json")
        request.user = user or AnonymousUser()
        return super().dispatch(request, *args, **kwargs)

    def execute_graphql_request(self, request: Any, data: Any, query: Any, variables: Any, operation_name: Any,
                                show_graphiql: bool = False) -> Any:
        token = REQUEST_VARIABLES.set(variables or {})
        try:
            return super().execute_graphql_request(request, data, query, variables, operation_name, show_graphiql)
        finally:
            REQUEST_VARIABLES.reset(token)
