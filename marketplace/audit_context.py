"""Where an audited action comes from: the request being answered, kept in a context
variable by :class:`AuditContextMiddleware` (web pages and GraphQL alike) and read by
``marketplace.services_audit.record``. Outside a request (Celery, management commands)
nothing is set and the entry says the system acted, from nowhere.

The request id is the client's ``X-Request-ID`` when it is a short token, else a new one;
it is put back on the request (so the GraphQL error reference is the same id) and on the
answer."""

from __future__ import annotations

import contextvars
import ipaddress
import json
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.http.request import RawPostDataException

from .ratelimit import client_ip

USER_AGENT_MAX = 200
PATH_MAX = 200
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_OPERATION = re.compile(r"\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)")


@dataclass
class AuditSource:
    """The request (or job) an audited action runs in."""

    ip: str | None = None
    user_agent: str = ""
    path: str = ""
    request_id: str = ""
    request: HttpRequest | None = field(default=None, repr=False)

    def where(self) -> str:
        """The path, and for GraphQL the operation (``/graphql/ TokenCreate``): read
        from the JSON body only when an entry is written, after the view has read it."""
        if self.request is None or not self.path.rstrip("/").endswith("graphql"):
            return self.path
        operation = _graphql_operation(self.request)
        return f"{self.path} {operation}"[:PATH_MAX] if operation else self.path


_source: contextvars.ContextVar[AuditSource | None] = contextvars.ContextVar(
    "audit_source", default=None
)


def current_source() -> AuditSource | None:
    """The source of the request being answered; ``None`` for jobs and commands."""
    return _source.get()


@contextmanager
def audit_source(source: AuditSource) -> Iterator[AuditSource]:
    """``source`` is where actions recorded inside come from."""
    token = _source.set(source)
    try:
        yield source
    finally:
        _source.reset(token)


def normalized_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def request_id_for(request: HttpRequest) -> str:
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    return given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex[:16]


def source_for(request: HttpRequest) -> AuditSource:
    return AuditSource(
        ip=normalized_ip(client_ip(request.META)),
        user_agent=str(request.META.get("HTTP_USER_AGENT", ""))[:USER_AGENT_MAX],
        path=request.path[:PATH_MAX],
        request_id=request_id_for(request),
        request=request,
    )


def _graphql_operation(request: HttpRequest) -> str:
    if request.content_type != "application/json":
        return str(request.GET.get("operationName", ""))[:80]
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, RawPostDataException):  # bad JSON, multipart already read
        return ""
    if not isinstance(body, dict):
        return ""
    name = body.get("operationName")
    if not name and isinstance(body.get("query"), str):  # the document's first operation
        found = _OPERATION.search(body["query"])
        name = found.group(1) if found else ""
    return name[:80] if isinstance(name, str) else ""


class AuditContextMiddleware:
    """Keeps the request's address (``TRUSTED_PROXY_HOPS`` honoured), user agent, path
    and request id for the audit log while the request is answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = source_for(request)
        request.META["HTTP_X_REQUEST_ID"] = source.request_id
        with audit_source(source):
            response = self.get_response(request)
        response.headers.setdefault("X-Request-ID", source.request_id)
        return response
