"""The authorization matrix's machinery: what the project exposes (every URL name of the root
URLconf, every GraphQL root query field and mutation of the live schema), the row types of
the tables (url_rows*.py, graphql_rows.py) and how one cell is run and judged.

A URL cell is one request by one actor inside a savepoint that is rolled back afterwards,
so the cells of a row do not see each other's writes. A refused unsafe request must also
leave the database as it was (every table but the sessions compared before and after)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from marketplace.graphql.schema import schema
from tests.support.graphql import gql, token_for

from .world import ACTORS, World

# --- outcomes ------------------------------------------------------------------------------

#: URL outcomes. OK: the page or action is served (2xx, or a redirect that is not to a
#: sign-in page; a form answering with its errors counts). LOGIN: redirected to a sign-in
#: page (the site's or the admin's). DENY: 403 or 404 (another's object looks missing).
#: REJECT: refused for everyone by a signature or method check (401/405; 400 or 403 too).
#: A 400 is INVALID: the view read the request and refused its data (an empty form); it
#: satisfies an expected OK (the actor got past the permission check) or REJECT.
OK, LOGIN, DENY, REJECT, INVALID = "OK", "LOGIN", "DENY", "REJECT", "INVALID"
#: A 503 (the payment provider is not running here) also shows the actor got that far.
SATISFIES = {OK: {OK, INVALID, "HTTP 503"}, REJECT: {REJECT, INVALID, DENY}}
#: GraphQL outcomes. OK: data and no permission error (a mutation may answer validation
#: errors: it passed the permission check). DENY: a ``PermissionDenied`` error, a
#: ``NOT_FOUND`` payload error, a null answer or Saleor's "Couldn't resolve" error. EMPTY: an empty list or connection.
EMPTY = "EMPTY"

Expect = dict[str, str]


def expect(default: str, **cells: str) -> Expect:
    """Seven cells: ``default`` for each actor not named (``expect(DENY, staff=OK)``)."""
    unknown = set(cells) - set(ACTORS)
    assert not unknown, f"unknown actors {unknown}; the actors are {ACTORS}"
    return {actor: cells.get(actor, default) for actor in ACTORS}


#: Profiles most rows use.
PUBLIC = expect(OK)
SIGNED_IN = expect(OK, anonymous=LOGIN)
SHOP_MEMBERS = expect(DENY, anonymous=LOGIN, staff=OK, owner=OK)
OFFICE_ONLY = expect(DENY, anonymous=LOGIN, office=OK)


# --- rows ----------------------------------------------------------------------------------

Builder = Callable[[World], dict[str, Any]]


def _none(world: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class UrlRow:
    """One URL name: how to call it (URL kwargs from the world, method, form data) and what
    each actor gets. ``path`` replaces ``reverse`` for patterns without a name."""

    name: str
    expected: Expect
    kwargs: Builder = _none
    method: str = "GET"
    data: Builder = _none
    path: Callable[[World], str] | None = None
    prepare: Callable[[Client, World], Any] | None = None  # e.g. fill the cart first
    note: str = ""

    def url(self, world: World) -> str:
        return self.path(world) if self.path else reverse(self.name, kwargs=self.kwargs(world))


@dataclass(frozen=True)
class GqlRow:
    """One root query field or mutation: a minimal document, its variables from the world
    and what each actor gets."""

    name: str
    kind: str  # "query" or "mutation"
    document: str
    expected: Expect
    variables: Builder = _none
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


# --- what the project exposes --------------------------------------------------------------

#: Routes that are one row whatever their number: every page of the Django admin is the
#: row ``admin``; ``MEDIA_URL`` (served by Django's ``static()`` under DEBUG, else by the
#: storage) is the row ``media``, present whether or not the URLconf has the pattern.
GROUPED_ROUTES = {"admin/": "admin"}


def _walk(patterns: list[Any], namespace: str, prefix: str) -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else ""), route


def url_targets() -> dict[str, str]:
    """Row key → route, for every pattern of the root URLconf."""
    media = settings.MEDIA_URL.lstrip("/")
    targets: dict[str, str] = {"media": media}
    for name, route in _walk(get_resolver().url_patterns, "", ""):
        key = name
        for prefix, group in GROUPED_ROUTES.items():
            if route.startswith(prefix):
                key = group
        if not key:
            key = "media" if media and route.lstrip("^").startswith(media) else f"unnamed: {route}"
        targets.setdefault(key, route)
    return targets


def graphql_targets() -> dict[str, str]:
    """``query.<field>`` / ``mutation.<field>`` → kind, for every root field of the schema."""
    graphql_schema = schema.graphql_schema
    targets = {f"query.{name}": "query" for name in graphql_schema.query_type.fields}
    if graphql_schema.mutation_type is not None:
        targets |= {f"mutation.{name}": "mutation" for name in graphql_schema.mutation_type.fields}
    if graphql_schema.subscription_type is not None:
        targets |= {
            f"subscription.{name}": "subscription"
            for name in graphql_schema.subscription_type.fields
        }
    return targets


# --- running a cell ------------------------------------------------------------------------


#: Reference data no web request writes: counted, not read row by row (thousands of rows).
COUNTED_ONLY = {"marketplace.AdministrativeUnit", "auth.Permission", "contenttypes.ContentType"}


def fingerprint() -> str:
    """What the database holds, to compare before and after a request: every table but
    the sessions (signing in writes one). On PostgreSQL, the rows this transaction has
    inserted, updated or deleted so far, table by table (one query, and a write that
    changes nothing counts too); elsewhere a digest of every row."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
                " WHERE relname <> %s AND n_tup_ins + n_tup_upd + n_tup_del > 0 ORDER BY relname",
                [Session._meta.db_table],
            )
            return repr(cursor.fetchall())
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if model is Session or model._meta.proxy or not model._meta.managed:
            continue
        manager = model._base_manager
        digest.update(model._meta.label.encode())
        if model._meta.label in COUNTED_ONLY:
            digest.update(str(manager.count()).encode())
        else:
            digest.update(repr(list(manager.order_by("pk").values_list())).encode())
    return digest.hexdigest()


def _fresh_caches() -> None:
    """The page cache and the rate-limit counters start empty for each cell."""
    for alias in settings.CACHES:
        caches[alias].clear()


def classify_response(response: Any) -> str:
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        sign_in = (reverse("login"), reverse("admin:login"), str(settings.LOGIN_URL))
        if any(location.startswith(url) or f"{url}?" in location for url in sign_in):
            return LOGIN
        return OK
    if status in (403, 404):
        return DENY
    if status == 400:
        return INVALID
    if status in (401, 405):
        return REJECT
    if 200 <= status < 300:
        return OK
    return f"HTTP {status}"


def run_url_cell(row: UrlRow, world: World, actor: str) -> str:
    """What ``actor`` gets from ``row``; a refused unsafe request that wrote anything is
    reported as such."""
    _fresh_caches()
    with transaction.atomic():
        client = Client()
        user = world.users[actor]
        if user is not None:
            client.force_login(user)
        if row.prepare is not None:
            row.prepare(client, world)
        url = row.url(world)
        unsafe = row.method != "GET"
        before = fingerprint() if unsafe else ""
        response = getattr(client, row.method.lower())(url, row.data(world))
        outcome = classify_response(response)
        if unsafe and outcome not in (OK, INVALID) and fingerprint() != before:
            outcome += " (and wrote to the database)"
        transaction.set_rollback(True)
    return outcome


def classify_answer(row: GqlRow, answer: dict[str, Any]) -> str:
    errors = answer.get("errors") or []
    codes = {((e.get("extensions") or {}).get("exception") or {}).get("code") for e in errors}
    value = (answer.get("data") or {}).get(row.name)
    if "PermissionDenied" in codes:
        return DENY
    if value is None and any("Couldn't resolve" in str(e.get("message")) for e in errors):
        return DENY  # Saleor's "not found" for an argument naming another's object
    if errors:
        return "error: " + "; ".join(str(e.get("message"))[:120] for e in errors)
    if value is None:
        return DENY
    if row.kind == "mutation":
        payload_codes = {e.get("code") for e in value.get("errors") or []}
        return DENY if "NOT_FOUND" in payload_codes else OK
    items = value.get("edges") if isinstance(value, dict) else value
    if isinstance(items, list) and not items:
        return EMPTY
    return OK


def run_graphql_cell(row: GqlRow, world: World, actor: str) -> str:
    """What ``actor`` gets from ``row``; a refused mutation that wrote anything is reported
    as such."""
    _fresh_caches()
    with transaction.atomic():
        mutating = row.kind == "mutation"
        before = fingerprint() if mutating else ""
        answer = gql(Client(), row.document, row.variables(world), token_for(world.users[actor]))
        outcome = classify_answer(row, answer)
        if mutating and outcome != OK and fingerprint() != before:
            outcome += " (and wrote to the database)"
        transaction.set_rollback(True)
    return outcome


def mismatches(expected: Expect, run: Callable[[str], str]) -> list[str]:
    """One line per cell whose outcome is not the expected one."""
    lines = []
    for actor in ACTORS:
        got = run(actor)
        if got not in SATISFIES.get(expected[actor], {expected[actor]}):
            lines.append(f"  {actor:<12} expected {expected[actor]:<6} got {got}")
    return lines
