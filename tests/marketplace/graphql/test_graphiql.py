"""GraphiQL (``/graphql/`` with ``Accept: text/html`` under DEBUG) loads only our own static
files (tools/graphiql/ → var/graphiql-static/, see marketplace/templates/graphene/graphiql.html):
no CDN, and a clear message when the files were never installed."""

import re
from pathlib import Path

import pytest
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from marketplace.graphql.view import OcopGraphQLView
from marketplace.templatetags.graphiql_assets import GRAPHIQL_FILES

# marketplace/urls.py builds the view with graphiql=settings.DEBUG when the URLconf loads:
# the same view as under DEBUG=True.
urlpatterns = [
    path("graphql/", csrf_exempt(OcopGraphQLView.as_view(graphiql=True)), name="graphql")
]

URL_ATTR = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def _graphiql_page(client):
    return client.get("/graphql/", HTTP_ACCEPT="text/html")


@pytest.fixture
def graphiql_files(settings, tmp_path: Path) -> Path:
    """Stand-ins for the files tools/graphiql/install.sh copies, as settings/dev.py serves them."""
    root = tmp_path / "graphiql-static"
    for static_path in GRAPHIQL_FILES:
        target = root / static_path.removeprefix("graphiql/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("/* stand-in */\n")
    settings.STATICFILES_DIRS = [("graphiql", root)]
    settings.DEBUG = True
    return root


@pytest.mark.urls(__name__)
def test_graphiql_loads_only_local_static_files(client, graphiql_files):
    response = _graphiql_page(client)

    assert response.status_code == 200
    assert "graphene/graphiql.html" in [t.name for t in response.templates]
    html = response.content.decode()
    urls = URL_ATTR.findall(html)
    local = re.compile(r"(?i)(https?:)?//127\.0\.0\.1[:/]")
    remote = [u for u in urls if re.match(r"(?i)(https?:)?//", u) and not local.match(u)]
    assert remote == []
    assert not re.search(r"(?i)jsdelivr|unpkg|integrity=", html)
    assert {f"/static/{p}" for p in GRAPHIQL_FILES} | {
        "/static/graphene_django/graphiql.js"
    } == set(urls)
    # graphene-django's glue still gets its settings and the CSRF token
    assert "window.GRAPHENE_SETTINGS" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "GraphiQL chưa được cài đặt" not in html
    for static_url in urls:
        assert client.get(static_url).status_code == 200, static_url


@pytest.mark.urls(__name__)
def test_graphiql_without_its_files_says_what_to_run(client, settings, tmp_path):
    settings.DEBUG = True
    settings.STATICFILES_DIRS = []

    response = _graphiql_page(client)

    assert response.status_code == 200
    html = response.content.decode()
    assert "GraphiQL chưa được cài đặt" in html
    assert "GraphiQL is not installed" in html
    assert "make run" in html
    assert "npm ci --prefix tools/graphiql" in html
    assert "<script src=" not in html
    assert "<link " not in html
    assert not re.search(r"(?i)https?://", html)


def test_no_graphiql_without_debug(client):
    """The real URLconf, loaded with DEBUG off (as in production): JSON only, no IDE."""
    response = _graphiql_page(client)

    assert "graphene/graphiql.html" not in [t.name for t in response.templates]
    assert b"GRAPHENE_SETTINGS" not in response.content
